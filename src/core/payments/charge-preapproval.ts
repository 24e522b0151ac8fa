/**
 * A merchant-initiated charge on an active preapproval (GlobalPay /v1/payments/recurrent, later
 * Adyen ContAuth and Checkout.com source.id). No customer: the wallet charges the agreement
 * (KakaoPay subscription). An unanswered call leaves the payment processing for the sweeper.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import { newCustomerToken } from '../ids.js';
import type { Address, Article, Customer, DialectId, Payment, Preapproval } from '../model.js';
import type { Repos } from '../ports/store.js';
import type { WalletData } from '../ports/connector.js';
import { walletDataOf } from '../wallet-checkout.js';
import { customerFromProfile, resolveCustomerProfile, type CustomerProfileRequest } from '../customers/resolve-customer-profile.js';
import { changePayment, changePreapproval, recordPaymentCreated } from '../record-change.js';
import { validateMethodRequest } from '../validate-method.js';
import { connectorOf } from '../method-capabilities.js';
import { classifyConnectorFailure } from '../connector-failure.js';
import { insertUnique } from '../unique-reference.js';
import { getCustomerAgreement } from '../preapprovals/find-preapprovals.js';
import { madeEarlier, recordMade, type IdempotencyClaim } from '../idempotency/claim.js';
import { madePayment } from './create-payment.js';
import { walletCallOf } from '../request-context.js';

export interface ChargePreapprovalInput {
  merchantId: string;
  dialect: DialectId;
  preapprovalId: number;
  reference: string;
  uniqueReference: boolean;
  amount: number;
  currency: string;
  /** When the dialect names the customer (Adyen shopperReference), the agreement must be theirs. */
  customerRef?: string | null;
  /** When the dialect names a method, it must be the preapproval's. */
  method?: string | null;
  country?: string | null;
  description?: string | null;
  customer?: Customer | null;
  billingAddress?: Address | null;
  articles?: Article[] | null;
  shippingAddress?: Address | null;
  returnUrl?: string | null;
  /**
   * The customer profile the charge belongs to (Checkout.com customer); when the request names none,
   * the profile of the payment that stored the agreement.
   */
  customerProfile?: CustomerProfileRequest | null;
  extras?: Record<string, unknown>;
  /** The request's claim on its idempotency key (Adyen, Checkout.com): see core/idempotency/claim.ts. */
  idempotency?: IdempotencyClaim | null;
}

/** Charges and waits for the wallet's answer (GlobalPay, Adyen answer with the outcome). */
export async function chargePreapproval(deps: CoreDeps, input: ChargePreapprovalInput): Promise<Payment> {
  // made by an earlier request under the same idempotency key: as it stands (the sweeper settles an unknown outcome)
  const earlier = madeEarlier(input.idempotency, 'payment');
  if (earlier !== null) return madePayment(deps, input.merchantId, earlier);
  const prepared = await prepareCharge(deps, input);
  return settleCharge(deps, prepared);
}

/**
 * Writes the charge (processing) and answers at once; the wallet is asked in the background and the
 * outcome arrives as a notification (Checkout.com: 202 Pending, then payment_captured). A crash in
 * between leaves needsSync for the sweeper.
 */
export async function chargePreapprovalInBackground(deps: CoreDeps, input: ChargePreapprovalInput): Promise<Payment> {
  const earlier = madeEarlier(input.idempotency, 'payment');
  if (earlier !== null) return madePayment(deps, input.merchantId, earlier);
  const prepared = await prepareCharge(deps, input);
  deps.background.run(`charge payment ${prepared.created.id}`, () => settleCharge(deps, prepared), deps.log);
  return prepared.created;
}

interface PreparedCharge {
  created: Payment;
  agreementToken: string;
  agreementWallet: WalletData;
  customerRef: string;
  itemName: string;
}

