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
 *   nothing; it retries later and gets the replay. A claim older than `staleAfterMs` (its process
 *   died mid-request) is taken over.
 * A compute that throws, or answers 5xx, releases the claim, so the retry runs for real.
 */
import { createHash } from 'node:crypto';
import type { DialectId, IdempotencyRecord } from '../model.js';
import type { Store } from '../ports/store.js';
import { CoreError } from '../errors.js';

export interface IdempotencyKey {
  merchantId: string;
  dialect: DialectId;
  key: string;
}

export interface IdempotentResponse {
  status: number;
  body: string;
}

const CONFLICT_MESSAGE = 'This Idempotency-Key was used with a different request body.';
const IN_PROGRESS_MESSAGE = 'A request with this Idempotency-Key is still in progress; retry it in a moment to get its answer.';
/** responseStatus of a claim whose request is still running. */
const IN_PROGRESS = 0;
/** Longer than any request can run (wallet timeouts are seconds): an older claim is a dead process's. */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

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
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** Tail of the chain of same-key requests in this process, per store (so stores never block each other). */
const inFlight = new WeakMap<Store, Map<string, Promise<void>>>();

function replay(record: IdempotencyRecord, hash: string): IdempotentResponse & { replayed: true } {
  if (record.requestHash !== hash) throw new CoreError('idempotency_conflict', CONFLICT_MESSAGE);
  return { status: record.responseStatus, body: record.responseBody, replayed: true };
}

async function claim(store: Store, key: IdempotencyKey, hash: string, staleAfterMs: number): Promise<IdempotencyRecord | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await store.idempotency.get(key.merchantId, key.dialect, key.key);
    if (!existing) {
      const claimed = await store.idempotency.put({ ...key, requestHash: hash, responseStatus: IN_PROGRESS, responseBody: '' });
      if (claimed) return null;
      continue;
    }
    if (existing.requestHash !== hash) throw new CoreError('idempotency_conflict', CONFLICT_MESSAGE);
    if (existing.responseStatus !== IN_PROGRESS) return existing;
    if (Date.now() - existing.createdAt.getTime() < staleAfterMs) throw new CoreError('idempotency_conflict', IN_PROGRESS_MESSAGE);
    await store.idempotency.release(key.merchantId, key.dialect, key.key, existing.createdAt);
  }
  throw new CoreError('idempotency_conflict', IN_PROGRESS_MESSAGE);
}

async function runOnce(
  store: Store,
  key: IdempotencyKey,
  hash: string,
  compute: () => Promise<IdempotentResponse>,
  staleAfterMs: number,
): Promise<IdempotentResponse & { replayed: boolean }> {
  const stored = await claim(store, key, hash, staleAfterMs);
  if (stored) return replay(stored, hash);
  let response: IdempotentResponse;
  try {
    response = await compute();
  } catch (e) {
    await store.idempotency.release(key.merchantId, key.dialect, key.key);
    throw e;
  }
  if (response.status >= 500) {
    await store.idempotency.release(key.merchantId, key.dialect, key.key);
  } else {
    await store.idempotency.complete(key.merchantId, key.dialect, key.key, response);
  }
  return { status: response.status, body: response.body, replayed: false };
}

/**
 * Runs `compute` at most once per (merchant, dialect, key) and request body; see the file header.
 * Throws CoreError('idempotency_conflict') when the key was used with a different body.
 */
export async function runIdempotent(
  store: Store,
  key: IdempotencyKey,
  requestBody: unknown,
  compute: () => Promise<IdempotentResponse>,
  opts: { staleAfterMs?: number } = {},
): Promise<IdempotentResponse & { replayed: boolean }> {
  const hash = requestHash(requestBody);
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  let chains = inFlight.get(store);
  if (!chains) {
    chains = new Map();
    inFlight.set(store, chains);
  }
  const id = JSON.stringify([key.merchantId, key.dialect, key.key]);
  const previous = chains.get(id) ?? Promise.resolve();
  const mine = previous.then(() => runOnce(store, key, hash, compute, staleAfterMs));
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
