/**
 * The demo merchant's Checkout.com processing channel. The key has the shape of a Checkout.com sandbox
 * secret key, so checkout-sdk-node sends it as `Authorization: Bearer sk_sbox_…`; the processing
 * channel and signature key are walletgate's own. Published, so they exist only with the sandbox on.
 */
import type { Dialect } from '../dialect.js';

export const DEMO_CHECKOUTCOM = {
  secretKey: 'sk_sbox_walletgatedemo2checkoutkey2',
  processingChannelId: 'pc_walletgatedemo2processing2',
  webhookSignatureKey: 'walletgate-demo-webhook-signature-key',
} as const;

export const checkoutcomDemo: Dialect['demo'] = {
  keys: [
    { kind: 'api_key', keyId: DEMO_CHECKOUTCOM.processingChannelId, secret: DEMO_CHECKOUTCOM.secretKey, label: 'demo secret key' },
    {
      kind: 'signing_key',
      keyId: DEMO_CHECKOUTCOM.processingChannelId,
      secret: DEMO_CHECKOUTCOM.webhookSignatureKey,
      label: 'demo webhook signature key',
    },
  ],
  docsAuth: { scheme: 'bearerAuth', token: DEMO_CHECKOUTCOM.secretKey },
  shown: [
    ['Checkout.com secret key', DEMO_CHECKOUTCOM.secretKey],
    ['Checkout.com processing channel', DEMO_CHECKOUTCOM.processingChannelId],
    ['Checkout.com signature key', DEMO_CHECKOUTCOM.webhookSignatureKey],
  ],
};
