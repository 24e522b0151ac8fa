/**
 * The dashboard-list target (issue 13, ADR 0023): the payments list answers in < 200 ms (p99) at
 * 1 million payments on SQLite. Seeds BENCH_DASHBOARD_PAYMENTS payments straight into a SQLite file
 * (batched inserts in one transaction through better-sqlite3, not the API: seeding is not what is
 * measured), starts a whole gateway on it (serve-gateway.ts), signs a dashboard user in, then times
 * BENCH_DASHBOARD_REQUESTS sequential requests of each page kind over HTTP: the first page, a deep
 * keyset page (90% down), a filtered page and a customer e-mail search. Prints p50 / p99 and the
 * verdict; exits 1 on a miss (BENCH_ENFORCE=0: only report).
 *
 * `node --import tsx bench/dashboard-list.bench.ts` (BENCH_DASHBOARD_PAYMENTS=20000 for a quick run).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { addUser } from '../src/core/dashboard/add-user.js';
import { encodeCursor } from '../src/core/dashboard/search-payments.js';
import { openSqliteStore } from '../src/storage/sqlite/open-sqlite-store.js';
import { DASHBOARD_LIST_P99_MS, readBenchSettings } from './bench-settings.js';
import { startChildServer } from './child-server.js';

const MERCHANT = 'bench-shop';
const OTHER = 'bench-other';
const PASSWORD = 'bench dashboard password';
const DIALECTS = ['globalpay', 'adyen', 'checkoutcom', 'ecommpay'] as const;
const STATUSES = ['succeeded', 'succeeded', 'succeeded', 'failed', 'expired', 'refunded', 'pending_customer'] as const;
const YEAR_MS = 365 * 86_400_000;

export interface PageTiming {
  page: string;
  requests: number;
  p50: number;
  p99: number;
  pass: boolean;
}

/** Inserts `count` payments (9 in 10 of MERCHANT, the rest of OTHER) over the past year, several sharing a millisecond. */
function seed(file: string, count: number): { deepCursor: string; email: string } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert =
    db.prepare(`insert into payments (merchant_id, dialect, reference, unique_reference, method, connector, amount, currency, status,
    captured_amount, refunded_amount, refund_reserved_amount, customer, customer_token, connector_state, extras, created_at, updated_at, needs_sync)
    values (?, ?, ?, ?, 'kakaopay', 'kakaopay', ?, 'KRW', ?, 0, 0, 0, ?, ?, '{}', '{}', ?, ?, 0)`);
  const start = Date.now() - YEAR_MS;
  const step = YEAR_MS / count;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const merchant = i % 10 === 9 ? OTHER : MERCHANT;
      // four payments share each millisecond: the id breaks the ties
      const at = Math.floor(start + Math.floor(i / 4) * 4 * step);
      const customer = JSON.stringify({ email: `customer${i % 50_000}@shop.example`, firstName: 'Customer', lastName: String(i % 50_000) });
      const ref = `order-${i}`;
      insert.run(
        merchant,
        DIALECTS[i % 4],
        ref,
        ref,
        1000 + (i % 997) * 100,
        STATUSES[i % STATUSES.length],
        customer,
        `bench-${i}`,
        at,
        at,
      );
    }
  })();
  // a place 90% down the merchant's list
  const deep = db
    .prepare('select id, created_at as createdAt from payments where merchant_id = ? order by created_at desc, id desc limit 1 offset ?')
    .get(MERCHANT, Math.floor(count * 0.9 * 0.9)) as { id: number; createdAt: number };
  db.close();
  return { deepCursor: encodeCursor('older', { id: deep.id, createdAt: new Date(deep.createdAt) }), email: 'customer123@shop.example' };
}

/** Signs in over HTTP as a browser does (the one-time password, then a password of its own); returns the cookie. */
async function signIn(base: string, email: string, oneTime: string): Promise<string> {
  const jar = new Map<string, string>();
  const send = async (path: string, form?: Record<string, string>) => {
    const res = await fetch(base + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: base,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res.text();
  };
  const csrf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  await send('/dashboard/login', { email, password: oneTime, csrf: csrf(await send('/dashboard/login')) });
  await send('/dashboard/password', {
    csrf: csrf(await send('/dashboard/password')),
    current: oneTime,
    next: PASSWORD,
    repeated: PASSWORD,
  });
  const session = jar.get('wg_session');
  if (!session) throw new Error('the bench user could not sign in');
  return `wg_session=${session}`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Seeds, serves and times; the timings of each page kind. */
export async function measureDashboardList(payments: number, requests: number): Promise<PageTiming[]> {
  const dir = await mkdtemp(join(tmpdir(), 'walletgate-bench-dashboard-'));
  try {
    const file = join(dir, 'walletgate.db');
    const store = await openSqliteStore(file);
    await store.migrate();
    for (const id of [MERCHANT, OTHER]) await store.merchants.insert({ id, name: id, notifyUrl: null });
    const user = await addUser(
      { store, clock: () => new Date() },
      { cli: 'cli' },
      { email: 'bench@shop.example', merchantId: MERCHANT, role: 'owner' },
    );
    await store.close();
    if (!user.ok) throw new Error('the bench user could not be added');
    const seeded = Date.now();
    const { deepCursor, email } = seed(file, payments);
    console.log(`seeded ${payments.toLocaleString('en')} payments in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    const server = await startChildServer({ script: 'serve-gateway.ts', env: { BENCH_STORE: 'sqlite', BENCH_DATA_DIR: dir } });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const cookie = await signIn(base, 'bench@shop.example', user.oneTimePassword);
      const pages: [string, string][] = [
        ['first page', '/dashboard/payments'],
        ['deep keyset page (90% down)', `/dashboard/payments?cursor=${deepCursor}`],
        ['filtered (API, status, amount)', '/dashboard/payments?api=adyen&status=refunded&min=50000&max=90000'],
        ['customer e-mail', `/dashboard/payments?customer=${encodeURIComponent(email)}`],
      ];
      const timings: PageTiming[] = [];
      for (const [page, path] of pages) {
        const ms: number[] = [];
        for (let i = 0; i < requests + 5; i++) {
          const t0 = performance.now();
          const res = await fetch(base + path, { headers: { cookie } });
          const body = await res.text();
          if (res.status !== 200 || !body.includes('<table class="log">')) throw new Error(`${page}: ${res.status}, no table`);
          if (i >= 5) ms.push(performance.now() - t0); // the first five warm up
        }
        ms.sort((a, b) => a - b);
        const p99 = percentile(ms, 99);
        timings.push({ page, requests, p50: percentile(ms, 50), p99, pass: p99 < DASHBOARD_LIST_P99_MS });
      }
      return timings;
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const settings = readBenchSettings();
  console.log(
    `walletgate bench — dashboard list at ${settings.dashboardPayments.toLocaleString('en')} payments on SQLite, ${settings.dashboardRequests} sequential requests a page`,
  );
  const timings = await measureDashboardList(settings.dashboardPayments, settings.dashboardRequests);
  for (const t of timings)
    console.log(
      `${t.page.padEnd(34)} p50 ${t.p50.toFixed(1).padStart(7)} ms   p99 ${t.p99.toFixed(1).padStart(7)} ms   < ${DASHBOARD_LIST_P99_MS} ms: ${t.pass ? 'pass' : 'MISS'}`,
    );
  return settings.enforce && timings.some((t) => !t.pass) ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
