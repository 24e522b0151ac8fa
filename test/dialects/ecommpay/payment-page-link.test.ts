/**
 * Reading a Payment Page link (src/dialects/ecommpay/payment-page-request.ts) against the official
 * package: whatever parameters a merchant gives `new Payment(…)` — text, numbers, booleans, in any
 * order, with frame_mode — the URL `getUrl()` builds, parsed back, passes the signature check with
 * the project's secret, and fails it with another secret or one changed value.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ecommpay } from '../../helpers/ecommpay-package.js';
import {
  linkSignatureMatches,
  PageRefusal,
  readPaymentPageRequest,
  readSignedLink,
} from '../../../src/dialects/ecommpay/payment-page-request.js';

const SECRET = 'project-secret';

/** The query of a link as the server's query parser hands it over: name → value, in order. */
function queryOf(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URL(url).searchParams) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

const build = (params: Record<string, unknown>, secret = SECRET) =>
  new ecommpay.Payment('210', secret, params, 'http://127.0.0.1:1/ecommpay').getUrl();

const name = fc
  .stringMatching(/^[a-z][a-z_]{0,19}$/)
  .filter((n) => !['signature', 'project_id', 'interface_type', '__proto__'].includes(n));
const value = fc.oneof(
  fc.string({ maxLength: 30, unit: 'grapheme' }).filter((s) => !s.includes('\u0000')),
  fc.integer({ min: 0, max: 1e9 }),
  fc.boolean(),
  fc.constantFrom('true', 'false', '', 'a b+c&d=e', '{"id":22}', 'кофе', '커피'),
);

describe('Payment Page links read back', () => {
  it('any parameters the package signs pass, and fail with another secret or a changed value', () => {
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 6 }), (params) => {
        const url = build(params);
        const link = readSignedLink(queryOf(url));
        assert.equal(link.projectId, 210);
        assert.equal(linkSignatureMatches(link, SECRET), true, url);
        assert.equal(linkSignatureMatches(link, 'other-secret'), false);
        const changed = { ...link, params: link.params.map(([k, v]) => [k, k === 'project_id' ? '211' : v] as const) };
        assert.equal(linkSignatureMatches(changed, SECRET), false);
      }),
      { numRuns: 300 },
    );
  });

  it('frame_mode is not signed; interface_type is', () => {
    const url = build({ payment_id: 'p1', frame_mode: 'iframe' });
    assert.match(url, /interface_type=%7B%22id%22%3A22%7D/);
    const q = queryOf(url);
    assert.equal(linkSignatureMatches(readSignedLink({ ...q, frame_mode: 'popup' }), SECRET), true);
    assert.equal(linkSignatureMatches(readSignedLink({ ...q, interface_type: '{"id":23}' }), SECRET), false);
  });

  it('more than six true/false values: all booleans, all text, or the Payment Page’s boolean parameters as booleans', () => {
    const flags = { a: true, b: false, c: true, d: false, e: true, f: false, g: true };
    assert.equal(linkSignatureMatches(readSignedLink(queryOf(build(flags))), SECRET), true);
    const words = { a: 'true', b: 'false', c: 'true', d: 'false', e: 'true', f: 'false', g: 'true' };
    assert.equal(linkSignatureMatches(readSignedLink(queryOf(build(words))), SECRET), true);
    const mixed = { ...words, redirect: true, redirect_on_mobile: false };
    assert.equal(linkSignatureMatches(readSignedLink(queryOf(build(mixed))), SECRET), true);
  });

  it('reads the request: minor units, the forced method, the return URLs; refuses what it cannot serve', () => {
    const link = readSignedLink(
      queryOf(
        build({
          payment_id: 'p1',
          payment_amount: 1000,
          payment_currency: 'KRW',
          customer_id: 'c1',
          force_payment_method: 'kakaopay-wallet',
          redirect_success_url: 'https://shop.example/ok',
          merchant_fail_url: 'https://shop.example/fail',
          customer_email: 'a@example.com',
          best_before: '2030-01-01T00:00:00+00:00',
        }),
      ),
    );
    const r = readPaymentPageRequest(link, new Date('2026-12-01T00:00:00Z'));
    assert.equal(r.amount, 1000);
    assert.equal(r.forced?.core, 'kakaopay');
    assert.equal(r.successUrl, 'https://shop.example/ok');
    assert.equal(r.failUrl, 'https://shop.example/fail');
    assert.deepEqual(r.customer, { email: 'a@example.com' });
    const expired = () => readPaymentPageRequest(link, new Date('2031-01-01T00:00:00Z'));
    assert.throws(expired, (e: unknown) => e instanceof PageRefusal && e.problem.status === 410);
    for (const bad of [
      {},
      { signature: 'x' },
      { project_id: '210' },
      { project_id: '0', signature: 'x' },
      { project_id: ['1', '2'], signature: 'x' },
    ]) {
      assert.throws(
        () => readSignedLink(bad),
        (e: unknown) => e instanceof PageRefusal && e.problem.status === 400,
      );
    }
  });
});
