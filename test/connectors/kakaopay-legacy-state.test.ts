/**
 * Rows written before the connector seam (ADR 0011) kept KakaoPay's partner ids at the top level of
 * the payment's state and left the CID to a `recurring` flag the core computed. They must still
 * work: the core hands over their whole state (walletDataOf) and the connector's decoder reads it.
 * Real sandbox, real HTTP: a legacy-shaped subscription payment is approved, looked up and refunded
 * on the subscription CID, a legacy one-time payment on the one-time CID.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Connector } from '../../src/core/ports/connector.js';
import type { ConnectorState } from '../../src/core/model.js';
import { createKakaoPayConnector } from '../../src/connectors/kakaopay/kakaopay-connector.js';
import { decodeWalletData } from '../../src/connectors/kakaopay/wallet-data.js';
import { walletDataOf } from '../../src/core/wallet-checkout.js';
import { driveCustomer } from '../../src/sandbox/customer-driver.js';
import { CID, SECRET, SUB_CID, startHarness } from '../sandbox/kakaopay-harness.js';
import type { Harness } from '../sandbox/kakaopay-harness.js';

let h: Harness;
let kakao: Connector;
before(async () => {
  h = await startHarness({});
  kakao = createKakaoPayConnector({ baseUrl: h.base, secretKey: SECRET, cids: { oneTime: CID, subscription: SUB_CID } });
});
after(async () => h.close());

/** The state the code before the seam wrote for an opened checkout. */
function legacyState(ref: string, orderId: string, userId: string, extra: Record<string, unknown> = {}): ConnectorState {
  return { ref, partnerOrderId: orderId, partnerUserId: userId, desktopUrl: 'x', mobileUrl: 'y', ...extra } as ConnectorState;
}

async function openAndApproveByCustomer(orderId: string, recurring: boolean, amount: number) {
  const started = await kakao.startPayment({
    method: 'kakaopay',
    orderId,
    customerRef: 'legacy-user',
    itemName: 'Legacy row',
    amount,
    currency: 'KRW',
    recurring,
    returnUrls: { approve: 'http://gw.example/a', cancel: 'http://gw.example/c', fail: 'http://gw.example/f' },
  });
  const { finalUrl } = await driveCustomer({ url: started.mobileUrl, action: 'approve' });
  return { ref: started.ref, returnParams: Object.fromEntries(new URL(finalUrl).searchParams) };
}

describe('KakaoPay rows written before the connector seam', () => {
  it('the decoder reads the old top-level ids and picks the CID the old code would have', () => {
    const oneTime = walletDataOf({ connectorState: legacyState('T1', '7', 'u'), preapprovalId: null });
    assert.deepEqual(decodeWalletData(oneTime), { cid: 'one_time', partnerOrderId: '7', partnerUserId: 'u' });
    const storing = walletDataOf({ connectorState: legacyState('T2', '8', 'u', { recurringContract: true }), preapprovalId: null });
    assert.equal(decodeWalletData(storing).cid, 'subscription');
    const charge = walletDataOf({ connectorState: legacyState('T3', '9', 'u'), preapprovalId: 4 });
    assert.equal(decodeWalletData(charge).cid, 'subscription');
    const preapproval = walletDataOf({ connectorState: legacyState('T4', 'pre-4', 'u') });
    assert.equal(decodeWalletData(preapproval).cid, 'subscription');
  });

  it('a legacy payment that stores an agreement is approved, looked up and refunded on the subscription CID', async () => {
    const { ref, returnParams } = await openAndApproveByCustomer('legacy-sub-1', true, 5000);
    const wallet = walletDataOf({
      connectorState: legacyState(ref, 'legacy-sub-1', 'legacy-user', { recurringContract: true }),
      preapprovalId: null,
    });
    const done = await kakao.completePayment({ ref, wallet, returnParams, amount: 5000 });
    assert.match(done.agreementToken ?? '', /^S/);
    assert.equal((await kakao.lookupPayment(ref, wallet)).state, 'succeeded');
    const back = await kakao.refund({ ref, amount: 5000, currency: 'KRW', refundId: 'legacy-rf' }, wallet);
    assert.equal(back.refundableAmount, 0);
  });

  it('a legacy one-time payment is approved and looked up on the one-time CID', async () => {
    const { ref, returnParams } = await openAndApproveByCustomer('legacy-one-1', false, 3000);
    const wallet = walletDataOf({ connectorState: legacyState(ref, 'legacy-one-1', 'legacy-user'), preapprovalId: null });
    const done = await kakao.completePayment({ ref, wallet, returnParams, amount: 3000 });
    assert.equal(done.agreementToken, null);
    assert.equal((await kakao.lookupPayment(ref, wallet)).state, 'succeeded');
  });
});
