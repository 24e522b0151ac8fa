/**
 * walletgate's command line. `walletgate --help` lists everything.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { startCommand } from './cli/start-command.js';
import { describeError, merchantCommand, notificationsCommand, UsageError, withStore } from './cli/admin-commands.js';
import { sandboxCommand } from './cli/sandbox-command.js';
import { bold, dim, red } from './cli/terminal-style.js';

const HELP = `${bold('walletgate')} — self-hosted KakaoPay gateway speaking the GlobalPay API

${bold('Usage')}
  walletgate start [--port 8080] [--host 127.0.0.1]   run gateway + KakaoPay sandbox
  walletgate migrate                                  apply database migrations
  walletgate sweep                                    settle abandoned / unknown payments once

  walletgate merchant list [--json]
  walletgate merchant show <merchant|site-id> [--json]   settings and credentials for every API
  walletgate merchant create <id> [--name N] [--notify-url URL] [--site-id N]
  walletgate merchant add-key <merchant> [--dialect globalpay|adyen|checkoutcom] [--kind api_key|signing_key]
                                   [--key-id 30201] [--secret S] [--label L]
  walletgate merchant remove-key <merchant> <key #id>
  walletgate merchant set-notify-url <merchant> <url|none>

  walletgate notifications [list] [--status pending|delivered|failed] [--merchant M] [--json]
  walletgate notifications show <id> [--json]          payload and every delivery attempt
  walletgate notifications resend <id>                 deliver again now

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
  WALLETGATE_ABANDON_GRACE_MS    wait after the wallet reports a checkout abandoned before expiring it (default 10000)
  WALLETGATE_NOTIFY_POLL_MS      how often the outbox is polled (default 500)
  WALLETGATE_NOTIFY_TIMEOUT_MS   timeout of one notification delivery (default 10000)
  WALLETGATE_NOTIFY_LEASE_MS     a claimed notification is sent again after this if not recorded (default 60000)
  WALLETGATE_LOG_LEVEL           trace|debug|info|warn|error|silent (default info)
${dim('Docs: docs/ in the repository, or http://127.0.0.1:8080/ once started.')}`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      json: { type: 'boolean' },
      name: { type: 'string' },
      'notify-url': { type: 'string' },
      'site-id': { type: 'string' },
      dialect: { type: 'string' },
      kind: { type: 'string' },
      'key-id': { type: 'string' },
      secret: { type: 'string' },
      label: { type: 'string' },
      status: { type: 'string' },
      merchant: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  const flags = values as Record<string, string | boolean | undefined>;
  const [command, ...rest] = positionals;
  if (flags.help || command === 'help' || command === undefined) return void console.log(HELP);
  const port = typeof flags.port === 'string' ? Number(flags.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError('--port must be a port number.');
  const config = loadConfig(process.env, {
    ...(port !== undefined ? { port } : {}),
    ...(typeof flags.host === 'string' ? { host: flags.host } : {}),
  });
  switch (command) {
    case 'start':
      return startCommand(config);
    case 'migrate':
      return withStore(config, async (store) => console.log(`Database is up to date (${store.kind}).`));
    case 'sweep':
      return sandboxCommand(config, ['sweep'], flags);
    case 'merchant':
    case 'merchants':
      return merchantCommand(config, rest, flags);
    case 'notifications':
      return notificationsCommand(config, rest, flags);
    case 'sandbox':
      return sandboxCommand(config, rest, flags);
    default:
      throw new UsageError(`Unknown command "${command}". Try walletgate --help.`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`${red('✘')} ${describeError(e)}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
