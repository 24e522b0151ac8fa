/**
 * A one-time redirect / QR payment: validate → write it (created) → ask the wallet for a checkout
 * (outside any transaction) → pending_customer with the wallet's URLs. The merchant sends the
 * customer to links.landing(customerToken).
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import { newCustomerToken } from '../ids.js';
import type { Address, Article, ConnectorState, Customer, DialectId, Payment } from '../model.js';
import { recordPaymentCreated } from '../record-change.js';
import { validateMethodRequest } from '../validate-method.js';
import type { PaymentMethod } from '../methods.js';
import { openWalletCheckout } from './open-checkout.js';
import { methodsOnOffer, type MethodChoiceRules } from './methods-on-offer.js';
import { customerFromProfile, resolveCustomerProfile, type CustomerProfileRequest } from '../customers/resolve-customer-profile.js';
import { openAgreementWithPayment } from '../preapprovals/store-agreement.js';
import { insertUnique } from '../unique-reference.js';
import { madeEarlier, recordMade, type IdempotencyClaim } from '../idempotency/claim.js';

export interface CreatePaymentInput {
  merchantId: string;
  dialect: DialectId;
  reference: string;
  /**
   * Refuse a second payment with the same reference (GlobalPay MerchantTransactionID): true keys the
   * uniqueness on the reference itself; a string is the key to use instead, for an API whose
   * references are unique within something narrower than the merchant (an ecommpay project).
   */
  uniqueReference: boolean | string;
  /** null: the customer chooses on the hosted checkout, among the methods `methodChoice` allows (ADR 0016). */
  method: string | null;
  methodChoice?: MethodChoiceRules | null;
  /** The hosted checkout first asks the customer which currency to see the price in (ADR 0021). */
  currencyChoice?: boolean;
  /** The reference the payer must quote, for a pay-by-reference method (GlobalPay Details.ReferenceNumber); else the connector makes one. */
  payerReference?: string | null;
  amount: number;
  currency: string;
  country?: string | null;
  description?: string | null;
  customer?: Customer | null;
  billingAddress?: Address | null;
  shippingAddress?: Address | null;
  articles?: Article[] | null;
  returnUrl?: string | null;
  /**
   * Keep the payment method for later merchant-initiated charges (Adyen storePaymentMethod): the
   * checkout runs under the wallet's recurring contract and, once approved, an active preapproval
   * holds the agreement. customerRef is the merchant's shopper reference.
   */
  storeAgreement?: { customerRef: string } | null;
  /** Attach the payment to a customer profile, found or created (Checkout.com customer). */
  customerProfile?: CustomerProfileRequest | null;
  /** Minutes the customer has; default from the method catalogue. */
  lifetimeMinutes?: number | null;
  extras?: Record<string, unknown>;
  /** The request's claim on its idempotency key (Adyen, Checkout.com): see core/idempotency/claim.ts. */
  idempotency?: IdempotencyClaim | null;
}

