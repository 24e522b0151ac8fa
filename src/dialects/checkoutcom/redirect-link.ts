/**
 * Where Checkout.com's `_links.redirect` sends the customer, by `processing.terminal_type`: WEB gets
 * walletgate's landing page (a QR code on a computer, the wallet on a phone); APP and WAP go to the
 * wallet's own app / mobile page through the landing page, whatever the device.
 */
import type { CustomerLinks } from '../../core/ports/customer-links.js';
import type { Payment } from '../../core/model.js';
import { appendQuery } from '../append-query.js';

export function redirectLink(p: Pick<Payment, 'customerToken' | 'extras'>, links: CustomerLinks): string {
  const landing = links.landing(p.customerToken);
  switch (p.extras.terminalType) {
    case 'APP':
    case 'MINI_APP':
      return appendQuery(landing, [['device', 'app']]);
    case 'WAP':
      return appendQuery(landing, [['device', 'mobile']]);
    default:
      return landing;
  }
}
