/**
 * walletgate's command line. `walletgate --help` lists everything.
 */
import { loadConfig, type Config } from './config.js';
import { startCommand } from './cli/start-command.js';
import { merchantCommand, notificationsCommand, withStore } from './cli/admin-commands.js';
import { paymentsCommand } from './cli/payments-command.js';
import { sandboxCommand } from './cli/sandbox-command.js';
import { UsageError } from './cli/cli-error.js';
import { parseCommandLine } from './cli/command-line.js';
import { bankCommand, BANK_HELP } from './cli/bank-command.js';
import { explainError } from './cli/explain-error.js';
import { userCommand } from './cli/user-command.js';
import { bold, dim, red } from './cli/terminal-style.js';

const HELP = `${bold('walletgate')} — self-hosted KakaoPay gateway speaking the GlobalPay API

${bold('Usage')}
  walletgate start [--port 8080] [--host 127.0.0.1]   run gateway + KakaoPay sandbox
  walletgate migrate                                  apply database migrations
  walletgate sweep                                    ask the wallet about every waiting / unknown record once

  walletgate merchant list [--json]
  walletgate merchant show <merchant|site-id> [--json]   settings and credentials for every API
  walletgate merchant create <id> [--name N] [--notify-url URL] [--site-id N]
  walletgate merchant add-key <merchant> [--dialect globalpay|adyen|checkoutcom] [--kind api_key|signing_key]
                                   [--key-id 30201] [--secret S] [--label L]
  walletgate merchant remove-key <merchant> <key #id>
  walletgate merchant set-notify-url <merchant> <url|none>

  walletgate notifications [list] [--status pending|delivered|failed] [--merchant M] [--limit 50] [--json]
  walletgate notifications show <id> [--json]          payload and every delivery attempt
  walletgate notifications resend <id>                 deliver again now

  walletgate payments [list] [--merchant M] [--status S,…] [--limit 20] [--json]
                                                      newest first, every merchant and API
  walletgate payments show <id|WP…|pay_…> [--json]    refunds, timeline, notifications, attempts

${BANK_HELP}

  walletgate user [list] [--merchant M] [--json]      who may sign in to /dashboard
  walletgate user add <email> --merchant <id> [--role owner|refunds|read-only]
  walletgate user add <email> --operator              sees every merchant
  walletgate user reset <email>                       a new one-time password (shown once)
  walletgate user remove <email>                      can no longer sign in; sessions end

  walletgate sandbox approve|cancel|fail|abandon <RedirectURL>
                                                      act as the customer in the KakaoPay sandbox
  walletgate sandbox serve [--port 9090]              run the KakaoPay sandbox alone, in its own process

${bold('Environment')}
  PORT, HOST                     where to listen (default 127.0.0.1:8080)
  HTTPS_PORT                     the same API over HTTPS, for Adyen's libraries (default 8443, 0 = off)
  TLS_CERT_FILE, TLS_KEY_FILE    your own certificate and key (PEM, both or neither;
                                 default: self-signed, created once in ./data/tls)
  DATABASE_URL                   SQLite file (default ./data/walletgate.db) or postgres://…
  WALLETGATE_DEMO_NOTIFY_URL     where the demo merchant's notifications go
  WALLETGATE_PUBLIC_URL          external base URL, if not http://HOST:PORT
  WALLETGATE_MASTER_KEY          seals stored API keys (default: ./data/master.key, created once)
  KAKAOPAY_BASE_URL, KAKAOPAY_SECRET_KEY, KAKAOPAY_CID, KAKAOPAY_CID_SUBSCRIPTION
                                 the real KakaoPay instead of the built-in sandbox
  WALLETGATE_DATA_DIR            data folder (default ./data: SQLite file, master.key)
  WALLETGATE_SANDBOX             on|off (default on, off when KAKAOPAY_BASE_URL is set)
  WALLETGATE_SANDBOX_SECRET_KEY  the sandbox's KakaoPay secret key
  KAKAOPAY_TIMEOUT_MS            timeout of each KakaoPay call (default 10000)
  WALLETGATE_SWEEP_INTERVAL_MS   sweeper interval (default 5000)
  WALLETGATE_SWEEP_GRACE_MS      leave wallet calls younger than this alone (default 60000, at least 2× timeout)
  WALLETGATE_SWEEP_WALLET_CALLS_PER_SECOND
                                 the sweeper's wallet calls a second, spread evenly (default 20; 0 unpaced)
  WALLETGATE_ABANDON_GRACE_MS    wait after the wallet reports a checkout abandoned before expiring it (default 10000)
  WALLETGATE_NOTIFY_POLL_MS      how often the outbox is polled (default 500)
  WALLETGATE_NOTIFY_TIMEOUT_MS   timeout of one notification delivery (default 10000)
  WALLETGATE_NOTIFY_LEASE_MS     a claimed notification is sent again after this if not recorded (default 60000)
  WALLETGATE_NOTIFY_CONCURRENCY  most notification deliveries under way at once (default 64)
  WALLETGATE_LOG_LEVEL           trace|debug|info|warn|error|silent (default info)
${dim('Docs: http://127.0.0.1:8080/docs once started (API references with Try it out, and every guide), or docs/ in the repository.')}`;

/** The settings: a bad environment variable is the user's to fix, never a stack trace. */
function configFrom(flags: Record<string, string | boolean | undefined>): Config {
  const port = typeof flags.port === 'string' ? Number(flags.port) : undefined;
  if (port !== undefined && (!/^\d+$/.test(String(flags.port)) || port > 65535))
    throw new UsageError(`--port must be a port number, got "${String(flags.port)}".`, 'For example --port 8080.');
  try {
    return loadConfig(process.env, {
      ...(port !== undefined ? { port } : {}),
      ...(typeof flags.host === 'string' ? { host: flags.host } : {}),
    });
  } catch (e) {
    throw new UsageError((e as Error).message, 'Fix that environment variable: docs/configuration.md lists each one and its default.');
  }
}

async function main(argv: string[]): Promise<void> {
  const { command, args, flags } = parseCommandLine(argv);
  if (command === 'help') return void console.log(HELP);
  const config = configFrom(flags);
  const [group, sub] = command.split(' ') as [string, string | undefined];
  switch (group) {
    case 'start':
      return startCommand(config);
    case 'migrate':
      return withStore(config, async (store) => console.log(`Database is up to date (${store.kind}).`));
    case 'sweep':
      return sandboxCommand(config, ['sweep'], flags);
    case 'merchant':
      return merchantCommand(config, [sub!, ...args], flags);
    case 'notifications':
      return notificationsCommand(config, [sub!, ...args], flags);
    case 'payments':
      return paymentsCommand(config, [sub!, ...args], flags);
    case 'sandbox':
      return sandboxCommand(config, [sub!, ...args], flags);
    case 'bank':
      return bankCommand(config, [sub!, ...args], flags);
    case 'user':
      return userCommand(config, [sub!, ...args], flags);
    default:
      throw new UsageError(`Unknown command "${command}".`, 'walletgate --help lists the commands.');
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const { message, hint, bug } = explainError(e);
  console.error(`${red('✘')} ${message}`);
  console.error(bug ? hint : dim(`  ${hint}`));
  process.exit(1);
});
