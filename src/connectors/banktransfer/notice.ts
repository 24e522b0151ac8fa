/**
 * The bank's credit notice: what the account's bank (the sandbox bank, or an operator's bridge from
 * their bank) POSTs to walletgate when money arrives. JSON, signed with HMAC-SHA256 over the exact
 * body in `x-bank-signature: sha256=<hex>` with the shared BANK_TRANSFER_NOTICE_SECRET:
 *   {"transactions": [{"id", "reference", "amount" (minor units), "currency", "valueDate", "payer", "account"}]}
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorError, type IncomingTransfer } from '../../core/ports/connector.js';
import { normaliseReference } from './reference.js';

export const SIGNATURE_HEADER = 'x-bank-signature';

export function signNotice(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const bad = (why: string) => new ConnectorError('invalid', why);

function text(o: Record<string, unknown>, key: string, max: number, required: boolean): string | null {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`transaction "${key}" is missing`);
    return null;
  }
  if (typeof v !== 'string' || v.trim() === '' || v.length > max)
    throw bad(`transaction "${key}" must be text of at most ${max} characters`);
  return v.trim();
}

/** One transaction as the notice or a statement carries it, checked. */
export function transferOf(o: Record<string, unknown>): IncomingTransfer {
  const amount = o.amount;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
    throw bad('transaction "amount" must be a positive whole number of minor units');
  const currency = text(o, 'currency', 3, true)!;
  if (!/^[A-Z]{3}$/.test(currency)) throw bad('transaction "currency" must be an ISO 4217 code');
  const valueDate = text(o, 'valueDate', 10, true)!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(valueDate) || Number.isNaN(Date.parse(valueDate)))
    throw bad('transaction "valueDate" must be YYYY-MM-DD');
  return {
    transactionId: text(o, 'id', 100, true)!,
    reference: normaliseReference(text(o, 'reference', 140, false) ?? ''),
    amount,
    currency,
    valueDate,
    payer: text(o, 'payer', 140, false),
    account: text(o, 'account', 50, false),
  };
}

export function parseNotice(secret: string | null, headers: Readonly<Record<string, string>>, rawBody: string): IncomingTransfer[] {
  if (secret === null) throw bad('no BANK_TRANSFER_NOTICE_SECRET is set: credit notices cannot be verified');
  const sent = Buffer.from(headers[SIGNATURE_HEADER] ?? '');
  const expected = Buffer.from(signNotice(secret, rawBody));
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
    throw bad(`the ${SIGNATURE_HEADER} header does not sign this body`);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw bad('the notice is not JSON');
  }
  const list = (json as { transactions?: unknown } | null)?.transactions;
  if (!Array.isArray(list) || list.length === 0 || list.length > 1000) throw bad('"transactions" must be a list of 1 to 1000 transactions');
  return list.map((t) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw bad('each transaction must be an object');
    return transferOf(t as Record<string, unknown>);
  });
}
