/** Adyen request bodies → core inputs. Pure: no storage, no business rules beyond the wire format. */
import type { Address, Article, Customer } from '../../core/model.js';
import { AdyenError, invalid } from './errors.js';
import { parsePspReference } from './psp-reference.js';
import { isObj, type Obj } from '../json-path.js';
import { amount, body, optBool, optEnum, optObj, optString, string, url } from './read-fields.js';

/**
 * core method code → the Adyen type walletgate answers with (/paymentMethods, actions, webhooks,
 * stored methods) and its name. One type per wallet: the one @adyen/api-library models as
 * StoredPaymentMethodDetails, so that `{type, storedPaymentMethodId}` survives the SDK's serializer
 * (it maps `alipay_hk`, `alipay` and `touchngo` to PaymentDetails, which drops storedPaymentMethodId).
 * Where the wallet's plain type qualifies it is used; else its `alipay_plus_` form.
 */
export const ADYEN_METHODS: Record<string, { type: string; name: string }> = {
  kakaopay: { type: 'kakaopay', name: 'KakaoPay' },
  gcash: { type: 'gcash', name: 'GCash' },
  dana: { type: 'dana', name: 'DANA' },
  truemoney: { type: 'truemoney', name: 'TrueMoney' },
  alipay_hk: { type: 'alipay_plus_alipay_hk', name: 'AlipayHK' },
  alipay_cn: { type: 'alipay_plus_alipay_cn', name: 'Alipay' },
  tng: { type: 'alipay_plus_touchngo', name: "Touch 'n Go eWallet" },
};

/**
 * Adyen paymentMethod.type → core method code: every type above, the `alipay_plus_` forms of the
 * plain ones, and the plain types the SDK sends as PaymentDetails (one-off payments only through it).
 */
export const ADYEN_METHOD_TYPES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(ADYEN_METHODS).map(([code, m]) => [m.type, code])),
  alipay_plus_kakaopay: 'kakaopay',
  alipay_plus_gcash: 'gcash',
  alipay_plus_dana: 'dana',
  alipay_plus_truemoney: 'truemoney',
  alipay_hk: 'alipay_hk',
  alipay: 'alipay_cn',
  touchngo: 'tng',
};

export const SHOPPER_INTERACTIONS = ['Ecommerce', 'ContAuth', 'Moto', 'POS'] as const;
export const RECURRING_MODELS = ['CardOnFile', 'Subscription', 'UnscheduledCardOnFile'] as const;

function addressOf(a: Obj | undefined): Address | null {
  if (!a) return null;
  return {
    country: optString(a, 'country', 2) ?? null,
    city: optString(a, 'city', 100) ?? null,
    street: optString(a, 'street', 200) ?? null,
    houseNumber: optString(a, 'houseNumberOrName', 50) ?? null,
    zipCode: optString(a, 'postalCode', 20) ?? null,
    state: optString(a, 'stateOrProvince', 100) ?? null,
  };
}

function articlesOf(o: Obj): Article[] | null {
  const items = o.lineItems;
  if (items === undefined || items === null) return null;
  if (!Array.isArray(items)) throw invalid.type('lineItems', 'an array');
  return items.map((it: unknown, i) => {
    if (!isObj(it)) throw invalid.type(`lineItems[${i}]`, 'an object');
    const qty = it.quantity;
    const price = it.amountIncludingTax;
    if (qty !== undefined && (typeof qty !== 'number' || !Number.isSafeInteger(qty) || qty < 0))
      throw invalid.type(`lineItems[${i}].quantity`, 'a whole number');
    if (price !== undefined && (typeof price !== 'number' || !Number.isSafeInteger(price)))
      throw invalid.type(`lineItems[${i}].amountIncludingTax`, 'a whole number of minor units');
    return {
      merchantArticleId: optString(it, 'id', 100) ?? null,
      name: optString(it, 'description', 200) ?? null,
      quantity: (qty as number | undefined) ?? null,
      price: (price as number | undefined) ?? null,
    };
  });
}

function customerOf(o: Obj, shopperReference: string | undefined): Customer | null {
  optObj(o, 'shopperName');
  const c: Customer = {
    merchantCustomerId: shopperReference ?? null,
    email: optString(o, 'shopperEmail', 320) ?? null,
    firstName: optString(o, 'shopperName.firstName', 100) ?? null,
    lastName: optString(o, 'shopperName.lastName', 100) ?? null,
    phone: optString(o, 'telephoneNumber', 40) ?? null,
  };
  return Object.values(c).some((v) => v != null) ? c : null;
}

