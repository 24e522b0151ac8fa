/**
 * Gate request bodies, read field by field into what the routes need: every refusal is an EcpError
 * naming the parameter as ecommpay writes it (`payment.amount`), so a merchant sees what to fix.
 * Parameters ecommpay defines that walletgate does not use (interface_type, account, …) are
 * accepted and ignored, as the signature covers them anyway.
 */
import { isIP } from 'node:net';
import { EcpError } from './errors.js';
import type { EcommpayReturnUrls } from './extras.js';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(parent: Obj, key: string, path: string, required: true): Obj;
function object(parent: Obj, key: string, path: string, required: false): Obj | undefined;
function object(parent: Obj, key: string, path: string, required: boolean): Obj | undefined {
  const v = parent[key];
  if (v === undefined) {
    if (required) throw new EcpError('missing', path);
    return undefined;
  }
  if (!isObject(v)) throw new EcpError('invalid', path, `${path} must be an object`);
  return v;
}

function text(parent: Obj, key: string, path: string, opts: { required: true; max: number }): string;
function text(parent: Obj, key: string, path: string, opts: { required: false; max: number }): string | undefined;
function text(parent: Obj, key: string, path: string, opts: { required: boolean; max: number }): string | undefined;
function text(parent: Obj, key: string, path: string, opts: { required: boolean; max: number }): string | undefined {
  const v = parent[key];
  if (v === undefined) {
    if (opts.required) throw new EcpError('missing', path);
    return undefined;
  }
  if (typeof v !== 'string') throw new EcpError('invalid', path, `${path} must be a string`);
  if (v.trim() === '' && opts.required) throw new EcpError('missing', path, `${path} must not be empty`);
  if (v.length > opts.max) throw new EcpError('invalid', path, `${path} is longer than ${opts.max} characters`);
  return v;
}

function url(parent: Obj, key: string, path: string): string | undefined {
  const v = text(parent, key, path, { required: false, max: 2048 });
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new EcpError('invalid', path, `${path} must be an absolute http or https URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new EcpError('invalid', path, `${path} must be an absolute http or https URL`);
  return v;
}

/** A positive whole number of the currency's smallest unit (won for KRW, which has none smaller). */
function amount(parent: Obj, required: boolean): number | undefined {
  const v = parent.amount;
  if (v === undefined) {
    if (required) throw new EcpError('missing', 'payment.amount');
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0)
    throw new EcpError('amount', 'payment.amount', 'payment.amount must be a positive whole number in the smallest unit of the currency');
  return v;
}

function currency(parent: Obj, required: boolean): string | undefined {
  const v = text(parent, 'currency', 'payment.currency', { required, max: 3 });
  if (v !== undefined && !/^[A-Z]{3}$/.test(v))
    throw new EcpError('invalid', 'payment.currency', 'payment.currency must be an ISO 4217 alpha-3 code such as KRW');
  return v;
}

/** `general.payment_id`: the merchant's id for the payment, unique within the project. */
export function paymentIdOf(general: Obj): string {
  return text(general, 'payment_id', 'general.payment_id', { required: true, max: 255 });
}

export interface SaleRequest {
  paymentId: string;
  callbackUrl?: string;
  amount: number;
  currency: string;
  description?: string;
  customer: { id: string; ip: string; firstName?: string; lastName?: string; email?: string; phone?: string; language?: string };
  returnUrls: EcommpayReturnUrls;
}

export function parseSale(body: Obj): SaleRequest {
  const general = object(body, 'general', 'general', true);
  const paymentId = paymentIdOf(general);
  const callbackUrl = url(general, 'merchant_callback_url', 'general.merchant_callback_url');
  const payment = object(body, 'payment', 'payment', true);
  const customer = object(body, 'customer', 'customer', true);
  const ip = text(customer, 'ip_address', 'customer.ip_address', { required: true, max: 45 });
  if (isIP(ip) === 0) throw new EcpError('invalid', 'customer.ip_address', 'customer.ip_address must be an IPv4 or IPv6 address');
  const returnUrl = object(body, 'return_url', 'return_url', false) ?? {};
  const optional = {
    callbackUrl,
    description: text(payment, 'description', 'payment.description', { required: false, max: 255 }),
  };
  const customerOptional = {
    firstName: text(customer, 'first_name', 'customer.first_name', { required: false, max: 255 }),
    lastName: text(customer, 'last_name', 'customer.last_name', { required: false, max: 255 }),
    email: text(customer, 'email', 'customer.email', { required: false, max: 255 }),
    phone: text(customer, 'phone', 'customer.phone', { required: false, max: 32 }),
    language: text(customer, 'language', 'customer.language', { required: false, max: 8 }),
  };
  const returnUrls = {
    success: url(returnUrl, 'success', 'return_url.success'),
    decline: url(returnUrl, 'decline', 'return_url.decline'),
    return: url(returnUrl, 'return', 'return_url.return'),
  };
  return {
    paymentId,
    amount: amount(payment, true)!,
    currency: currency(payment, true)!,
    customer: { id: text(customer, 'id', 'customer.id', { required: true, max: 255 }), ip, ...defined(customerOptional) },
    returnUrls: defined(returnUrls),
    ...defined(optional),
  };
}

export interface RefundRequest {
  paymentId: string;
  /** Absent: refund everything that is left. */
  amount?: number;
  currency?: string;
  description: string;
}

export function parseRefund(body: Obj): RefundRequest {
  const general = object(body, 'general', 'general', true);
  const paymentId = paymentIdOf(general);
  const payment = object(body, 'payment', 'payment', true);
  const description = text(payment, 'description', 'payment.description', { required: true, max: 255 });
  const a = amount(payment, false);
  // a partial refund names its currency (ecommpay: "required for a partial refund")
  const c = currency(payment, a !== undefined);
  return { paymentId, description, ...defined({ amount: a, currency: c }) };
}

/** The object without its undefined values: nothing stored or echoed is null or undefined. */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
