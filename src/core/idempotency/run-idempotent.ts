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
 * Concurrency, honestly: the store has no "in progress" state, only finished responses, and
 * `put()` is first-writer-wins. So
 * - within one process, requests with the same key are serialised here (a per-store, per-key
 *   promise chain): the second waits for the first and then replays it (or computes, if the first
 *   got a 5xx and stored nothing);
 * - across processes (several walletgates on one PostgreSQL), two identical requests arriving at
 *   the same moment can BOTH run `compute`. The loser's `put()` returns false and it answers with
 *   the winner's stored response, so both callers see one answer, but the loser's side effects (a
 *   second payment, say) have happened. Callers whose compute creates something should also rely
 *   on a unique merchant reference, which the store enforces.
 */
import { createHash } from 'node:crypto';
import type { DialectId, IdempotencyRecord } from '../model.js';
import type { Store } from '../../storage/store.js';
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

async function runOnce(
  store: Store,
  key: IdempotencyKey,
  hash: string,
  compute: () => Promise<IdempotentResponse>,
): Promise<IdempotentResponse & { replayed: boolean }> {
  const existing = await store.idempotency.get(key.merchantId, key.dialect, key.key);
  if (existing) return replay(existing, hash);
  const response = await compute();
  if (response.status >= 500) return { status: response.status, body: response.body, replayed: false };
  const stored = await store.idempotency.put({
    merchantId: key.merchantId,
    dialect: key.dialect,
    key: key.key,
    requestHash: hash,
    responseStatus: response.status,
    responseBody: response.body,
  });
  if (stored) return { status: response.status, body: response.body, replayed: false };
  // Another process stored a response for this key first: everyone answers with that one.
  const winner = await store.idempotency.get(key.merchantId, key.dialect, key.key);
  if (!winner) return { status: response.status, body: response.body, replayed: false };
  return replay(winner, hash);
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
): Promise<IdempotentResponse & { replayed: boolean }> {
  const hash = requestHash(requestBody);
  let chains = inFlight.get(store);
  if (!chains) {
    chains = new Map();
    inFlight.set(store, chains);
  }
  const id = JSON.stringify([key.merchantId, key.dialect, key.key]);
  const previous = chains.get(id) ?? Promise.resolve();
  const mine = previous.then(() => runOnce(store, key, hash, compute));
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
