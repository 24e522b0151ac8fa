/** What every use case that sends a customer to the wallet shares. */
import type { CompletePaymentResult, StartPaymentResult } from './ports/connector.js';
import type { CoreDeps } from './deps.js';
import type { CustomerLinks } from './ports/customer-links.js';
import type { ConnectorState, Payment } from './model.js';

/** The three places the wallet sends the customer back to, for one customer token. */
export function walletReturnUrls(links: CustomerLinks, token: string): { approve: string; cancel: string; fail: string } {
  return {
    approve: links.walletReturn(token, 'approve'),
    cancel: links.walletReturn(token, 'cancel'),
    fail: links.walletReturn(token, 'fail'),
  };
}

/** The connector state of a checkout the wallet has opened. */
export function openedCheckoutState(started: StartPaymentResult): ConnectorState {
  return {
    ref: started.ref,
    partnerOrderId: started.partnerOrderId,
    partnerUserId: started.partnerUserId,
    desktopUrl: started.desktopUrl,
    mobileUrl: started.mobileUrl,
    ...(started.appUrl ? { appUrl: started.appUrl } : {}),
  };
}

/** Asks the wallet to approve an opened checkout (KakaoPay approve) with the ids it was opened with. */
export function approveCheckout(
  deps: Pick<CoreDeps, 'connectors'>,
  rec: Pick<Payment, 'connector' | 'connectorState'>,
  opts: { returnParams: Record<string, string>; recurring: boolean; amount: number },
): Promise<CompletePaymentResult> {
  const state = rec.connectorState;
  return deps.connectors[rec.connector].completePayment({
    ref: state.ref!,
    partnerOrderId: state.partnerOrderId!,
    partnerUserId: state.partnerUserId!,
    ...opts,
  });
}

/**
 * Whether a payment lives under the wallet's recurring contract (KakaoPay subscription CID): charges
 * on a preapproval, and first payments that stored an agreement. Refunds and lookups must say so.
 */
export function usesRecurringContract(p: Pick<Payment, 'preapprovalId' | 'connectorState'>): boolean {
  return p.preapprovalId !== null || p.connectorState.recurringContract === true;
}
