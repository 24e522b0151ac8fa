/**
 * notifyPayment (upstream.md §2.4) on the acquirer's side: the notification is trusted only when its
 * Signature verifies with Alipay+'s public key over our notify URL's path, our client id, its
 * Request-Time and the exact body received (§2.1); its paymentResult S or F becomes a WalletVerdict.
 * The acknowledgement Alipay+ expects is result S, signed with our key like any answer.
 */
import { ConnectorError } from '../../core/ports/connector.js';
import type { WalletNotification, WalletVerdict } from '../../core/ports/connector.js';
import { readResult } from './mapping.js';
import { signatureHeader, verifySignature } from './signature.js';

export interface NotificationKeys {
  clientId: string;
  privateKeyPem: string;
  alipayPublicKeyPem: string;
  keyVersion: string;
  /** Where Alipay+ sends notifications; its path is part of what is signed. */
  notifyUrl: string | null;
}

function notifyPath(keys: NotificationKeys): string {
  if (keys.notifyUrl === null) throw new ConnectorError('invalid', 'Alipay+ notifications need ALIPAYPLUS_NOTIFY_URL set');
  return new URL(keys.notifyUrl).pathname;
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function parseNotification(keys: NotificationKeys, headers: Readonly<Record<string, string>>, rawBody: string): WalletNotification {
  const time = header(headers, 'request-time');
  const signed = { method: 'POST', path: notifyPath(keys), clientId: keys.clientId, time: time ?? '', rawBody };
  if (time === undefined || !verifySignature(signed, header(headers, 'signature'), keys.alipayPublicKeyPem))
    throw new ConnectorError('invalid', "its Signature header is missing or does not verify with Alipay+'s public key", {
      providerCode: 'INVALID_SIGNATURE',
    });
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(rawBody);
    body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  const result = readResult(body.paymentResult);
  const paymentId = text(body.paymentId);
  const orderId = text(body.paymentRequestId);
  if (result === undefined || result.resultStatus === 'U' || paymentId === undefined || orderId === undefined)
    throw new ConnectorError('invalid', 'it is not a notifyPayment with a paymentId, a paymentRequestId and a paymentResult S or F');
  let verdict: WalletVerdict;
  if (result.resultStatus === 'S') {
    const amount = body.paymentAmount as { value?: unknown } | undefined;
    const value = text(amount?.value);
    if (value === undefined || !/^[0-9]+$/.test(value))
      throw new ConnectorError('invalid', 'its paymentAmount.value is not a whole number');
    const instrument = text(body.walletBrandName);
    verdict = {
      outcome: 'succeeded',
      amount: Number(value),
      approvalRef: paymentId,
      agreementToken: null,
      ...(instrument !== undefined ? { instrument } : {}),
    };
  } else if (result.resultCode === 'ORDER_IS_CLOSED') {
    verdict = { outcome: 'cancelled', code: result.resultCode, message: result.resultMessage };
  } else {
    verdict = { outcome: 'failed', code: result.resultCode, message: result.resultMessage };
  }
  return { notificationId: `${paymentId}:${result.resultStatus}`, orderId, verdict };
}

/** The signed answer Alipay+ expects before it stops retrying. */
export function acknowledgement(keys: NotificationKeys): { status: number; headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } });
  const time = new Date().toISOString();
  const signed = { method: 'POST', path: notifyPath(keys), clientId: keys.clientId, time, rawBody: body };
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': keys.clientId,
      'response-time': time,
      signature: signatureHeader(signed, keys.privateKeyPem, keys.keyVersion),
    },
    body,
  };
}
