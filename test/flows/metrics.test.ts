/**
 * GET /metrics, on both databases: Prometheus' text format that a Prometheus parser reads, with the
 * families docs/operations.md lists; and the numbers move when a payment is made, approved in the
 * sandbox and its notification delivered: the request's histogram, the wallet call, the status
 * change, the delivery attempt. With WALLETGATE_METRICS_TOKEN set (the SQLite gateway), /metrics
 * answers 401 in plain text without `Authorization: Bearer <token>` or with a wrong one; unset (the
 * PostgreSQL gateway), it is open as before.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';

interface Scrape {
  families: Map<string, PrometheusFamily>;
  text: string;
}

/** The SQLite gateway's metrics token; the PostgreSQL one has none. */
const TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(base: string, token: string | null): Promise<Scrape> {
  const res = await fetch(`${base}/metrics`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  // the parser throws on any line that is not Prometheus' text format
  const families = parsePrometheusTextFormat(text);
  return { families: new Map(families.map((f) => [f.name, f])), text };
}

/**
 * A counter's value, or a histogram's count, for the sample whose labels include `labels`; 0 when
 * absent. The parser flattens a labelled histogram's samples, so its `_count` lines are read as written.
 */
function valueOf({ families, text }: Scrape, name: string, labels: Record<string, string>): number {
  const family = families.get(name);
  assert.ok(family, `${name} is exposed`);
  const wanted = (found: Record<string, string>) => Object.entries(labels).every(([k, v]) => found[k] === v);
  if (family.type !== 'HISTOGRAM') {
    const sample = family.metrics.find((m) => wanted(m.labels ?? {}));
    return sample ? Number(sample.value) : 0;
  }
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}_count\\{(.*)\\} (\\S+)$`).exec(line);
    if (!m) continue;
    const found = Object.fromEntries([...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    if (wanted(found)) return Number(m[2]);
  }
  return 0;
}

const FAMILIES = [
  ['walletgate_http_request_duration_seconds', 'HISTOGRAM'],
  ['walletgate_connector_call_duration_seconds', 'HISTOGRAM'],
  ['walletgate_status_changes_total', 'COUNTER'],
  ['walletgate_notification_attempts_total', 'COUNTER'],
  ['walletgate_sweeper_passes_total', 'COUNTER'],
  ['walletgate_outbox_pending', 'GAUGE'],
  ['walletgate_outbox_oldest_due_age_seconds', 'GAUGE'],
  ['walletgate_nodejs_eventloop_lag_seconds', 'GAUGE'],
  ['walletgate_process_resident_memory_bytes', 'GAUGE'],
] as const;

/** SQLite's group commit and write-ahead log (ADR 0013); absent on PostgreSQL. */
const SQLITE_LOG_FAMILIES = [
  'walletgate_sqlite_commits_total',
  'walletgate_sqlite_transactions_total',
  'walletgate_sqlite_log_syncs_total',
  'walletgate_sqlite_checkpoints_total',
  'walletgate_sqlite_log_restarts_total',
  'walletgate_sqlite_log_restart_wait_seconds_total',
];

for (const kind of storeKinds) {
  describe(`/metrics on ${kind}`, () => {
    let gw: Gateway;
    const token = kind === 'sqlite' ? TOKEN : null;
    before(async () => {
      gw = await startGateway(kind, token === null ? {} : { env: { WALLETGATE_METRICS_TOKEN: token } });
    });
    after(() => gw.close());

    it('parses as Prometheus text, with every documented family of its type', async () => {
      const { families } = await scrape(gw.base, token);
      for (const [name, type] of FAMILIES) assert.equal(families.get(name)?.type, type, name);
      const pool = families.get('walletgate_db_pool_connections');
      if (kind === 'postgres') {
        assert.equal(pool?.type, 'GAUGE');
        assert.deepEqual(pool.metrics.map((m) => m.labels?.state).sort(), ['idle', 'open', 'waiting']);
        assert.ok(Number(pool.metrics.find((m) => m.labels?.state === 'open')?.value) >= 1, 'the pool has a connection open');
      } else assert.equal(pool, undefined, 'SQLite has no pool');
      for (const name of SQLITE_LOG_FAMILIES) {
        if (kind === 'sqlite') assert.equal(families.get(name)?.type, 'COUNTER', name);
        else assert.equal(families.get(name), undefined, `${name}: PostgreSQL has no such log`);
      }
      const syncs = 'walletgate_sqlite_log_sync_duration_seconds';
      if (kind === 'sqlite') assert.equal(families.get(syncs)?.type, 'HISTOGRAM', syncs);
      else assert.equal(families.get(syncs), undefined, `${syncs}: PostgreSQL has no such log`);
    });

    if (token !== null) {
      it('asks for the token: none, a wrong one or another scheme is answered 401 in plain text', async () => {
        const wrong = [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN];
        for (const authorization of wrong) {
          const res = await fetch(`${gw.base}/metrics`, authorization === undefined ? {} : { headers: { authorization } });
          assert.equal(res.status, 401, String(authorization));
          assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
          assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer /);
          const body = await res.text();
          assert.match(body, /needs Authorization: Bearer/);
          assert.doesNotMatch(body, /walletgate_/, 'no metric leaks into the refusal');
        }
        // the scheme's case does not matter (RFC 7235)
        assert.equal((await fetch(`${gw.base}/metrics`, { headers: { authorization: `bearer ${TOKEN}` } })).status, 200);
      });
    } else {
      it('is open when no token is set', async () => {
        assert.equal((await fetch(`${gw.base}/metrics`)).status, 200);
      });
    }

    it('moves when a payment is made, approved and notified', async () => {
      const before = await scrape(gw.base, token);
      const created = { api: 'globalpay', route: '/globalpay/v1/payments', method: 'POST', status: '201' };
      const startPayment = { connector: 'kakaopay', call: 'startPayment', result: 'ok' };
      const succeeded = { record: 'payment', status: 'succeeded', method: 'kakaopay' };
      const delivered = { outcome: 'delivered' };

      const ref = `metrics-${kind}-${Date.now()}`;
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: { MerchantTransactionID: ref, Amount: 1000, Currency: 'KRW', MethodID: 1135, ReturnURL: 'http://shop.example/r' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      await gw.customer(res.json.Payment.RedirectURL as string, 'approve');
      await gw.receiver.waitFor((n) => JSON.stringify(n.body).includes(ref));
      // the attempt is recorded just after the merchant answered: wait for the dispatcher to count it
      await new Promise<void>((resolve) => {
        const off = gw.services.dispatcher()!.onAttempt((n) => {
          if (n.status === 'delivered') {
            off();
            resolve();
          }
        });
        void scrape(gw.base, token).then((now) => {
          if (
            valueOf(now, 'walletgate_notification_attempts_total', delivered) >
            valueOf(before, 'walletgate_notification_attempts_total', delivered)
          ) {
            off();
            resolve();
          }
        });
      });

      const after = await scrape(gw.base, token);
      const moved = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
      assert.equal(moved('walletgate_http_request_duration_seconds', created), 1, 'one create answered 201');
      assert.ok(moved('walletgate_connector_call_duration_seconds', startPayment) >= 1, 'the wallet was called');
      assert.ok(moved('walletgate_status_changes_total', succeeded) >= 1, 'the payment succeeded');
      assert.ok(moved('walletgate_notification_attempts_total', delivered) >= 1, 'its notification was delivered');
      if (kind === 'sqlite') {
        // the payment's transactions were committed, at least one of them durably (a log sync)
        assert.ok(moved('walletgate_sqlite_commits_total', {}) >= 1, 'commits counted');
        assert.ok(moved('walletgate_sqlite_transactions_total', {}) >= 2, "the create's two transactions, at least");
        assert.ok(moved('walletgate_sqlite_log_syncs_total', {}) >= 1, 'the log was synced');
        // every sync is timed: the payment's syncs are in the durations, each in a bucket or beyond the last
        const read = (scraped: { text: string }, line: string) =>
          Number(new RegExp(`^${line.replace(/[{}+"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(scraped.text)?.[1] ?? 0);
        const timed = 'walletgate_sqlite_log_sync_duration_seconds';
        assert.ok(read(after, `${timed}_count`) - read(before, `${timed}_count`) >= 1, 'the syncs were timed');
        assert.equal(read(after, `${timed}_bucket{le="+Inf"}`), read(after, `${timed}_count`));
        assert.ok(read(after, `${timed}_sum`) > 0, 'the syncs took some time');
        assert.equal(valueOf(after, 'walletgate_sqlite_checkpoints_total', { result: 'failed' }), 0, 'no checkpoint failed');
      }
    });
  });
}
