/** What every use case that sends a customer to the wallet, or calls it later about a record, shares. */
import { connectorOf } from './method-capabilities.js';
import type { CompletePaymentResult, StartPaymentResult, WalletData } from './ports/connector.js';
import type { CoreDeps } from './deps.js';
import type { CustomerLinks } from './ports/customer-links.js';
import type { ConnectorState, Payment } from './model.js';
import { walletCallOf } from './request-context.js';

/** The three places the wallet sends the customer back to, for one customer token. */
export function walletReturnUrls(links: CustomerLinks, token: string): { approve: string; cancel: string; fail: string } {
  return {
    approve: links.walletReturn(token, 'approve'),
    cancel: links.walletReturn(token, 'cancel'),
    fail: links.walletReturn(token, 'fail'),
  };
}

/** The connector state of a checkout the wallet has opened for `customerRef`. */
export function openedCheckoutState(started: StartPaymentResult, customerRef: string): ConnectorState {
  return {
    ref: started.ref,
    wallet: { ...started.wallet },
    customerRef,
    desktopUrl: started.desktopUrl,
    mobileUrl: started.mobileUrl,
    ...(started.appUrl ? { appUrl: started.appUrl } : {}),
    ...(started.instructions ? { instructions: started.instructions } : {}),
  };
}

/** A payment, or a preapproval (which always lives under an agreement). */
type WalletRecord = Pick<Payment, 'connectorState'> & { preapprovalId?: number | null };

/**
 * What the connector stored for a record, handed back on every call about it. Rows written before
 * the connector seam kept the connector's data at the top level of their state, and the core knew
 * whether they were made under an agreement: those rows hand over their whole state and that fact,
 * and the connector's own decoder reads them (docs/adr/0011-connector-seam.md).
 */
export function walletDataOf(rec: WalletRecord): WalletData {
  const state = rec.connectorState;
  if (state.wallet !== undefined) return state.wallet;
  const onAgreement = rec.preapprovalId === undefined || rec.preapprovalId !== null || state.recurringContract === true;
  return { ...state, onAgreement };
}

/** Asks the wallet to approve an opened checkout with what it stored when it opened it. */
export function approveCheckout(
  deps: Pick<CoreDeps, 'connectors' | 'requestId'>,
  rec: Pick<Payment, 'connector'> & WalletRecord,
  opts: { returnParams: Record<string, string>; amount: number },
): Promise<CompletePaymentResult> {
  return connectorOf(deps.connectors, rec.connector).completePayment(
    { ref: rec.connectorState.ref!, wallet: walletDataOf(rec), ...opts },
    walletCallOf(deps),
  );
}
