/**
 * Adyen's official Node library (`@adyen/api-library`) pointed at a walletgate: the library's own
 * transport, headers, serialisation and error parsing, with only the host changed (option A in
 * the dialects reference). The library speaks HTTPS only, so the gateway must have been started
 * with `startGateway(kind, { https: true })`.
 */
import adyen from '@adyen/api-library';
import type { CheckoutAPI as CheckoutApiType, Config, RecurringAPI as RecurringApiType, Types } from '@adyen/api-library';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';

// The package is CommonJS: Node's ESM loader sees only part of its named exports.
const { Client, CheckoutAPI, RecurringAPI, EnvironmentEnum, HttpURLConnectionClient, HttpClientException, hmacValidator } = adyen;
export { HttpClientException };

/** The hosts the library's API classes hard-code for the TEST environment. */
type RequestOptions = Parameters<InstanceType<typeof HttpURLConnectionClient>['request']>[4];

const ADYEN_TEST_HOSTS = ['https://checkout-test.adyen.com', 'https://pal-test.adyen.com'] as const;

/** The library's default client, with the Adyen TEST hosts swapped for `{httpsBase}/adyen`. */
export class WalletgateAdyenHttpClient extends HttpURLConnectionClient {
  /** every URL the library asked for, after the rewrite, with its method */
  readonly calls: { method: string; url: string }[] = [];
  constructor(private readonly gatewayBase: string) {
    super();
  }

  override request(
    endpoint: string,
    json: string | Buffer,
    config: Config,
    isApiRequired: boolean,
    requestOptions?: RequestOptions,
  ): Promise<string> {
    const host = ADYEN_TEST_HOSTS.find((h) => endpoint.startsWith(`${h}/`));
    if (!host) return Promise.reject(new Error(`the Adyen library asked for an unexpected host: ${endpoint}`));
    const url = `${this.gatewayBase}/adyen${endpoint.slice(host.length)}`;
    this.calls.push({ method: requestOptions?.method ?? 'POST', url });
    return super.request(url, json, config, isApiRequired, requestOptions);
  }
}

export interface AdyenClients {
  checkout: CheckoutApiType;
  /** the classic Recurring API (pal-test.adyen.com/pal/servlet/Recurring/v68) */
  recurring: RecurringApiType['RecurringApi'];
  http: WalletgateAdyenHttpClient;
}

/**
 * The library's clients for the demo merchant. `httpsBase` is Gateway.httpsBase. The gateway's
 * certificate is self-signed: `certificatePath: 'unencrypted'` is the library's own switch for
 * `rejectUnauthorized: false` (httpURLConnectionClient.js installCertificateVerifier).
 */
export function adyenClients(httpsBase: string, apiKey: string = DEMO_ADYEN.apiKey): AdyenClients {
  if (!httpsBase.startsWith('https://')) throw new Error(`the Adyen library needs an https base, got "${httpsBase}"`);
  const http = new WalletgateAdyenHttpClient(httpsBase);
  const client = new Client({ apiKey, environment: EnvironmentEnum.TEST, certificatePath: 'unencrypted' }, http);
  return { checkout: new CheckoutAPI(client), recurring: new RecurringAPI(client).RecurringApi, http };
}

/** The same clients with an API key walletgate has never issued. */
export function adyenClientsWithWrongKey(httpsBase: string): AdyenClients {
  return adyenClients(httpsBase, 'AQEwrong0key0that0walletgate0never0issued0' + Date.now());
}

/** Resolves with the HttpClientException the call rejects with; fails the test if it resolves or throws something else. */
export async function httpError(call: Promise<unknown>): Promise<InstanceType<typeof HttpClientException>> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (e) {
    if (e instanceof HttpClientException) return e;
    throw new Error(`expected an HttpClientException, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
  throw new Error(`expected an HttpClientException, the call succeeded with ${JSON.stringify(outcome)}`);
}

// ---------------------------------------------------------------------------------------------
// Webhooks (standard notifications)

export type NotificationItem = Types.notification.NotificationRequestItem;

/** The NotificationRequestItems of a webhook body, [] when the body is not an Adyen notification. */
export function notificationItems(json: Record<string, unknown>): NotificationItem[] {
  const items = json.notificationItems;
  if (!Array.isArray(items)) return [];
  return items.map((i) => (i as { NotificationRequestItem: NotificationItem }).NotificationRequestItem);
}

/** Does the library's own hmacValidator accept this item's signature with the demo HMAC key? */
export function hmacIsValid(item: NotificationItem, hmacKey: string = DEMO_ADYEN.hmacKey): boolean {
  return new hmacValidator().validateHMAC(item, hmacKey);
}
