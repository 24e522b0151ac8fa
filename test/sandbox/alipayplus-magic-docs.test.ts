/** docs/sandbox.md lists every magic value of the Alipay+ sandbox, with its effect. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALIPAYPLUS_MAGIC } from '../../src/sandbox/alipayplus/plugin.js';

it('docs/sandbox.md lists every Alipay+ magic value', () => {
  const doc = readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('# The Alipay+ sandbox'));
  assert.deepEqual(Object.keys(ALIPAYPLUS_MAGIC).sort(), ['badsig', 'decline', 'lost', 'slow', 'unknown']);
  for (const m of Object.values(ALIPAYPLUS_MAGIC)) assert.ok(section.includes(`| \`${m.marker}\` |`), m.marker);
});
