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
 */
import type { DialectId } from '../model.js';
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

export interface IdempotencyClaim extends IdempotencyKey {
  /** when this request claimed the key: the claim's identity (a retry that takes it over claims it anew) */
  claimedAt: Date;
  /** what an earlier request under this key made before it stopped answering (its process died) */
  made: IdempotencyMade | null;
}

const TAKEN_OVER =
  'This request ran for so long that a retry with the same idempotency key took it over; the retry carries on with it and its answer stands.';

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
 * insert back: the retry that took over makes it instead, once.
 */
export async function recordMade(tx: Repos, claim: IdempotencyClaim | null | undefined, made: IdempotencyMade): Promise<void> {
  if (!claim) return;
  const noted = await tx.idempotency.recordMade(claim.merchantId, claim.dialect, claim.key, claim.claimedAt, encodeMade(made));
  if (!noted) throw new CoreError('idempotency_conflict', TAKEN_OVER);
}

/** The id of the payment or refund an earlier request under this key made, if any: resume it rather than make another. */
export function madeEarlier(claim: IdempotencyClaim | null | undefined, kind: IdempotencyMade['kind']): number | null {
  return claim?.made?.kind === kind ? claim.made.id : null;
}
