/**
 * `Cko-Idempotency-Key`: a POST repeated with the same key, path and body gets the first answer
 * again (no second payment or refund); the same key with a different request is refused with 409.
 * Keys are the merchant's own, scoped to it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { runIdempotent, type IdempotentResponse } from '../../core/idempotency/run-idempotent.js';
import type { CkoAuth } from './auth.js';
import { invalid } from './errors.js';

export async function sendIdempotent(
  deps: Pick<CoreDeps, 'store'>,
  req: FastifyRequest,
  reply: FastifyReply,
  auth: CkoAuth,
  compute: () => Promise<{ status: number; body: unknown }>,
): Promise<FastifyReply> {
  const run = async (): Promise<IdempotentResponse> => {
    const r = await compute();
    return { status: r.status, body: JSON.stringify(r.body) };
  };
  const header = req.headers['cko-idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  let r: IdempotentResponse & { replayed?: boolean };
  if (key === undefined) r = await run();
  else {
    if (key.length === 0 || key.length > 255) throw invalid('idempotency_key_invalid');
    const path = req.url.split('?')[0]!;
    r = await runIdempotent(deps.store, { merchantId: auth.merchant.id, dialect: 'checkoutcom', key }, { path, body: req.body }, run);
  }
  if (r.replayed) reply.header('cko-idempotency-replayed', 'true');
  return reply.code(r.status).header('content-type', 'application/json; charset=utf-8').send(r.body);
}
