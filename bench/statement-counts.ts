/**
 * What a gateway's SQLite statements cost a request, for bench/profile-create.ts (`PROF_STATEMENTS=1`):
 * the gateway runs with statement-counter.cjs preloaded, which writes its counts on SIGUSR2; a
 * snapshot is taken before the measured load and one after, and the difference, divided by the
 * requests answered, says how often each statement ran a request and how long it took.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The preload's path, for `--require`. */
export const STATEMENT_COUNTER = fileURLToPath(new URL('./statement-counter.cjs', import.meta.url));

/** By SQL text: calls and nanoseconds so far. */
export type StatementSnapshot = Map<string, { calls: number; ns: number }>;

/** Asks the process for its counts (SIGUSR2) and reads them once written (waiting at most `patienceMs`). */
export async function statementSnapshot(pid: number, file: string, patienceMs = 5_000): Promise<StatementSnapshot> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  // written with one writeFileSync: there and complete once it parses
  for (let waited = 0; waited <= patienceMs; waited += 10) {
    if (existsSync(file)) {
      try {
        const rows = JSON.parse(readFileSync(file, 'utf8')) as [string, number, number][];
        return new Map(rows.map(([sql, calls, ns]) => [sql, { calls, ns }]));
      } catch {
        // still being written
      }
    }
    await sleep(10);
  }
  throw new Error(`process ${pid} wrote no statement counts to ${file}: was statement-counter.cjs preloaded?`);
}

/** Lines for a person: the total, then each statement's runs and µs a request, costliest first. */
export function statementsPerRequest(before: StatementSnapshot, after: StatementSnapshot, requests: number, top = 20): string[] {
  const rows = [...after]
    .map(([sql, a]) => {
      const b = before.get(sql) ?? { calls: 0, ns: 0 };
      return { sql: sql.replace(/\s+/g, ' '), calls: (a.calls - b.calls) / requests, us: (a.ns - b.ns) / 1000 / requests };
    })
    .filter((r) => r.calls > 0)
    .sort((x, y) => y.us - x.us);
  const calls = rows.reduce((s, r) => s + r.calls, 0);
  const us = rows.reduce((s, r) => s + r.us, 0);
  // in the total, but not listed: what ran less than once in two hundred requests (the sweepers' polls)
  const listed = rows.filter((r) => r.calls >= 0.005);
  return [
    `SQLite statements a request (${requests} requests): ${calls.toFixed(2)} statements, ${us.toFixed(1)} µs`,
    '  runs     µs   statement',
    ...listed.slice(0, top).map((r) => `${r.calls.toFixed(2).padStart(6)} ${r.us.toFixed(1).padStart(6)}   ${r.sql.slice(0, 140)}`),
  ];
}
