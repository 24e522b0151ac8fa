/**
 * The composition root: the only file that picks concrete implementations (storage engine,
 * connectors, dialect renderers) and wires them into CoreDeps.
 */
import type { Logger as PinoLogger } from 'pino';
import type { Config } from './config.js';
import type { CoreDeps } from './core/deps.js';
import { startUp } from './core/start-up.js';
import { sweep, type SweepResume } from './core/reconcile/sweep.js';
import { UNPACED, walletCallPacer, type WalletCallPace } from './core/reconcile/wallet-call-pace.js';
import { forgetEndedSessions } from './core/dashboard/forget-ended-sessions.js';
import { createBackgroundWork } from './core/background-work.js';
import { resumeRefundBatches } from './core/dashboard/resume-refund-batches.js';
import { failAbandonedReportRuns } from './core/reports/fail-abandoned-report-runs.js';
import type { ConnectorRegistry } from './core/ports/connector.js';
import { createConnectors, longestCallMs } from './connectors/index.js';
import { DEMO_CREDENTIALS, perDialect } from './dialects/index.js';
import { startDispatcher, type Dispatcher } from './notifications/dispatcher.js';
import { createNotifier } from './notifications/render-notification.js';
import { openStore } from './storage/open-store.js';
import { crashAfterConnectorCall, crashAfterInboxRecord } from './crash-after.js';
import type { Store } from './core/ports/store.js';
import { customerLinks } from './web/customer-links.js';
import type { NotificationStatus } from './core/model.js';
import { createGatewayMetrics, type GatewayMetrics } from './observability/gateway-metrics.js';
import { meteredConnectors } from './observability/metered-connectors.js';
import { countedNotify } from './observability/counted-notify.js';
import type { ReportFiles } from './core/ports/report-files.js';
import { runDueReportSchedules } from './core/reports/run-due-report-schedules.js';
import { reportFilesIn } from './storage/report-files.js';
import { forWork, newWorkId } from './core/request-context.js';

/** A recorded delivery attempt's outcome, by the row's status after it. */
const ATTEMPT_OUTCOME: Record<NotificationStatus, string> = { delivered: 'delivered', pending: 'retrying', failed: 'gave_up' };

/** How often ended dashboard sessions and forgotten sign-in failures are deleted. */
const HOUSEKEEPING_EVERY_MS = 60_000;

export interface Services {
  config: Config;
  store: Store;
  deps: CoreDeps;
  log: PinoLogger;
  /** Starts the notification dispatcher and the sweeper (not started in route-only tests). */
  startWorkers(): void;
  dispatcher(): Dispatcher | null;
  /** Where report CSVs are kept: {dataDir}/reports (ADR 0025). */
  reportFiles: ReportFiles;
  /** One pass over the due report schedules, now (the workers run it every minute). */
  reportSchedulesNow(): ReturnType<typeof runDueReportSchedules>;
  /** One sweeper pass, now. */
  sweepNow(): ReturnType<typeof sweep>;
  /** The process's Prometheus metrics (GET /metrics; src/observability/). */
  metrics: GatewayMetrics;
  close(): Promise<void>;
}

export interface ServiceOptions {
  log: PinoLogger;
  /** Use this store instead of opening config.databaseUrl (tests). */
  store?: Store;
  connectors?: ConnectorRegistry;
  /** Wraps the real connectors (tests simulate a crash right after the wallet answered). */
  wrapConnectors?: (real: ConnectorRegistry) => ConnectorRegistry;
  clock?: () => Date;
  fetch?: typeof fetch;
}

