/**
 * With the sandbox on and no keys configured, the Alipay+ connector takes its client's keys from the
 * sandbox's developer portal (`GET {base}/portal/credentials`), as a developer downloads them from
 * Alipay+'s developer centre: read at the first call that needs them, and read again after a failure.
 */
import { ConnectorError } from '../../core/ports/connector.js';
import type { Connector } from '../../core/ports/connector.js';

/**
 * The least time the portal is given to answer, whatever the wallet calls' timeout: reading the keys
 * is not a wallet call, and a sandbox asked for them the first time makes two 2048-bit RSA key pairs
 * first (up to a second of CPU on a busy machine; src/sandbox/alipayplus/state/sandbox-keys.ts), longer
 * than a short wallet timeout allows. It happens once a process. Not counted in the in-flight grace
 * (entry.ts, callTimeoutMs): a create that outlives the grace while its keys are read finds its payment
 * settled by the sweeper, and that word stands (open-checkout.ts); no money has moved.
 */
export const PORTAL_MIN_TIMEOUT_MS = 10_000;

export interface PortalCredentials {
  clientId: string;
  privateKeyPem: string;
  alipayPublicKeyPem: string;
  keyVersion: string;
}

function isCredentials(v: unknown): v is PortalCredentials {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return ['clientId', 'privateKeyPem', 'alipayPublicKeyPem', 'keyVersion'].every((k) => typeof o[k] === 'string' && o[k] !== '');
}

async function readCredentials(url: string, timeoutMs: number, doFetch: typeof fetch): Promise<PortalCredentials> {
  let res: Response;
  try {
    res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new ConnectorError('unknown', `The Alipay+ sandbox's portal at ${url} could not be reached: ${(e as Error).message}`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok || !isCredentials(body))
    throw new ConnectorError('unknown', `The Alipay+ sandbox's portal at ${url} answered ${res.status} without credentials`);
  return body;
}

/**
 * A connector whose keys come from the portal: every call first has the real connector built (once),
 * then goes to it. `build` makes the real connector from the credentials.
 */
export function connectorWithPortalKeys(
  portal: { url: string; timeoutMs: number; fetch: typeof fetch },
  capabilities: Connector['capabilities'],
  build: (credentials: PortalCredentials) => Connector,
): Connector {
  let built: Connector | null = null;
  let loading: Promise<Connector> | null = null;
  const load = (): Promise<Connector> =>
    built !== null
      ? Promise.resolve(built)
      : (loading ??= readCredentials(portal.url, Math.max(portal.timeoutMs, PORTAL_MIN_TIMEOUT_MS), portal.fetch).then(
          (c) => (built = build(c)),
          (e: unknown) => {
            loading = null;
            throw e;
          },
        ));
  return {
    id: 'alipayplus',
    capabilities,
    startPayment: async (input) => (await load()).startPayment(input),
    completePayment: async (input) => (await load()).completePayment(input),
    lookupPayment: async (ref, wallet) => (await load()).lookupPayment(ref, wallet),
    findCharge: async (orderId, agreementWallet) => (await load()).findCharge!(orderId, agreementWallet),
    refund: async (input, wallet) => (await load()).refund(input, wallet),
    chargeAgreement: async (input) => (await load()).chargeAgreement(input),
    revokeAgreement: async (token) => (await load()).revokeAgreement(token),
    agreementStatus: async (token) => (await load()).agreementStatus(token),
    parseNotification: async (headers, rawBody) => {
      const c = await load();
      return c.parseNotification!(headers, rawBody);
    },
    acknowledgeNotification: () => {
      // only ever asked after parseNotification, which built the connector
      if (built === null) throw new ConnectorError('unknown', 'Alipay+ keys not read from the sandbox portal yet');
      return built.acknowledgeNotification!();
    },
  };
}
