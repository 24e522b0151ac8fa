/**
 * Answers a POST under the dialect's idempotency header: with a key, the same key, path and body
 * replays the first answer (no second payment or refund) and a different request under it is the
 * core's idempotency_conflict; without one, the request simply runs. Each dialect gives its header,
 * its limits and its own words (idempotency.ts in each dialect).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../core/deps.js';
import { runIdempotent, type IdempotentResponse, type RunIdempotentOptions } from '../core/idempotency/run-idempotent.js';
import { answeringWith, type IdempotencyClaim } from '../core/idempotency/claim.js';
import type { DialectId, Payment } from '../core/model.js';

export interface IdempotencyRules {
  dialect: DialectId;
  /** The request header, lower-case. */
  header: string;
  maxLength: number;
  /** The dialect's error for an empty or over-long key. */
  invalidKey: () => Error;
  /** Set to "true" on a replayed answer. */
  replayedHeader: string;
  contentType: string;
  /** The part of the path a key is bound to (Adyen: every /vNN/ is the same operation). */
  pathOf?: (path: string) => string;
}

/**
 * What a route computes under a key: `claim` is null without a key; with one, the use cases that make
 * a payment or a refund take it (`idempotency`), so that a retry after a crash resumes what was made.
 */
export type IdempotentCompute = (claim: IdempotencyClaim | null) => Promise<{ status: number; body: unknown }>;

type SenderDeps = Pick<CoreDeps, 'store' | 'inFlightGraceMs'>;

export async function sendIdempotent(
  deps: SenderDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  merchantId: string,
  rules: IdempotencyRules,
  compute: IdempotentCompute,
  /** For a create or a refund, whose claim is written with what it makes (ADR 0047; idempotentSenders). */
  opts: Pick<RunIdempotentOptions, 'claimWithWhatItMakes'> = {},
): Promise<FastifyReply> {
  const run = async (claim: IdempotencyClaim | null): Promise<IdempotentResponse> => {
    const r = await compute(claim);
    // stored with the payment's outcome (answeredBy): that one is given, as a retry will get it
    if (claim?.answered) return claim.answered;
    return { status: r.status, body: JSON.stringify(r.body) };
  };
  const header = req.headers[rules.header];
  const key = Array.isArray(header) ? header[0] : header;
  let r: IdempotentResponse & { replayed?: boolean };
  if (key === undefined) r = await run(null);
  else {
    if (key.length === 0 || key.length > rules.maxLength) throw rules.invalidKey();
    const path = req.url.split('?')[0]!;
    r = await runIdempotent(
      deps.store,
      { merchantId, dialect: rules.dialect, key },
      { path: rules.pathOf ? rules.pathOf(path) : path, body: req.body },
      run,
      { staleAfterMs: deps.inFlightGraceMs, claimWithWhatItMakes: opts.claimWithWhatItMakes === true },
    );
  }
  if (r.replayed) reply.header(rules.replayedHeader, 'true');
  return reply.code(r.status).header('content-type', rules.contentType).send(r.body);
}

/** A dialect's senders, bound to its rules and to the merchant its authentication found. */
export function idempotentSenders<Auth extends { merchant: { id: string } }>(rules: IdempotencyRules) {
  return {
    /** A POST under the dialect's idempotency header (see sendIdempotent). */
    sendIdempotent: (deps: SenderDeps, req: FastifyRequest, reply: FastifyReply, auth: Auth, compute: IdempotentCompute) =>
      sendIdempotent(deps, req, reply, auth.merchant.id, rules, compute),
    /**
     * The same, for a request that makes a payment or a refund in its first write (a create, a
     * refund): its claim is written with what it makes, not in a transaction of its own first (ADR 0047).
     */
    sendIdempotentMaking: (deps: SenderDeps, req: FastifyRequest, reply: FastifyReply, auth: Auth, compute: IdempotentCompute) =>
      sendIdempotent(deps, req, reply, auth.merchant.id, rules, compute, { claimWithWhatItMakes: true }),
  };
}

/**
 * A create whose answer follows from the payment it makes (`answer`, the same function the route
 * answers with): under a key, the claim carries it, so the core stores the answer in the transaction
 * that records the payment's outcome and the request commits once fewer (ADR 0045).
 */
export function answeredBy(
  claim: IdempotencyClaim | null,
  answer: (payment: Payment) => { status: number; body: unknown },
): IdempotencyClaim | null {
  return answeringWith(claim, (p) => {
    const r = answer(p);
    return { status: r.status, body: JSON.stringify(r.body) };
  });
}
