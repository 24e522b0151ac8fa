/**
 * One process starting on a shared database: `node --import tsx start-up-worker.ts gateway|cli`, with
 * DATABASE_URL, WALLETGATE_DATA_DIR and WALLETGATE_MASTER_KEY in the environment. Prints "ready",
 * waits for a line on stdin, then does what `walletgate start` (gateway: createServices, then close)
 * or any CLI command (cli: withStore) does to the database before serving, and prints "started".
 */
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { withStore } from '../../src/cli/admin-commands.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';

const mode = process.argv[2];
if (mode !== 'gateway' && mode !== 'cli') throw new Error('usage: start-up-worker.ts gateway|cli');
const config = loadConfig(process.env);
const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
process.stdout.write('ready\n');
await go;
lines.close();
if (mode === 'gateway') {
  const services = await createServices(config, { log: pino({ level: 'silent' }) });
  await services.close();
} else {
  await withStore(config, () => Promise.resolve());
}
process.stdout.write('started\n');
