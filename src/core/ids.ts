import { randomBytes } from 'node:crypto';

/** An unguessable token for customer-facing URLs (/pay/{token}). 144 bits, URL-safe. */
export function newCustomerToken(): string {
  return randomBytes(18).toString('base64url');
}
