/**
 * A one-time payment that also asked to keep the payment method (Adyen storePaymentMethod,
 * Checkout.com payment_type Recurring): when the wallet approves it under the recurring contract it
 * returns an agreement token (KakaoPay SID), and walletgate records it as an active preapproval in
 * the same transaction as the payment's success. Later merchant-initiated charges use that
 * preapproval like any other.
 */
import type { Repos, PaymentPatch } from '../../storage/store.js';
import type { CoreDeps } from '../deps.js';
import { newCustomerToken } from '../ids.js';
import type { Payment, Preapproval } from '../model.js';
import { changePayment, recordPreapprovalCreated, type OperationNote } from '../record-change.js';

async function storeAgreementFromPayment(tx: Repos, payment: Payment, agreementToken: string): Promise<Preapproval> {
  const pre = await tx.preapprovals.insert({
    merchantId: payment.merchantId,
    dialect: payment.dialect,
    reference: payment.reference,
    uniqueReference: null,
    method: payment.method,
    connector: payment.connector,
    currency: payment.currency,
    description: payment.description,
    returnUrl: payment.returnUrl,
    customer: payment.customer,
    customerRef: payment.customer?.merchantCustomerId ?? null,
    originPaymentId: payment.id,
    billingAddress: payment.billingAddress,
    recurringPeriod: null,
    maxAmount: null,
    status: 'active',
    customerToken: newCustomerToken(),
    expiresAt: null,
    agreementToken,
    connectorState: {
      ...(payment.connectorState.ref ? { ref: payment.connectorState.ref } : {}),
      ...(payment.connectorState.partnerUserId ? { partnerUserId: payment.connectorState.partnerUserId } : {}),
    },
    failureCode: null,
    failureMessage: null,
    extras: { originPaymentId: payment.id },
  });
  await recordPreapprovalCreated(tx, pre, `Agreement stored with payment ${payment.id}`);
  return pre;
}

/**
 * Records a payment the wallet approved (customer return, or the sweeper settling a lost answer):
 * the payment's success and, for a payment made under the recurring contract, the agreement it
 * stored — one transaction, one payment event that names the agreement (so a webhook can carry the
 * token), then the agreement's own event. A recurring payment approved without a token is
 * flagged for review: the customer agreed, and the merchant must not silently lose that.
 */
export async function recordApprovedPayment(
  deps: Pick<CoreDeps, 'notify' | 'log'>,
  tx: Repos,
  payment: Payment,
  patch: PaymentPatch,
  note: OperationNote,
  agreementToken: string | null,
): Promise<Payment> {
  const wantsAgreement = payment.connectorState.recurringContract === true && payment.preapprovalId === null;
  const agreement = wantsAgreement && agreementToken ? await storeAgreementFromPayment(tx, payment, agreementToken) : undefined;
  const missing = wantsAgreement && !agreementToken;
  const paid = await changePayment(
    deps,
    tx,
    payment,
    missing ? { ...patch, connectorState: { ...(patch.connectorState ?? payment.connectorState), needsReview: true } } : patch,
    note,
    agreement ? { storedAgreement: agreement } : {},
  );
  if (agreement) await deps.notify(tx, { type: 'preapproval.updated', preapproval: agreement });
  if (missing) {
    deps.log.error({ paymentId: payment.id }, 'recurring payment approved but the wallet gave no agreement token; flagged for review');
  }
  return paid;
}
