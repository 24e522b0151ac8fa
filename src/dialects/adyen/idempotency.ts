/**
 * Adyen's `Idempotency-Key`: a POST repeated with the same key and the same path and body gets the
 * first answer again (no second payment or refund); the same key with anything else is refused
 * (422, errorCode 704). Keys are the merchant's own, scoped to its account.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { sendIdempotent as send, type IdempotencyRules, type IdempotentCompute } from '../send-idempotent.js';
import type { RunIdempotentOptions } from '../../core/idempotency/run-idempotent.js';
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

export function sendIdempotent(
  deps: Pick<CoreDeps, 'store' | 'inFlightGraceMs'>,
  req: FastifyRequest,
  reply: FastifyReply,
  auth: AdyenAuth,
  compute: IdempotentCompute,
  /** CLAIM_WITH_WHAT_IT_MAKES for a create or a refund, whose claim is written with what it makes (ADR 0047). */
  opts: Pick<RunIdempotentOptions, 'claimWithWhatItMakes'> = {},
): Promise<FastifyReply> {
  return send(deps, req, reply, auth.merchant.id, RULES, compute, opts);
}
