/**
 * Domain events. The core raises one inside the transaction that changed the state; the
 * notifications module renders it in the record's dialect and writes the outbox row in that same
 * transaction.
 */
import type { Payment, Preapproval, Refund } from './model.js';

export type CoreEvent =
  | {
      type: 'payment.updated';
      payment: Payment;
      /** The agreement this payment's approval stored (Adyen token, Checkout.com src_), in the same transaction. */
      storedAgreement?: Preapproval;
    }
  | { type: 'preapproval.updated'; preapproval: Preapproval }
  | { type: 'refund.updated'; refund: Refund; payment: Payment };
