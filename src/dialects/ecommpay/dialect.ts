/** ecommpay (seed 003): Gate and the hosted Payment Page, as a registry entry. */
import type { Dialect } from '../dialect.js';
import { generateProjectId, generateProjectSecret } from './credentials.js';
import { ecommpayDemo } from './demo.js';
import { ecommpayNotifications } from './notification.js';
import { ecommpayFrameworkError, ecommpayPlugin } from './plugin.js';
import { ecommpayReturnUrl } from './return-url.js';
import { extrasOf } from './extras.js';
import { paymentPageFrameworkError } from './routes/payment-page.js';

export const ecommpayDialect: Dialect = {
  title: 'ecommpay',
  plugin: ecommpayPlugin,
  notifications: ecommpayNotifications,
  returnUrl: ecommpayReturnUrl,
  // the Payment Page shows the result, then sends the customer on, as ecommpay's own page does; Gate's customer goes straight back
  showsResultFirst: (rec) => rec.kind === 'payment' && extrasOf(rec.payment).via === 'payment_page',
  frameworkError: (message, requestId, url) => paymentPageFrameworkError(url, message) ?? ecommpayFrameworkError(message, requestId),
  openapi: {
    file: 'ecommpay.yaml',
    note: 'Each request carries general.signature, an HMAC of its body that "Try it out" cannot compute: sign it as docs/dialects/ecommpay.md shows (the ecommpay package, or its signing example), then send it with curl.',
  },
  replaces: 'https://api.ecommpay.com and https://paymentpage.ecommpay.com',
  demo: ecommpayDemo,
  https: false,
  credentials: {
    keyIdMeaning: 'the ecommpay project id (an integer)',
    // An ecommpay key is a project: a merchant without one gets a fresh project id.
    newKeyId: generateProjectId,
    newApiKey: generateProjectSecret,
    // callbacks are signed with the project's secret key, which every project has
    signsNotifications: false,
  },
};
