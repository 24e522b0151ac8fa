/**
 * Compares a walletgate answer with a vendor document's example answer: every key the example
 * shows must be there, with the example's value, except where a rule (keyed by the dotted path,
 * e.g. `Payment.BillingAddress.ID`) says what walletgate answers instead: an id, a timestamp, a
 * value of the request, or a deliberate difference (with the reason).
 */
import assert from 'node:assert/strict';

export type SeedRule =
  { kind: 'id' } | { kind: 'time' } | { kind: 'value'; value: unknown; why?: string } | { kind: 'match'; pattern: RegExp; why: string };

export const ID: SeedRule = { kind: 'id' };
export const TIME: SeedRule = { kind: 'time' };
export const value = (v: unknown, why?: string): SeedRule => ({ kind: 'value', value: v, ...(why ? { why } : {}) });

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Asserts `actual` against the example `seed`; returns the paths a rule decided, for the caller to check all were used. */
export function assertLikeSeed(actual: unknown, seed: unknown, rules: Readonly<Record<string, SeedRule>>, path = ''): Set<string> {
  const used = new Set<string>();
  const rule = rules[path];
  if (rule) {
    used.add(path);
    const where = `${path}${'why' in rule && rule.why ? ` (${rule.why})` : ''}`;
    if (rule.kind === 'id') assert.ok(Number.isSafeInteger(actual) && (actual as number) > 0, `${where}: an id, got ${String(actual)}`);
    else if (rule.kind === 'time') assert.match(String(actual), /^\d{14}$/, `${where}: yyyyMMddHHmmss`);
    else if (rule.kind === 'match') assert.match(String(actual), rule.pattern, where);
    else assert.deepEqual(actual, rule.value, where);
    return used;
  }
  if (isObject(seed)) {
    assert.ok(isObject(actual), `${path || 'the answer'}: an object like the seed's, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(seed)) {
      const p = path ? `${path}.${k}` : k;
      assert.ok(Object.hasOwn(actual, k), `${p}: the seed shows it, walletgate's answer lacks it`);
      for (const u of assertLikeSeed(actual[k], v, rules, p)) used.add(u);
    }
    return used;
  }
  assert.deepEqual(actual, seed, `${path}: the seed's value`);
  return used;
}

/** Every rule was needed: a rule for a field the answer no longer differs on is stale. */
export function assertAllUsed(used: ReadonlySet<string>, rules: Readonly<Record<string, SeedRule>>): void {
  assert.deepEqual(
    Object.keys(rules).filter((p) => !used.has(p)),
    [],
    'rules for fields the answer matches the seed on (stale rules)',
  );
}
