/** Adyen's Checkout API (seed 001) as a registry entry. */
import { generateApiKey } from '../../core/merchants/manage-merchants.js';
import type { Dialect } from '../dialect.js';
import { adyenDemo } from './demo.js';
import { adyenNotifications } from './notification.js';
import { adyenFrameworkError, adyenPlugin } from './plugin.js';
import { adyenReturnUrl } from './return-url.js';
import { parsePspReference, pspReference } from './psp-reference.js';

export const adyenDialect: Dialect = {
  title: 'Adyen',
  plugin: adyenPlugin,
  notifications: adyenNotifications,
  returnUrl: adyenReturnUrl,
  frameworkError: (message) => adyenFrameworkError(message),
  openapi: { file: 'adyen.yaml' },
  replaces: 'https://checkout-test.adyen.com, any /vNN',
  demo: adyenDemo,
  https: true,
  paymentId: { format: (id) => pspReference('payment', id), parse: (ref) => parsePspReference('payment', ref) },
  credentials: { keyIdMeaning: 'the Adyen merchant account', newApiKey: generateApiKey, signsNotifications: true },
};
