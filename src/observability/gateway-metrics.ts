/**
 * walletgate's Prometheus metrics (GET /metrics), with prom-client: one registry per gateway
 * process. Counters and histograms are fed where things happen (http-metrics, the connector and
 * notify wrappers, the dispatcher and sweeper hooks in services.ts); the outbox backlog and the
 * database pool are read when Prometheus scrapes. Process metrics (event-loop delay, memory, CPU,
 * handles) come from prom-client's defaults. docs/operations.md lists every metric.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  /** Notifications still to deliver, and when the oldest due one became due (outbox). */
  backlog(): Promise<{ pending: number; oldestDueAt: Date | null }>;
  /** The database pool's use; undefined without a pool. */
  poolUse?: (() => { open: number; idle: number; waiting: number }) | undefined;
  clock(): Date;
}

export interface GatewayMetrics {
  registry: Registry;
  requests: Histogram<'api' | 'route' | 'method' | 'status'>;
  connectorCalls: Histogram<'connector' | 'call' | 'result'>;
  statusChanges: Counter<'record' | 'status' | 'method'>;
  deliveries: Counter<'outcome'>;
  sweeps: Counter<'result'>;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(sources: MetricSources): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'walletgate_' });
  const metrics: GatewayMetrics = {
    registry,
    requests: new Histogram({
      name: 'walletgate_http_request_duration_seconds',
      help: 'Answered HTTP requests by API (or page family), route pattern, method and status, and how long each took.',
      labelNames: ['api', 'route', 'method', 'status'],
      buckets: SECONDS,
      registers: [registry],
    }),
    connectorCalls: new Histogram({
      name: 'walletgate_connector_call_duration_seconds',
      help: "Calls to a wallet or processor (a connector) by call and result: ok, or the connector error's kind.",
      labelNames: ['connector', 'call', 'result'],
      buckets: SECONDS,
      registers: [registry],
    }),
    statusChanges: new Counter({
      name: 'walletgate_status_changes_total',
      help: 'Payments, refunds and agreements reaching a status, by method (counted when the change is written).',
      labelNames: ['record', 'status', 'method'],
      registers: [registry],
    }),
    deliveries: new Counter({
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
  return metrics;
}
