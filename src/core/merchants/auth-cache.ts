/**
 * What authentication reads (credentials by key id or by secret hash, and merchants), kept between
 * requests, with no staleness (ADR 0014).
 *
 * Every entry is tagged with the store's `authVersion()` read before the rows were: the database
 * bumps that version in the same transaction as any change to merchants or credentials, by any
 * process (triggers, migration 0007). Each authentication reads the version once, with one prepared
 * statement, and uses an entry only if it was read at exactly that version; otherwise it reads the
 * rows again, as it did without a cache. Since the version is read first, a row read after it is at
 * least as new as the version says: a change committed in between bumps the version, so the next
 * authentication reads again. A change committed before a request reads the version is seen by that
 * request, in every process.
 *
 * Bounded: each kind of entry is a least-recently-used map of at most `limits.known` entries, and
 * look-ups that found nothing (an unknown key id or secret, which anyone can send) go to one map of
 * their own of at most `limits.unknown`, so they cannot push out the keys in use. Secrets are never
 * kept: a credential is kept as its SHA-256 hash (what the database stores). The sealed copy (what the
 * master key opens) is kept only for an API whose requests are signed with the secret itself, where
 * every request needs it (`sealedByKeyId`, ADR 0015): the same bytes the database holds.
 */
import type { Credential, DialectId, Merchant } from '../model.js';
import type { Store } from '../ports/store.js';

/**
 * What authentication needs of a credential: the stored hash, never the secret or its sealed copy,
 * and when it stops working. An expiry is a time, not a write, so it bumps no version: a cached
 * entry keeps `expiresAt` and every authentication compares it with its own clock (ADR 0026).
 */
export type AuthCredential = Readonly<Pick<Credential, 'id' | 'merchantId' | 'dialect' | 'kind' | 'keyId' | 'secretHash' | 'expiresAt'>>;

/**
 * For an API whose requests are signed with the secret (ecommpay, ADR 0015): what authentication
 * needs of a credential, with its sealed copy instead of its hash.
 */
export type SealedCredential = Readonly<Pick<Credential, 'id' | 'merchantId' | 'kind' | 'expiresAt' | 'secretSealed'>>;

/** The reads of one authentication, all at one version. */
export interface AuthReads {
  /** All credentials of a dialect with this key id (store.credentials.findByKeyId). */
  findByKeyId(dialect: DialectId, keyId: string): Promise<readonly AuthCredential[]>;
  /** The credential whose secret has this SHA-256 hash (store.credentials.findBySecretHash). */
  findBySecretHash(secretHash: string): Promise<AuthCredential | undefined>;
  /** A merchant by id (store.merchants.get); a copy the caller may keep. */
  merchant(id: string): Promise<Merchant | undefined>;
  /** A dialect's credentials with this key id, with their sealed copies (store.credentials.findByKeyId). */
  sealedByKeyId(dialect: DialectId, keyId: string): Promise<readonly SealedCredential[]>;
}

export interface AuthCacheLimits {
  /** Entries per map of what exists (key ids, secret hashes, merchants). */
  known: number;
  /** Entries of look-ups that found nothing. */
  unknown: number;
}

/** A few thousand keys in use stay; a flood of unknown keys only churns its own thousand. */
const DEFAULT_LIMITS: AuthCacheLimits = { known: 4096, unknown: 1024 };

/** Counters for tests and the benchmark. */
export interface AuthCacheStats {
  /** authentications (each reads the version once) */
  versionReads: number;
  /** look-ups answered from the cache */
  hits: number;
  /** look-ups that read the store */
  loads: number;
}

/**
 * A map of at most `limit` entries, each tagged with the version it was read at; least recently used
 * out first. A hit moves its entry to the back only once the map is over half full: a Map delete and
 * set on every look-up cost about 2 % of a request's CPU (docs/benchmarks.md), and below half, nothing
 * is dropped before it would be used again or go stale.
 */
