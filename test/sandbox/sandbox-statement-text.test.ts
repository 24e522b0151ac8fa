import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statementText } from '../../src/sandbox/state/open-sandbox-db.js';

describe("a sandbox statement's text for each database", () => {
  const text = 'select "doc" from {sandbox_payments} where "tid" = ? and "cid" = ? {forUpdate}';

  it('SQLite: tables as they are, ? placeholders, no FOR UPDATE (its immediate transaction already excludes writers)', () => {
    assert.equal(
      statementText(text, { schema: null, forUpdate: false }),
      'select "doc" from "sandbox_payments" where "tid" = ? and "cid" = ?',
    );
  });

  it("PostgreSQL: tables qualified with the sandbox's schema, numbered placeholders, FOR UPDATE", () => {
    assert.equal(
      statementText(text, { schema: 'wg_sandbox', forUpdate: true }),
      'select "doc" from "wg_sandbox"."sandbox_payments" where "tid" = $1 and "cid" = $2 for update',
    );
  });

  it('numbers every placeholder of a statement in order', () => {
    const insert = 'insert into {t} ("a", "b", "c") values (?, ?, ?) on conflict ("a") do update set "b" = excluded."b"';
    assert.equal(
      statementText(insert, { schema: 's', forUpdate: true }),
      'insert into "s"."t" ("a", "b", "c") values ($1, $2, $3) on conflict ("a") do update set "b" = excluded."b"',
    );
  });
});
