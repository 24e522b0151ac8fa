import type { CustomerLinks } from '../core/ports/customer-links.js';

export function customerLinks(publicUrl: string): CustomerLinks {
  const base = publicUrl.replace(/\/$/, '');
  return {
    publicBase: base,
    landing: (token) => `${base}/pay/${token}`,
    walletReturn: (token, outcome) => `${base}/pay/${token}/${outcome === 'approve' ? 'return' : outcome}`,
  };
}
