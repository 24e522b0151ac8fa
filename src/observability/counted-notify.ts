/**
 * Counts status changes for /metrics where the core reports them: every change of a payment,
 * refund or agreement raises an event through `Notify` in the transaction that writes it (the
 * outbox rule), so wrapping Notify sees them all. A transaction rolled back after its event was
 * raised is counted anyway; that is rare (a failed write) and a counter only ever over-counts it.
 */
import type { Notify } from '../core/ports/notify.js';
import type { GatewayMetrics } from './gateway-metrics.js';

export function countedNotify(notify: Notify, metrics: GatewayMetrics): Notify {
  return async (tx, event, requestId) => {
    await notify(tx, event, requestId);
    switch (event.type) {
      case 'payment.updated':
        metrics.statusChanges.inc(['payment', event.payment.status, event.payment.method]);
        break;
      case 'refund.updated':
        metrics.statusChanges.inc(['refund', event.refund.status, event.payment.method]);
        break;
      case 'preapproval.updated':
        metrics.statusChanges.inc(['agreement', event.preapproval.status, event.preapproval.method]);
        break;
    }
  };
}
