/** What every use case that sends a customer to the wallet shares. */
import type { StartPaymentResult } from '../connectors/connector.js';
import type { CustomerLinks } from './deps.js';
import type { ConnectorState } from './model.js';

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
