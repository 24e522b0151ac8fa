/** Alipay+'s line in the connector registry (../index.ts). */
import { ConnectorError } from '../../core/ports/connector.js';
import type { Connector } from '../../core/ports/connector.js';
import type { ConnectorEntry } from '../connector-entry.js';
import { createAlipayPlusConnector } from './alipayplus-connector.js';
import { readAlipayPlusSettings, type AlipayPlusSettings } from './settings.js';

const NOT_CONFIGURED =
  'Alipay+ is not configured: set ALIPAYPLUS_BASE_URL, ALIPAYPLUS_CLIENT_ID, ALIPAYPLUS_PRIVATE_KEY and ALIPAYPLUS_PUBLIC_KEY (docs/connectors/alipayplus.md).';

/** The connector of an Alipay+ nobody configured: every call refuses, saying what to set. */
function notConfigured(): Connector {
  const refuse = (): Promise<never> => Promise.reject(new ConnectorError('invalid', NOT_CONFIGURED));
  return {
    id: 'alipayplus',
    capabilities: {},
    startPayment: refuse,
    completePayment: refuse,
    lookupPayment: refuse,
    refund: refuse,
    chargeAgreement: refuse,
    revokeAgreement: refuse,
    agreementStatus: refuse,
  };
}

export const alipayplusEntry = {
  id: 'alipayplus',
  readSettings: readAlipayPlusSettings,
  create: (s, runtime) => {
    if (!s.configured) return notConfigured();
    const { configured: _configured, ...settings } = s;
    return createAlipayPlusConnector({ ...settings, log: runtime.log, ...(runtime.fetch ? { fetch: runtime.fetch } : {}) });
  },
  // An Alipay+ nobody configured makes no calls: it must not lengthen the sweeper's in-flight grace.
  callTimeoutMs: (s) => (s.configured ? s.timeoutMs : 0),
} as const satisfies ConnectorEntry<AlipayPlusSettings>;
