/**
 * One process opening a sandbox's SQLite state: `node --import tsx sandbox-db-open-worker.ts <file>`.
 * Prints "ready", waits for a line on stdin naming a moment (epoch ms) and, from that moment (spun
 * to, not slept to: a timer's lateness would spread the processes apart), opens the KakaoPay sandbox's state and the card
 * processor's records in that file, as a gateway starting up does, closes them and prints "opened";
 * an error goes to stderr with exit code 1.
 */
import { createInterface } from 'node:readline';
import { openStateDb } from '../../src/sandbox/kakaopay/state/state-db.js';
import { openCardDb } from '../../src/sandbox/cards/card-records.js';

const file = process.argv[2];
if (!file) throw new Error('usage: sandbox-db-open-worker.ts <file>');
const lines = createInterface({ input: process.stdin });
const go = new Promise<number>((resolve) => lines.once('line', (line) => resolve(Number(line))));
process.stdout.write('ready\n');
const at = await go;
lines.close();
while (Date.now() < at) {
  // all the processes start within a millisecond of each other
}
const state = await openStateDb({ kind: 'sqlite', file });
const cards = await openCardDb({ kind: 'sqlite', file });
await cards.close();
await state.close();
process.stdout.write('opened\n');
