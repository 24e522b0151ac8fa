/**
 * Expectations the input-limit suites share: a list of requests that must each be refused with a
 * given status, in the shape of the API their URL aims at (api-formats.ts), saying what they must
 * say, logging nothing at warn or above, and all together writing nothing.
 */
import assert from 'node:assert/strict';
import { errorShapeProblem, surfaceOf } from './api-formats.js';
import type { Reply, World } from './fuzz-world.js';

export interface RefusalCase {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  /** what the answer must say: GlobalPay Info, Adyen message, Checkout.com error_codes, or page text */
  says?: RegExp;
}

function answerText(res: Reply): string {
  if (res.json && typeof res.json === 'object') return JSON.stringify(res.json);
  return res.text;
}

/** Sends every case, then fails with every case that was not refused as it says, and if anything was written. */
export async function expectRefused(w: World, cases: RefusalCase[]): Promise<void> {
  const before = await w.fingerprint();
  w.takeLogLines();
  const failures: string[] = [];
  for (const c of cases) {
    const res = await w.send(c.method, c.path, c.headers ?? {}, c.body);
    const what = `${c.label}: ${c.method} ${c.path.slice(0, 80)} → ${res.status} ${res.text.slice(0, 300)}`;
    if (res.status !== c.status) failures.push(`${what} (expected ${c.status})`);
    const shape = errorShapeProblem(surfaceOf(c.path), c.method, c.path, res);
    if (shape) failures.push(`${what}: ${shape}`);
    if (c.says && !c.says.test(answerText(res))) failures.push(`${what}: does not say ${c.says}`);
    const logged = w.takeLogLines();
    if (logged.length > 0) failures.push(`${what}: logged ${JSON.stringify(logged).slice(0, 300)}`);
  }
  assert.deepEqual(await w.fingerprint(), before, 'the refused requests wrote nothing');
  assert.deepEqual(failures, []);
}

/** JSON request headers with the demo merchant's credentials, per API. */
export function demoHeaders(w: World): Record<'globalpay' | 'adyen' | 'checkoutcom', Record<string, string>> {
  return {
    globalpay: { authorization: w.keys.globalpay, 'content-type': 'application/json' },
    adyen: { 'x-api-key': w.keys.adyen, 'content-type': 'application/json' },
    checkoutcom: { authorization: `Bearer ${w.keys.checkoutcom}`, 'content-type': 'application/json' },
  };
}
