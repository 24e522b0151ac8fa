/**
 * Idempotency keys as Adyen (`Idempotency-Key`) and Checkout.com (`Cko-Idempotency-Key`) define
 * them, which is also Stripe's model: a key names one request; repeating the key with the same body
 * replays the first response, with a different body is a conflict.
 *
 * - The request hash is SHA-256 over canonical JSON of the body (object keys sorted, recursively),
 *   so key order and whitespace do not matter.
 * - Only responses with status < 500 are stored: a 5xx may be retried for real with the same key.
 * - Keys are scoped per merchant and per dialect (the store's primary key).
 *
 * Concurrency: before computing, a request claims its key with an in-progress record
 * (responseStatus 0), inserted first-writer-wins under the key's primary key, so that
 * - within one process, requests with the same key are serialised here (a per-store, per-key
 *   promise chain): the second waits for the first and then replays it;
 * - across processes (several walletgates on one PostgreSQL), the request that finds another's
 *   claim still in progress is refused (idempotency_conflict, "still in progress") and computes
 *   nothing; it retries later and gets the replay.
 *
 * Crashes: a claim older than `staleAfterMs` (the in-flight grace: no request runs that long, so its
 * process died) is taken over by the next retry. The use cases note on the claim, in the
 * transaction that inserts it, the payment or refund the request made (claim.ts), so the retry
 * resumes that one (compute gets it as `claim.made`) instead of making a second; a claim that names
 * nothing is computed afresh. A compute that throws, or answers 5xx, releases the claim so the
 * retry runs for real, unless it has made something: then the claim stays, for a retry to resume.
 *
 * A request that makes a payment or a refund in its first write (a create: `claimWithWhatItMakes`,
 * ADR 0047) writes nothing before it: its claim is inserted by the transaction that makes the
 * payment, with what it made, first writer wins (claim.ts, recordMade). What it meets then is what a
 * claim inserted first would have met:
 * - the key has a record already (a retry, or another process's request with the same key): that
 *   transaction rolls back, nothing it made stays, and the request goes the usual way (replayed,
 *   refused, or taking a dead process's claim over, and computed again under it);
 * - the request fails before it made anything (its checks, or its reference already used): when the
 *   key has a record, the request goes the usual way too, so a retry gets the first answer, never an
 *   error of its own; else its error stands, and nothing was ever written under the key.
 */
import { hash } from 'node:crypto';
import type { IdempotencyRecord } from '../model.js';
import type { Store } from '../ports/store.js';
import { CoreError } from '../errors.js';
import {
  decodeMade,
  IN_PROGRESS,
  KeyClaimedMeanwhile,
  type IdempotencyClaim,
  type IdempotencyKey,
  type IdempotentResponse,
} from './claim.js';

export type { IdempotentResponse } from './claim.js';

const CONFLICT_MESSAGE = 'This Idempotency-Key was used with a different request body.';
const IN_PROGRESS_MESSAGE = 'A request with this Idempotency-Key is still in progress; retry it in a moment to get its answer.';
/** Longer than any request can run (wallet timeouts are seconds): an older claim is a dead process's. */
const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

/** JSON with object keys sorted at every level; otherwise what JSON.stringify would write. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return sortKeys((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
  return out;
}

export function requestHash(body: unknown): string {
  return hash('sha256', canonicalJson(body), 'hex');
}

/** Tail of the chain of same-key requests in this process, per store (so stores never block each other). */
const inFlight = new WeakMap<Store, Map<string, Promise<void>>>();

function replay(record: IdempotencyRecord, hash: string): IdempotentResponse & { replayed: true } {
  if (record.requestHash !== hash) throw new CoreError('idempotency_conflict', CONFLICT_MESSAGE);
  return { status: record.responseStatus, body: record.responseBody, replayed: true };
}

/** The key's stored answer to replay, or this request's claim on it. */
type Claimed = { replay: IdempotencyRecord } | { claim: IdempotencyClaim };

async function claim(store: Store, key: IdempotencyKey, hash: string, staleAfterMs: number): Promise<Claimed> {
  for (let attempt = 0; attempt < 5; attempt++) {
    // Most keys are new: insert the claim first, first writer wins, and read the key's record only when
    // one is there already. Inserted, the record is this request's claim, as written (no need to read it
    // back). Its commit is not waited for on disk (ADR 0032): until a later commit, losing it in a power
    // cut loses nothing, and every later commit of this request (the payment it makes, its answer) makes
    // it durable with itself.
    const claimedAt = await store.transaction(
      (tx) => tx.idempotency.put(Object.assign({}, key, { requestHash: hash, responseStatus: IN_PROGRESS, responseBody: '' })),
      { durability: 'with-next-commit' },
    );
    if (claimedAt) return { claim: Object.assign({}, key, { claimedAt, made: null }) };
    // read outside a transaction, so only once it is durable: a replay never answers from a record a power cut could lose
    const existing = await store.idempotency.get(key.merchantId, key.dialect, key.key);
    if (!existing) continue; // released since: claim it again
    if (existing.requestHash !== hash) throw new CoreError('idempotency_conflict', CONFLICT_MESSAGE);
    if (existing.responseStatus !== IN_PROGRESS) return { replay: existing };
    if (Date.now() - existing.createdAt.getTime() < staleAfterMs) throw new CoreError('idempotency_conflict', IN_PROGRESS_MESSAGE);
    // its request's process died: take the claim over, with whatever that request made
    const takenAt = await store.idempotency.takeOver(key.merchantId, key.dialect, key.key, existing.createdAt);
    if (takenAt) return { claim: Object.assign({}, key, { claimedAt: takenAt, made: decodeMade(existing.responseBody) }) };
  }
  throw new CoreError('idempotency_conflict', IN_PROGRESS_MESSAGE);
}

