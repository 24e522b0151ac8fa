/** Credentials, content types, body limits, unknown routes and other merchants' ids, on every endpoint. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertGpError, kakaoPayment, kakaoPreapproval, OTHER_AUTH, SEED_AUTH, SEED_KEYS, startHarness, type Harness } from './harness.js';

type Root = 'Payment' | 'Preapproval' | 'Refund';

describe('GlobalPay authentication and transport', () => {
  let h: Harness;
  let payment: number;
  let preapproval: number;
  const logLines: string[] = [];
  let endpoints: [string, string, unknown, Root][] = [];
  before(async () => {
    h = await startHarness({ logLines });
    payment = (await h.gp('POST', '/v1/payments', kakaoPayment('auth-pay'))).json.Payment.ID;
    await h.customerReturns('payment', payment);
    preapproval = (await h.gp('POST', '/v1/preapprovals', kakaoPreapproval('auth-pre'))).json.Preapproval.ID;
    endpoints = [
      ['POST', '/v1/payments', kakaoPayment('auth-new'), 'Payment'],
      ['GET', `/v1/payments/${payment}`, undefined, 'Payment'],
      ['GET', '/v1/payments', undefined, 'Payment'],
      [
        'POST',
        '/v1/payments/recurrent',
        { Payment: { PreapprovalID: preapproval, MerchantTransactionID: 'auth-rec', Amount: 1, Currency: 'KRW' } },
        'Payment',
      ],
      ['POST', `/v1/payments/${payment}/refunds`, { Refund: { MerchantTransactionID: 'auth-rf', Amount: 1 } }, 'Refund'],
      ['GET', `/v1/payments/${payment}/refunds`, undefined, 'Refund'],
      ['GET', `/v1/payments/${payment}/refunds/1`, undefined, 'Refund'],
      ['GET', `/v1/payments/${payment}/refunds/types`, undefined, 'Refund'],
      ['POST', '/v1/preapprovals', kakaoPreapproval('auth-pre-2'), 'Preapproval'],
      ['GET', '/v1/preapprovals', undefined, 'Preapproval'],
      ['GET', `/v1/preapprovals/${preapproval}`, undefined, 'Preapproval'],
      ['GET', `/v1/preapprovals/${preapproval}/payments`, undefined, 'Preapproval'],
      ['DELETE', `/v1/preapprovals/${preapproval}`, undefined, 'Preapproval'],
    ];
  });
  after(async () => h.close());

  const badCredentials: [string, string | null, string][] = [
    ['no Authorization header', null, '127'],
    ['a Bearer token', 'Bearer abc', '127'],
    ['Basic without a colon', `Basic ${Buffer.from('30201').toString('base64')}`, '127'],
    ['Basic that is not base64', 'Basic ***', '127'],
    ['the wrong key for the site', `Basic ${Buffer.from('30201:not-the-key').toString('base64')}`, '3'],
    ['a right key for another site', `Basic ${Buffer.from(`30202:${SEED_KEYS[0]}`).toString('base64')}`, '3'],
    ['a non-numeric site', `Basic ${Buffer.from(`abc:${SEED_KEYS[0]}`).toString('base64')}`, '3'],
    ['an empty key', `Basic ${Buffer.from('30201:').toString('base64')}`, '3'],
  ];
  for (const [what, auth, code] of badCredentials) {
    it(`${what}: 401 code ${code} on every endpoint, nothing stored or called`, async () => {
      const before = await h.counts();
      const calls = h.wallet.calls.length;
      for (const [method, path, body, root] of endpoints) {
        const res = await h.gp(method, path, body, { auth });
        assertGpError(res, 401, root, code);
        assert.doesNotMatch(res.text, /auth-pay|auth-pre/);
      }
      assert.deepEqual(await h.counts(), before);
      assert.equal(h.wallet.calls.length, calls);
    });
  }

  it('another merchant’s ids are 404 with nothing of the record in the body', async () => {
    const before = await h.counts();
    for (const [method, path, body, root] of endpoints) {
      if (!/\/\d+/.test(path)) continue;
      const res = await h.gp(method, path, body, { auth: OTHER_AUTH });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.deepEqual(Object.keys(res.json), [root]);
      assert.doesNotMatch(res.text, /auth-pay|auth-pre|KRW|wg\.test/);
    }
    assert.deepEqual(await h.counts(), before);
  });

  it('wrong content types are 415 in the envelope; a missing one too', async () => {
    const before = await h.counts();
    for (const [method, path, body, root] of endpoints) {
      if (method !== 'POST') continue;
      const payload = JSON.stringify(body);
      assertGpError(await h.gp(method, path, payload, { headers: { 'content-type': 'text/plain' } }), 415, root, '2', /Content-Type/);
      assertGpError(
        await h.gp(method, path, payload, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        415,
        root,
        '2',
      );
      const res = await h.app.inject({
        method: 'POST',
        url: `/globalpay${path}`,
        headers: { authorization: SEED_AUTH },
        payload: Buffer.from(payload),
      });
      assert.ok(res.statusCode === 415 || res.statusCode === 400, `${path}: ${res.statusCode}`);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(Object.keys(res.json()), [root]);
    }
    assert.deepEqual(await h.counts(), before);
  });

  it('a body over 64 KiB is 413 in the envelope, on every POST', async () => {
    const before = await h.counts();
    for (const [method, path, , root] of endpoints) {
      if (method !== 'POST') continue;
      const huge = JSON.stringify({ [root]: { Description: 'x'.repeat(70 * 1024) } });
      assertGpError(await h.gp(method, path, huge), 413, root, '2', /at most 65536 bytes/);
    }
    assert.deepEqual(await h.counts(), before);
  });

  it('malformed JSON and wrong JSON types are 400 on every POST', async () => {
    const before = await h.counts();
    for (const [method, path, , root] of endpoints) {
      if (method !== 'POST') continue;
      for (const body of ['{', '{"a":1,}', 'null', '"text"', '42', `{"${root}": [1]}`, `{"${root}": null}`, `{"__proto__": {"x": 1}}`]) {
        const res = await h.gp(method, path, body);
        assert.equal(res.status, 400, `${path} ${body}: ${res.text}`);
        assert.deepEqual(Object.keys(res.json), [root]);
        assert.ok(['1', '2'].includes(res.json[root].Status.Reasons[0].Code), res.text);
      }
    }
    assert.deepEqual(await h.counts(), before);
  });

  it('an unknown route or method is 404 in the envelope', async () => {
    for (const [method, path, root] of [
      ['GET', '/v1/nothing', 'Payment'],
      ['PUT', `/v1/payments/${payment}`, 'Payment'],
      ['POST', `/v1/payments/${payment}/capture`, 'Payment'],
      ['GET', '/v1/refunds/types/1135/KR/KRW', 'Refund'],
    ] as const) {
      assertGpError(await h.gp(method, path), 404, root, '11', /is not a GlobalPay endpoint/);
    }
  });

  it('every answer is application/json; charset=utf-8', async () => {
    for (const [method, path, body] of endpoints) {
      const res = await h.gp(method, path, body);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8', `${method} ${path}`);
    }
  });

  it('never logs the Authorization header or an API key', () => {
    assert.ok(logLines.length > 10, 'the test logger saw requests');
    const all = logLines.join('\n');
    for (const secret of [...SEED_KEYS, SEED_AUTH, SEED_AUTH.slice(6), 'not-the-key', OTHER_AUTH.slice(6)]) {
      assert.equal(all.includes(secret), false, `log contains ${secret.slice(0, 8)}…`);
    }
    assert.doesNotMatch(all, /authorization/i);
  });
});
