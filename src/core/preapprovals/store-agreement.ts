/**
 * A one-time payment that also asked to keep the payment method (Adyen storePaymentMethod,
 * Checkout.com payment_type Recurring) opens a pending agreement with it. When the wallet approves
 * the payment under the recurring contract it returns an agreement token (KakaoPay SID), and
 * walletgate makes the agreement active in the same transaction as the payment's success
 * (`recordApprovedPayment`); when the payment ends unpaid, the agreement ends with it
 * (`recordUnpaidPayment`). Later merchant-initiated charges use the agreement like any other.
 */
import { agreementOpenedBy } from './find-preapprovals.js';
import type { Repos, PaymentPatch } from '../ports/store.js';
import type { CoreDeps } from '../deps.js';
import { newCustomerToken } from '../ids.js';
import type { ConnectorState, Payment, PaymentStatus, Preapproval } from '../model.js';
import { walletDataOf } from '../wallet-checkout.js';
import { changePayment, changePreapproval, opensAgreement, recordPreapprovalCreated, type OperationNote } from '../record-change.js';

function agreementFields(payment: Payment) {
  return {
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
    customerToken: newCustomerToken(),
    expiresAt: null,
    failureCode: null,
    failureMessage: null,
    extras: { originPaymentId: payment.id },
  };
}

/** The agreement a storing payment will give, written pending with the payment (no event: nothing happened yet). */
export async function openAgreementWithPayment(tx: Repos, payment: Payment): Promise<Preapproval> {
  const pre = await tx.preapprovals.insert({ ...agreementFields(payment), status: 'pending', agreementToken: null, connectorState: {} });
  await recordPreapprovalCreated(tx, pre, `Agreement opened with payment ${payment.id}; active once the customer approves`);
  return pre;
}

/** The agreement keeps what the connector stored with the payment that made it (charges hand it back). */
function walletState(payment: Payment): ConnectorState {
  return {
    ...(payment.connectorState.ref ? { ref: payment.connectorState.ref } : {}),
    wallet: { ...walletDataOf(payment) },
    ...(payment.connectorState.customerRef ? { customerRef: payment.connectorState.customerRef } : {}),
  };
}

/**
 * Records a payment the wallet approved (customer return, or the sweeper settling a lost answer):
 * the payment's success and, for a payment made under the recurring contract, its agreement made
 * active with the wallet's token — one transaction; the payment's event names the agreement (so a
 * webhook can carry it), then the agreement's own event follows. A recurring payment approved
 * without a token is flagged for review and its agreement fails: the customer agreed, and the
 * merchant must not silently lose that.
 */
export async function recordApprovedPayment(
  deps: Pick<CoreDeps, 'notify' | 'log'>,
  tx: Repos,
  payment: Payment,
  patch: PaymentPatch,
  note: OperationNote,
  agreementToken: string | null,
): Promise<Payment> {
  const wantsAgreement = opensAgreement(payment);
  let agreement = wantsAgreement ? await agreementOpenedBy(tx, payment) : undefined;
  // a payment created before agreements were opened with it
  if (wantsAgreement && !agreement && agreementToken) agreement = await openAgreementWithPayment(tx, payment);
  const missing = wantsAgreement && !agreementToken;
  const paid = await changePayment(
    deps,
    tx,
    payment,
    missing ? { ...patch, connectorState: { ...(patch.connectorState ?? payment.connectorState), needsReview: true } } : patch,
    note,
    agreement && agreementToken ? { storedAgreement: agreement } : {},
  );
  if (agreement?.status === 'pending') {
    await changePreapproval(
      deps,
      tx,
      agreement,
      agreementToken
        ? { status: 'active', agreementToken, connectorState: walletState(paid) }
        : {
            status: 'failed',
            failureCode: 'no_agreement_token',
            failureMessage: 'The wallet approved the payment but issued no agreement',
          },
      agreementToken
        ? { kind: 'approve', status: 'ok', code: note.code ?? null, message: `Stored with payment ${payment.id}` }
        : { kind: 'decline', status: 'failed', code: 'no_agreement_token', message: 'The wallet issued no agreement token' },
    );
  }
  if (missing) {
    deps.log.error({ paymentId: payment.id }, 'recurring payment approved but the wallet gave no agreement token; flagged for review');
  }
  return paid;
}

/**
 * Records a payment that ends unpaid (failed, cancelled, expired) — every use case ends a payment
 * that way through here — and, for a payment that opened an agreement, ends the agreement in the
 * same transaction: it was never given, so it can never be charged.
 */
export async function recordUnpaidPayment(
  deps: Pick<CoreDeps, 'notify'>,
  tx: Repos,
  payment: Payment,
  patch: PaymentPatch & { status: UnpaidStatus },
  note: OperationNote,
): Promise<Payment> {
  const ended = await changePayment(deps, tx, payment, patch, note, { settlesOpenedAgreement: true });
  if (ended.status !== payment.status && opensAgreement(ended)) await endOpenedAgreement(deps, tx, ended);
  return ended;
}

type UnpaidStatus = Extract<PaymentStatus, 'failed' | 'cancelled' | 'expired'>;

async function endOpenedAgreement(deps: Pick<CoreDeps, 'notify'>, tx: Repos, payment: Payment): Promise<void> {
  const pre = await agreementOpenedBy(tx, payment);
  if (pre?.status !== 'pending') return;
  const message = `The payment that opened it ended ${payment.status.replaceAll('_', ' ')}`;
  await changePreapproval(
    deps,
    tx,
    pre,
    {
      status: payment.status === 'expired' ? 'expired' : 'failed',
      failureCode: payment.failureCode ?? payment.status,
      failureMessage: message,
    },
    { kind: payment.status === 'expired' ? 'expire' : 'decline', status: 'failed', message },
  );
}
