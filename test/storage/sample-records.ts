/** Builders of complete New… records for the storage tests; override what a test is about. */
import { randomUUID } from 'node:crypto';
import type { NewNotification, NewOperation, NewPayment, NewPreapproval, NewRefund, Store } from '../../src/core/ports/store.js';

export async function addMerchant(store: Store, id = `m_${randomUUID().slice(0, 8)}`): Promise<string> {
  await store.merchants.insert({ id, name: `Merchant ${id}`, notifyUrl: `https://merchant.example/${id}/notify` });
  return id;
}

export function newPayment(merchantId: string, over: Partial<NewPayment> = {}): NewPayment {
  const reference = over.reference ?? `ref-${randomUUID()}`;
  return {
    merchantId,
    dialect: 'globalpay',
    reference,
    uniqueReference: reference,
    method: 'kakaopay',
    connector: 'kakaopay',
    amount: 10_000,
    currency: 'KRW',
    status: 'created',
    capturedAmount: 0,
    refundedAmount: 0,
    refundReservedAmount: 0,
    description: null,
    customer: null,
    billingAddress: null,
    shippingAddress: null,
    articles: null,
    returnUrl: null,
    customerToken: `tok-${randomUUID()}`,
    expiresAt: null,
    preapprovalId: null,
    connectorState: {},
    failureCode: null,
    failureMessage: null,
    extras: {},
    ...over,
  };
}

export function newPreapproval(merchantId: string, over: Partial<NewPreapproval> = {}): NewPreapproval {
  const reference = over.reference ?? `pre-${randomUUID()}`;
  return {
    merchantId,
    dialect: 'globalpay',
    reference,
    uniqueReference: reference,
    method: 'kakaopay',
    connector: 'kakaopay',
    currency: 'KRW',
    description: null,
    returnUrl: null,
    customer: null,
    billingAddress: null,
    recurringPeriod: null,
    maxAmount: null,
    status: 'pending',
    customerToken: `ptok-${randomUUID()}`,
    expiresAt: null,
    agreementToken: null,
    connectorState: {},
    failureCode: null,
    failureMessage: null,
    extras: {},
    ...over,
  };
}

export function newRefund(merchantId: string, paymentId: number, over: Partial<NewRefund> = {}): NewRefund {
  return {
    merchantId,
    paymentId,
    dialect: 'globalpay',
    reference: null,
    amount: 1000,
    currency: 'KRW',
    status: 'pending',
    description: null,
    articles: null,
    connectorRef: null,
    needsSync: false,
    failureCode: null,
    failureMessage: null,
    extras: {},
    ...over,
  };
}

export function newNotification(merchantId: string, over: Partial<NewNotification> = {}): NewNotification {
  return {
    merchantId,
    dialect: 'globalpay',
    event: 'payment.succeeded',
    resourceType: 'payment',
    resourceId: 4938078,
    url: 'https://merchant.example/notify',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': 'abc' },
    body: 'TransactionID=4938078&StatusID=2',
    ack: 'status_204',
    ...over,
  };
}

/** A payment's `create` operation, as a create records it. */
export function newOperation(merchantId: string, paymentId: number, over: Partial<NewOperation> = {}): NewOperation {
  return {
    merchantId,
    paymentId,
    preapprovalId: null,
    refundId: null,
    kind: 'create',
    status: 'ok',
    amount: null,
    currency: null,
    code: null,
    message: null,
    ...over,
  };
}