class VersionedLru<V> {
  readonly #entries = new Map<string, { version: number; value: V }>();
  constructor(readonly limit: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The entry's value if it was read at `version`. */
  get(key: string, version: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry?.version !== version) return undefined;
    if (this.#entries.size > this.limit / 2) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry.value;
  }

  set(key: string, version: number, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { version, value });
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

const toAuthCredential = (c: Credential): AuthCredential =>
  Object.freeze({
    id: c.id,
    merchantId: c.merchantId,
    dialect: c.dialect,
    kind: c.kind,
    keyId: c.keyId,
    secretHash: c.secretHash,
    expiresAt: c.expiresAt && new Date(c.expiresAt.getTime()),
  });

const toSealed = (c: Credential): SealedCredential =>
  Object.freeze({
    id: c.id,
    merchantId: c.merchantId,
    kind: c.kind,
    expiresAt: c.expiresAt && new Date(c.expiresAt.getTime()),
    secretSealed: c.secretSealed,
  });

const copyOf = (m: Merchant): Merchant => Object.assign({}, m, { createdAt: new Date(m.createdAt.getTime()) });

/** One per store and process: core/merchants/authenticate.ts keeps it. */
export class AuthCache {
  readonly stats: AuthCacheStats = { versionReads: 0, hits: 0, loads: 0 };
  readonly #store: Store;
  readonly #byKeyId: VersionedLru<readonly AuthCredential[]>;
  readonly #bySecretHash: VersionedLru<AuthCredential>;
  readonly #merchants: VersionedLru<Merchant>;
  readonly #sealed: VersionedLru<readonly SealedCredential[]>;
  readonly #unknown: VersionedLru<true>;

  constructor(store: Store, limits: AuthCacheLimits = DEFAULT_LIMITS) {
    this.#store = store;
    this.#byKeyId = new VersionedLru(limits.known);
    this.#bySecretHash = new VersionedLru(limits.known);
    this.#merchants = new VersionedLru(limits.known);
    this.#sealed = new VersionedLru(limits.known);
    this.#unknown = new VersionedLru(limits.unknown);
  }

  /** How many entries it holds: what exists, and what was looked up in vain. */
  get size(): { known: number; unknown: number } {
    return {
      known: this.#byKeyId.size + this.#bySecretHash.size + this.#merchants.size + this.#sealed.size,
      unknown: this.#unknown.size,
    };
  }

  /** The reads at the version last read, kept: every authentication at one version uses the same. */
  #readsAt: { version: number; reads: AuthReads } | null = null;

  /** The reads of one authentication: the version is read now, once. */
  async reads(): Promise<AuthReads> {
    const version = await this.#store.authVersion();
    this.stats.versionReads += 1;
    if (version === null) return this.#uncached();
    if (this.#readsAt?.version !== version) this.#readsAt = { version, reads: this.#at(version) };
    return this.#readsAt.reads;
  }

  /** No version to trust: every read goes to the store, nothing is kept. */
  #uncached(): AuthReads {
    const store = this.#store;
    return {
      findByKeyId: async (dialect, keyId) => (await store.credentials.findByKeyId(dialect, keyId)).map(toAuthCredential),
      findBySecretHash: async (secretHash) => {
        const c = await store.credentials.findBySecretHash(secretHash);
        return c && toAuthCredential(c);
      },
      merchant: (id) => store.merchants.get(id),
      sealedByKeyId: async (dialect, keyId) => (await store.credentials.findByKeyId(dialect, keyId)).map(toSealed),
    };
  }

  #at(version: number): AuthReads {
    const store = this.#store;
    const stats = this.stats;
    /** From `known`, or marked unknown, or read from the store (after the version) and kept at `version`. */
    const cached = async <V>(
      known: VersionedLru<V>,
      key: string,
      load: () => Promise<V | undefined>,
      isNothing: (v: V) => boolean,
    ): Promise<V | undefined> => {
      const hit = known.get(key, version);
      if (hit !== undefined || this.#unknown.get(key, version)) {
        stats.hits += 1;
        return hit;
      }
      stats.loads += 1;
      const value = await load();
      if (value === undefined || isNothing(value)) {
        known.delete(key);
        this.#unknown.set(key, version, true);
      } else {
        this.#unknown.delete(key);
        known.set(key, version, value);
      }
      return value;
    };
    const nothing = (): boolean => false;
    return {
      findByKeyId: async (dialect, keyId) =>
        (await cached(
          this.#byKeyId,
          `key id\0${dialect}\0${keyId}`,
          async () => Object.freeze((await store.credentials.findByKeyId(dialect, keyId)).map(toAuthCredential)),
          (found) => found.length === 0,
        )) ?? [],
      findBySecretHash: (secretHash) =>
        cached(
          this.#bySecretHash,
          `secret hash\0${secretHash}`,
          async () => {
            const c = await store.credentials.findBySecretHash(secretHash);
            return c && toAuthCredential(c);
          },
          nothing,
        ),
      merchant: async (id) => {
        const m = await cached(this.#merchants, `merchant\0${id}`, () => store.merchants.get(id), nothing);
        return m && copyOf(m);
      },
      sealedByKeyId: async (dialect, keyId) =>
        (await cached(
          this.#sealed,
          `sealed\0${dialect}\0${keyId}`,
          async () => Object.freeze((await store.credentials.findByKeyId(dialect, keyId)).map(toSealed)),
          (found) => found.length === 0,
        )) ?? [],
    };
  }
}
