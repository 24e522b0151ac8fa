/**
 * A preload for bench/profile-create.ts (`PROF_STATEMENTS=1`), never for walletgate itself: counts
 * and times every better-sqlite3 statement the process runs, by its SQL text. On SIGUSR2 it writes
 * what it has counted so far to PROF_STATEMENTS_OUT as JSON, `[[sql, calls, nanoseconds], …]`; the
 * profiler takes one snapshot before its measured load and one after, and prints the difference per
 * request. Each timed call costs about a tenth of a microsecond more than it would.
 */
'use strict';
const { writeFileSync } = require('node:fs');
const Database = require('better-sqlite3');

const out = process.env.PROF_STATEMENTS_OUT;
if (!out) throw new Error('statement-counter.cjs needs PROF_STATEMENTS_OUT: the file its snapshots go to');

/** by SQL text: calls and nanoseconds */
const counted = new Map();
const timed = new WeakSet();
const prepare = Database.prototype.prepare;

Database.prototype.prepare = function (sql) {
  const statement = prepare.call(this, sql);
  if (timed.has(statement)) return statement;
  timed.add(statement);
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statement[method];
    statement[method] = function (...args) {
      const started = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const ns = Number(process.hrtime.bigint() - started);
        const c = counted.get(sql);
        if (c) {
          c.calls += 1;
          c.ns += ns;
        } else counted.set(sql, { calls: 1, ns });
      }
    };
  }
  return statement;
};

process.on('SIGUSR2', () => {
  writeFileSync(out, JSON.stringify([...counted].map(([sql, c]) => [sql, c.calls, c.ns])));
});