export async function createServices(config: Config, opts: ServiceOptions): Promise<Services> {
  const log = opts.log;
  const clock = opts.clock ?? (() => new Date());
  const store = opts.store ?? (await openStore(config.databaseUrl, { clock, poolSize: config.databasePoolSize }));
  // Migrations, the master key, and the demo merchant's published keys (they exist with the sandbox on,
  // and are revoked with a real wallet), safe with any number of processes starting on one database.
  await startUp(store, {
    masterKey: config.masterKey,
    sandbox: config.sandbox.enabled,
    demoNotifyUrl: config.demo.notifyUrl,
    demoCredentials: DEMO_CREDENTIALS,
    warn: (message) => log.warn(message),
  });

  const links = customerLinks(config.publicUrl);
  let dispatcher: Dispatcher | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let housekeepingTimer: NodeJS.Timeout | null = null;
  let reportTimer: NodeJS.Timeout | null = null;
  /** the timers' passes under way: close() waits for them before it closes the store */
  const passes = new Set<Promise<unknown>>();
  const tracked = <T>(p: Promise<T>): Promise<T> => {
    passes.add(p);
    void p.catch(() => undefined).finally(() => passes.delete(p));
    return p;
  };
  const real: ConnectorRegistry = opts.connectors ?? createConnectors(config, { log, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  const wrapped = opts.wrapConnectors ? opts.wrapConnectors(real) : real;
  const metrics = createGatewayMetrics({
    backlog: () => store.outbox.backlog(clock()),
    poolUse: store.poolUse ? () => store.poolUse!() : undefined,
    writeAheadLog: store.writeAheadLog ? () => store.writeAheadLog!() : undefined,
    clock,
  });
  const metered = meteredConnectors(wrapped, metrics);
  // WALLETGATE_TEST_CRASH_AFTER (crash tests only; unset: neither wraps anything)
  const connectors = crashAfterConnectorCall(config.testCrashAfter)?.(metered) ?? metered;
  // The sweeper must never judge a wallet call that may still be in flight: whatever the configured
  // grace, it waits at least twice the connector timeout (the request path has given up by then).
  const inFlightGraceMs = Math.max(config.sweeper.graceMs, 2 * longestCallMs(config));
  const deps: CoreDeps = {
    store: crashAfterInboxRecord(config.testCrashAfter, store),
    connectors,
    links,
    clock,
    log,
    background: createBackgroundWork(log),
    notify: countedNotify(
      createNotifier({
        renderers: perDialect((d) => d.notifications),
        masterKey: config.masterKey,
        links,
        clock,
        onEnqueued: () => dispatcher?.wake(),
        dispatcher: () => dispatcher ?? undefined,
        onRenderError: (err, event) =>
          log.error(
            { err: err.message, event: event.type },
            'notification could not be rendered; state change kept, notification NOT sent',
          ),
      }),
      metrics,
    ),
    inFlightGraceMs,
    masterKey: config.masterKey,
    rates: config.rates,
  };
  /**
   * The deps for one timer pass, as work of its own (core/request-context.ts): its lines, wallet
   * calls and notifications carry `kind_…`.
   */
  const ownWork = (kind: string): CoreDeps => {
    const requestId = newWorkId(kind);
    return forWork(deps, { requestId, log: log.child({ reqId: requestId }) });
  };
  // the running sweeper: its wallet calls spread out (ADR 0049), each waiting record looked at when due,
  // and the unknown outcomes read on from where its last pass ended (ADR 0051); a pass run by hand
  // (`walletgate sweep`) is not paced and looks at every waiting record
  const pacer = walletCallPacer(config.sweeper.walletCallsPerSecond);
  const resume: SweepResume = {};
  const sweepNow = (work: CoreDeps = ownWork('sweep'), running?: { pace: WalletCallPace }) =>
    sweep(work, {
      inFlightGraceMs,
      abandonGraceMs: config.sweeper.abandonGraceMs,
      pace: running?.pace ?? UNPACED,
      ...(running ? { onlyDue: true, resume } : {}),
    });
  const reportFiles = reportFilesIn(config.dataDir);
  const reportSchedulesNow = async (work: CoreDeps = ownWork('reports')) => {
    // runs a stopped gateway left unfinished are failed first (no live writer for the bound)
    await failAbandonedReportRuns(work);
    return runDueReportSchedules({ ...work, files: reportFiles });
  };

  return {
    config,
    store,
    deps,
    log,
    sweepNow,
    metrics,
    reportFiles,
    reportSchedulesNow,
    dispatcher: () => dispatcher,
    startWorkers() {
      if (!dispatcher) {
        // mass-refund batches a stopped gateway left running carry on (ADR 0024)
        deps.background.run('resume refund batches', () => resumeRefundBatches(ownWork('batches')));
        // report runs a gateway stopped while writing, long enough ago, say so (docs/dashboard.md)
        deps.background.run('fail abandoned report runs', () => failAbandonedReportRuns(ownWork('reports')));
        dispatcher = startDispatcher({
          store,
          log: log.child({ component: 'notifications' }),
          clock: deps.clock,
          pollMs: config.notifications.pollMs,
          timeoutMs: config.notifications.timeoutMs,
          leaseMs: config.notifications.leaseMs,
          concurrency: config.notifications.concurrency,
          retrySchedules: perDialect((d) => d.notifications.retrySchedule),
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
        });
        dispatcher.onAttempt((n) => metrics.deliveries.inc([ATTEMPT_OUTCOME[n.status]]));
      }
      if (!sweepTimer && config.sweeper.intervalMs > 0) {
        let sweeping = false;
        sweepTimer = setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          // the pass's own lines are written through its work's logger, so they carry its id too
          const work = ownWork('sweep');
          void tracked(
            sweepNow(work, { pace: pacer.pace })
              .then((r) => {
                metrics.sweeps.inc({ result: 'ok' });
                if (r.settled > 0) work.log.info({ component: 'sweeper', ...r }, 'sweeper settled payments');
              })
              .catch((e: unknown) => {
                metrics.sweeps.inc({ result: 'failed' });
                work.log.error({ component: 'sweeper', err: (e as Error).message }, 'sweeper pass failed');
              }),
          ).finally(() => (sweeping = false));
        }, config.sweeper.intervalMs);
        sweepTimer.unref();
      }
      if (!housekeepingTimer && config.sweeper.intervalMs > 0) {
        housekeepingTimer = setInterval(() => {
          const work = ownWork('housekeeping');
          void tracked(
            forgetEndedSessions(work)
              .then(
                (r) =>
                  r.sessions + r.loginFailures > 0 &&
                  work.log.debug({ component: 'housekeeping', ...r }, 'ended dashboard sessions deleted'),
              )
              .catch((e: unknown) => work.log.warn({ component: 'housekeeping', err: (e as Error).message }, 'housekeeping pass failed')),
          );
        }, HOUSEKEEPING_EVERY_MS);
        housekeepingTimer.unref();
      }
      if (!reportTimer) {
        // scheduled reports: periods end at UTC midnights, so a pass a minute is soon enough
        let reporting = false;
        reportTimer = setInterval(() => {
          if (reporting) return;
          reporting = true;
          const work = ownWork('reports');
          void tracked(
            reportSchedulesNow(work)
              .then(
                (runs) =>
                  runs.length > 0 && work.log.info({ component: 'reports', runs: runs.map((r) => r.id) }, 'scheduled reports written'),
              )
              .catch((e: unknown) => work.log.error({ component: 'reports', err: (e as Error).message }, 'report schedules pass failed')),
          ).finally(() => (reporting = false));
        }, 60_000);
        reportTimer.unref();
      }
    },
    async close() {
      if (sweepTimer) clearInterval(sweepTimer);
      pacer.stop();
      if (housekeepingTimer) clearInterval(housekeepingTimer);
      if (reportTimer) clearInterval(reportTimer);
      await Promise.allSettled([...passes]);
      await deps.background.drain();
      await dispatcher?.stop();
      await store.close();
    },
  };
}
