/** The GlobalPay REST API (seeds 000, 004) as a registry entry. */
import { generateApiKey } from '../../core/merchants/manage-merchants.js';
import type { Dialect } from '../dialect.js';
import { globalpayDemo } from './demo.js';
import { globalpayNotifications } from './notification.js';
import { globalpayPlugin } from './plugin.js';
import { globalpayReturnUrl } from './return-url.js';
import { globalpayFrameworkError } from './transport.js';

export const globalpayDialect: Dialect = {
  title: 'GlobalPay',
  plugin: globalpayPlugin,
  notifications: globalpayNotifications,
  returnUrl: globalpayReturnUrl,
  frameworkError: (message, _requestId, url) => globalpayFrameworkError(message, url),
  openapi: { file: 'globalpay.yaml' },
  replaces: 'https://paytest.smart2pay.com',
  demo: globalpayDemo,
  https: false,
  credentials: { keyIdMeaning: 'the GlobalPay SiteID', newApiKey: generateApiKey, signsNotifications: false },
};
