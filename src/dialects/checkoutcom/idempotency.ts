/**
 * `Cko-Idempotency-Key`: a POST repeated with the same key, path and body gets the first answer
 * again (no second payment or refund); the same key with a different request is refused with 409.
 * Keys are the merchant's own, scoped to it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { sendIdempotent as send, type IdempotencyRules, type IdempotentCompute } from '../send-idempotent.js';
import type { RunIdempotentOptions } from '../../core/idempotency/run-idempotent.js';
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

export function sendIdempotent(
  deps: Pick<CoreDeps, 'store' | 'inFlightGraceMs'>,
  req: FastifyRequest,
  reply: FastifyReply,
  auth: CkoAuth,
  compute: IdempotentCompute,
  /** CLAIM_WITH_WHAT_IT_MAKES for a create or a refund, whose claim is written with what it makes (ADR 0047). */
  opts: Pick<RunIdempotentOptions, 'claimWithWhatItMakes'> = {},
): Promise<FastifyReply> {
  return send(deps, req, reply, auth.merchant.id, RULES, compute, opts);
}