export async function createPayment(deps: CoreDeps, input: CreatePaymentInput): Promise<Payment> {
  // an earlier request with this idempotency key made the payment, then its process died: that payment, as it stands now
  const earlier = madeEarlier(input.idempotency, 'payment');
  if (earlier !== null) return madePayment(deps, input.merchantId, earlier);
  const country = input.country ?? input.billingAddress?.country ?? null;
  const recurring = input.storeAgreement != null;
  const awaitingChoice = input.method === null;
  const method =
    input.method === null
      ? firstOnOffer(deps, input, country)
      : validateMethodRequest(deps.connectors, {
          method: input.method,
          currency: input.currency,
          country,
          amount: input.amount,
          recurring,
        });
  const lifetime = input.lifetimeMinutes ?? method.defaultLifetimeMinutes;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 7 * 24 * 60) {
    throw new CoreError('request_invalid', 'The customer lifetime must be between 1 minute and 7 days.', { field: 'lifetimeMinutes' });
  }
  const now = deps.clock();
  const token = newCustomerToken();

  const created = await deps.store.transaction(
    async (tx) => {
      const profile = input.customerProfile ? await resolveCustomerProfile(tx, input.merchantId, input.customerProfile) : null;
      const p = await insertUnique(
        tx.payments.insert({
          merchantId: input.merchantId,
          dialect: input.dialect,
          reference: input.reference,
          uniqueReference:
            typeof input.uniqueReference === 'string' ? input.uniqueReference : input.uniqueReference ? input.reference : null,
          // as banks compare references: upper case, without spaces; one open payment per (merchant, connector) has it
          payerReference: input.payerReference ? input.payerReference.replace(/\s+/g, '').toUpperCase() : null,
          method: method.code,
          connector: method.connector,
          amount: input.amount,
          currency: input.currency,
          // awaiting the customer's choice, it waits for the customer already; no wallet is asked yet
          status: awaitingChoice ? 'pending_customer' : 'created',
          capturedAmount: 0,
          refundedAmount: 0,
          refundReservedAmount: 0,
          description: input.description ?? null,
          customer: profile ? { ...input.customer, ...customerFromProfile(profile, input.customerProfile!) } : (input.customer ?? null),
          customerProfileId: profile?.id ?? null,
          billingAddress: input.billingAddress ?? (country ? { country } : null),
          shippingAddress: input.shippingAddress ?? null,
          articles: input.articles ?? null,
          returnUrl: input.returnUrl ?? null,
          customerToken: token,
          expiresAt: new Date(now.getTime() + lifetime * 60_000),
          preapprovalId: null,
          connectorState: {
            ...(awaitingChoice ? { methodChoice: choiceRules(input.methodChoice) } : recurring ? { recurringContract: true } : {}),
            ...(input.currencyChoice ? { currencyChoice: { shown: null } } : {}),
          },
          failureCode: null,
          failureMessage: null,
          extras: input.extras ?? {},
          createdAt: now,
        }),
      );
      await recordPaymentCreated(tx, p, `Payment created by the ${p.dialect} API`);
      await recordMade(tx, input.idempotency, { kind: 'payment', id: p.id });
      // The agreement exists (pending) from the start, so its id can be named at once (Checkout.com's
      // 202 carries source.id); the payment's approval activates it, its failure closes it.
      if (recurring) await openAgreementWithPayment(tx, p);
      return p;
      // Awaiting the customer's choice, this is the create's only write: durable before the answer.
      // Else the wallet is asked to open a checkout, which moves no money, and the answer waits for the
      // transaction that records the wallet's: its durable commit makes this one durable too (ADR 0032).
    },
    { durability: awaitingChoice ? 'now' : 'with-next-commit' },
  );

  if (awaitingChoice) return created;
  const customerRef = input.storeAgreement?.customerRef.slice(0, 100) ?? customerRefOf(created.merchantId, created.customer);
  return openWalletCheckout(deps, created, {
    customerRef,
    itemName: itemNameOf(input.description, input.articles) ?? `Order ${created.reference}`,
    recurring,
    payerReference: input.payerReference ?? null,
    // under an idempotency key, the answer is stored with the wallet's (ADR 0045) or committed durably after it (ADR 0032)
    idempotency: input.idempotency ?? null,
  });
}

function choiceRules(r: MethodChoiceRules | null | undefined): NonNullable<ConnectorState['methodChoice']> {
  return { include: r?.include ? [...r.include] : null, exclude: [...(r?.exclude ?? [])], prioritize: [...(r?.prioritize ?? [])] };
}

/** A payment whose method the customer chooses: the first method on offer stands in until then; none on offer is refused. */
function firstOnOffer(deps: CoreDeps, input: CreatePaymentInput, country: string | null): PaymentMethod {
  if (input.storeAgreement != null)
    throw new CoreError('request_invalid', 'A payment that stores the method for later charges must name its method.', { field: 'method' });
  const [first] = methodsOnOffer(
    deps.connectors,
    Object.assign({}, input.methodChoice, { currency: input.currency, country, amount: input.amount }),
  );
  if (first === undefined)
    throw new CoreError(
      'method_unavailable',
      `No method the request allows takes ${input.amount} ${input.currency}${country ? ` in ${country}` : ''}.`,
      { field: 'method' },
    );
  return first;
}

/** The payment an earlier request under the same idempotency key made (it was noted in the same transaction). */
export async function madePayment(deps: CoreDeps, merchantId: string, id: number): Promise<Payment> {
  const p = await deps.store.payments.get(merchantId, id);
  if (!p) throw new CoreError('internal', `The idempotency key names payment ${id}, which does not exist.`);
  return p;
}

/** The customer reference the wallet gets: the merchant's customer id or e-mail, else a per-merchant stand-in. */
export function customerRefOf(merchantId: string, customer: Customer | null | undefined): string {
  const raw = customer?.merchantCustomerId ?? customer?.email ?? `${merchantId}-guest`;
  return raw.slice(0, 100);
}

export function itemNameOf(
  description: string | null | undefined,
  articles: { name?: string | null }[] | null | undefined,
): string | undefined {
  const first = articles?.find((a) => a.name)?.name;
  const name = description ?? first ?? undefined;
  return name?.slice(0, 100);
}
