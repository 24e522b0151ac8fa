/**
 * docs/errors.md is checked against the error registry: its registry table has exactly one row per
 * core code, in the registry's order, with the registry's status, retryable flag and meaning, and
 * GlobalPay's HTTP status and Code as CORE_ERROR_MAP renders them. A code added, removed or changed
 * in src/core/errors.ts or src/dialects/globalpay/errors.ts fails here until the page says so.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERRORS, ERROR_CODES } from '../../src/core/errors.js';
import { CORE_ERROR_MAP } from '../../src/dialects/globalpay/errors.js';

const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

function registryTable(): string[][] {
  const section = page.split('## Registry and GlobalPay rendering')[1]?.split('\n## ')[0];
  assert.ok(section, 'docs/errors.md has a "Registry and GlobalPay rendering" section');
  return section
    .split('\n')
    .filter((l) => /^\| `/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

describe('docs/errors.md agrees with the error registry', () => {
  const rows = registryTable();

  it('one row per core code, in the registry order', () => {
    assert.deepEqual(
      rows.map((r) => r[0]),
      ERROR_CODES.map((c) => `\`${c}\``),
    );
  });

  for (const code of ERROR_CODES) {
    it(`${code}: status, retryable, meaning and GlobalPay rendering`, () => {
      const row = rows.find((r) => r[0] === `\`${code}\``);
      assert.ok(row, `no row for ${code}`);
      const [, status, retryable, meaning, gpHttp, gpCode] = row;
      const spec = ERRORS[code];
      assert.equal(status, String(spec.status));
      assert.equal(retryable?.replaceAll('*', ''), spec.retryable ? 'yes' : 'no');
      assert.equal(meaning, spec.meaning);
      assert.equal(gpHttp, String(CORE_ERROR_MAP[code].http));
      assert.match(
        gpCode ?? '',
        new RegExp(`^${CORE_ERROR_MAP[code].code} – ${CORE_ERROR_MAP[code].info.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    });
  }
});
