/**
 * bench/statement-counter.cjs and bench/statement-counts.ts (profile-create.ts's PROF_STATEMENTS=1): a
 * real child process with the preload runs real better-sqlite3 statements between two snapshots,
 * and the difference, per request, is what it ran in between.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { STATEMENT_COUNTER, statementSnapshot, statementsPerRequest } from '../../bench/statement-counts.js';

const dir = mkdtempSync(join(tmpdir(), 'wg-statements-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Ends a child and waits for it, unless it has ended already. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill();
  await exited;
}

/** A process that runs `inserts` inserts and `reads` reads each time it reads a line, and says "done". */
const CHILD = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('create table t (id integer primary key, v text)');
const insert = db.prepare('insert into t (v) values (?)');
const read = db.prepare('select count(*) as n from t');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [inserts, reads] = line.split(' ').map(Number);
  for (let i = 0; i < inserts; i++) insert.run('x');
  for (let i = 0; i < reads; i++) read.get();
  console.log('done');
});
console.log('ready');
`;

describe('bench: what SQLite statements cost a request', () => {
  it('counts each statement run between two snapshots, per request, and nothing run before the first', async () => {
    const out = join(dir, 'counts.json');
    const child = spawn(process.execPath, ['--require', STATEMENT_COUNTER, '-e', CHILD, join(dir, 'child.db')], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, PROF_STATEMENTS_OUT: out },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const said = async () => (await lines.next()).value as string;
      assert.equal(await said(), 'ready');
      child.stdin!.write('3 0\n'); // run before the first snapshot: not counted
      assert.equal(await said(), 'done');

      const before = await statementSnapshot(child.pid!, out);
      child.stdin!.write('10 5\n');
      assert.equal(await said(), 'done');
      const afterRun = await statementSnapshot(child.pid!, out);

      assert.equal(afterRun.get('insert into t (v) values (?)')?.calls, 13, 'every insert is counted, by its text');
      const report = statementsPerRequest(before, afterRun, 5);
      assert.match(report[0]!, /^SQLite statements a request \(5 requests\): 3\.00 statements, \d+\.\d µs$/);
      const rows = report.slice(2);
      assert.equal(rows.length, 2, 'only what ran between the snapshots');
      assert.ok(
        rows.some((r) => /^ {2}2\.00 +\d+\.\d {3}insert into t \(v\) values \(\?\)$/.test(r)),
        rows.join('\n'),
      );
      assert.ok(
        rows.some((r) => /^ {2}1\.00 +\d+\.\d {3}select count\(\*\) as n from t$/.test(r)),
        rows.join('\n'),
      );
      // run less than once in two hundred requests: in the total, not listed
      const rare = statementsPerRequest(before, afterRun, 4_000);
      assert.match(rare[0]!, /\(4000 requests\): 0\.00 statements/);
      assert.equal(rare.length, 2, rare.join('\n'));
    } finally {
      await stop(child);
    }
  });

  it('a process without the preload is named in the error, not waited for forever', async () => {
    const child = spawn(process.execPath, ['-e', "process.on('SIGUSR2', () => {}); console.log('ready'); setInterval(() => {}, 1000)"], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      assert.equal((await lines.next()).value, 'ready');
      await assert.rejects(
        statementSnapshot(child.pid!, join(dir, 'never.json'), 200),
        /wrote no statement counts .* was statement-counter\.cjs preloaded\?/,
      );
    } finally {
      await stop(child);
    }
  });
});
