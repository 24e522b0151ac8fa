/**
 * ecommpay-shaped key material: what `walletgate merchant add-key --dialect ecommpay` hands out. An
 * ecommpay merchant key is a project: the key id is the project id (an integer, as text) and the
 * secret is the project's secret key, which both checks the signature of the merchant's requests and
 * signs walletgate's callbacks.
 */
import { randomBytes, randomInt } from 'node:crypto';

/** A fresh project id: an integer above the published demo project (210) and any a person types by hand. */
export function generateProjectId(): string {
  return String(randomInt(100_000, 2 ** 31 - 1));
}

/** A fresh project secret key: 32 random bytes in hex (ecommpay's secret keys are opaque text). */
export function generateProjectSecret(): string {
  return randomBytes(32).toString('hex');
}

/** A project id as it travels (`general.project_id`, `project_id`): a positive integer below 2^31. */
export function isProjectId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2 ** 31;
}
