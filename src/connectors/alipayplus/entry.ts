/** Alipay+'s line in the connector registry (../index.ts). */
import { ConnectorError } from '../../core/ports/connector.js';
import type { Connector } from '../../core/ports/connector.js';
import type { ConnectorEntry, ConnectorRuntime } from '../connector-entry.js';
import { createAlipayPlusConnector } from './alipayplus-connector.js';
import { connectorWithPortalKeys } from './portal-credentials.js';
import { readAlipayPlusSettings, type AlipayPlusSettings } from './settings.js';
import { ALIPAYPLUS_CAPABILITIES } from './wallets.js';

const NOT_CONFIGURED =
  'Alipay+ is not configured: set ALIPAYPLUS_BASE_URL, ALIPAYPLUS_CLIENT_ID, ALIPAYPLUS_PRIVATE_KEY and ALIPAYPLUS_PUBLIC_KEY (docs/connectors/alipayplus.md).';

/** The connector of an Alipay+ nobody configured: it carries no method, and every call refuses, saying what to set. */
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

function create(s: AlipayPlusSettings, runtime: ConnectorRuntime): Connector {
  if (!s.configured) return notConfigured();
  const { configured: _configured, portalUrl, ...settings } = s;
  const common = { log: runtime.log, ...(runtime.fetch ? { fetch: runtime.fetch } : {}) };
  if (portalUrl === null) return createAlipayPlusConnector({ ...settings, ...common });
  return connectorWithPortalKeys(
    { url: portalUrl, timeoutMs: settings.timeoutMs, fetch: runtime.fetch ?? fetch },
    ALIPAYPLUS_CAPABILITIES,
    (keys) => createAlipayPlusConnector({ ...settings, ...keys, ...common }),
  );
}

export const alipayplusEntry = {
  id: 'alipayplus',
  readSettings: readAlipayPlusSettings,
  create,
  // An Alipay+ nobody configured makes no calls: it must not lengthen the sweeper's in-flight grace.
  callTimeoutMs: (s) => (s.configured ? s.timeoutMs : 0),
} as const satisfies ConnectorEntry<AlipayPlusSettings>;
