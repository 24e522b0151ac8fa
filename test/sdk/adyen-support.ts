/**
 * Shared steps of the Adyen conformance suite: a KakaoPay payment request as a merchant would
 * build it, the shopper's round trip through the sandbox wallet, and webhooks that are awaited
 * and checked with the library's own hmacValidator (every one of them, see assertEveryWebhookValid).
 */
import assert from 'node:assert/strict';
import adyen from '@adyen/api-library';
import type { Types } from '@adyen/api-library';
import { after, before } from 'node:test';
import { startGateway, type Gateway, type StoreKind } from '../helpers/gateway-harness.js';
import {
  adyenClients,
  hmacIsValid,
  httpError,
  notificationItems,
  type AdyenClients,
  type NotificationItem,
} from '../helpers/adyen-client.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';

export const kinds = ['sqlite', 'postgres'] as const;
export const MERCHANT = DEMO_ADYEN.merchantAccount;

const { PaymentRequest, StoredPaymentMethodDetails } = adyen.Types.checkout;
export const KAKAOPAY = StoredPaymentMethodDetails.TypeEnum.Kakaopay;
export const ECOMMERCE = PaymentRequest.ShopperInteractionEnum.Ecommerce;
export const CONT_AUTH = PaymentRequest.ShopperInteractionEnum.ContAuth;
export const SUBSCRIPTION = PaymentRequest.RecurringProcessingModelEnum.Subscription;
export const { ResultCodeEnum } = adyen.Types.checkout.PaymentResponse;

let counter = 0;
/** A reference no other test (or earlier run on the same PostgreSQL) has used. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}`;
}

/** The merchant's return page: on the receiver's origin, so it is not walletgate's and the sandbox customer stops there. */
export function returnUrlFor(gw: Gateway, order: string): string {
  return `${new URL(gw.receiver.url).origin}/return?order=${encodeURIComponent(order)}`;
}

export function kakaoPayRequest(
  reference: string,
  returnUrl: string,
  extra: Partial<Types.checkout.PaymentRequest> = {},
): Types.checkout.PaymentRequest {
  return {
    merchantAccount: MERCHANT,
    reference,
    amount: { currency: 'KRW', value: 15000 },
    paymentMethod: { type: KAKAOPAY },
    returnUrl,
    ...extra,
  };
}

export interface Redirect {
  pspReference: string;
  url: string;
  response: Types.checkout.PaymentResponse;
}

