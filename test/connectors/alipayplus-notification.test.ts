/**
 * The Alipay+ connector reading notifyPayment: signed exactly as the Alipay+ sandbox signs it (its
 * own signing code), S and F become verdicts; a forged, missing or mismatched signature is refused;
 * the acknowledgement is result S, signed with the acquirer's key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '../../src/core/ports/connector.js';
import type { Connector } from '../../src/core/ports/connector.js';
import { createAlipayPlusConnector } from '../../src/connectors/alipayplus/alipayplus-connector.js';
import { verifySignature } from '../../src/connectors/alipayplus/signature.js';
import { signatureHeader as sandboxSignature } from '../../src/sandbox/alipayplus/signature.js';
import { CLIENT_ID, rsaKeyPair } from '../sandbox/alipayplus-harness.js';

const NOTIFY_URL = 'http://127.0.0.1:3000/connectors/alipayplus/notify';
const alipay = rsaKeyPair();
const acquirer = rsaKeyPair();
const connector: Connector = createAlipayPlusConnector({
  baseUrl: 'http://127.0.0.1:9/sandbox/alipayplus',
  clientId: CLIENT_ID,
  privateKeyPem: acquirer.privateKeyPem,
  alipayPublicKeyPem: alipay.publicKeyPem,
  keyVersion: '1',
  notifyUrl: NOTIFY_URL,
  timeoutMs: 5000,
});

function notification(result: object, over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    paymentResult: result,
    paymentRequestId: 'pay_123',
    paymentId: '2026000111',
    paymentAmount: { currency: 'HKD', value: '12345' },
    walletBrandName: 'AlipayHK',
    ...over,
  });
}

function signedBy(privateKeyPem: string, rawBody: string, path = '/connectors/alipayplus/notify'): Record<string, string> {
  const time = '2026-12-01T17:00:00.000Z';
  return {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': CLIENT_ID,
    'request-time': time,
    signature: sandboxSignature({ method: 'POST', path, clientId: CLIENT_ID, time, rawBody }, privateKeyPem),
  };
}

async function refused(headers: Record<string, string>, rawBody: string): Promise<void> {
  await assert.rejects(connector.parseNotification!(headers, rawBody), (e: unknown) => e instanceof ConnectorError && e.kind === 'invalid');
}

const S = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' };

describe('Alipay+ connector: notifyPayment', () => {
  it('reads an S notification signed as the sandbox signs it into a succeeded verdict', async () => {
    const raw = notification(S);
    const n = await connector.parseNotification!(signedBy(alipay.privateKeyPem, raw), raw);
    assert.deepEqual(n, {
      notificationId: '2026000111:S',
      orderId: 'pay_123',
      verdict: { outcome: 'succeeded', amount: 12_345, approvalRef: '2026000111', agreementToken: null, instrument: 'AlipayHK' },
    });
  });

  it('reads F notifications: a refusal fails, a closed order is cancelled', async () => {
    const declined = notification({
      resultCode: 'USER_BALANCE_NOT_ENOUGH',
      resultStatus: 'F',
      resultMessage: 'the wallet refused the payment',
    });
    const a = await connector.parseNotification!(signedBy(alipay.privateKeyPem, declined), declined);
    assert.equal(a.notificationId, '2026000111:F');
    assert.deepEqual(a.verdict, { outcome: 'failed', code: 'USER_BALANCE_NOT_ENOUGH', message: 'the wallet refused the payment' });
    const closed = notification({ resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F', resultMessage: 'timed out' });
    const b = await connector.parseNotification!(signedBy(alipay.privateKeyPem, closed), closed);
    assert.equal(b.verdict.outcome, 'cancelled');
  });

  it('refuses a forged, missing or mismatched signature, a changed body and a U result', async () => {
    const raw = notification(S);
    await refused(signedBy(acquirer.privateKeyPem, raw), raw);
    const { signature: _dropped, ...unsigned } = signedBy(alipay.privateKeyPem, raw);
    await refused(unsigned, raw);
    await refused(signedBy(alipay.privateKeyPem, raw, '/elsewhere'), raw);
    await refused(signedBy(alipay.privateKeyPem, raw), raw.replace('12345', '99999'));
    const u = notification({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'waiting' });
    await refused(signedBy(alipay.privateKeyPem, u), u);
    await refused(signedBy(alipay.privateKeyPem, 'not json'), 'not json');
  });

  it('acknowledges with result S signed by the acquirer over the notify path', () => {
    const ack = connector.acknowledgeNotification!();
    assert.equal(ack.status, 200);
    assert.deepEqual(JSON.parse(ack.body), { result: S });
    const ok = verifySignature(
      {
        method: 'POST',
        path: '/connectors/alipayplus/notify',
        clientId: CLIENT_ID,
        time: ack.headers['response-time']!,
        rawBody: ack.body,
      },
      ack.headers.signature,
      acquirer.publicKeyPem,
    );
    assert.ok(ok);
  });
});
