/**
 * A mass-refund file arrives (ADR 0024): every row is checked before anything moves — the payment
 * found in the merchant's scope (by the merchant's reference, or any payment id), the currency the
 * payment's, the amount a valid one no larger than what is left, the payment not already named by
 * an earlier row — and the batch is kept, `validated`, with each row's verdict. The same file
 * (same SHA-256) of the same merchant is the batch it already is: nothing is kept twice.
 */
import type { CoreDeps } from '../deps.js';
import type { Payment } from '../model.js';
import type { NewRefundBatchRow, RefundBatch } from '../ports/refund-batch-store.js';
import { PAID_STATUSES } from '../transitions.js';
import { declaredMethod } from '../method-capabilities.js';
import { minorUnitsOf } from './decimal-amount.js';
import { reachesMerchant } from './dashboard-policy.js';
import { REASON_MAX_LENGTH } from './prepare-dashboard-refund.js';
import { recordAudit } from './record-audit.js';
import type { SignedIn } from './resolve-session.js';

export interface UploadedRow {
  /** 1-based data row */
  row: number;
  payment: string;
  amount: string;
  currency: string;
  reason: string;
}

export interface RefundBatchUpload {
  merchantId: string;
  fileName: string;
  fileHash: string;
  rows: readonly UploadedRow[];
  /** A payment id in any of walletgate's forms (its number, an API's own id) → the payment's number. */
  paymentNumber: (text: string) => number | undefined;
  ip: string | null;
}

export type UploadedBatch =
  { ok: true; batch: RefundBatch } | { ok: false; problem: 'already_uploaded'; batch: RefundBatch } | { ok: false; problem: 'not_found' };

export async function uploadRefundBatch(deps: CoreDeps, signedIn: SignedIn, upload: RefundBatchUpload): Promise<UploadedBatch> {
  if (!reachesMerchant(signedIn.user, upload.merchantId) || !(await deps.store.merchants.get(upload.merchantId)))
    return { ok: false, problem: 'not_found' };
  const earlier = await deps.store.refundBatches.findByHash(upload.merchantId, upload.fileHash);
  if (earlier) return { ok: false, problem: 'already_uploaded', batch: earlier };
  const rows = await validateRows(deps, upload);
  const actor = { user: signedIn.user, ip: upload.ip };
  try {
    const kept = await deps.store.transaction(async (tx) => {
      const batch = await tx.refundBatches.insert({
        merchantId: upload.merchantId,
        fileName: upload.fileName,
        fileHash: upload.fileHash,
        state: 'validated',
        rowsTotal: rows.length,
        rowsValid: rows.filter((r) => r.state === 'pending').length,
        uploadedBy: signedIn.user.email,
      });
      // a concurrent upload of the same file won (on PostgreSQL this transaction is aborted): roll back
      if (!batch) throw new SameFileUploaded();
      await tx.refundBatches.insertRows(batch.id, rows);
      await recordAudit(tx, actor, {
        merchantId: upload.merchantId,
        action: 'refund_batch.upload',
        subject: `refund batch ${batch.id}`,
        detail: { file: upload.fileName, sha256: upload.fileHash, rows: batch.rowsTotal, valid: batch.rowsValid },
      });
      return batch;
    });
    return { ok: true, batch: kept };
  } catch (e) {
    if (!(e instanceof SameFileUploaded)) throw e;
    const winner = await deps.store.refundBatches.findByHash(upload.merchantId, upload.fileHash);
    return { ok: false, problem: 'already_uploaded', batch: winner! };
  }
}

class SameFileUploaded extends Error {}

async function findPayment(deps: CoreDeps, merchantId: string, text: string, paymentNumber: RefundBatchUpload['paymentNumber']) {
  // the merchant's own reference first; then walletgate's number or an API's payment id
  const byReference = await deps.store.payments.list(merchantId, { reference: text }, { index: 1, size: 2 });
  if (byReference.total > 1) return { problem: `${byReference.total} payments have the reference "${text}": name one by its payment id.` };
  if (byReference.items[0]) return { payment: byReference.items[0] };
  const id = paymentNumber(text);
  const payment = id === undefined ? undefined : await deps.store.payments.get(merchantId, id);
  return payment ? { payment } : { problem: `No payment "${text}" of ${merchantId} (neither a reference nor a payment id).` };
}

async function validateRows(deps: CoreDeps, upload: RefundBatchUpload): Promise<NewRefundBatchRow[]> {
  const seen = new Map<number, number>();
  const out: NewRefundBatchRow[] = [];
  for (const r of upload.rows) {
    const base = {
      row: r.row,
      paymentText: r.payment,
      amountText: r.amount,
      currency: r.currency,
      reason: r.reason,
    };
    const refuse = (message: string, payment?: Payment) =>
      out.push({ ...base, paymentId: payment?.id ?? null, amount: null, state: 'invalid', message });
    const paymentText = r.payment.trim();
    if (paymentText === '') {
      refuse('The payment column is empty.');
      continue;
    }
    if (r.reason.length > REASON_MAX_LENGTH) {
      refuse(`The reason is too long: at most ${REASON_MAX_LENGTH} characters.`);
      continue;
    }
    const found = await findPayment(deps, upload.merchantId, paymentText, upload.paymentNumber);
    if (!('payment' in found) || !found.payment) {
      refuse(found.problem ?? 'Payment not found.');
      continue;
    }
    const p = found.payment;
    const twice = seen.get(p.id);
    if (twice !== undefined) {
      refuse(`Payment ${p.id} is already refunded by row ${twice} of this file (one row per payment).`, p);
      continue;
    }
    const currency = r.currency.trim().toUpperCase();
    if (currency === '') {
      refuse(`The currency column is empty (the payment is in ${p.currency}).`, p);
      continue;
    }
    if (currency !== p.currency) {
      refuse(`Payment ${p.id} is in ${p.currency}, not ${currency}.`, p);
      continue;
    }
    const left = p.capturedAmount - p.refundedAmount - p.refundReservedAmount;
    if (!PAID_STATUSES.has(p.status) || left <= 0) {
      refuse(`Payment ${p.id} is ${p.status.replaceAll('_', ' ')}: nothing is left to refund.`, p);
      continue;
    }
    let amount: number | null = null;
    if (r.amount.trim() !== '') {
      const parsed = minorUnitsOf(r.amount, p.currency);
      if ('problem' in parsed) {
        refuse(parsed.problem, p);
        continue;
      }
      amount = parsed.amount;
      if (amount > left) {
        refuse(`The amount exceeds what is left to refund on payment ${p.id} (${left} minor units of ${p.currency}).`, p);
        continue;
      }
      const method = declaredMethod(deps.connectors, p.connector, p.method);
      if (amount < left && !method?.partialRefunds) {
        refuse(`Payment ${p.id}’s method refunds only everything that is left: leave the amount empty.`, p);
        continue;
      }
      if (amount < left && method?.refundsByArticles && (p.articles?.length ?? 0) > 0) {
        refuse(`Payment ${p.id} is refunded in part only by articles: refund it from its page, or leave the amount empty.`, p);
        continue;
      }
    }
    // only a valid row takes its payment: a later row may fix an earlier one's mistake
    seen.set(p.id, r.row);
    out.push({ ...base, currency, paymentId: p.id, amount, state: 'pending', message: null });
  }
  return out;
}
