/** Core statuses in Checkout.com's words: exhaustive tables, so a new core status breaks the build here. */
import type { PaymentStatus, RefundStatus } from '../../core/model.js';

export type CkoStatus = 'Pending' | 'Authorized' | 'Captured' | 'Partially Refunded' | 'Refunded' | 'Declined' | 'Canceled' | 'Expired';

export const PAYMENT_STATUS: Record<PaymentStatus, CkoStatus> = {
  created: 'Pending',
  pending_customer: 'Pending',
  processing: 'Pending',
  succeeded: 'Captured',
  partially_refunded: 'Partially Refunded',
  refunded: 'Refunded',
  failed: 'Declined',
  cancelled: 'Canceled',
  expired: 'Expired',
};

/** `approved`: known once the wallet has answered; absent while the payment waits. */
export const APPROVED: Record<PaymentStatus, boolean | null> = {
  created: null,
  pending_customer: null,
  processing: null,
  succeeded: true,
  partially_refunded: true,
  refunded: true,
  failed: false,
  cancelled: false,
  expired: false,
};

/**
 * The webhooks a payment's move into a status raises, in order. A KakaoPay approval is an
 * authorization and a capture at once, so both events go out. Refund statuses of the payment are
 * announced by the refund's own events.
 */
export const PAYMENT_EVENTS: Record<PaymentStatus, readonly string[]> = {
  created: [],
  pending_customer: ['payment_pending'],
  processing: [],
  succeeded: ['payment_approved', 'payment_captured'],
  partially_refunded: [],
  refunded: [],
  failed: ['payment_declined'],
  cancelled: ['payment_canceled'],
  expired: ['payment_expired'],
};

export const REFUND_EVENTS: Record<RefundStatus, string> = {
  pending: 'payment_refund_pending',
  succeeded: 'payment_refunded',
  failed: 'payment_refund_declined',
};

/** Checkout.com's response codes for what walletgate reports. */
export const RESPONSE = {
  approved: { code: '10000', summary: 'Approved' },
  declined: { code: '20005', summary: 'Declined - Do Not Honour' },
  pending: { code: '10200', summary: 'Pending' },
} as const;
