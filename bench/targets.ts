/**
 * The performance targets' thresholds: the one place they are set (docs/benchmarks.md explains
 * each). Throughput targets are ratios to a floor measured in the same run, never absolute
 * numbers: the machines differ by more than the targets do. `npm run bench` exits 1 when a target
 * misses its threshold, unless BENCH_ENFORCE=0.
 */
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
  /** the soak: the gateway's SQLite log (walletgate.db-wal) at its largest, in MB: at most (it starts over at about 16 MiB, ADR 0013) */
  soakLogMaxMb: 64,
} as const;

/** Not a threshold: the open-loop latency load's rate, as a share of this run's peak (closed-loop) GlobalPay create rate. */
export const LATENCY_LOAD_SHARE_OF_PEAK = 0.5;
