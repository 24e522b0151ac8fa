/**
 * What a SQLite gateway's group commit and write-ahead log did during a target, from the counters on
 * its /metrics (walletgate_sqlite_*, docs/operations.md): how many transactions a COMMIT carried,
 * log syncs a success, and the log restarts that held every writer (ADR 0013). A process without
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
}

export interface LogRecord {
  target: string;
  process: string;
  transactionsPerCommit: number | null;
  syncsPerOk: number | null;
  restarts: number;
  restartWaitMs: number;
}

const COUNTERS: Record<string, keyof LogCounts> = {
  walletgate_sqlite_commits_total: 'commits',
  walletgate_sqlite_transactions_total: 'transactions',
  walletgate_sqlite_log_syncs_total: 'syncs',
  walletgate_sqlite_log_restarts_total: 'restarts',
  walletgate_sqlite_log_restart_wait_seconds_total: 'restartWaitSeconds',
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
  return {
    target,
    process,
    transactionsPerCommit: commits > 0 ? (after.transactions - before.transactions) / commits : null,
    syncsPerOk: ok > 0 ? (after.syncs - before.syncs) / ok : null,
    restarts: after.restarts - before.restarts,
    restartWaitMs: 1000 * (after.restartWaitSeconds - before.restartWaitSeconds),
  };
}
