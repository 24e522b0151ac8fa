/** Checkout.com's Unified Payments API (seed 002) as a registry entry. */
import type { Dialect } from '../dialect.js';
import { checkoutcomDemo } from './demo.js';
import { generateCheckoutcomKey, generateProcessingChannelId } from './credentials.js';
import { checkoutcomNotifications } from './notification.js';
import { checkoutcomFrameworkError, checkoutcomPlugin } from './plugin.js';
import { checkoutcomReturnUrl } from './return-url.js';
import { ckoId, parseId } from './ids.js';

export const checkoutcomDialect: Dialect = {
  title: 'Checkout.com',
  plugin: checkoutcomPlugin,
  notifications: checkoutcomNotifications,
  returnUrl: checkoutcomReturnUrl,
  frameworkError: (_message, requestId) => checkoutcomFrameworkError(requestId),
  openapi: { file: 'checkoutcom.yaml' },
  replaces: "https://api.checkout.com: the SDK's host",
  demo: checkoutcomDemo,
  https: false,
  paymentId: { format: (id) => ckoId('payment', id), parse: (ref) => parseId('payment', ref) },
  credentials: {
    keyIdMeaning: 'the Checkout.com processing channel (pc_…)',
    // A Checkout.com key belongs to a processing channel; the first one is made up when none is given.
    newKeyId: generateProcessingChannelId,
    newApiKey: generateCheckoutcomKey,
    signsNotifications: true,
  },
};
