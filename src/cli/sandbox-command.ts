/** `walletgate sandbox <action> <url>` (be the customer) and `walletgate sweep` (one sweeper pass). */
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services.js';
import { CustomerDriveError, driveCustomer, type CustomerAction, type DriveResult } from '../sandbox/customer-driver.js';
import { bold, dim, green, red } from './terminal-style.js';
import { buildStandaloneSandbox } from '../sandbox/serve-sandbox.js';
import { UsageError } from './cli-error.js';
import { isNetworkError, systemErrorIn, type SystemError } from './explain-error.js';

const ACTIONS: CustomerAction[] = ['approve', 'cancel', 'fail', 'abandon'];

export async function sandboxCommand(config: Config, args: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const [action, url] = args;
  if (action === 'sweep') {
    await assertKakaoPayReachable(config);
    const services = await createServices(config, { log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
    try {
      const r = await services.sweepNow();
      console.log(`${green('✔')} Sweep: ${r.checked} checked, ${r.settled} settled, ${r.errors} errors.`);
    } finally {
      await services.close();
    }
    return;
  }
  if (action === 'serve') {
    const app = await buildStandaloneSandbox({
      secretKey: config.sandbox.secretKey,
      cids: { oneTime: config.kakaopay.cidOneTime, subscription: config.kakaopay.cidSubscription },
      slowMs: config.kakaopay.timeoutMs + 5_000,
      state: config.sandbox.state,
    });
    const port = typeof flags.port === 'string' ? Number(flags.port) : 9090;
    await app.listen({ host: config.host, port });
    const base = `http://${config.host}:${port}`;
    console.log(`\n  ${bold('KakaoPay sandbox')} ${dim('(standalone)')}\n`);
    console.log(`  KakaoPay API   ${base}/sandbox/kakaopay/online/v1/payment/…`);
    console.log(`  Secret key     SECRET_KEY ${config.sandbox.secretKey}`);
    console.log(`  CIDs           ${config.kakaopay.cidOneTime} (one-time), ${config.kakaopay.cidSubscription} (subscription)`);
    console.log(`  Customer API   POST ${base}/sandbox/customer`);
    const { state } = config.sandbox;
    console.log(`  State          ${state.kind === 'sqlite' ? state.file : `PostgreSQL schema ${state.schema}`}\n`);
    console.log(
      dim(
        `  Point a gateway at it: WALLETGATE_SANDBOX=on KAKAOPAY_BASE_URL=${base}/sandbox/kakaopay KAKAOPAY_SECRET_KEY=${config.sandbox.secretKey} npm start\n`,
      ),
    );
    // close the state's database before leaving, as `walletgate start` does
    const stop = () => void app.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  if (!action || !ACTIONS.includes(action as CustomerAction) || !url) {
    throw new UsageError(
      `walletgate sandbox ${action ?? ACTIONS.join('|')} needs the payment's RedirectURL.`,
      `Usage: walletgate sandbox ${ACTIONS.join('|')} <RedirectURL>, or walletgate sandbox serve [--port 9090]`,
    );
  }
  const result = await driveAsCustomer(url, action as CustomerAction);
  if (flags.json) return void console.log(JSON.stringify(result, null, 2));
  for (const s of result.steps) console.log(dim(`  ${s.method.padEnd(4)} ${s.status}  ${s.url}`));
  const ok = action === 'abandon' || !/error/i.test(result.finalUrl);
  console.log(`${ok ? green('✔') : red('✘')} ${bold(action)} done. The customer ends at:\n  ${result.finalUrl}`);
}

/** The driver, told apart from a walletgate that is not running (which it only sees as a failed request). */
async function driveAsCustomer(url: string, action: CustomerAction): Promise<DriveResult> {
  let unreachable: SystemError | undefined;
  let why: string | undefined;
  const watchedFetch: typeof fetch = async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (e) {
      unreachable = systemErrorIn(e);
      why = ((e as Error).cause as Error | undefined)?.message;
      throw e;
    }
  };
  try {
    return await driveCustomer({ url, action, fetch: watchedFetch });
  } catch (e) {
    if (e instanceof CustomerDriveError && isNetworkError(unreachable)) {
      const origin = /^(?:GET|POST) (https?:\/\/[^/\s]+)/.exec(e.message)?.[1] ?? url;
      throw new UsageError(
        `Could not connect to ${origin} (${unreachable.code}).`,
        'Is walletgate running there? Start it with npm start (or npx walletgate start) in another terminal.',
      );
    }
    // fetch says only "fetch failed"; what failed is in its cause
    if (e instanceof CustomerDriveError && why) throw new CustomerDriveError(`${e.message} (${why})`, e.steps);
    throw e;
  }
}

/** The sweeper asks KakaoPay about every waiting payment: say so when it cannot be reached, rather than sweep nothing quietly. */
async function assertKakaoPayReachable(config: Config): Promise<void> {
  const base = config.kakaopay.baseUrl;
  try {
    const res = await fetch(base, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    await res.body?.cancel();
  } catch (e) {
    const sys = systemErrorIn(e);
    if (!isNetworkError(sys)) return; // reachable enough to answer, or a problem the sweep itself will report
    const builtIn = base === `${config.publicUrl}/sandbox/kakaopay`;
    throw new UsageError(
      `Could not connect to KakaoPay at ${base} (${sys.code}).`,
      builtIn
        ? "That is walletgate's own sandbox: start walletgate (npm start), and run this with the same PORT / WALLETGATE_PUBLIC_URL."
        : 'Check KAKAOPAY_BASE_URL, and that KakaoPay (or the standalone sandbox) is running there.',
    );
  }
}
