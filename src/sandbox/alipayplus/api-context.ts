/** What the Alipay+ sandbox's API and pages share: the state, the clock, the notifier and the settings. */
import type { StateDb } from './state/state-db.js';
import type { Notifier } from './notifier.js';

export interface ApsContext {
  db: StateDb;
  now: () => Date;
  notifier: Notifier;
  /** how long a cashier payment waits for the customer */
  paymentTtlMs: number;
}

/** A field of a request body that must be a non-empty string (every Alipay+ field is a string). */
export function text(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function object(body: Record<string, unknown>, name: string): Record<string, unknown> {
  const v = body[name];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** `{currency, value}` with value a string of digits (minor units); undefined when malformed. */
export function amount(body: Record<string, unknown>, name: string): { currency: string; value: number } | undefined {
  const a = object(body, name);
  const currency = text(a, 'currency');
  const value = text(a, 'value');
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency) || value === undefined || !/^[0-9]{1,15}$/.test(value)) return undefined;
  return { currency, value: Number(value) };
}
