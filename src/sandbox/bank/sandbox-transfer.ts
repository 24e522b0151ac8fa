/**
 * The sandbox bank: a payer who reads the transfer instructions on the payment link walletgate
 * gave the merchant (the `transfer` block of /pay/{token}) and pays, and the collection account's
 * bank, which then sends walletgate a signed credit notice (POST {gateway}/connectors/banktransfer/transfers),
 * as a real bank's notification service or an operator's bridge would. Over real HTTP only.
 *
 * What the payer does is told by the request: the amount (minor units; default what the page asks),
 * another currency, a value date (default today; a later one plays a late transfer), another
 * reference, or the same bank transaction id again (a notice repeated).
 */
import { createHmac } from 'node:crypto';
import { randomHex } from '../random-hex.js';
import { httpRequest } from '../../http-client/post.js';

/** The secret the sandbox bank signs its notices with; walletgate's sandbox settings know it (BANK_TRANSFER_NOTICE_SECRET). */
export const SANDBOX_BANK_SECRET = 'sandbox-bank-notice-secret';

export interface TransferRequest {
  url: string;
  amount?: number;
  currency?: string;
  valueDate?: string;
  reference?: string;
  transactionId?: string;
  payer?: string;
}

export interface TransferResult {
  transactionId: string;
  sent: { reference: string; amount: number; currency: string; valueDate: string; account: string };
  /** walletgate's answer to the credit notice */
  gateway: { status: number; body: unknown };
}

export class TransferError extends Error {}

function attr(block: string, name: string): string | null {
  const m = new RegExp(`data-${name}="([^"]*)"`).exec(block);
  return m ? m[1]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>') : null;
}

/** Reads the instructions off the payment link's page. */
export async function readInstructions(
  url: URL,
  timeoutMs: number,
): Promise<{ reference: string; iban: string; amount: number; currency: string }> {
  const page = await httpRequest('GET', url, { accept: 'text/html' }, undefined, timeoutMs);
  const block = /<dl class="transfer"[^>]*>/.exec(page.text)?.[0];
  if (page.status !== 200 || !block)
    throw new TransferError(`${url.href} shows no bank transfer instructions (HTTP ${page.status}): is it an open bank transfer payment?`);
  const [reference, iban, amount, currency] = ['reference', 'iban', 'amount', 'currency'].map((n) => attr(block, n));
  if (!reference || !iban || !amount || !currency) throw new TransferError(`${url.href}: the instructions are incomplete`);
  return { reference, iban, amount: Number(amount), currency };
}

export async function sandboxTransfer(req: TransferRequest, timeoutMs = 10_000): Promise<TransferResult> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new TransferError(`not an absolute URL: ${req.url}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TransferError(`not an http(s) URL: ${req.url}`);
  const shown = await readInstructions(url, timeoutMs);
  const transactionId = req.transactionId ?? newTransactionId();
  const sent = {
    reference: req.reference ?? shown.reference,
    amount: req.amount ?? shown.amount,
    currency: req.currency ?? shown.currency,
    valueDate: req.valueDate ?? new Date().toISOString().slice(0, 10),
    account: shown.iban,
  };
  return sendNotice(new URL('/connectors/banktransfer/transfers', url), transactionId, sent, req.payer ?? 'Sandbox Payer', timeoutMs);
}

/** The collection account's bank tells walletgate (at `notice`) that the money arrived: one transaction, signed. */
export async function sendNotice(
  notice: URL,
  transactionId: string,
  sent: TransferResult['sent'],
  payer: string,
  timeoutMs = 10_000,
): Promise<TransferResult> {
  const body = JSON.stringify({ transactions: [{ id: transactionId, ...sent, payer }] });
  const signature = `sha256=${createHmac('sha256', SANDBOX_BANK_SECRET).update(body).digest('hex')}`;
  const answer = await httpRequest('POST', notice, { 'content-type': 'application/json', 'x-bank-signature': signature }, body, timeoutMs);
  let parsed: unknown = answer.text;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    // kept as text
  }
  return { transactionId, sent, gateway: { status: answer.status, body: parsed } };
}

/** A new bank transaction id. */
export function newTransactionId(): string {
  return `SBX${randomHex(8).toUpperCase()}`;
}
