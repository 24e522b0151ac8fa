/**
 * Rows read as arrays and decoded (src/storage/sqlite/array-rows.ts) are the objects better-sqlite3
 * builds itself: the same keys in the same order, the same values and types, for one row, many,
 * none, and the column lists a literal cannot build (a repeated name, `__proto__`).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { readRows } from '../../src/storage/sqlite/array-rows.js';

describe('rows read as arrays (sqlite)', () => {
  const db = new BetterSqlite3(':memory:');
  after(() => db.close());
  db.exec(`create table t (id integer primary key, name text, amount bigint, ratio real, data blob, empty text);
    insert into t (name, amount, ratio, data, empty) values ('a', 9007199254740991, 0.5, x'00ff', null), ('ß 😀', -1, 1e300, null, '');`);

  /** What better-sqlite3 gives for the same SQL on a statement of its own. */
  const asObjects = (sql: string, params: unknown[] = []): unknown[] => db.prepare(sql).all(params);

  for (const [what, sql, params] of [
    ['every column, many rows', 'select * from t order by id', []],
    ['one row, with a parameter', 'select name, id, empty from t where id = ?', [2]],
    ['no row', 'select * from t where id = ?', [42]],
    ['expressions and aliases', 'select count(*) as n, \'x\' as "weird ""name""", 1 + 1 from t', []],
    ['a returning clause', "insert into t (name) values ('c') returning id, name", []],
  ] as const) {
    it(what, () => {
      const stmt = db.prepare(sql);
      const rows = readRows(stmt, params);
      if (sql.startsWith('insert')) {
        assert.deepEqual(rows, [{ id: 3, name: 'c' }]);
        assert.deepEqual(Object.keys(rows[0] as object), ['id', 'name']);
        return;
      }
      const expected = asObjects(sql, [...params]);
      assert.deepEqual(rows, expected);
      for (let i = 0; i < rows.length; i++) assert.deepEqual(Object.keys(rows[i] as object), Object.keys(expected[i] as object));
      // the statement stays usable, and gives the same again
      assert.deepEqual(readRows(stmt, params), expected);
    });
  }

  it('a repeated column name or __proto__: read as objects, as better-sqlite3 builds them', () => {
    for (const sql of ['select id, name as id from t order by id', 'select id as "__proto__", name from t order by id']) {
      const rows = readRows(db.prepare(sql), []);
      assert.deepEqual(rows, asObjects(sql));
      for (const r of rows) assert.equal(Object.getPrototypeOf(r), Object.prototype);
    }
  });
});
