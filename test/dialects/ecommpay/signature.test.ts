import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { ecommpay } from '../../helpers/ecommpay-package.js';
import { sign, signatureMatches, signedText, withoutSignature, PAYMENT_PAGE_UNSIGNED } from '../../../src/dialects/ecommpay/signature.js';

/** The package's own converter (not in its typings): the signed text, before the HMAC. */
const packageText = createRequire(import.meta.url)('ecommpay/src/converter.js') as (obj: object, ignored: string[]) => string;

describe('ecommpay signature', () => {
  it("matches the SDKs' published test vector", () => {
    const data = {
      customer: { project_id: 0, id: 'sutm_id' },
      card: { pan: '4242424242424242', year: 2020, month: 8, card_holder: 'John Smith', cvv: '123', save: true },
    };
    assert.equal(
      signedText(data),
      'card:card_holder:John Smith;card:cvv:123;card:month:8;card:pan:4242424242424242;card:save:1;card:year:2020;customer:id:sutm_id;customer:project_id:0',
    );
    assert.equal(sign(data, 'secret'), 'lY0LTSAzpR7zGce5qfYGacOuYlHGWqkMcQlqmjlsDDZI2gVcE1qVeWANnkIR7mdOqRXJnL1kO0lUmkQ0YYLWRg==');
    assert.equal(ecommpay.signer(data, 'secret'), sign(data, 'secret'));
  });

  it('orders array items 10 and up after 9, as the package does, and writes null and empty containers as it does', () => {
    const data = { a: Array.from({ length: 12 }, (_, i) => i), b: null, c: {}, d: [], e: false };
    assert.equal(sign(data, 'k'), ecommpay.signer(data, 'k'));
    assert.ok(signedText(data).includes('a:9:9;a:10:10;a:11:11;b:;e:0'), signedText(data));
  });

  it("agrees with the package's signer on any JSON object", () => {
    const json = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(json, fc.string({ minLength: 1, maxLength: 20 }), (obj, secret) => {
        assert.equal(sign(obj, secret), ecommpay.signer(obj, secret));
      }),
      { numRuns: 300 },
    );
  });

  it('orders keys that look like numbers as the package does, at every level, with keys left out too', () => {
    const numberish = fc.constantFrom(
      '0',
      '1',
      '9',
      '10',
      '01',
      '007',
      '-1',
      '1.5',
      '1e3',
      ' 1',
      '4294967294',
      '4294967295',
      '99999999999',
      'frame_mode',
      'a',
      'B',
      '',
    );
    const key = fc.oneof(numberish, fc.string({ maxLength: 4 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string({ maxLength: 3 }),
        fc.boolean(),
        fc.constant(null),
        fc.dictionary(key, tie('node'), { maxKeys: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (obj) => {
        // the text the package writes, with nothing left out (Gate requests) and with frame_mode left out (its signer)
        assert.equal(signedText(obj), packageText(obj, []));
        assert.equal(signedText(obj, PAYMENT_PAGE_UNSIGNED), packageText(obj, ['frame_mode']));
        assert.equal(sign(obj, 'k', PAYMENT_PAGE_UNSIGNED), ecommpay.signer(obj, 'k'));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves frame_mode out for the Payment Page', () => {
    const params = { project_id: 210, frame_mode: 'iframe', payment_id: 'p1' };
    assert.equal(signedText(params, PAYMENT_PAGE_UNSIGNED), 'payment_id:p1;project_id:210');
    assert.equal(sign(params, 's', PAYMENT_PAGE_UNSIGNED), ecommpay.signer(params, 's'));
  });

  it("verifies in constant time and produces what the package's Callback accepts", () => {
    const body = { project_id: 210, payment: { id: 'p1', status: 'success' }, operation: { id: 1, type: 'sale' } };
    const signature = sign(body, 'top-secret');
    assert.equal(signatureMatches(body, signature, 'top-secret'), true);
    assert.equal(signatureMatches(body, signature, 'other'), false);
    assert.equal(signatureMatches(body, signature.slice(1), 'top-secret'), false);
    const cb = new ecommpay.Callback('top-secret', JSON.stringify({ ...body, signature }));
    assert.equal(cb.getPaymentId(), 'p1');
    assert.throws(() => new ecommpay.Callback('other', JSON.stringify({ ...body, signature })), /Invalid signature/);
  });

  it('finds the signature at the top or in general, and signs the rest', () => {
    const gate = { general: { project_id: 210, payment_id: 'x', signature: 'abc' }, payment: { amount: 1000, currency: 'KRW' } };
    const { unsigned, signature } = withoutSignature(gate);
    assert.equal(signature, 'abc');
    assert.deepEqual(unsigned, { general: { project_id: 210, payment_id: 'x' }, payment: { amount: 1000, currency: 'KRW' } });
    assert.equal(gate.general.signature, 'abc');
  });
});
