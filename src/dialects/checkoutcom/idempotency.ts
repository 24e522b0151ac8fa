/**
 * `Cko-Idempotency-Key`: a POST repeated with the same key, path and body gets the first answer
 * again (no second payment or refund); the same key with a different request is refused with 409.
 * Keys are the merchant's own, scoped to it.
 */
import { idempotentSenders, type IdempotencyRules } from '../send-idempotent.js';
import type { CkoAuth } from './auth.js';
import { invalid } from './errors.js';

const RULES: IdempotencyRules = {
  dialect: 'checkoutcom',
  header: 'cko-idempotency-key',
  maxLength: 255,
  invalidKey: () => invalid('idempotency_key_invalid'),
  replayedHeader: 'cko-idempotency-replayed',
  contentType: 'application/json; charset=utf-8',
};

export const { sendIdempotent, sendIdempotentMaking } = idempotentSenders<CkoAuth>(RULES);
