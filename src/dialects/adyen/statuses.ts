/** Core statuses in Adyen's words: exhaustive tables, so a new core status breaks the build here. */
import type { PaymentStatus } from '../../core/model.js';

export type ResultCode = 'Authorised' | 'Refused' | 'Cancelled' | 'Error' | 'Pending' | 'Received' | 'RedirectShopper';

/** The resultCode a payment has when the merchant asks (/payments/details), before refinement of failures. */
export const RESULT_CODES: Record<PaymentStatus, ResultCode> = {
  created: 'Received',
  pending_customer: 'Pending',
  processing: 'Received',
  succeeded: 'Authorised',
  partially_refunded: 'Authorised',
  refunded: 'Authorised',
  failed: 'Refused',
  cancelled: 'Cancelled',
  expired: 'Cancelled',
};

/**
 * The webhook a payment's status change raises (null: none). cancelled splits by who cancelled:
 * the merchant (CANCELLATION) or the shopper (AUTHORISATION false), see notification.ts.
 */
export const PAYMENT_EVENTS: Record<PaymentStatus, { eventCode: string; success: boolean } | null> = {
  created: null,
  pending_customer: null,
  processing: null,
  succeeded: { eventCode: 'AUTHORISATION', success: true },
  partially_refunded: null,
  refunded: null,
  failed: { eventCode: 'AUTHORISATION', success: false },
  cancelled: { eventCode: 'AUTHORISATION', success: false },
  expired: { eventCode: 'OFFER_CLOSED', success: true },
};
