/** Checkout.com request bodies → core inputs. Pure: no storage, no business rules beyond the wire format. */
import type { Address, Article } from '../../core/model.js';
import type { CustomerProfileRequest } from '../../core/customers/resolve-customer-profile.js';
import { invalid } from './errors.js';
import { parseId } from './ids.js';
import { body, malformed, optBool, optEmail, optEnum, optInt, optObj, optString, optUrl, required } from './read-fields.js';
import { isObj, type Obj } from '../json-path.js';

/**
 * Checkout.com source.type → core method code: KakaoPay and the Alipay+ wallets, each under its own
 * type (checkout-sdk-ruby PaymentSourceType). Which company carries a method (KakaoPay in won on
 * its own API, in euros through Alipay+) is the core's choice, by currency.
 */
export const CKO_SOURCE_TYPES: Record<string, string> = {
  kakaopay: 'kakaopay',
  alipay_hk: 'alipay_hk',
  alipay_cn: 'alipay_cn',
  dana: 'dana',
  gcash: 'gcash',
  truemoney: 'truemoney',
  tng: 'tng',
};
/** core method code → Checkout.com source.type. */
export const CKO_METHOD_TYPES: Record<string, string> = Object.fromEntries(Object.entries(CKO_SOURCE_TYPES).map(([t, m]) => [m, t]));

/**
 * `alipay_plus` leaves the wallet to the customer on Alipay+'s own cashier page, which walletgate
 * does not have: the merchant names the wallet with its own source.type instead.
 */
const ALIPAY_PLUS_CHOOSER = 'alipay_plus';
const ALIPAY_PLUS_CHOOSER_REFUSED = 'alipay_plus_wallet_type_required';

export const PAYMENT_TYPES = ['Regular', 'Recurring', 'Unscheduled', 'MOTO', 'Installment'] as const;
export const TERMINAL_TYPES = ['WEB', 'APP', 'WAP', 'MINI_APP'] as const;
export const OS_TYPES = ['IOS', 'ANDROID'] as const;
export type TerminalType = (typeof TERMINAL_TYPES)[number];

/** What a Checkout.com payment keeps to echo back (GET, webhooks) and to route the customer. */
export interface CkoExtras {
  processingChannelId: string;
  paymentType: (typeof PAYMENT_TYPES)[number];
  terminalType: TerminalType;
  osType?: string;
  failureUrl?: string;
  items?: unknown[];
  shipping?: Obj;
  metadata?: Obj;
  description?: string;
  [k: string]: unknown;
}

interface Common {
  reference: string;
  amount: number;
  currency: string;
  description: string | null;
  /** null: the request names no customer. */
  customerProfile: CustomerProfileRequest | null;
  shippingAddress: Address | null;
  articles: Article[] | null;
  extras: CkoExtras;
}

interface Envelope {
  processingChannelId: string | undefined;
  /** How the request names the customer, for the wallet: customer.id, else e-mail, else name. */
  customerRef: string | undefined;
}

export type PaymentRequest =
  | (Envelope & { kind: 'wallet'; input: Common & { method: string; returnUrl: string | null; recurring: boolean } })
  | (Envelope & { kind: 'source'; input: Common & { preapprovalId: number } });

function amountOf(o: Obj): number {
  if (o.amount === undefined || o.amount === null) throw required('amount');
  const v = optInt(o, 'amount', 1);
  return v!;
}

function currencyOf(o: Obj): string {
  if (o.currency === undefined || o.currency === null) throw required('currency');
  const v = optString(o, 'currency', 3);
  if (v === undefined || !/^[A-Z]{3}$/.test(v)) throw malformed('currency');
  return v;
}

