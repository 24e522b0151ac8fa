/**
 * `POST /sandbox/customer {"url", "action": "transfer", "amount"?, "currency"?, "valueDate"?,
 * "reference"?, "transactionId"?, "payer"?}`: the sandbox bank pays (sandbox-transfer.ts) and
 * answers {action, transactionId, sent, gateway}.
 */
import type { FastifyReply } from 'fastify';
import { sandboxTransfer, TransferError, type TransferRequest } from './sandbox-transfer.js';

const OPTIONAL_TEXT = ['currency', 'valueDate', 'reference', 'transactionId', 'payer'] as const;

export function readTransferBody(body: Record<string, unknown>): TransferRequest | string {
  const { url, amount } = body;
  if (typeof url !== 'string' || url === '') return '"url" must be the payment link walletgate gave the merchant';
  if (amount !== undefined && (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0))
    return '"amount" must be a positive whole number of minor units';
  const out: TransferRequest = { url, ...(amount !== undefined ? { amount } : {}) };
  for (const k of OPTIONAL_TEXT) {
    const v = body[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '' || v.length > 140) return `"${k}" must be text of 1 to 140 characters`;
    out[k] = v;
  }
  if (out.valueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(out.valueDate)) return '"valueDate" must be YYYY-MM-DD';
  return out;
}

export async function transferAction(req: TransferRequest, reply: FastifyReply, timeoutMs?: number): Promise<FastifyReply> {
  try {
    const result = await sandboxTransfer(req, timeoutMs);
    return reply.code(200).send({ action: 'transfer', ...result });
  } catch (e) {
    if (e instanceof TransferError) return reply.code(400).send({ error: 'bad_request', message: e.message });
    return reply.code(400).send({ error: 'bad_request', message: `the transfer could not be sent: ${(e as Error).message}` });
  }
}
