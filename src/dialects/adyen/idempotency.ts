/**
 * Adyen's `Idempotency-Key`: a POST repeated with the same key and the same path and body gets the
 * first answer again (no second payment or refund); the same key with anything else is refused
 * (422, errorCode 704). Keys are the merchant's own, scoped to its account.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { runIdempotent, type IdempotentResponse } from '../../core/idempotency/run-idempotent.js';
import type { AdyenAuth } from './auth.js';
import { AdyenError } from './errors.js';

export async function sendIdempotent(
  deps: Pick<CoreDeps, 'store'>,
  req: FastifyRequest,
  reply: FastifyReply,
  auth: AdyenAuth,
  compute: () => Promise<{ status: number; body: unknown }>,
): Promise<FastifyReply> {
  const run = async (): Promise<IdempotentResponse> => {
    const r = await compute();
    return { status: r.status, body: JSON.stringify(r.body) };
  };
  const header = req.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) {
    const r = await run();
    return reply.code(r.status).header('content-type', 'application/json').send(r.body);
  }
  if (key.length === 0 || key.length > 64) throw new AdyenError(422, '702', 'Idempotency-Key must be 1 to 64 characters.');
  const path = req.url.split('?')[0]!.replace(/\/v\d+\//, '/v*/');
  const r = await runIdempotent(deps.store, { merchantId: auth.merchant.id, dialect: 'adyen', key }, { path, body: req.body }, run);
  if (r.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(r.status).header('content-type', 'application/json').send(r.body);
}