type Compute = (claim: IdempotencyClaim) => Promise<IdempotentResponse>;
type Answer = IdempotentResponse & { replayed: boolean };

/** A claim's key, released unless its request made something (a retry resumes that instead of making another). */
const release = (store: Store, mine: IdempotencyClaim) =>
  store.idempotency.release(mine.merchantId, mine.dialect, mine.key, mine.claimedAt);

/** The answer of a request that computed under its written claim: stored under the key, or the key released (5xx). */
async function settle(store: Store, mine: IdempotencyClaim, response: IdempotentResponse): Promise<Answer> {
  // stored already, in the transaction that recorded the payment's outcome (claim.ts, storeAnswer): that answer is the one given
  if (mine.answered) return { status: mine.answered.status, body: mine.answered.body, replayed: false };
  if (response.status >= 500) await release(store, mine);
  else await store.idempotency.complete(mine.merchantId, mine.dialect, mine.key, response, mine.claimedAt);
  return { status: response.status, body: response.body, replayed: false };
}

/**
 * Computes under a claim not yet written (ADR 0047; the file header): the answer, or undefined when
 * the key turned out to have a record, which the caller then meets as usual.
 */
async function underUnwrittenClaim(store: Store, key: IdempotencyKey, hash: string, compute: Compute): Promise<Answer | undefined> {
  const mine: IdempotencyClaim = Object.assign({}, key, { claimedAt: new Date(0), made: null, unwritten: { requestHash: hash } });
  let response: IdempotentResponse;
  try {
    response = await compute(mine);
  } catch (e) {
    if (!mine.unwritten) {
      await release(store, mine);
      throw e;
    }
    // nothing written: the key's first answer, if it has one, comes before this request's error
    if (e instanceof KeyClaimedMeanwhile || (await store.idempotency.get(key.merchantId, key.dialect, key.key))) return undefined;
    throw e;
  }
  if (!mine.unwritten) return settle(store, mine, response);
  if (response.status < 500) {
    // it made nothing: its answer is written now, unless the key has a record by now, whose answer comes first
    const written = await store.transaction((tx) =>
      tx.idempotency.put(Object.assign({}, key, { requestHash: hash, responseStatus: response.status, responseBody: response.body })),
    );
    if (!written) return undefined;
  }
  return { status: response.status, body: response.body, replayed: false };
}

async function runOnce(
  store: Store,
  key: IdempotencyKey,
  hash: string,
  compute: Compute,
  staleAfterMs: number,
  lazy: boolean,
): Promise<Answer> {
  if (lazy) {
    const answer = await underUnwrittenClaim(store, key, hash, compute);
    if (answer) return answer;
  }
  const claimed = await claim(store, key, hash, staleAfterMs);
  if ('replay' in claimed) return replay(claimed.replay, hash);
  const mine = claimed.claim;
  let response: IdempotentResponse;
  try {
    response = await compute(mine);
  } catch (e) {
    await release(store, mine);
    throw e;
  }
  return settle(store, mine, response);
}

export interface RunIdempotentOptions {
  /** How old an in-progress claim must be to be a dead process's (the in-flight grace). */
  staleAfterMs?: number;
  /**
   * The request makes a payment or a refund in its first write (a create), which writes its claim
   * with it, instead of a claim of its own first (ADR 0047; the file header).
   */
  claimWithWhatItMakes?: boolean;
}

/**
 * Runs `compute` at most once per (merchant, dialect, key) and request body; see the file header.
 * Throws CoreError('idempotency_conflict') when the key was used with a different body.
 */
export async function runIdempotent(
  store: Store,
  key: IdempotencyKey,
  requestBody: unknown,
  compute: Compute,
  opts: RunIdempotentOptions = {},
): Promise<Answer> {
  const hash = requestHash(requestBody);
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  let chains = inFlight.get(store);
  if (!chains) {
    chains = new Map();
    inFlight.set(store, chains);
  }
  const id = JSON.stringify([key.merchantId, key.dialect, key.key]);
  const previous = chains.get(id) ?? Promise.resolve();
  const mine = previous.then(() => runOnce(store, key, hash, compute, staleAfterMs, opts.claimWithWhatItMakes === true));
  const tail = mine.then(
    () => undefined,
    () => undefined,
  );
  chains.set(id, tail);
  try {
    return await mine;
  } finally {
    if (chains.get(id) === tail) chains.delete(id);
  }
}
