/**
 * Prepared statements kept by SQL text (src/sqlite-statements/statement-cache.ts), on a real
 * better-sqlite3 connection.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { cachedStatements } from '../../src/sqlite-statements/statement-cache.js';

function counted() {
  const database = new BetterSqlite3(':memory:');
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof database.prepare;
  return { database, prepared };
}

describe('cached statements', () => {
  it('prepares a text once and hands back the same statement, which runs', () => {
    const { database, prepared } = counted();
    const cache = cachedStatements(database);
    const first = cache.prepare('select 1 + ? as n');
    const again = cache.prepare('select 1 + ? as n');
    assert.equal(again, first);
    assert.deepEqual(prepared, ['select 1 + ? as n']);
    assert.deepEqual(again.get(41), { n: 42 });
    cache.close();
  });

  it('below half full, a hit moves nothing: past its size, the first prepared goes', () => {
    const { database, prepared } = counted();
    const cache = cachedStatements(database, 4);
    const a = cache.prepare('select 1');
    cache.prepare('select 2');
    assert.equal(cache.prepare('select 1'), a); // two of four: not moved
    for (const n of [3, 4, 5]) cache.prepare(`select ${n}`); // five texts: the first prepared goes
    assert.notEqual(cache.prepare('select 1'), a);
    assert.deepEqual(prepared, ['select 1', 'select 2', 'select 3', 'select 4', 'select 5', 'select 1']);
    cache.close();
  });

  it('over half full, the least recently used goes first', () => {
    const { database, prepared } = counted();
    const cache = cachedStatements(database, 4);
    const kept = ['select 1', 'select 2', 'select 3'].map((sql) => cache.prepare(sql));
    assert.equal(cache.prepare('select 1'), kept[0]); // three of four: moved to the back
    cache.prepare('select 4');
    cache.prepare('select 5'); // the least recently used, `select 2`, goes
    assert.equal(cache.prepare('select 1'), kept[0]);
    assert.equal(cache.prepare('select 3'), kept[2]);
    assert.notEqual(cache.prepare('select 2'), kept[1]);
    assert.deepEqual(prepared, ['select 1', 'select 2', 'select 3', 'select 4', 'select 5', 'select 2']);
    cache.close();
  });

  it('close closes the connection', () => {
    const { database } = counted();
    const cache = cachedStatements(database);
    cache.exec('create table t (x)');
    cache.close();
    assert.equal(database.open, false);
  });
});
