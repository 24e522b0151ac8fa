/**
 * What the bench sends: each API's create-payment call for the demo merchant, the status lookup and
 * the refund. The floors answer the GlobalPay create body at `POST /`.
 */
import { DEMO_ADYEN } from '../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../src/dialects/checkoutcom/demo.js';
import { DEMO_ECOMMPAY } from '../src/dialects/ecommpay/demo.js';
import { sign } from '../src/dialects/ecommpay/signature.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../src/dialects/globalpay/demo.js';
import type { Call } from './http-call.js';

/** A create-payment call: a body for a merchant reference, and the status that means created. */
export interface CreateApi {
  label: string;
  path: string;
  headers: Record<string, string>;
  body: (reference: string) => string;
  /** headers of each request of its own, for a reference (an idempotency key) */
  headersFor?: (reference: string) => Record<string, string>;
  expectStatus: number;
}

export const GLOBALPAY_HEADERS = {
  authorization: 'Basic ' + Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64'),
};

/** The create-payment body of the walkthrough, with a MerchantTransactionID unique to this run. */
export function globalPayBody(reference: string): string {
  return JSON.stringify({
    Payment: {
      MerchantTransactionID: reference,
      Amount: 15000,
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://shop.example/r',
      Description: 'bench',
      BillingAddress: { Country: 'KR' },
    },
  });
}

export const GLOBALPAY: CreateApi = {
  label: 'GlobalPay',
  path: '/globalpay/v1/payments',
  headers: GLOBALPAY_HEADERS,
  body: globalPayBody,
  expectStatus: 201,
};

/** The floor takes the same body and headers at `POST /`. */
export const FLOOR: CreateApi = { ...GLOBALPAY, label: 'floor', path: '/' };

/** Checkout.com's: seed 002's KakaoPay request, answered 202 Pending. */
export const CHECKOUTCOM: CreateApi = {
  label: 'Checkout.com',
  path: '/checkoutcom/payments',
  headers: { authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}` },
  body: (reference) =>
    JSON.stringify({
      amount: 15000,
      currency: 'KRW',
      source: { type: 'kakaopay' },
      processing: { terminal_type: 'WEB' },
      success_url: 'http://shop.example/s',
      failure_url: 'http://shop.example/f',
      reference,
      customer: { email: 'bench@shop.example' },
      processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
    }),
  expectStatus: 202,
};

/** Adyen's Checkout API: a KakaoPay redirect payment, answered 200 with action.url. */
export const ADYEN: CreateApi = {
  label: 'Adyen',
  path: '/adyen/v71/payments',
  headers: { 'x-api-key': DEMO_ADYEN.apiKey },
  body: (reference) =>
    JSON.stringify({
      merchantAccount: DEMO_ADYEN.merchantAccount,
      reference,
      amount: { currency: 'KRW', value: 15000 },
      paymentMethod: { type: 'kakaopay' },
      returnUrl: 'http://shop.example/r',
    }),
  expectStatus: 200,
};

/**
 * The same Adyen create with an `Idempotency-Key` of its own on every request, as merchants send one
 * so that a retry after a lost answer cannot pay twice: what a key adds to a create (its claim, and
 * its answer stored for a replay; core/idempotency/run-idempotent.ts).
 */
export const ADYEN_KEYED: CreateApi = {
  ...ADYEN,
  label: 'Adyen with Idempotency-Key',
  headersFor: (reference) => ({ 'idempotency-key': `bench-${reference}` }),
};

/** ecommpay's Gate: seed 003's KakaoPay sale, signed with the demo project's secret (as the package's signer signs), answered 200 accepted. */
export const ECOMMPAY: CreateApi = {
  label: 'ecommpay',
  path: '/ecommpay/v2/payment/wallet/kakaopay/sale',
  headers: {},
  body: (reference) => {
    const body = {
      general: { project_id: DEMO_ECOMMPAY.projectId, payment_id: reference },
      payment: { amount: 15000, currency: 'KRW' },
      customer: { id: 'bench', ip_address: '192.0.2.0' },
      return_url: { success: 'http://shop.example/s', decline: 'http://shop.example/d', return: 'http://shop.example/r' },
    };
    return JSON.stringify({ ...body, general: { ...body.general, signature: sign(body, DEMO_ECOMMPAY.secretKey) } });
  },
  expectStatus: 200,
};

export function createCall(api: CreateApi, reference: string): Call {
  return { method: 'POST', path: api.path, body: api.body(reference), ...(api.headersFor ? { headers: api.headersFor(reference) } : {}) };
}

/** GlobalPay's status lookup of a payment. */
export function lookupCall(paymentId: number): Call {
  return { method: 'GET', path: `/globalpay/v1/payments/${paymentId}` };
}

/** The amount of each refund: 150 of them fit in one 15000 KRW payment. */
export const REFUND_AMOUNT = 100;

/** GlobalPay's refund of part of a succeeded payment, answered 201. */
export function refundCall(paymentId: number, reference: string): Call {
  return {
    method: 'POST',
    path: `/globalpay/v1/payments/${paymentId}/refunds`,
    body: JSON.stringify({ Refund: { MerchantTransactionID: reference, Amount: REFUND_AMOUNT } }),
  };
}

/** The Payment.ID of a GlobalPay answer, or null. */
export function globalPayPaymentId(body: string): number | null {
  try {
    const id = (JSON.parse(body) as { Payment?: { ID?: unknown } }).Payment?.ID;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}
