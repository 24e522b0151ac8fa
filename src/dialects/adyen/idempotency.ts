/**
 * Adyen's `Idempotency-Key`: a POST repeated with the same key and the same path and body gets the
 * first answer again (no second payment or refund); the same key with anything else is refused
 * (422, errorCode 704). Keys are the merchant's own, scoped to its account.
 */
import { idempotentSenders, type IdempotencyRules } from '../send-idempotent.js';
import type { AdyenAuth } from './auth.js';
import { AdyenError } from './errors.js';

const RULES: IdempotencyRules = {
  dialect: 'adyen',
  header: 'idempotency-key',
  maxLength: 64,
  invalidKey: () => new AdyenError(422, '702', 'Idempotency-Key must be 1 to 64 characters.'),
  replayedHeader: 'idempotent-replayed',
  contentType: 'application/json',
  pathOf: (path) => path.replace(/\/v\d+\//, '/v*/'),
};

export const { sendIdempotent, sendIdempotentMaking } = idempotentSenders<AdyenAuth>(RULES);
