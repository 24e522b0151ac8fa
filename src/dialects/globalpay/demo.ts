/**
 * The demo merchant's GlobalPay site: 30201 holding BOTH API keys that the vendor documents' Basic
 * headers carry, so their examples work when pasted. Published, so they exist only with the sandbox on.
 */
import type { Dialect } from '../dialect.js';

export const DEMO_SITE_ID = '30201';
export const DEMO_GLOBALPAY_KEYS = [
  'hJ5RobYx9r7FfNwCvHY9LXHqqr+FEzrc7aJvQQk4Gaz1mg7Ryy',
  '+9KeGzKF7W8S/79a5R33YJUg7E7WFNcZbjGfzLV3bXSnFCOyFt',
] as const;

export const globalpayDemo: Dialect['demo'] = {
  keys: DEMO_GLOBALPAY_KEYS.map((secret, i) => ({ kind: 'api_key', keyId: DEMO_SITE_ID, secret, label: `seed key ${i + 1}` })),
  alias: `GlobalPay site ${DEMO_SITE_ID}`,
  tryIt: (apiBase, demoKeys) =>
    [
      `curl -X POST ${apiBase}/v1/payments \\`,
      demoKeys
        ? `  -H 'Authorization: Basic ${Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64')}' \\`
        : `  -u "$SITE_ID:$API_KEY" \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -d '{"Payment":{"MerchantTransactionID":"order-1","Amount":15000,"Currency":"KRW","MethodID":1135,`,
      `       "ReturnURL":"https://shop.example/return","Description":"Coffee beans","BillingAddress":{"Country":"KR"}}}'`,
    ].join('\n'),
  docsAuth: { scheme: 'basicAuth', basic: { username: DEMO_SITE_ID, password: DEMO_GLOBALPAY_KEYS[0] } },
  shown: [
    ['GlobalPay SiteID', DEMO_SITE_ID],
    ['GlobalPay ApiKey 1', DEMO_GLOBALPAY_KEYS[0]],
    ['GlobalPay ApiKey 2', DEMO_GLOBALPAY_KEYS[1]],
  ],
};
