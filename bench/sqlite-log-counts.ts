/**
 * What a SQLite gateway's group commit and write-ahead log did during a target, from the counters on
 * its /metrics (walletgate_sqlite_*, docs/operations.md): how many transactions a COMMIT carried,
 * log syncs a success, how long they took (the mean, and how many over 10 ms: every durable answer
 * waits for one), and the log restarts that held every writer (ADR 0013). A process without
 * them (PostgreSQL's gateway, the floor, the sandbox) has no record.
 */
import { httpRequest } from '../src/http-client/post.js';

/** The counters' values at one moment. */
interface LogCounts {
  commits: number;
  transactions: number;
  syncs: number;
  restarts: number;
  restartWaitSeconds: number;
  /** the syncs' durations (walletgate_sqlite_log_sync_duration_seconds): their sum, and how many took at most 10 ms */
  syncSeconds: number;
  syncsWithin10ms: number;
}

export interface LogRecord {
  target: string;
  process: string;
  transactionsPerCommit: number | null;
  syncsPerOk: number | null;
  restarts: number;
  restartWaitMs: number;
  /** the mean log sync, and how many took more than 10 ms (each holds every durable answer behind it that long) */
  meanSyncMs: number | null;
  syncsOver10ms: number;
}

const COUNTERS: Record<string, keyof LogCounts> = {
  walletgate_sqlite_commits_total: 'commits',
  walletgate_sqlite_transactions_total: 'transactions',
  walletgate_sqlite_log_syncs_total: 'syncs',
  walletgate_sqlite_log_restarts_total: 'restarts',
  walletgate_sqlite_log_restart_wait_seconds_total: 'restartWaitSeconds',
  walletgate_sqlite_log_sync_duration_seconds_sum: 'syncSeconds',
  'walletgate_sqlite_log_sync_duration_seconds_bucket{le="0.01"}': 'syncsWithin10ms',
};

/** The gateway's counters now, or null when it has none (or no /metrics to ask). */
export async function sqliteLogCounts(port: number): Promise<LogCounts | null> {
  let text: string;
  try {
    const answer = await httpRequest('GET', `http://127.0.0.1:${port}/metrics`, {}, undefined, 5_000);
    if (answer.status !== 200) return null;
    text = answer.text;
  } catch {
    return null;
  }
  const counts: Partial<LogCounts> = {};
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ');
    const field = name === undefined ? undefined : COUNTERS[name];
    if (field !== undefined) counts[field] = Number(value);
  }
  return Object.keys(counts).length === Object.keys(COUNTERS).length ? (counts as LogCounts) : null;
}

/** The record of a target from the counts before and after it, or null without both. */
export function logRecord(
  target: string,
  process: string,
  before: LogCounts | null,
  after: LogCounts | null,
  ok: number,
): LogRecord | null {
  if (!before || !after) return null;
  const commits = after.commits - before.commits;
  const syncs = after.syncs - before.syncs;
  return {
    target,
    process,
    transactionsPerCommit: commits > 0 ? (after.transactions - before.transactions) / commits : null,
    syncsPerOk: ok > 0 ? syncs / ok : null,
    restarts: after.restarts - before.restarts,
    restartWaitMs: 1000 * (after.restartWaitSeconds - before.restartWaitSeconds),
    meanSyncMs: syncs > 0 ? (1000 * (after.syncSeconds - before.syncSeconds)) / syncs : null,
    syncsOver10ms: syncs - (after.syncsWithin10ms - before.syncsWithin10ms),
  };
}