/** The Adyen fields echoed back in responses and webhooks, kept on the payment. */
export interface AdyenExtras {
  merchantAccount: string;
  shopperReference?: string;
  recurringProcessingModel?: string;
  shopperInteraction?: string;
  metadata?: Obj;
  [k: string]: unknown;
}

export type PaymentRequest =
  { kind: 'redirect'; merchantAccount: string; input: RedirectInput } | { kind: 'stored'; merchantAccount: string; input: StoredInput };

interface Common {
  reference: string;
  amount: number;
  currency: string;
  country: string | null;
  description: string | null;
  customer: Customer | null;
  billingAddress: Address | null;
  articles: Article[] | null;
  extras: AdyenExtras;
}
export interface RedirectInput extends Common {
  method: string;
  returnUrl: string;
  shippingAddress: Address | null;
  storeAgreement: { customerRef: string } | null;
}
export interface StoredInput extends Common {
  method: string;
  preapprovalId: number;
  customerRef: string;
}

export function parsePaymentRequest(raw: unknown): PaymentRequest {
  const o = body(raw);
  const merchantAccount = string(o, 'merchantAccount', 200);
  const reference = string(o, 'reference', 80);
  const money = amount(o);
  const pm = optObj(o, 'paymentMethod');
  if (!pm) throw invalid.missing('paymentMethod');
  const type = string(pm, 'type', 100);
  const method = Object.hasOwn(ADYEN_METHOD_TYPES, type) ? ADYEN_METHOD_TYPES[type]! : undefined;
  if (!method) {
    throw new AdyenError(
      422,
      '905_1',
      `Could not find an acquirer account for the provided txvariant (${type}), currency (${money.currency}), and action (AUTH). walletgate takes: ${Object.keys(ADYEN_METHOD_TYPES).join(', ')}.`,
      'configuration',
    );
  }
  const shopperReference = optString(o, 'shopperReference', 256);
  // an empty one would reach the wallet as an empty customer id (KakaoPay partner_user_id)
  if (shopperReference !== undefined && shopperReference.trim() === '') throw invalid.missing('shopperReference');
  const shopperInteraction = optEnum(o, 'shopperInteraction', SHOPPER_INTERACTIONS);
  const recurringProcessingModel = optEnum(o, 'recurringProcessingModel', RECURRING_MODELS);
  const metadata = optObj(o, 'metadata');
  const extras: AdyenExtras = {
    merchantAccount,
    ...(shopperReference !== undefined ? { shopperReference } : {}),
    ...(shopperInteraction ? { shopperInteraction } : {}),
    ...(recurringProcessingModel ? { recurringProcessingModel } : {}),
    ...(metadata ? { metadata } : {}),
  };
  const common: Common = {
    reference,
    amount: money.value,
    currency: money.currency,
    country: optString(o, 'countryCode', 2) ?? null,
    description: optString(o, 'shopperStatement', 200) ?? null,
    customer: customerOf(o, shopperReference),
    billingAddress: addressOf(optObj(o, 'billingAddress')),
    articles: articlesOf(o),
    extras,
  };

  const stored = optString(pm, 'storedPaymentMethodId', 64) ?? optString(pm, 'recurringDetailReference', 64);
  if (stored !== undefined) {
    if (shopperReference === undefined) throw invalid.missing('shopperReference');
    const preapprovalId = parsePspReference('token', stored);
    if (preapprovalId === undefined) {
      throw new AdyenError(422, '803', `PaymentDetail not found: ${stored} is not a stored payment method of ${shopperReference}.`);
    }
    return { kind: 'stored', merchantAccount, input: Object.assign({}, common, { method, preapprovalId, customerRef: shopperReference }) };
  }

  const storePaymentMethod = optBool(o, 'storePaymentMethod') ?? false;
  if (storePaymentMethod && shopperReference === undefined) throw invalid.missing('shopperReference');
  if (shopperInteraction === 'ContAuth') throw invalid.missing('paymentMethod.storedPaymentMethodId');
  return {
    kind: 'redirect',
    merchantAccount,
    input: Object.assign({}, common, {
      method,
      returnUrl: url(o, 'returnUrl'),
      shippingAddress: addressOf(optObj(o, 'deliveryAddress')),
      storeAgreement: storePaymentMethod ? { customerRef: shopperReference! } : null,
    }),
  };
}

