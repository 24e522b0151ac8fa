/**
 * Alipay+ signatures (upstream.md §2.1) with a fixed key pair and a fixed request: the exact text
 * signed, the header's format, and that the connector's signer and the sandbox's verifier (two
 * companies, two copies) agree. RSA-SHA256 PKCS#1 v1.5 is deterministic, so the signature is fixed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signatureHeader as connectorSign, verifySignature as connectorVerify } from '../../src/connectors/alipayplus/signature.js';
import { signatureHeader as sandboxSign, verifySignature as sandboxVerify } from '../../src/sandbox/alipayplus/signature.js';

/** A 1024-bit test key, for this test only. */
const PRIVATE_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMpeT2rEB9v1T51x',
  'YmtGrtjFPxZOp1kjIdA021eGDAiMW4t64A1fZmXDGJMu/9H7YrNaHkjyqndl7hlE',
  'aM1vJfA52YXgGPhhdv352Q4e5WR7Uih8/ocwCZVshw370qlACwGRJ6fyTre32EdW',
  'arYeY1KiQ1EGhBSwgjK0jvl8aIzNAgMBAAECgYAy6yv8Zzq7A6x2pxLmfzB7ZpYL',
  'HNtKuGZHpyURjq70b6yRGefKNZjkPgSu9AJ2aVRaYHCCVlzCEimovefI2RCoP/Vc',
  'etrnz3n4SmnfUbItaN03Ljma7lpAIzGMirKS88HNV2LyvKQG2pGxVbKAgZCpCEUr',
  'LVGs76UKbcDVo0THWQJBAP+nYOIs5ihaDw1uxRjit4cnC13OMqdL+hG7b7ylqf85',
  'xTbmywls6RZ42NQc0XhgifSKXCDPi3t2dXy/VIu/M9sCQQDKpHXnDGn+N1wWFJ/3',
  'vFUJnRgpo+CJCGWGLQX6YngXWuP34qB+lszh4mX63tu8gN13kdfjzEjaWgs7bJto',
  'CfZ3AkA0/mwt1iLLgIeYQDrpAq4KfQR1KHYFidFHdbQexbRsbHw9+i9iP8o9V0WT',
  'Cno9Wr2eDEQ2pO8D47VM65hJ85N7AkARX8ZoF+1iiXaQwhXxFKmp2FlBALb4qMqj',
  'lWqkzBqFzhorn7epAt7wIwwhVUg7wkS6wrti4ZoBdqTt5GLyqaADAkEAmOxqxXwi',
  'eRVKuVxoAQjUS9pQpRPoAMDk9J1aQsyFJpOAv7w9uVbTBRRaH6A0jQNHFkdMuO7m',
  'UdpOmNJANBDYpQ==',
  '-----END PRIVATE KEY-----',
].join('\n');
const PUBLIC_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDKXk9qxAfb9U+dcWJrRq7YxT8W',
  'TqdZIyHQNNtXhgwIjFuLeuANX2ZlwxiTLv/R+2KzWh5I8qp3Ze4ZRGjNbyXwOdmF',
  '4Bj4YXb9+dkOHuVke1IofP6HMAmVbIcN+9KpQAsBkSen8k63t9hHVmq2HmNSokNR',
  'BoQUsIIytI75fGiMzQIDAQAB',
  '-----END PUBLIC KEY-----',
].join('\n');

const REQUEST = {
  method: 'POST',
  path: '/aps/api/v1/payments/pay',
  clientId: 'SANDBOX_CLIENT',
  time: '2019-04-04T12:08:56+05:30',
  rawBody: '{"paymentRequestId":"pay_1"}',
};

const EXPECTED_SIGNATURE =
  'Y1fdm3fpZU4s%2F5vDrkUkXjF%2F5%2B1wzcgTyA%2Bq7i42Jr%2FF536fUaA%2FOGSp%2BMqEZb9Bo%2B%2FnNuNuni9l9L4AGPk1sL28O5cAgeRRvM%2B6xg4R6t5KioErOrzAYk2XfnS%2F7WyeptnfmSevLT%2Fg5ZqyHoWeRse6Vsl0hm518Cmt7qRvkPU%3D';

describe('Alipay+ signatures', () => {
  it('signs METHOD path, newline, clientId.time.body, URL-encoded base64, in the SDK header format', () => {
    assert.equal(connectorSign(REQUEST, PRIVATE_KEY), `algorithm=RSA256,keyVersion=1,signature=${EXPECTED_SIGNATURE}`);
    assert.equal(sandboxSign(REQUEST, PRIVATE_KEY, '2'), `algorithm=RSA256,keyVersion=2,signature=${EXPECTED_SIGNATURE}`);
  });

  it('the connector and the sandbox verify each other, leniently about spaces and keyVersion', () => {
    assert.equal(sandboxVerify(REQUEST, connectorSign(REQUEST, PRIVATE_KEY), PUBLIC_KEY), true);
    assert.equal(connectorVerify(REQUEST, sandboxSign(REQUEST, PRIVATE_KEY), PUBLIC_KEY), true);
    assert.equal(connectorVerify(REQUEST, `algorithm=RSA256, keyVersion=0, signature=${EXPECTED_SIGNATURE}`, PUBLIC_KEY), true);
  });

  it('refuses a changed body, path, time or client id, a missing or garbled signature', () => {
    const header = connectorSign(REQUEST, PRIVATE_KEY);
    for (const changed of [
      { ...REQUEST, rawBody: '{"paymentRequestId":"pay_2"}' },
      { ...REQUEST, rawBody: `${REQUEST.rawBody} ` },
      { ...REQUEST, path: '/aps/api/v1/payments/refund' },
      { ...REQUEST, time: '2019-04-04T12:08:57+05:30' },
      { ...REQUEST, clientId: 'OTHER' },
    ])
      assert.equal(connectorVerify(changed, header, PUBLIC_KEY), false, JSON.stringify(changed));
    assert.equal(sandboxVerify(REQUEST, undefined, PUBLIC_KEY), false);
    assert.equal(sandboxVerify(REQUEST, 'algorithm=RSA256,keyVersion=1', PUBLIC_KEY), false);
    assert.equal(sandboxVerify(REQUEST, 'algorithm=RSA256,keyVersion=1,signature=%E0%A4%A', PUBLIC_KEY), false);
    assert.equal(sandboxVerify(REQUEST, header, 'not a key'), false);
  });
});
