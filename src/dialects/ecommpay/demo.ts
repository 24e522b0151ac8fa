/**
 * The demo merchant's ecommpay project: project 210, the one in seed 003's Gate examples, with a
 * published secret key (printed in the banner, on `GET /` and in the docs). Published, so it exists
 * only with the sandbox on.
 */
import type { Dialect } from '../dialect.js';

export const DEMO_ECOMMPAY = {
  projectId: 210,
  secretKey: 'walletgate-demo-ecommpay-secret-210',
} as const;

export const ecommpayDemo: Dialect['demo'] = {
  keys: [{ kind: 'api_key', keyId: String(DEMO_ECOMMPAY.projectId), secret: DEMO_ECOMMPAY.secretKey, label: 'demo project secret key' }],
  shown: [
    ['ecommpay project id', String(DEMO_ECOMMPAY.projectId)],
    ['ecommpay secret key', DEMO_ECOMMPAY.secretKey],
  ],
};
