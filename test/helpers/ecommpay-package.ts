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

/** A callback as the package parsed it (its signature removed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CallbackBody = Record<string, any>;

export const ecommpay = require('ecommpay') as {
  Payment: new (projectId: string, secret: string, params?: Record<string, unknown>, baseUrl?: string) => EcommpayPayment;
  /** Throws Error('Invalid signature') when the body is not signed with `secret`. */
  Callback: new (secret: string, body: string | object) => { getPaymentId(): string; isPaymentSuccess(): boolean; callback: CallbackBody };
  signer: (obj: object, secret: string) => string;
};
