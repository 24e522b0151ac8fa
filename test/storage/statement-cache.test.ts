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

  it('past its size drops the statement prepared first, though it was just used, and keeps the others', () => {
    const { database, prepared } = counted();
    const cache = cachedStatements(database, 2);
    const a = cache.prepare('select 1');
    const b = cache.prepare('select 2');
    assert.equal(cache.prepare('select 1'), a); // a hit moves nothing
    cache.prepare('select 3'); // three texts in a cache of two: the first prepared goes
    assert.equal(cache.prepare('select 2'), b);
    assert.notEqual(cache.prepare('select 1'), a); // prepared again
    assert.deepEqual(prepared, ['select 1', 'select 2', 'select 3', 'select 1']);
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
