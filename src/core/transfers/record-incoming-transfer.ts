/**
 * Money that arrived in a collection account, matched to the payment whose payer quoted its
 * reference (a pay-by-reference method's Payment.connectorState.ref). In one transaction, with the
 * payment locked:
 * - the total received reaches the amount to pay → the payment succeeds (and the merchant is notified);
 *   more than that → it succeeds too, and the surplus is `overpaid`, waiting for a person to pay it back;
 * - less → `partial`: the payment stays open, showing what arrived;
 * - no payment, several open ones, another currency, a payment no longer open or a value date after
 *   its expiry (`late`), a payment already paid → kept for a person, never applied.
 * The same bank transaction (connector, transactionId) twice is kept and applied once, whoever brings
 * it (the bank's notice, a statement imported again) and however many at once.
 */
import type { CoreDeps } from '../deps.js';
import type { Payment } from '../model.js';
import type { IncomingTransfer } from '../ports/connector.js';
import type { IncomingTransferRecord, TransferOutcome } from '../ports/store.js';
import { formatMoney } from '../money.js';
import { applyTransferToPayment, OPEN, PAID } from './apply-transfer-to-payment.js';

export interface RecordedTransfer {
  transfer: IncomingTransferRecord;
  /** true: this bank transaction was kept before; nothing was applied this time */
  duplicate: boolean;
}

interface Verdict {
  outcome: TransferOutcome;
  payment: Payment | null;
  note: string | null;
}

/** The open payment the reference names, or why there is none to apply the money to. */
function choose(candidates: Payment[]): { payment: Payment } | { outcome: TransferOutcome; note: string; payment: Payment | null } {
  if (candidates.length === 0) return { outcome: 'unmatched', note: 'No payment has this reference.', payment: null };
  const open = candidates.filter((p) => OPEN.has(p.status));
  if (open.length > 1)
    return { outcome: 'ambiguous', note: `Payments ${open.map((p) => p.id).join(', ')} are open with this reference.`, payment: null };
  return { payment: open[0] ?? candidates[candidates.length - 1]! };
}

function judge(p: Payment, t: IncomingTransfer): Verdict {
  const due = p.connectorState.instructions;
  if (!due) return { outcome: 'unmatched', payment: p, note: `Payment ${p.id} is not paid by transfer.` };
  if (t.currency !== due.accountCurrency)
    return { outcome: 'wrong_currency', payment: p, note: `Payment ${p.id} is to be paid in ${due.accountCurrency}, not ${t.currency}.` };
  if (PAID.has(p.status)) return { outcome: 'already_paid', payment: p, note: `Payment ${p.id} was already paid.` };
  if (!OPEN.has(p.status))
    return { outcome: 'late', payment: p, note: `Payment ${p.id} is ${p.status.replaceAll('_', ' ')}; the money came after it ended.` };
  if (p.expiresAt && t.valueDate > p.expiresAt.toISOString().slice(0, 10))
    return {
      outcome: 'late',
      payment: p,
      note: `Value date ${t.valueDate} is after payment ${p.id} expired (${p.expiresAt.toISOString()}).`,
    };
  const total = (p.connectorState.received?.amount ?? 0) + t.amount;
  if (total < due.amountToPay)
    return {
      outcome: 'partial',
      payment: p,
      note: `${formatMoney(total, t.currency)} of ${formatMoney(due.amountToPay, t.currency)} received; the payment stays open.`,
    };
  if (total > due.amountToPay)
    return {
      outcome: 'overpaid',
      payment: p,
      note: `Paid, with ${formatMoney(total - due.amountToPay, t.currency)} too much: pay it back to the payer.`,
    };
  return { outcome: 'paid', payment: p, note: null };
}

export async function recordIncomingTransfer(
  deps: Pick<CoreDeps, 'store' | 'notify' | 'log'>,
  connector: string,
  transfer: IncomingTransfer,
  source: string,
): Promise<RecordedTransfer> {
  const candidates = transfer.reference === '' ? [] : await deps.store.payments.findByConnectorRef(connector, transfer.reference);
  const chosen = choose(candidates);
  return deps.store.transaction(async (tx) => {
    // the payment locked before anything is decided: concurrent transfers for it are judged one after another
    const locked = 'outcome' in chosen ? null : ((await tx.payments.getByIdForUpdate(chosen.payment.id)) ?? null);
    const verdict: Verdict = 'outcome' in chosen ? chosen : judge(locked!, transfer);
    const { transfer: kept, isNew } = await tx.incomingTransfers.record({
      ...transfer,
      connector,
      source,
      outcome: verdict.outcome,
      paymentId: verdict.payment?.id ?? null,
      merchantId: verdict.payment?.merchantId ?? null,
      note: verdict.note,
    });
    if (!isNew) return { transfer: kept, duplicate: true };
    if (locked && (verdict.outcome === 'paid' || verdict.outcome === 'partial' || verdict.outcome === 'overpaid'))
      await applyTransferToPayment(deps, tx, locked, transfer, verdict.outcome);
    else deps.log.warn({ transactionId: transfer.transactionId, outcome: verdict.outcome }, 'incoming transfer kept for a person');
    return { transfer: kept, duplicate: false };
  });
}
