/**
 * Profile helper (not part of npm run bench): the store alone, in this process, on a SQLite file.
 * Each unit is the two transactions of a create-payment (insert the payment and its operation; then
 * read it for update, update it, append an operation), 32 at a time; MICRO_N units a round,
 * MICRO_ROUNDS rounds. Prints the process's CPU per unit in µs, the least of the rounds and their
 * median: on a shared host the least is the steadiest figure for comparing two versions of the store.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/storage/sqlite/open-sqlite-store.js';
import { addMerchant, newPayment } from '../test/storage/sample-records.js';

const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'wg-micro-')), 'w.db'));
await store.migrate();
const m = await addMerchant(store);
const C = 32;
const N = Number(process.env.MICRO_N ?? 4000);
async function one(): Promise<void> {
  const p = await store.transaction(async (tx) => {
    const p = await tx.payments.insert(newPayment(m));
    await tx.operations.append({ merchantId: m, paymentId: p.id, kind: 'create', status: 'ok' } as never);
    return p;
  });
  await store.transaction(async (tx) => {
    const q = await tx.payments.getByIdForUpdate(p.id);
    await tx.payments.update(q!.id, { status: 'pending' } as never);
    await tx.operations.append({ merchantId: m, paymentId: p.id, kind: 'authorize', status: 'ok' } as never);
  });
}
const results: number[] = [];
for (let r = 0; r < Number(process.env.MICRO_ROUNDS ?? 7); r++) {
  let i = 0;
  const c0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (i++ < N) await one();
    }),
  );
  const u = process.cpuUsage(c0);
  results.push((u.user + u.system) / N);
}
results.sort((a, b) => a - b);
console.log(
  JSON.stringify({ minUsPerPair: Number(results[0]!.toFixed(1)), median: Number(results[Math.floor(results.length / 2)]!.toFixed(1)) }),
);
await store.close();
