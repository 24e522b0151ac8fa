/**
 * walletgate's Prometheus metrics (GET /metrics), with prom-client: one registry per gateway
 * process. Counters and histograms are fed where things happen (http-metrics, the connector and
 * notify wrappers, the dispatcher and sweeper hooks in services.ts); the outbox backlog, the
 * database pool and SQLite's log counts are read when Prometheus scrapes. Process metrics
 * (event-loop delay, memory, CPU, handles) come from prom-client's defaults. docs/operations.md
 * lists every metric.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { WriteAheadLogUse } from '../core/ports/store.js';
import { LabelledCounter } from './labelled-counter.js';
import { LabelledHistogram } from './labelled-histogram.js';
import { ReadHistogram } from './read-histogram.js';

export interface MetricSources {
  /** Notifications still to deliver, and when the oldest due one became due (outbox). */
  backlog(): Promise<{ pending: number; oldestDueAt: Date | null }>;
  /** The database pool's use; undefined without a pool. */
  poolUse?: (() => { open: number; idle: number; waiting: number }) | undefined;
  /** SQLite's write-ahead log (Store.writeAheadLog); undefined on PostgreSQL. */
  writeAheadLog?: (() => WriteAheadLogUse) | undefined;
  clock(): Date;
}

export interface GatewayMetrics {
  registry: Registry;
  /** label values in this order: api, route, method, status */
  requests: LabelledHistogram<'api' | 'route' | 'method' | 'status'>;
  /** label values in this order: connector, call, result */
  connectorCalls: LabelledHistogram<'connector' | 'call' | 'result'>;
  /** label values in this order: record, status, method */
  statusChanges: LabelledCounter<'record' | 'status' | 'method'>;
  /** label values: outcome */
  deliveries: LabelledCounter<'outcome'>;
  sweeps: Counter<'result'>;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(sources: MetricSources): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'walletgate_' });
  const metrics: GatewayMetrics = {
    registry,
    requests: new LabelledHistogram({
      name: 'walletgate_http_request_duration_seconds',
      help: 'Answered HTTP requests by API (or page family), route pattern, method and status, and how long each took.',
      labelNames: ['api', 'route', 'method', 'status'],
      buckets: SECONDS,
      registers: [registry],
    }),
    connectorCalls: new LabelledHistogram({
      name: 'walletgate_connector_call_duration_seconds',
      help: "Calls to a wallet or processor (a connector) by call and result: ok, or the connector error's kind.",
      labelNames: ['connector', 'call', 'result'],
      buckets: SECONDS,
      registers: [registry],
    }),
    statusChanges: new LabelledCounter({
      name: 'walletgate_status_changes_total',
      help: 'Payments, refunds and agreements reaching a status, by method (counted when the change is written).',
      labelNames: ['record', 'status', 'method'],
      registers: [registry],
    }),
    deliveries: new LabelledCounter({
      name: 'walletgate_notification_attempts_total',
      help: 'Notification delivery attempts by outcome: delivered, retrying (not acknowledged, tried again later) or gave_up.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    sweeps: new Counter({
      name: 'walletgate_sweeper_passes_total',
      help: 'Sweeper passes by result: ok, or failed (the pass threw).',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'walletgate_outbox_pending',
    help: 'Notifications not yet delivered and not given up (due now or scheduled for a retry).',
    registers: [registry],
    async collect() {
      const { pending, oldestDueAt } = await sources.backlog();
      this.set(pending);
      oldestDue.set(oldestDueAt === null ? 0 : Math.max(0, (sources.clock().getTime() - oldestDueAt.getTime()) / 1000));
    },
  });
  const oldestDue = new Gauge({
    name: 'walletgate_outbox_oldest_due_age_seconds',
    help: 'How long the oldest due notification has waited for delivery; 0 when none is due.',
    registers: [registry],
  });
  const pool = sources.poolUse;
  if (pool) {
    new Gauge({
      name: 'walletgate_db_pool_connections',
      help: 'The database connection pool: open (in use or idle), idle, and requests waiting for a connection.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const use = pool();
        this.set({ state: 'open' }, use.open);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
      },
    });
  }
  const log = sources.writeAheadLog;
  if (log) countsOfTheLog(registry, log);
  return metrics;
}

/** A counter whose value is read, when Prometheus scrapes, from a count kept elsewhere. */
function readCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** SQLite's group commit and write-ahead log (ADR 0013), from the store's own counts. */
function countsOfTheLog(registry: Registry, log: () => WriteAheadLogUse): void {
  readCounter(
    registry,
    'walletgate_sqlite_commits_total',
    'SQLite COMMITs of the writer; each carries one or more transactions (group commit).',
    () => log().commits,
  );
  readCounter(
    registry,
    'walletgate_sqlite_transactions_total',
    'Transactions (and lone writes) committed on SQLite.',
    () => log().transactions,
  );
  readCounter(
    registry,
    'walletgate_sqlite_log_syncs_total',
    "fsyncs of SQLite's write-ahead log, each making every commit before it durable.",
    () => log().syncs,
  );
  new ReadHistogram(
    {
      name: 'walletgate_sqlite_log_sync_duration_seconds',
      help: "How long each fsync of SQLite's write-ahead log took: every durable answer waits for one, so their tail is its latency's.",
      buckets: log().syncDurations.bounds,
      registers: [registry],
    },
    () => {
      const { syncs, syncDurations } = log();
      return { counts: syncDurations.counts, sum: syncDurations.sumSeconds, count: syncs };
    },
  );
  new Counter({
    name: 'walletgate_sqlite_checkpoints_total',
    help: "Checkpoints of SQLite's write-ahead log by the checkpoint thread, by result: ok or failed.",
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const { checkpoints, checkpointFailures } = log();
      this.reset();
      this.inc({ result: 'ok' }, checkpoints);
      this.inc({ result: 'failed' }, checkpointFailures);
    },
  });
  readCounter(
    registry,
    'walletgate_sqlite_log_restarts_total',
    'Times every writer was held while a long write-ahead log was copied whole, so that it could start over.',
    () => log().restarts,
  );
  readCounter(
    registry,
    'walletgate_sqlite_log_restart_wait_seconds_total',
    'How long, in all, writers were held for the log to start over.',
    () => log().restartWaitMs / 1000,
  );
}
