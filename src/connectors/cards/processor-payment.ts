/**
 * The card processor's payment as its API shows it (docs/sandbox.md, "Card processor"), read into
 * the connector's terms: a lookup result, the instrument and the wallet data kept with a payment.
 */
import type { PaymentLookupResult, WalletData, WalletPaymentState } from '../../core/ports/connector.js';

export interface ProcessorPayment {
  id: string;
  order_id: string;
  status: 'captured' | 'declined' | 'partially_refunded' | 'refunded';
  amount: number;
  currency: string;
  refunded_amount: number;
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
  decline_code: string | null;
  decline_message: string | null;
  refunds: { id: string; amount: number; reference: string | null; created_at: string }[];
  created_at: string;
}

export function isProcessorPayment(v: unknown): v is ProcessorPayment {
  if (v === null || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return typeof p.id === 'string' && typeof p.status === 'string' && typeof p.amount === 'number' && Array.isArray(p.refunds);
}

const STATES: Readonly<Record<ProcessorPayment['status'], WalletPaymentState>> = {
  captured: 'succeeded',
  declined: 'failed',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
};

/** "Visa •••• 1111, 12/30": what walletgate shows and keeps of a card. */
export function instrumentOf(p: Pick<ProcessorPayment, 'card'>): string {
  const { brand, last4, exp_month, exp_year } = p.card;
  return `${brand} •••• ${last4}, ${String(exp_month).padStart(2, '0')}/${String(exp_year % 100).padStart(2, '0')}`;
}

/** What the connector keeps with a payment: the processor's id and the card's brand, last four and expiry. */
export function walletDataOf(p: ProcessorPayment): WalletData {
  return {
    orderId: p.order_id,
    paymentId: p.id,
    card: { brand: p.card.brand, last4: p.card.last4, expMonth: p.card.exp_month, expYear: p.card.exp_year },
  };
}

export function lookupResultOf(p: ProcessorPayment): PaymentLookupResult {
  const refunded = p.refunded_amount;
  return {
    state: STATES[p.status],
    agreementToken: null,
    rawStatus: p.status === 'declined' ? `declined: ${p.decline_code ?? 'unknown'}` : p.status,
    amount: p.status === 'declined' ? 0 : p.amount,
    refundedAmount: refunded,
    refundableAmount: p.status === 'declined' ? 0 : p.amount - refunded,
    actions: [
      ...(p.status === 'declined'
        ? []
        : [{ kind: 'payment' as const, ref: p.id, amount: p.amount, payload: p.order_id, at: new Date(p.created_at) }]),
      ...p.refunds.map((r) => ({ kind: 'refund' as const, ref: r.id, amount: r.amount, payload: r.reference, at: new Date(r.created_at) })),
    ],
    ...(p.status === 'declined' ? {} : { instrument: instrumentOf(p) }),
  };
}