/** POST /payments/details: the redirectResult the shopper brought back. */
export function parseDetailsRequest(raw: unknown): { redirectResult: string } {
  const o = body(raw);
  const details = optObj(o, 'details');
  if (!details) throw invalid.missing('details');
  const redirectResult = optString(details, 'redirectResult', 512) ?? optString(details, 'payload', 512);
  if (!redirectResult) throw invalid.missing('details.redirectResult');
  try {
    return { redirectResult: decodeURIComponent(redirectResult) };
  } catch {
    throw invalid.type('details.redirectResult', 'the redirectResult exactly as the shopper brought it back');
  }
}

/**
 * A refund's `lineItems`: each names one of the payment's line items by its `id` and the `quantity`
 * going back (both required); `description` and `amountIncludingTax` are read as on a payment.
 * Whether they are the payment's, and the units left, are the core's (refund-articles.ts).
 */
function refundLineItemsOf(o: Obj): Article[] | null {
  const items = o.lineItems;
  if (items === undefined || items === null) return null;
  if (!Array.isArray(items) || items.length > 1000) throw invalid.type('lineItems', 'an array of at most 1000 line items');
  return items.map((it: unknown, i) => {
    const path = `lineItems[${i}]`;
    if (!isObj(it)) throw invalid.type(path, 'an object');
    const qty = it.quantity;
    const price = it.amountIncludingTax;
    if (qty === undefined || qty === null) throw invalid.missing(`${path}.quantity`);
    if (typeof qty !== 'number' || !Number.isSafeInteger(qty) || qty < 1)
      throw invalid.type(`${path}.quantity`, 'a whole number of at least 1');
    if (price !== undefined && price !== null && (typeof price !== 'number' || !Number.isSafeInteger(price) || price < 0))
      throw invalid.type(`${path}.amountIncludingTax`, 'a whole number of minor units');
    const id = it.id;
    if (id === undefined || id === null) throw invalid.missing(`${path}.id`);
    if (typeof id !== 'string' || id === '' || id.length > 100)
      throw invalid.type(`${path}.id`, "the payment line item's id, 1–100 characters");
    return {
      merchantArticleId: id,
      name: optString(it, 'description', 200) ?? null,
      quantity: qty,
      price: (price as number | null | undefined) ?? null,
    };
  });
}

/** POST /payments/{psp}/refunds */
export function parseRefundRequest(raw: unknown): {
  merchantAccount: string;
  amount: number;
  currency: string;
  reference: string | null;
  articles: Article[] | null;
} {
  const o = body(raw);
  const money = amount(o);
  return {
    merchantAccount: string(o, 'merchantAccount', 200),
    amount: money.value,
    currency: money.currency,
    reference: optString(o, 'reference', 80) ?? null,
    articles: refundLineItemsOf(o),
  };
}

/** POST /payments/{psp}/cancels and POST /cancels */
export function parseCancelRequest(raw: unknown, byReference: boolean) {
  const o = body(raw);
  return {
    merchantAccount: string(o, 'merchantAccount', 200),
    reference: optString(o, 'reference', 80) ?? null,
    paymentReference: byReference ? string(o, 'paymentReference', 80) : null,
  };
}

/** POST /paymentMethods */
export function parsePaymentMethodsRequest(raw: unknown) {
  const o = body(raw ?? {});
  const a = optObj(o, 'amount');
  const money = a ? amount(o) : undefined;
  return {
    merchantAccount: string(o, 'merchantAccount', 200),
    country: optString(o, 'countryCode', 2) ?? null,
    currency: money?.currency ?? null,
    amount: money?.value,
    shopperReference: optString(o, 'shopperReference', 256),
  };
}

/** Classic Recurring API bodies. */
export function parseRecurringRequest(raw: unknown, needsDetail: boolean) {
  const o = body(raw);
  return {
    merchantAccount: string(o, 'merchantAccount', 200),
    shopperReference: string(o, 'shopperReference', 256),
    recurringDetailReference: needsDetail ? optString(o, 'recurringDetailReference', 64) : undefined,
  };
}
