/** The customer-facing URLs the core hands out; src/web/customer-links.ts builds them from the public base URL. */
export interface CustomerLinks {
  /** walletgate's public base URL (no trailing slash): API links in responses and webhooks start here. */
  publicBase: string;
  /** The landing page a merchant sends the customer to: {base}/pay/{token} */
  landing(token: string): string;
  /** Where the wallet sends the customer back: {base}/pay/{token}/return|cancel|fail */
  walletReturn(token: string, outcome: 'approve' | 'cancel' | 'fail'): string;
}
