/**
 * The official `ecommpay` npm package (a devDependency without typings), typed for the tests: its
 * Payment class builds Payment Page links exactly as a merchant's code does; its Callback class
 * verifies what walletgate sends.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface EcommpayPayment {
  getUrl(): string;
  [param: string]: unknown;
}

export const ecommpay = require('ecommpay') as {
  Payment: new (projectId: string, secret: string, params?: Record<string, unknown>, baseUrl?: string) => EcommpayPayment;
  Callback: new (
    secret: string,
    body: string,
  ) => { getPaymentId(): string; isPaymentSuccess(): boolean; callback: Record<string, unknown> };
  signer: (obj: object, secret: string) => string;
};
