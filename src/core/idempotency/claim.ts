/**
 * The claim a request holds on its idempotency key while it runs (run-idempotent.ts), and what the
 * request has made under it so far.
 *
 * A use case that makes a payment or a refund under a claim notes it on the claim **in the
 * transaction that inserts it** (`recordMade`): the two are committed together or not at all. So
 * when a request's process dies before answering, its claim says whether anything was made: a retry
 * with the same key that takes the claim over (once it is older than the in-flight grace) resumes
 * that payment or refund (`madeEarlier`) instead of making a second one, and one whose claim names
 * nothing runs for real, safely.
 *
 * A create's claim is written by that same transaction (ADR 0047): the request runs under a claim
 * not yet written (`unwritten`), and `recordMade` inserts the claim with what it made, first writer
 * wins. Nothing is written under the key before the request has something to note, so a create
 * commits one transaction fewer; a request that finds the key another's rolls back what it made and
 * meets that request's record as any retry does (run-idempotent.ts).
 */
import type { DialectId, Payment } from '../model.js';
import type { Repos } from '../ports/store.js';
import { CoreError } from '../errors.js';

export interface IdempotencyKey {
  merchantId: string;
  dialect: DialectId;
  key: string;
}

/** A payment or a refund a request made under its key. */
export interface IdempotencyMade {
  kind: 'payment' | 'refund';
  id: number;
}

/** A request's answer, as stored under its key and replayed. */
export interface IdempotentResponse {
  status: number;
  body: string;
}

export interface IdempotencyClaim extends IdempotencyKey {
  /** when this request claimed the key: the claim's identity (a retry that takes it over claims it anew) */
  claimedAt: Date;
  /** what an earlier request under this key made before it stopped answering (its process died) */
  made: IdempotencyMade | null;
  /**
   * Set while nothing is written under the key yet (ADR 0047): the transaction that makes the
   * request's payment or refund inserts the claim, under this request hash, with what it made
   * (`recordMade`). Cleared once that transaction has committed, when `claimedAt` is the claim's.
   */
  unwritten?: { requestHash: string };
  /**
   * The request's answer for the payment it makes, when the answer follows from that payment alone:
   * the use case then stores it in the transaction that records the payment's outcome (`storeAnswer`),
   * so the outcome and the answer a retry replays commit together, and the request commits once
   * fewer (ADR 0045). Without it, the answer is stored after the use case returns.
   */
  answerFor?: (payment: Payment) => IdempotentResponse;
  /** The answer `storeAnswer` stored: the one the request gives, as any retry will get it. */
  answered?: IdempotentResponse;
}

/** responseStatus of a claim whose request is still running. */
export const IN_PROGRESS = 0;

const TAKEN_OVER =
  'This request ran for so long that a retry with the same idempotency key took it over; the retry carries on with it and its answer stands.';

/**
 * A claim not yet written found the key written by another request meanwhile: the transaction that
 * was to write it rolls back (nothing it made stays), and the request meets that request's record as
 * any request under a written key does (runIdempotent catches this; it never reaches a merchant).
 */
export class KeyClaimedMeanwhile extends Error {
  constructor() {
    super('Another request wrote this idempotency key first.');
    this.name = 'KeyClaimedMeanwhile';
  }
}

/** The in-progress record's body: empty, or what its request made. */
export function encodeMade(made: IdempotencyMade): string {
  return JSON.stringify({ made });
}

export function decodeMade(body: string): IdempotencyMade | null {
  if (body === '') return null;
  const made = (JSON.parse(body) as { made?: IdempotencyMade }).made;
  return made && (made.kind === 'payment' || made.kind === 'refund') && Number.isSafeInteger(made.id) ? made : null;
}

/**
 * Notes on the claim, inside the transaction that inserted it, what the request made. When the claim
 * has been taken over meanwhile (this request outlived the in-flight grace), throws, which rolls the
 * insert back: the retry that took over makes it instead, once. A claim not yet written is written
 * here, with what was made (ADR 0047); when the key has a record already, throws KeyClaimedMeanwhile,
 * which rolls the insert back just as well.
 */
export async function recordMade(tx: Repos, claim: IdempotencyClaim | null | undefined, made: IdempotencyMade): Promise<void> {
  if (!claim) return;
  const unwritten = claim.unwritten;
  if (unwritten) {
    const claimedAt = await tx.idempotency.put({
      merchantId: claim.merchantId,
      dialect: claim.dialect,
      key: claim.key,
      requestHash: unwritten.requestHash,
      responseStatus: IN_PROGRESS,
      responseBody: encodeMade(made),
    });
    if (!claimedAt) throw new KeyClaimedMeanwhile();
    // the claim is this request's once written for good: a transaction rolled back leaves it unwritten
    tx.afterCommit(() => {
      claim.claimedAt = claimedAt;
      delete claim.unwritten;
    });
    return;
  }
  const noted = await tx.idempotency.recordMade(claim.merchantId, claim.dialect, claim.key, claim.claimedAt, encodeMade(made));
  if (!noted) throw new CoreError('idempotency_conflict', TAKEN_OVER);
}

/**
 * Inside the transaction that records a payment's outcome: stores the request's answer for it under
 * the claim, when the request gave `answerFor` and the answer is one to keep (below 500). Returns it,
 * for the caller to note on the claim (`claim.answered`) once that transaction has committed; the
 * transaction must then be durable before the request answers.
 */
export async function storeAnswer(
  tx: Repos,
  claim: IdempotencyClaim | null | undefined,
  payment: Payment,
): Promise<IdempotentResponse | undefined> {
  // a claim not yet written has made nothing: there is no claim to store an answer under
  if (!claim?.answerFor || claim.unwritten) return undefined;
  const answer = claim.answerFor(payment);
  if (answer.status >= 500) return undefined;
  await tx.idempotency.complete(claim.merchantId, claim.dialect, claim.key, answer, claim.claimedAt);
  return answer;
}

/** Gives a claim the answer its request will give for the payment it makes (`answerFor`); the same claim, for use inline. */
export function answeringWith(
  claim: IdempotencyClaim | null,
  answerFor: (payment: Payment) => IdempotentResponse,
): IdempotencyClaim | null {
  if (claim) claim.answerFor = answerFor;
  return claim;
}

/** The id of the payment or refund an earlier request under this key made, if any: resume it rather than make another. */
export function madeEarlier(claim: IdempotencyClaim | null | undefined, kind: IdempotencyMade['kind']): number | null {
  return claim?.made?.kind === kind ? claim.made.id : null;
}