async function prepareCharge(deps: CoreDeps, input: ChargePreapprovalInput): Promise<PreparedCharge> {
  // an agreement made through another API is not found (find-preapprovals.ts)
  const pre = await getCustomerAgreement(deps, input, input.customerRef, input.preapprovalId);
  // the agreement's own terms first: a request naming another method or currency is told so, whatever else is wrong with it
  if (input.method != null && input.method !== pre.method) {
    throw new CoreError('method_mismatch', `Preapproval ${pre.id} is for ${pre.method}, not ${input.method}.`, {
      field: 'method',
      facts: { id: pre.id, expected: pre.method, given: input.method },
    });
  }
  if (pre.currency && pre.currency !== input.currency) {
    throw new CoreError('currency_mismatch', `Preapproval ${pre.id} is in ${pre.currency}, not ${input.currency}.`, {
      field: 'currency',
      facts: { id: pre.id, expected: pre.currency, given: input.currency },
    });
  }
  const country = input.country ?? input.billingAddress?.country ?? null;
  const method = validateMethodRequest(deps.connectors, {
    method: pre.method,
    currency: input.currency,
    country,
    amount: input.amount,
    recurring: true,
    connector: pre.connector,
  });
  if (pre.status !== 'active' || !pre.agreementToken) {
    throw new CoreError(
      'preapproval_not_active',
      `Preapproval ${pre.id} is ${pre.status.replaceAll('_', ' ')}; only an open preapproval can be charged.`,
      {
        field: 'preapprovalId',
      },
    );
  }
  if (pre.maxAmount != null && input.amount > pre.maxAmount) {
    throw new CoreError('amount_invalid', `Preapproval ${pre.id} allows at most ${pre.maxAmount} per charge.`, { field: 'amount' });
  }
  const customerRef = pre.connectorState.customerRef ?? pre.merchantId;
  const now = deps.clock();

  const created = await deps.store.transaction(async (tx) => {
    const profile = await chargeProfile(tx, input, pre);
    const p = await insertUnique(
      tx.payments.insert({
        merchantId: input.merchantId,
        dialect: input.dialect,
        reference: input.reference,
        uniqueReference: input.uniqueReference ? input.reference : null,
        method: method.code,
        connector: method.connector,
        amount: input.amount,
        currency: input.currency,
        status: 'processing',
        capturedAmount: 0,
        refundedAmount: 0,
        refundReservedAmount: 0,
        description: input.description ?? null,
        customer: profile ? { ...input.customer, ...customerFromProfile(profile, input.customerProfile ?? {}) } : (input.customer ?? null),
        customerProfileId: profile?.id ?? null,
        billingAddress: input.billingAddress ?? (country ? { country } : null),
        shippingAddress: input.shippingAddress ?? null,
        articles: input.articles ?? null,
        returnUrl: input.returnUrl ?? null,
        customerToken: newCustomerToken(),
        expiresAt: null,
        preapprovalId: pre.id,
        // needsSync until the wallet's answer is written: a crash in between is the sweeper's to settle
        connectorState: { customerRef, needsSync: true },
        failureCode: null,
        failureMessage: null,
        extras: input.extras ?? {},
        createdAt: now,
      }),
    );
    await recordPaymentCreated(tx, p, `Recurring charge on preapproval ${pre.id} created by the ${p.dialect} API`);
    await recordMade(tx, input.idempotency, { kind: 'payment', id: p.id });
    return p;
  });
  const itemName = (input.description ?? pre.description ?? `Charge ${created.reference}`).slice(0, 100);
  return { created, agreementToken: pre.agreementToken, agreementWallet: walletDataOf(pre), customerRef, itemName };
}

/** The profile a charge belongs to: the one the request names, else the one of the agreement's first payment. */
async function chargeProfile(tx: Repos, input: ChargePreapprovalInput, pre: Preapproval) {
  if (input.customerProfile) return resolveCustomerProfile(tx, input.merchantId, input.customerProfile);
  if (pre.originPaymentId === null) return null;
  const origin = await tx.payments.get(pre.merchantId, pre.originPaymentId);
  return origin?.customerProfileId != null ? ((await tx.customerProfiles.get(pre.merchantId, origin.customerProfileId)) ?? null) : null;
}

async function settleCharge(deps: CoreDeps, prepared: PreparedCharge): Promise<Payment> {
  const { created, agreementToken, agreementWallet, customerRef, itemName } = prepared;
  try {
    const charged = await connectorOf(deps.connectors, created.connector).chargeAgreement(
      {
        method: created.method,
        agreementToken,
        agreementWallet,
        orderId: String(created.id),
        customerRef,
        itemName,
        amount: created.amount,
        currency: created.currency,
      },
      walletCallOf(deps),
    );
    return await deps.store.transaction(async (tx) =>
      changePayment(
        deps,
        tx,
        created,
        {
          status: 'succeeded',
          capturedAmount: charged.amount,
          connectorState: Object.assign(
            {},
            created.connectorState,
            { wallet: { ...charged.wallet }, ref: charged.ref, approvalRef: charged.approvalRef, needsSync: false },
            charged.instrument ? { instrument: charged.instrument } : undefined,
          ),
        },
        { kind: 'charge', status: 'ok', amount: charged.amount, code: charged.approvalRef, message: 'Charged on the wallet agreement' },
      ),
    );
  } catch (e) {
    const f = classifyConnectorFailure(e);
    return deps.store.transaction(async (tx) => {
      if (f.outcomeUnknown) {
        // Keep processing; the sweeper asks the wallet. Nothing is guessed.
        return changePayment(
          deps,
          tx,
          created,
          { failureMessage: f.message },
          { kind: 'charge', status: 'pending', code: f.code, message: f.message },
        );
      }
      const failed = await changePayment(
        deps,
        tx,
        created,
        {
          status: 'failed',
          failureCode: f.code,
          failureMessage: f.message,
          connectorState: Object.assign({}, created.connectorState, { needsSync: false }),
        },
        { kind: 'decline', status: 'failed', code: f.code, message: f.message },
      );
      // The customer ended the agreement in the wallet: the preapproval closes with the failed charge,
      // so the next charge is refused here instead of asking the wallet again (and the merchant hears of it).
      if (f.outcome === 'agreement_gone') await closeGoneAgreement(deps, tx, created.preapprovalId, f.message);
      return failed;
    });
  }
}

/** Closes an active preapproval whose wallet agreement no longer exists, in the caller's transaction. */
async function closeGoneAgreement(deps: CoreDeps, tx: Repos, preapprovalId: number | null, why: string): Promise<void> {
  if (preapprovalId === null) return;
  const pre = await tx.preapprovals.getByIdForUpdate(preapprovalId);
  if (pre?.status !== 'active') return;
  await changePreapproval(deps, tx, pre, { status: 'closed_by_customer' }, { kind: 'cancel', status: 'ok', message: `Closed: ${why}` });
}
