/**
 * A/B of the PostgreSQL driver's savings (src/storage/postgres/postgres-driver.ts), in one process
 * over one schema (not part of npm run bench): a store per variant on the same tables — Kysely's own
 * driver, then the savings added one by one (named statements, BEGIN sent with the first statement,
 * rows described once per connection) — run the store work of a GlobalPay create (a transaction
 * inserting the payment and its operation; a second reading it for update, updating it and
 * appending an operation) in interleaved rounds, AB_CONCURRENCY creates in flight, AB_CREATES a
 * round, AB_ROUNDS rounds (the order rotating). Prints, per variant, the medians over the rounds of:
 * creates a second, this process's CPU a create and the CPU of the PostgreSQL backends serving that
 * store a create (from /proc, by application_name).
 *
 * `node --import tsx bench/profile-postgres-driver.ts` (BENCH_PG_URL, default the test database;
 * AB_VARIANTS=1,2 compares those two only, the first as the base).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Store } from '../src/core/ports/store.js';
import { openPostgresStore } from '../src/storage/postgres/open-postgres-store.js';
import type { PostgresDriverOptions } from '../src/storage/postgres/postgres-driver.js';
import { addMerchant, newPayment } from '../test/storage/sample-records.js';
import { dropSchema } from './postgres-schema.js';

const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const rounds = Number(process.env.AB_ROUNDS ?? 9);
const creates = Number(process.env.AB_CREATES ?? 600);
const concurrency = Number(process.env.AB_CONCURRENCY ?? 8);
const schema = `wg_ab_${process.pid}`;

const allVariants: { label: string; driver: PostgresDriverOptions }[] = [
  { label: "Kysely's driver", driver: { namedStatements: false, beginWithFirstStatement: false, describeOnce: false, writesAhead: false } },
  { label: 'named statements', driver: { namedStatements: true, beginWithFirstStatement: false, describeOnce: false, writesAhead: false } },
  {
    label: '+ BEGIN with the first',
    driver: { namedStatements: true, beginWithFirstStatement: true, describeOnce: false, writesAhead: false },
  },
  { label: '+ described once', driver: { namedStatements: true, beginWithFirstStatement: true, describeOnce: true, writesAhead: false } },
  { label: '+ writes sent ahead', driver: { namedStatements: true, beginWithFirstStatement: true, describeOnce: true, writesAhead: true } },
];
/** AB_VARIANTS=1,2: only these (by index; the first listed is the base of the ratios). */
const variants = process.env.AB_VARIANTS ? process.env.AB_VARIANTS.split(',').map((i) => allVariants[Number(i)]!) : allVariants;

const withApp = (name: string): string => `${url}${url.includes('?') ? '&' : '?'}application_name=${name}`;
const stores: Store[] = [];
for (const [i, v] of variants.entries()) {
  const store = await openPostgresStore(withApp(`wg_ab_${i}`), { schema, poolSize: concurrency, driver: v.driver });
  if (i === 0) await store.migrate();
  stores.push(store);
}
const merchantId = await addMerchant(stores[0]!);
const admin = new pg.Client({ connectionString: url });
await admin.connect();

/** user + system CPU of the backends serving variant i, in ms (ticks of 10 ms). */
async function backendCpuMs(i: number): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [`wg_ab_${i}`]);
  let sum = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // a backend that ended meanwhile
    }
  }
  return sum;
}

let n = 0;
async function oneCreate(store: Store): Promise<void> {
  n += 1;
  const reference = `ab-${process.pid}-${n}`;
  const payment = await store.transaction(async (tx) => {
    const p = await tx.payments.insert(newPayment(merchantId, { reference, uniqueReference: reference }));
    await tx.operations.add({
      merchantId,
      paymentId: p.id,
      preapprovalId: null,
      refundId: null,
      kind: 'create',
      status: 'ok',
      amount: p.amount,
      currency: p.currency,
      code: null,
      message: 'created',
    });
    return p;
  });
  await store.transaction(async (tx) => {
    const p = await tx.payments.getByIdForUpdate(payment.id);
    await tx.payments.update(p!.id, { status: 'pending_customer', connectorState: { ref: `T${p!.id}`, needsSync: false } });
    await tx.operations.add({
      merchantId,
      paymentId: p!.id,
      preapprovalId: null,
      refundId: null,
      kind: 'create',
      status: 'pending',
      amount: p!.amount,
      currency: p!.currency,
      code: null,
      message: 'wallet answered',
    });
  });
}

async function round(i: number, count: number): Promise<{ rate: number; cpu: number; server: number }> {
  const store = stores[i]!;
  let left = count;
  const serverBefore = await backendCpuMs(i);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left > 0) {
        left -= 1;
        await oneCreate(store);
      }
    }),
  );
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const server = (await backendCpuMs(i)) - serverBefore;
  return { rate: (count / ms) * 1000, cpu: (cpu.user + cpu.system) / 1000 / count, server: server / count };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = variants.map(() => ({ rate: [] as number[], cpu: [] as number[], server: [] as number[] }));
for (let i = 0; i < variants.length; i++) await round(i, Math.ceil(creates / 4)); // warm-up: JIT, prepared statements
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < variants.length; k++) {
    const i = (r + k) % variants.length;
    const res = await round(i, creates);
    results[i]!.rate.push(res.rate);
    results[i]!.cpu.push(res.cpu);
    results[i]!.server.push(res.server);
  }
}
const base = { rate: median(results[0]!.rate), cpu: median(results[0]!.cpu), server: median(results[0]!.server) };
for (const [i, v] of variants.entries()) {
  const m = { rate: median(results[i]!.rate), cpu: median(results[i]!.cpu), server: median(results[i]!.server) };
  console.log(
    `${v.label.padEnd(26)} ${m.rate.toFixed(0).padStart(5)} creates/s (${(m.rate / base.rate).toFixed(2)}×)  ` +
      `client CPU ${(m.cpu * 1000).toFixed(0)} µs/create (${(m.cpu / base.cpu).toFixed(2)}×)  ` +
      `server CPU ${(m.server * 1000).toFixed(0)} µs/create (${(m.server / base.server).toFixed(2)}×)`,
  );
}
await admin.end();
await Promise.all(stores.map((s) => s.close()));
await dropSchema(url, schema);
