/**
 * Runs one target: warm-up (discarded), then the measured load, with the RSS of the servers
 * involved read before and after, and a line a second of progress. Closed-loop throughput, the
 * open-loop fixed-rate latency load and the full flow share it.
 */
import type { BenchSettings } from './bench-settings.js';
import type { ChildServer } from './child-server.js';
import { runFlows, type FlowOptions, type FlowRun } from './flow-load.js';
import type { Call } from './http-call.js';
import { summarise, type TargetSummary } from './latency-stats.js';
import { mergeRuns, runLoad, type LoadRun } from './load-generator.js';
import { openLoopConnections, runOpenLoop } from './open-loop-load.js';
import { BENCH_PROCESS, cpuRecord, cpuSeconds, cpuSpent, STOLEN, stolenSeconds, type CpuRecord } from './process-cpu.js';
import { rssMb, type RssRecord } from './process-memory.js';
import { logRecord, sqliteLogCounts, type LogRecord } from './sqlite-log-counts.js';

/** A server process whose memory is reported with the target. */
export interface Tracked {
  label: string;
  server: ChildServer;
}

export interface ClosedSpec {
  /** one server, or several sharing the load (the concurrency split between them) */
  bases: string[];
  headers: Record<string, string>;
  call: (n: number, reference: string) => Call;
  expectStatus: number;
  onAnswer?: (body: string) => void;
}

export interface FlowSummary extends TargetSummary {
  started: number;
  completed: number;
  lost: number;
  paymentIds: number[];
}

export type FlowSpec = Omit<FlowOptions, 'reference' | 'concurrency' | 'durationMs' | 'drainMs' | 'onSecond'>;

const mb = (v: number | null) => (v === null ? '?' : `${v.toFixed(0)} MB`);

/** CPU that no tracked server's pid reads: a group of processes (the local PostgreSQL server), by pid. */
export interface CpuSource {
  label: string;
  read: () => Promise<Map<number, number>>;
}

export class TargetRunner {
  readonly summaries: TargetSummary[] = [];
  readonly rss: RssRecord[] = [];
  readonly cpu: CpuRecord[] = [];
  /** Read with every target while set (the PostgreSQL targets set the server's processes). */
  alsoCpu: CpuSource[] = [];
  /** the SQLite gateways' group commit and log during each target */
  readonly log: LogRecord[] = [];
  private targets = 0;

  constructor(
    private readonly settings: BenchSettings,
    private readonly runId: string,
    /** the CPU this process (the load generator, the receiver) is pinned to, if it is */
    private readonly selfCore?: number,
  ) {}

  /** MerchantTransactionID allows 50 printable ASCII characters: keep it short. */
  private references(phase: 'w' | 'm' | 's'): (n: number) => string {
    const prefix = `b-${this.runId}-${this.targets}${phase}`;
    return (n) => `${prefix}${n}`;
  }

