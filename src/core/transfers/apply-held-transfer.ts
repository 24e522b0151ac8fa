/**
 * A person applies money kept for them (unmatched, ambiguous, another currency, late, paid twice,
 * an overpayment's surplus) to an open payment they chose: the same accounting as an automatic match
 * (apply-transfer-to-payment.ts: partial or paid, the merchant notified through the outbox), in one
 * transaction with the transfer and the payment locked. Refused, with nothing written, when the
 * payment is not open, is paid by another method or into another account, is another merchant's,
 * is due in another currency or is due less than the money; and when the transfer was resolved
 * already — of two people at once, one wins and the other hears who did what.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment } from '../model.js';
import { formatMoney } from '../money.js';
import type { IncomingTransferRecord, Repos } from '../ports/store.js';
import { applyTransferToPayment, OPEN } from './apply-transfer-to-payment.js';
import { heldAmount } from './held-amount.js';
import { lockResolvableTransfer, resolvedMeanwhile } from './resolvable-transfer.js';

export interface AppliedTransfer {
  transfer: IncomingTransferRecord;
  payment: Payment;
  /** what was applied, minor units of the transfer's currency (an overpayment's surplus: only that) */
  applied: number;
  /** `paid`: the payment succeeded; `partial`: it stays open, waiting for the rest */
  result: 'paid' | 'partial';
}

const compact = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

/** Why the money cannot go to this payment, or null. */
function refusal(t: IncomingTransferRecord, p: Payment, amount: number): CoreError | null {
  const due = p.connectorState.instructions;
  if (p.connector !== t.connector || !due)
    return new CoreError('request_invalid', `Payment ${p.id} is not paid by transfer into this account (it is a ${p.method} payment).`, {
      field: 'paymentId',
    });
  if (t.merchantId !== null && t.merchantId !== p.merchantId)
    return new CoreError(
      'request_invalid',
      `Payment ${p.id} is merchant ${p.merchantId}'s; transfer #${t.id} came for merchant ${t.merchantId}.`,
      {
        field: 'paymentId',
      },
    );
  if (t.account !== null && ![due.iban, due.accountNumber].some((a) => a !== '' && compact(a) === compact(t.account!)))
    return new CoreError(
      'request_invalid',
      `Payment ${p.id} is paid into ${due.iban || due.accountNumber}; transfer #${t.id} arrived in ${t.account}.`,
      {
        field: 'paymentId',
      },
    );
  if (t.currency !== due.accountCurrency)
    return new CoreError(
      'currency_mismatch',
      `Payment ${p.id} is to be paid in ${due.accountCurrency}; transfer #${t.id} is in ${t.currency}.`,
    );
  if (!OPEN.has(p.status))
    return new CoreError(
      'payment_state_conflict',
      `Payment ${p.id} is ${p.status.replaceAll('_', ' ')}: only an open payment can take the money.`,
    );
  const still = due.amountToPay - (p.connectorState.received?.amount ?? 0);
  if (amount > still)
    return new CoreError(
      'payment_state_conflict',
      `Payment ${p.id} is due ${formatMoney(still, t.currency)}, less than the ${formatMoney(amount, t.currency)} of transfer #${t.id}: ` +
        'apply it to another payment, or return it to the payer.',
    );
  return null;
}

export async function applyHeldTransfer(
  deps: Pick<CoreDeps, 'store' | 'notify' | 'log'>,
  transferId: number,
  paymentId: number,
): Promise<AppliedTransfer> {
  const done = await deps.store.transaction(async (tx: Repos) => {
    const t = await lockResolvableTransfer(tx, transferId);
    const p = await tx.payments.getByIdForUpdate(paymentId);
    if (!p) throw new CoreError('not_found', `No payment ${paymentId}.`, { field: 'paymentId' });
    const paid = t.outcome === 'overpaid' && t.paymentId !== null ? await tx.payments.getById(t.paymentId) : undefined;
    const amount = heldAmount(t, paid);
    const refused = refusal(t, p, amount);
    if (refused) throw refused;
    const result = amount === p.connectorState.instructions!.amountToPay - (p.connectorState.received?.amount ?? 0) ? 'paid' : 'partial';
    const note = `${formatMoney(amount, t.currency)} applied by a person to payment ${p.id}: ${result === 'paid' ? 'paid' : 'still open'}.`;
    const resolved =
      (await tx.incomingTransfers.resolve(t.id, { resolution: 'applied', paymentId: p.id, note })) ?? (await resolvedMeanwhile(tx, t.id));
    await applyTransferToPayment(deps, tx, p, { ...t, amount }, result);
    return { transfer: resolved, payment: (await tx.payments.getById(p.id))!, applied: amount, result } satisfies AppliedTransfer;
  });
  deps.log.info({ transferId, paymentId, result: done.result }, 'held transfer applied by a person');
  return done;
}
