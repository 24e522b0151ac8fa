/**
 * The connector seam (docs/adr/0011-connector-seam.md): src/core decides on neutral outcomes and keeps
 * wallet data opaque, so no wallet's codes or field names may appear in its code or comments.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE = fileURLToPath(new URL('../../src/core', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/['"`]-7\d\d['"`]|-7\d\d\b/, 'a KakaoPay error code'],
  [/pg_token|pgToken/i, "KakaoPay's approval token"],
  [/partner_?(order|user)_?id/i, "KakaoPay's partner ids"],
];

describe('src/core speaks no wallet', () => {
  it('has no KakaoPay error codes or KakaoPay-named fields', () => {
    const found: string[] = [];
    for (const file of tsFiles(CORE)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [re, what] of FORBIDDEN) if (re.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
        });
    }
    assert.deepEqual(found, []);
  });
});
