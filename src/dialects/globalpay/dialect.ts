/** The GlobalPay REST API (seeds 000, 004) as a registry entry. */
import { generateApiKey } from '../../core/merchants/manage-merchants.js';
import type { Dialect } from '../dialect.js';
import { globalpayDemo } from './demo.js';
import { globalpayNotifications } from './notification.js';
import { globalpayPlugin } from './plugin.js';
import { globalpayReturnUrl } from './return-url.js';

export const globalpayDialect: Dialect = {
  title: 'GlobalPay',
  plugin: globalpayPlugin,
  notifications: globalpayNotifications,
  returnUrl: globalpayReturnUrl,
  replaces: 'https://paytest.smart2pay.com',
  demo: globalpayDemo,
  https: false,
  credentials: { keyIdMeaning: 'the GlobalPay SiteID', newApiKey: generateApiKey, signsNotifications: false },
};
