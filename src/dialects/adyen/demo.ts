/** The demo merchant's Adyen merchant account, API key and HMAC key. Published, so they exist only with the sandbox on. */
import type { Dialect } from '../dialect.js';

export const DEMO_ADYEN = {
  merchantAccount: 'WalletgateDemoECOM',
  apiKey: 'AQEwalletgate0DEMO0adyen0api0key0for0the0sandbox0only0do0not0use0live',
  /** Hex, as Adyen's Customer Area shows HMAC keys; the signature is keyed with its bytes. */
  hmacKey: '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056',
} as const;

export const adyenDemo: Dialect['demo'] = {
  keys: [
    { kind: 'api_key', keyId: DEMO_ADYEN.merchantAccount, secret: DEMO_ADYEN.apiKey, label: 'demo API key' },
    { kind: 'signing_key', keyId: DEMO_ADYEN.merchantAccount, secret: DEMO_ADYEN.hmacKey, label: 'demo HMAC key' },
  ],
  docsAuth: { scheme: 'ApiKeyAuth', token: DEMO_ADYEN.apiKey },
  shown: [
    ['Adyen merchantAccount', DEMO_ADYEN.merchantAccount],
    ['Adyen X-API-Key', DEMO_ADYEN.apiKey],
    ['Adyen HMAC key', DEMO_ADYEN.hmacKey],
  ],
};