function customerOf(o: Obj): CustomerProfileRequest | null {
  // nested fields are read by their whole path, so a bad one is customer_email_invalid, not email_invalid
  const c = optObj(o, 'customer');
  if (!c) return null;
  const idText = optString(o, 'customer.id', 30);
  let id: number | undefined;
  if (idText !== undefined) {
    id = parseId('customer', idText);
    if (id === undefined) throw malformed('customer.id');
  }
  const phone = optObj(o, 'customer.phone');
  const phoneText = phone
    ? [optString(o, 'customer.phone.country_code', 7), optString(o, 'customer.phone.number', 25)]
        .filter((x) => x !== undefined)
        .join(' ') || undefined
    : undefined;
  const email = optEmail(o, 'customer.email');
  const name = optString(o, 'customer.name', 255);
  return {
    ...(id !== undefined ? { id } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(phoneText !== undefined ? { phone: phoneText } : {}),
  };
}

function shippingOf(o: Obj): { address: Address | null; raw: Obj | undefined } {
  const s = optObj(o, 'shipping');
  if (!s) return { address: null, raw: undefined };
  const a = optObj(o, 'shipping.address');
  const country = a ? optString(o, 'shipping.address.country', 2) : undefined;
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw malformed('shipping.address.country');
  const address: Address | null = a
    ? {
        street: optString(o, 'shipping.address.address_line1', 200) ?? null,
        houseExtension: optString(o, 'shipping.address.address_line2', 200) ?? null,
        city: optString(o, 'shipping.address.city', 50) ?? null,
        state: optString(o, 'shipping.address.state', 50) ?? null,
        zipCode: optString(o, 'shipping.address.zip', 50) ?? null,
        country: country ?? null,
      }
    : null;
  return { address, raw: s };
}

function itemsOf(o: Obj): { articles: Article[] | null; raw: unknown[] | undefined } {
  const items = o.items;
  if (items === undefined || items === null) return { articles: null, raw: undefined };
  if (!Array.isArray(items) || items.length > 1000) throw malformed('items');
  const articles = items.map((it: unknown) => {
    if (!isObj(it)) throw malformed('items');
    // read as items.<field>, so a bad one is items_quantity_invalid (not quantity_invalid)
    const item = { items: it };
    return {
      merchantArticleId: optString(item, 'items.reference', 255) ?? null,
      name: optString(item, 'items.name', 255) ?? null,
      quantity: optInt(item, 'items.quantity', 0) ?? null,
      price: optInt(item, 'items.unit_price', 0) ?? null,
    };
  });
  return { articles, raw: items };
}

export function parsePaymentRequest(raw: unknown): PaymentRequest {
  const o = body(raw);
  const source = optObj(o, 'source');
  if (!source) throw required('source');
  const sourceType = optString(o, 'source.type', 50);
  const sourceId = optString(o, 'source.id', 30);
  // checkout-sdk-node fills in type "id" itself when only an id is given
  const type = sourceType ?? (sourceId !== undefined ? 'id' : undefined);
  if (type === undefined) throw required('source.type');
  if (type === ALIPAY_PLUS_CHOOSER) throw invalid('payment_source_type_invalid', ALIPAY_PLUS_CHOOSER_REFUSED);
  if (type !== 'id' && !Object.hasOwn(CKO_SOURCE_TYPES, type)) throw invalid('payment_source_type_invalid');

  const amount = amountOf(o);
  const currency = currencyOf(o);
  const reference = optString(o, 'reference', 80);
  const paymentType = optEnum(o, 'payment_type', PAYMENT_TYPES) ?? 'Regular';
  optObj(o, 'processing'); // a processing that is no object is refused, not read as "no processing"
  const terminalType = optEnum(o, 'processing.terminal_type', TERMINAL_TYPES) ?? 'WEB';
  const osType = optEnum(o, 'processing.os_type', OS_TYPES);
  const capture = optBool(o, 'capture');
  // The wallets capture when the customer approves: there is no authorization to capture later.
  if (capture === false) throw invalid('capture_not_supported');
  const successUrl = optUrl(o, 'success_url');
  const failureUrl = optUrl(o, 'failure_url');
  const processingChannelId = optString(o, 'processing_channel_id', 50);
  const description = optString(o, 'description', 100) ?? null;
  const metadata = optObj(o, 'metadata');
  const shipping = shippingOf(o);
  const items = itemsOf(o);

  const extras: CkoExtras = {
    processingChannelId: processingChannelId ?? '',
    paymentType,
    terminalType,
    ...(osType ? { osType } : {}),
    ...(failureUrl ? { failureUrl } : {}),
    ...(items.raw ? { items: items.raw } : {}),
    ...(shipping.raw ? { shipping: shipping.raw } : {}),
    ...(metadata ? { metadata } : {}),
    ...(description ? { description } : {}),
  };
  const common: Common = {
    reference: reference ?? '',
    amount,
    currency,
    description,
    customerProfile: customerOf(o),
    shippingAddress: shipping.address,
    articles: items.articles,
    extras,
  };
  const customerRef = optString(o, 'customer.id', 30) ?? common.customerProfile?.email ?? common.customerProfile?.name ?? undefined;
  if (type === 'id') {
    if (sourceId === undefined) throw required('source.id');
    const preapprovalId = parseId('source', sourceId);
    if (preapprovalId === undefined) throw invalid('source_id_invalid');
    return { kind: 'source', processingChannelId, customerRef, input: Object.assign({}, common, { preapprovalId }) };
  }
  return {
    kind: 'wallet',
    processingChannelId,
    customerRef,
    input: Object.assign({}, common, {
      method: CKO_SOURCE_TYPES[type]!,
      returnUrl: successUrl ?? null,
      recurring: paymentType === 'Recurring',
    }),
  };
}

export interface RefundRequest {
  amount: number | null;
  reference: string | null;
  metadata: Obj | undefined;
  /** The payment's items going back (by reference), for the core's refunds-by-articles rule. */
  articles: Article[] | null;
}

/**
 * A refund's `items`: each names one of the payment's items by its `reference` and the `quantity`
 * going back (both required); `name` and `unit_price` are read as on a payment, the rest ignored.
 * Whether they are the payment's, and the units left, are the core's (refund-articles.ts).
 */
function refundItemsOf(o: Obj): Article[] | null {
  const items = o.items;
  if (items === undefined || items === null) return null;
  if (!Array.isArray(items) || items.length > 1000) throw malformed('items');
  return items.map((it: unknown) => {
    if (!isObj(it)) throw malformed('items');
    const item = { items: it };
    const reference = optString(item, 'items.reference', 255);
    if (reference === undefined) throw required('items.reference');
    if (reference === '') throw malformed('items.reference');
    const quantity = optInt(item, 'items.quantity', 1);
    if (quantity === undefined) throw required('items.quantity');
    return {
      merchantArticleId: reference,
      quantity,
      name: optString(item, 'items.name', 255) ?? null,
      price: optInt(item, 'items.unit_price', 0) ?? null,
    };
  });
}

export function parseRefundRequest(raw: unknown): RefundRequest {
  // The SDK sends no body for a full refund without options: that is {} here.
  const o = raw === undefined ? {} : body(raw);
  return {
    amount: optInt(o, 'amount', 1) ?? null,
    reference: optString(o, 'reference', 80) ?? null,
    metadata: optObj(o, 'metadata'),
    articles: refundItemsOf(o),
  };
}
