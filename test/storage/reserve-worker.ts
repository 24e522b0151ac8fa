/**
 * A separate process contending for one SQLite file: `node --import tsx reserve-worker.ts FILE PAYMENT_ID N`.
 * Prints "ready", waits for a line on stdin, runs N tryReserve calls at once, prints {"succeeded":k}.
 */
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';
import { tryReserve } from './reserve-refund.js';

const [file, paymentId, attempts] = process.argv.slice(2);
if (!file || !paymentId || !attempts) throw new Error('usage: reserve-worker.ts FILE PAYMENT_ID N');
const store = await openSqliteStore(file);
const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
process.stdout.write('ready\n');
await go;
lines.close();
try {
  const results = await Promise.all(Array.from({ length: Number(attempts) }, () => tryReserve(store, Number(paymentId))));
  process.stdout.write(`${JSON.stringify({ succeeded: results.filter(Boolean).length })}\n`);
} finally {
  await store.close();
}
