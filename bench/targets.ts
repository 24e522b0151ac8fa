/**
 * The performance targets' thresholds: the one place they are set (docs/benchmarks.md explains
 * each). Throughput targets are ratios to a floor measured in the same run, never absolute
 * numbers: the machines differ by more than the targets do. `npm run bench` exits 1 when a target
 * misses its threshold, unless BENCH_ENFORCE=0.
 */
import { RESTART_LOG_FRAMES } from '../src/sqlite-checkpoint/checkpoint-worker.js';

/** A log frame: a page of 4 KiB and its 24-byte header (SQLite's WAL format). */
const LOG_FRAME_BYTES = 4096 + 24;

/**
 * The soak's bound on the gateway's SQLite log: the length at which it starts over (RESTART_LOG_FRAMES
 * frames, about 63 MiB; ADR 0013), and half as much again. The writer learns the log's length from
 * the checkpoint worker, which looks every CHECKPOINT_INTERVAL_MS, so the log passes the restart
 * length by what that long adds (4 MB under the soak's full flows, 2026-12-04); a log that does not
 * start over passes the bound within seconds (208 MB in 8 s, 2026-12-02 (late)). Derived, so a new
 * restart length moves it too.
 */
const SOAK_LOG_MAX_MB = Math.round((RESTART_LOG_FRAMES * LOG_FRAME_BYTES * 1.5) / 2 ** 20);

export const THRESHOLDS = {
  /** GlobalPay, Checkout.com, Adyen and ecommpay create-payment on SQLite (sandbox in its own process) ÷ the SQLite floor: at least */
  createVsFloor: 0.5,
  /** completed full flows a second (create → customer approves → notification heard) ÷ the SQLite floor: at least */
  flowVsFloor: 0.2,
  /** full flows started and never heard of by the end of the drain: at most */
  maxLostFlows: 0,
  /** p99 of GlobalPay creates under an open-loop load at `latencyLoadShareOfPeak` of the peak create rate: below, in ms */
  latencyP99Ms: 10,
  /** status lookups a second (GET /globalpay/v1/payments/{id}) ÷ the SQLite floor: at least (a read should cost no more than a durable insert) */
  lookupVsFloor: 1.0,
  /** partial refunds a second of succeeded payments ÷ the SQLite floor: at least (a refund is a create's work: two commits and a wallet call) */
  refundVsFloor: 0.3,
  /** GlobalPay create-payment on PostgreSQL ÷ the PostgreSQL floor: at least */
  postgresCreateVsFloor: 0.5,
  /** two gateway processes on one PostgreSQL database (the load split across both) ÷ one: more than */
  twoProcessesVsOne: 1.0,
  /** the soak (BENCH_SOAK=1): each process's RSS growth over BENCH_SECONDS of full flows, after a settling load, trough to trough (rss-trend.ts): at most, in MB */
  soakRssGrowthMb: 32,
  /** the soak: the gateway's SQLite log (walletgate.db-wal) at its largest, in MB: at most (see SOAK_LOG_MAX_MB) */
  soakLogMaxMb: SOAK_LOG_MAX_MB,
} as const;

/** Not a threshold: the open-loop latency load's rate, as a share of this run's peak (closed-loop) GlobalPay create rate. */
export const LATENCY_LOAD_SHARE_OF_PEAK = 0.5;
