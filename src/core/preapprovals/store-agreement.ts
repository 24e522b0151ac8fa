/**
 * A one-time payment that also asked to keep the payment method (Adyen storePaymentMethod): when the
 * wallet approves it under the recurring contract it returns an agreement token (KakaoPay SID), and
 * walletgate records it as an active preapproval in the same transaction as the payment's success.
 * Later merchant-initiated charges use that preapproval like any other.
 */
import type { Repos } from '../../storage/store.js';
import type { CoreDeps } from '../deps.js';
import { newCustomerToken } from '../ids.js';
import type { Payment, Preapproval } from '../model.js';
import { recordPreapprovalCreated } from '../record-change.js';

export async function storeAgreementFromPayment(
  deps: Pick<CoreDeps, 'notify'>,
  tx: Repos,
  payment: Payment,
  agreementToken: string,
): Promise<Preapproval> {
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
  await deps.notify(tx, { type: 'preapproval.updated', preapproval: pre });
  return pre;
}
