/**
 * GlobalPay's PHP SDK lower-cases keys, so key case is tolerated on input: every object key that
 * matches a documented GlobalPay name case-insensitively is renamed to its PascalCase spelling.
 * Unknown keys keep their spelling (and are ignored by the schemas). Objects are rebuilt from
 * scratch, so "__proto__" in a body can never reach a prototype.
 */
import { FIELD_ORDER } from './field-order.js';

// roots and nested objects (customer, addresses, articles, status)
const OTHER_KEYS = [
  'Payment',
  'Refund',
  'Preapproval',
  'Language',
  'Guaranteed',
  'RedirectInIframe',
  'StatementDescriptor',
  'ExecutionDate',
  'MerchantCustomerID',
  'Email',
  'FirstName',
  'LastName',
  'Gender',
  'SocialSecurityNumber',
  'Phone',
  'Company',
  'DateOfBirth',
  'City',
  'ZipCode',
  'State',
  'Street',
  'StreetNumber',
  'HouseNumber',
  'HouseExtension',
  'Country',
  'MerchantArticleID',
  'Name',
  'Quantity',
  'Price',
  'VAT',
  'Discount',
  'Type',
  'TaxType',
  'DiscountValue',
] as const;

/** Every documented name: the objects' own fields (one list, shared with the error envelope) plus roots and nested objects. */
const KNOWN_KEYS: readonly string[] = [...new Set([...Object.values(FIELD_ORDER).flat(), ...OTHER_KEYS])];

const CANONICAL: ReadonlyMap<string, string> = new Map(KNOWN_KEYS.map((k) => [k.toLowerCase(), k]));
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isJsonObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns a copy of `value` with documented keys in PascalCase. An exact spelling wins over a variant. */
export function normaliseKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(normaliseKeys);
  if (!isJsonObject(value)) return (value ?? null) as Json;
  const out: { [key: string]: Json } = {};
  const exact = new Set<string>();
  for (const [key, v] of Object.entries(value)) {
    if (FORBIDDEN.has(key)) continue;
    const canonical = CANONICAL.get(key.toLowerCase()) ?? key;
    if (exact.has(canonical)) continue;
    if (canonical === key) exact.add(key);
    out[canonical] = normaliseKeys(v);
  }
  return out;
}