/** POST /payments for a redirect payment; asserts the RedirectShopper answer of the KakaoPay API-only page (for a wallet of this type). */
export async function startRedirectPayment(
  clients: AdyenClients,
  req: Types.checkout.PaymentRequest,
  paymentMethodType = 'kakaopay',
): Promise<Redirect> {
  const res = await clients.checkout.PaymentsApi.payments(req);
  assert.equal(res.resultCode, ResultCodeEnum.RedirectShopper, JSON.stringify(res));
  assert.match(res.pspReference ?? '', /^[0-9A-Z]{16}$/, `a 16-character pspReference: ${res.pspReference}`);
  const action = res.action as Types.checkout.CheckoutRedirectAction | undefined;
  assert.ok(action, `an action: ${JSON.stringify(res)}`);
  assert.equal(action.type, 'redirect');
  assert.equal(action.method, 'GET');
  assert.equal(action.paymentMethodType, paymentMethodType);
  assert.match(action.url ?? '', /^https?:\/\//, `action.url: ${action.url}`);
  return { pspReference: res.pspReference!, url: action.url!, response: res };
}

/**
 * The shopper follows action.url through the sandbox wallet (POST /sandbox/customer) and comes
 * back to returnUrl; answers the URL-decoded redirectResult the shop receives there.
 */
export async function shopperReturns(
  gw: Gateway,
  actionUrl: string,
  action: 'approve' | 'cancel' | 'fail',
  returnUrl: string,
): Promise<{ finalUrl: string; redirectResult: string }> {
  const walked = await gw.customer(actionUrl, action);
  assert.equal(walked.status, 200, JSON.stringify(walked.json));
  const finalUrl = String(walked.json.finalUrl);
  assert.ok(finalUrl.startsWith(returnUrl), `the shopper lands on the returnUrl ${returnUrl}, not ${finalUrl}`);
  const redirectResult = new URL(finalUrl).searchParams.get('redirectResult');
  assert.ok(redirectResult, `a redirectResult query parameter on ${finalUrl}`);
  return { finalUrl, redirectResult };
}

/** The whole redirect story up to POST /payments/details. */
export async function payAndReturn(
  gw: Gateway,
  clients: AdyenClients,
  req: Types.checkout.PaymentRequest,
  action: 'approve' | 'cancel' | 'fail' = 'approve',
): Promise<{ redirect: Redirect; details: Types.checkout.PaymentDetailsResponse }> {
  const redirect = await startRedirectPayment(clients, req);
  const { redirectResult } = await shopperReturns(gw, redirect.url, action, req.returnUrl);
  const details = await clients.checkout.PaymentsApi.paymentsDetails({ details: { redirectResult } });
  return { redirect, details };
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/** Shape and signature of one webhook body; answers its items. */
export function checkWebhookBody(json: Record<string, unknown>, raw: string): NotificationItem[] {
  assert.equal(json.live, 'false', `live is the string "false": ${raw}`);
  const items = notificationItems(json);
  assert.ok(items.length > 0, `notificationItems[].NotificationRequestItem: ${raw}`);
  for (const item of items) {
    assert.ok(item.success === 'true' || item.success === 'false', `success is the string "true" or "false": ${raw}`);
    assert.equal(item.merchantAccountCode, MERCHANT, raw);
    assert.ok(item.additionalData?.hmacSignature, `additionalData.hmacSignature: ${raw}`);
    assert.ok(hmacIsValid(item), `hmacValidator.validateHMAC accepts the signature: ${raw}`);
  }
  return items;
}

/** Awaits the webhook whose item matches, checks its body and signature, answers the item. */
export async function webhook(gw: Gateway, pred: (item: NotificationItem) => boolean, timeoutMs?: number): Promise<NotificationItem> {
  const n = await gw.receiver.waitFor((r) => notificationItems(r.json).some(pred), timeoutMs);
  const items = checkWebhookBody(n.json, n.body);
  return items.find(pred)!;
}

export const event = (eventCode: string, pspReference: string) => (i: NotificationItem) =>
  i.eventCode === eventCode && i.pspReference === pspReference;

/** For after(): every notification this gateway sent is an Adyen webhook with a valid shape and signature. */
export function assertEveryWebhookValid(gw: Gateway): void {
  assert.ok(gw.receiver.received.length > 0, 'the suite received webhooks');
  for (const n of gw.receiver.received) checkWebhookBody(n.json, n.body);
}

/** The call fails with the library's HttpClientException carrying this status (and Adyen errorCode, when given). */
export async function rejectsWith(call: Promise<unknown>, statusCode: number, errorCode?: string): Promise<void> {
  const e = await httpError(call);
  assert.equal(e.statusCode, statusCode, `statusCode ${e.statusCode}, body ${e.responseBody}`);
  if (errorCode !== undefined) assert.equal(e.errorCode, errorCode, `errorCode ${e.errorCode}, body ${e.responseBody}`);
}

/**
 * For one describe block: a walletgate on `kind` served over HTTPS, the library's clients pointed at
 * it, and, at the end, every webhook it sent checked (assertEveryWebhookValid). Read `t.gw` and
 * `t.adyen` inside tests (they are set in before()).
 */
export function adyenGatewayFor(kind: StoreKind): { readonly gw: Gateway; readonly adyen: AdyenClients } {
  const t = {} as { gw: Gateway; adyen: AdyenClients };
  before(async () => {
    t.gw = await startGateway(kind, { https: true });
    t.adyen = adyenClients(t.gw.httpsBase);
  });
  after(async () => {
    try {
      assertEveryWebhookValid(t.gw);
    } finally {
      await t.gw.close();
    }
  });
  return t;
}
