/**
 * The dialect registry: the one list of the merchant APIs walletgate speaks. Adding an API is a
 * folder under src/dialects/ and one line here; app.ts, services.ts and the CLI iterate this.
 */
import type { DemoCredential } from '../core/merchants/demo-merchant.js';
import type { Dialect } from './dialect.js';
import { adyenDialect } from './adyen/dialect.js';
import { checkoutcomDialect } from './checkoutcom/dialect.js';
import { ecommpayDialect } from './ecommpay/dialect.js';
import { globalpayDialect } from './globalpay/dialect.js';

export type { DocsDemoAuth } from './dialect.js';

export const DIALECTS = {
  globalpay: globalpayDialect,
  adyen: adyenDialect,
  checkoutcom: checkoutcomDialect,
  ecommpay: ecommpayDialect,
} as const satisfies Record<string, Dialect>;

/** The id of a registered dialect: its URL prefix and the `dialect` of every record made through it. */
export type RegisteredDialectId = keyof typeof DIALECTS;

export const DIALECT_IDS = Object.keys(DIALECTS) as RegisteredDialectId[];

export function isRegisteredDialect(id: string): id is RegisteredDialectId {
  return Object.hasOwn(DIALECTS, id);
}

/** One value per registered dialect, e.g. every dialect's notification renderer. */
export function perDialect<T>(pick: (d: Dialect) => T): Record<RegisteredDialectId, T> {
  return Object.fromEntries(DIALECT_IDS.map((id) => [id, pick(DIALECTS[id])])) as Record<RegisteredDialectId, T>;
}

/** Every published demo key, of every dialect: created with the sandbox on, revoked wherever found with a real wallet. */
export const DEMO_CREDENTIALS: readonly DemoCredential[] = DIALECT_IDS.flatMap((dialect) =>
  DIALECTS[dialect].demo.keys.map((k) => ({ dialect, ...k })),
);
