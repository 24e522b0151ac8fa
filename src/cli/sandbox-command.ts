/** `walletgate sandbox <action> <url>` (be the customer) and `walletgate sweep` (one sweeper pass). */
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services.js';
import { driveCustomer, type CustomerAction } from '../sandbox/customer-driver.js';
import { bold, dim, green, red } from './terminal-style.js';
import { buildStandaloneSandbox } from '../sandbox/serve-sandbox.js';
import { UsageError } from './admin-commands.js';

const ACTIONS: CustomerAction[] = ['approve', 'cancel', 'fail', 'abandon'];

export async function sandboxCommand(config: Config, args: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const [action, url] = args;
  if (action === 'sweep') {
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
    throw new UsageError(`Usage: walletgate sandbox ${ACTIONS.join('|')} <RedirectURL>, or walletgate sandbox serve [--port 9090]`);
  }
  const result = await driveCustomer({ url, action: action as CustomerAction });
  if (flags.json) return void console.log(JSON.stringify(result, null, 2));
  for (const s of result.steps) console.log(dim(`  ${s.method.padEnd(4)} ${s.status}  ${s.url}`));
  const ok = action === 'abandon' || !/error/i.test(result.finalUrl);
  console.log(`${ok ? green('✔') : red('✘')} ${bold(action)} done. The customer ends at:\n  ${result.finalUrl}`);
}
