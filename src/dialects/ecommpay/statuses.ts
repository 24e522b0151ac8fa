/**
 * Core statuses in ecommpay's words (EcpGatewayPaymentStatus / EcpGatewayOperationStatus): exhaustive
 * tables, so a new core status breaks the build here. A KakaoPay payment is one `sale` operation
 * (purchase) and any number of `refund` operations.
 */
import type { PaymentStatus, RefundStatus } from '../../core/model.js';

export type EcpPaymentStatus =
  'processing' | 'awaiting customer action' | 'success' | 'decline' | 'expired' | 'partially refunded' | 'refunded';

export type EcpOperationStatus = 'processing' | 'awaiting customer' | 'success' | 'decline' | 'expired';

/** `payment.status`. A customer's cancel is a decline in ecommpay's words (`cancelled` is a merchant's void). */
export const PAYMENT_STATUS: Record<PaymentStatus, EcpPaymentStatus> = {
  created: 'processing',
  pending_customer: 'awaiting customer action',
  processing: 'processing',
  succeeded: 'success',
  failed: 'decline',
  cancelled: 'decline',
  expired: 'expired',
  partially_refunded: 'partially refunded',
  refunded: 'refunded',
};

/** The `sale` operation's status while the payment is in a status. */
export const SALE_STATUS: Record<PaymentStatus, EcpOperationStatus> = {
  created: 'processing',
  pending_customer: 'awaiting customer',
  processing: 'processing',
  succeeded: 'success',
  failed: 'decline',
  cancelled: 'decline',
  expired: 'expired',
  partially_refunded: 'success',
  refunded: 'success',
};

/**
 * The callback a payment's move into a status sends: the intermediate one (the QR code to show) when
 * it waits for the customer, the final one when it ends; none for the statuses a refund's own
 * callback announces, nor for walletgate's internal steps.
 */
export const SALE_CALLBACK: Record<PaymentStatus, 'intermediate' | 'final' | null> = {
  created: null,
  pending_customer: 'intermediate',
  processing: null,
  succeeded: 'final',
  failed: 'final',
  cancelled: 'final',
  expired: 'final',
  partially_refunded: null,
  refunded: null,
};

export const REFUND_STATUS: Record<RefundStatus, EcpOperationStatus> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'decline',
};

/** A refund's callback is sent once it has ended. */
export const REFUND_CALLBACK: Record<RefundStatus, boolean> = {
  pending: false,
  succeeded: true,
  failed: true,
};

/** `operation.code` / `operation.message` for an operation's status (seed 003: "0" Success, "20000" General decline). */
export const OPERATION_RESULT: Record<EcpOperationStatus, { code: string; message: string }> = {
  processing: { code: '0', message: 'Processing' },
  'awaiting customer': { code: '0', message: 'Awaiting customer action' },
  success: { code: '0', message: 'Success' },
  decline: { code: '20000', message: 'General decline' },
  expired: { code: '20000', message: 'Expired' },
};