  private async measured<T extends LoadRun>(
    name: string,
    tracked: Tracked[],
    what: string,
    load: (phase: 'w' | 'm', seconds: number) => Promise<T>,
    seconds = this.settings.seconds,
  ): Promise<{ warm: T; run: T; summary: TargetSummary }> {
    this.targets++;
    const before = await Promise.all(tracked.map((t) => rssMb(t.server.pid)));
    console.log(`\n▶ ${name}: warming up for ${this.settings.warmupSeconds}s, then ${what} for ${seconds}s…`);
    const warm = await load('w', this.settings.warmupSeconds);
    if (warm.errors > 0) console.log(`  warm-up errors: ${[...warm.errorsByKind].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    // CPU over the measured seconds only: the servers', and this process's (load generator, receiver, …)
    const cpuPids = [...tracked.map((t) => t.server.pid), process.pid];
    const cpuBefore = await Promise.all(cpuPids.map(cpuSeconds));
    const also = this.alsoCpu;
    const alsoBefore = await Promise.all(also.map((a) => a.read()));
    // the gateways' SQLite log counts (null for any other process, and on PostgreSQL)
    const gateways = tracked.filter((t) => t.label.startsWith('gateway'));
    const logBefore = await Promise.all(gateways.map((t) => sqliteLogCounts(t.server.port)));
    const stolenBefore = await stolenSeconds();
    const run = await load('m', seconds);
    const stolenAfter = await stolenSeconds();
    const cpuAfter = await Promise.all(cpuPids.map(cpuSeconds));
    const alsoAfter = await Promise.all(also.map((a) => a.read()));
    const logAfter = await Promise.all(gateways.map((t) => sqliteLogCounts(t.server.port)));
    const summary = summarise(name, run);
    const after = await Promise.all(tracked.map((t) => rssMb(t.server.pid)));
    tracked.forEach((t, i) => this.rss.push({ target: name, process: t.label, startMb: before[i]!, endMb: after[i]! }));
    [...tracked.map((t) => ({ label: t.label, core: t.server.cpu })), { label: BENCH_PROCESS, core: this.selfCore }].forEach(
      ({ label, core }, i) => this.cpu.push(cpuRecord(name, label, cpuBefore[i]!, cpuAfter[i]!, summary.seconds, summary.ok, core)),
    );
    also.forEach((a, i) =>
      this.cpu.push(cpuRecord(name, a.label, 0, cpuSpent(alsoBefore[i]!, alsoAfter[i]!), summary.seconds, summary.ok)),
    );
    // the machine's, not a process's: what the hypervisor gave other guests while this target ran
    this.cpu.push({ ...cpuRecord(name, STOLEN, stolenBefore, stolenAfter, summary.seconds, summary.ok), msPerOk: null });
    gateways.forEach((t, i) => {
      const record = logRecord(name, t.label, logBefore[i]!, logAfter[i]!, run.ok);
      if (record) this.log.push(record);
    });
    this.summaries.push(summary);
    console.log(
      `  ${name}: ${summary.throughput.toFixed(0)}/s, p50 ${summary.latencyMs.p50.toFixed(2)} ms, ` +
        `p99 ${summary.latencyMs.p99.toFixed(2)} ms, ${summary.errors} errors; ` +
        (summary.sendLateMs
          ? `sent late by the load generator: p50 ${summary.sendLateMs.p50.toFixed(2)} ms, p99 ${summary.sendLateMs.p99.toFixed(2)} ms (inside those latencies); `
          : '') +
        'RSS ' +
        tracked.map((t, i) => `${t.label} ${mb(before[i]!)} → ${mb(after[i]!)}`).join(', '),
    );
    return { warm, run, summary };
  }

  private progress(phase: string, which: string, seconds: number) {
    return ({ second, ok, errors, okThisSecond }: { second: number; ok: number; errors: number; okThisSecond: number }) =>
      console.log(
        `  ${phase === 'w' ? 'warmup ' : 'measure'}${which} ${second}/${seconds}s  ${okThisSecond}/s  total ${ok} ok, ${errors} errors`,
      );
  }

  /**
   * A server process's untimed first load (BENCH_SETTLE_SECONDS, once per process, before its first
   * target): each spec in turn for its share of the seconds, so the JIT has compiled every route the
   * targets will call. Nothing is recorded; errors are printed, as a warm-up's are.
   */
  async settle(label: string, specs: ClosedSpec[]): Promise<void> {
    const seconds = this.settings.settleSeconds;
    const share = Math.max(1, Math.round(seconds / specs.length));
    console.log(
      `\n▷ ${label}: ${share * specs.length}s of untimed load first (${specs.length} kind${specs.length === 1 ? '' : 's'} of request), so no target meets it cold`,
    );
    this.targets++;
    for (const spec of specs) {
      const run = await this.closedLoad(spec, 's', share);
      console.log(`  settled: ${run.ok} ok, ${run.errors} errors`);
    }
  }

  /**
   * A gateway's untimed first full flows (BENCH_SETTLE_SECONDS), as `settle` gives its creates: a
   * flow runs far more code than a create (walletgate's payment link and return, the sandbox's customer
   * API and wallet pages, the notification), and one measured after only its warm-up read well under
   * a warm one (docs/benchmarks.md, 2026-12-06 (second session)). Nothing is recorded; returns the
   * ids of the payments that succeeded, for an untimed refund load of their own.
   */
  async settleFlows(label: string, spec: FlowSpec): Promise<number[]> {
    const seconds = this.settings.settleSeconds;
    console.log(`\n▷ ${label}: ${seconds}s of untimed full flows first, so the flow target does not meet their pages cold`);
    this.targets++;
    const run = await runFlows({
      ...spec,
      reference: this.references('s'),
      concurrency: this.settings.concurrency,
      durationMs: seconds * 1000,
      drainMs: this.settings.drainSeconds * 1000,
    });
    console.log(`  settled: ${run.completed} flows completed, ${run.errors} errors`);
    return run.paymentIds;
  }

  /** The spec's closed loop for `seconds`, the bench's concurrency split between its servers. */
  private async closedLoad(
    spec: ClosedSpec,
    phase: 'w' | 'm' | 's',
    seconds: number,
    progress?: (server: string) => Parameters<typeof runLoad>[0]['onSecond'],
  ) {
    const reference = this.references(phase);
    const runs = await Promise.all(
      spec.bases.map((base, b) =>
        runLoad({
          base,
          headers: spec.headers,
          call: (n) => spec.call(n, reference(n * spec.bases.length + b)),
          concurrency: Math.max(1, Math.floor(this.settings.concurrency / spec.bases.length)),
          durationMs: seconds * 1000,
          expectStatus: spec.expectStatus,
          ...(spec.onAnswer ? { onAnswer: spec.onAnswer } : {}),
          ...(progress ? { onSecond: progress(spec.bases.length === 1 ? '' : ` (server ${b + 1})`) } : {}),
        }),
      ),
    );
    return runs.length === 1 ? runs[0]! : mergeRuns(runs);
  }

  /** Closed loop at the bench's concurrency: throughput. */
  async closed(name: string, tracked: Tracked[], spec: ClosedSpec): Promise<TargetSummary> {
    const { summary } = await this.measured(name, tracked, `${this.settings.concurrency} in flight`, (phase, seconds) =>
      this.closedLoad(spec, phase, seconds, (server) => this.progress(phase, server, seconds)),
    );
    return summary;
  }

  /**
   * Open loop at a fixed rate: latency without coordinated omission. The measure sends over the
   * connections its warm-up opened (runOpenLoop's `agent`), as a steady load's clients keep theirs.
   */
  async openLoop(name: string, tracked: Tracked[], spec: Omit<ClosedSpec, 'bases' | 'onAnswer'> & { base: string; rate: number }) {
    const agent = openLoopConnections();
    try {
      const { summary } = await this.measured(name, tracked, `${spec.rate.toFixed(0)} requests/s, open loop`, (phase, seconds) => {
        const reference = this.references(phase);
        return runOpenLoop({
          base: spec.base,
          headers: spec.headers,
          call: (n) => spec.call(n, reference(n)),
          rate: spec.rate,
          durationMs: seconds * 1000,
          expectStatus: spec.expectStatus,
          agent,
          onSecond: ({ second, ok, errors, okThisSecond, outstanding }) =>
            console.log(
              `  ${phase === 'w' ? 'warmup ' : 'measure'} ${second}/${seconds}s  ${okThisSecond}/s  total ${ok} ok, ${errors} errors, ${outstanding} unanswered`,
            ),
        });
      });
      return summary;
    } finally {
      agent.closeIdle();
    }
  }

  /**
   * Full flows, closed loop at the bench's concurrency, for BENCH_SECONDS or `seconds` (the soak's
   * settling load); the succeeded payments of warm-up and measure are returned.
   */
  async flow(name: string, tracked: Tracked[], spec: FlowSpec, seconds?: number): Promise<FlowSummary> {
    const drainMs = this.settings.drainSeconds * 1000;
    const { warm, run, summary } = await this.measured<FlowRun>(
      name,
      tracked,
      `${this.settings.concurrency} flows at a time`,
      (phase, phaseSeconds) =>
        runFlows({
          ...spec,
          reference: this.references(phase),
          concurrency: this.settings.concurrency,
          durationMs: phaseSeconds * 1000,
          drainMs,
          onSecond: ({ second, completed, errors, completedThisSecond }) =>
            console.log(
              `  ${phase === 'w' ? 'warmup ' : 'measure'} ${second}/${phaseSeconds}s  ${completedThisSecond} flows/s  total ${completed} completed, ${errors} errors`,
            ),
        }),
      seconds,
    );
    console.log(`  ${name}: ${run.started} started, ${run.completed} completed, ${run.lost} lost (drain ${this.settings.drainSeconds}s)`);
    return {
      ...summary,
      started: run.started,
      completed: run.completed,
      lost: run.lost,
      paymentIds: [...warm.paymentIds, ...run.paymentIds],
    };
  }
}
