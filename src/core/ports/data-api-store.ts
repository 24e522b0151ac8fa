/**
 * The Data API's tokens (ADR 0023): read-only, one merchant each, kept only as the SHA-256 of their
 * secret. Implemented by storage/repos/data-api-tokens.ts on both databases; reached through `Repos`.
 */

export interface DataApiToken {
  id: number;
  merchantId: string;
  /** What the merchant calls it ("nightly export"). */
  name: string;
  /** SHA-256 (hex) of the secret; the secret itself is shown once and never kept. */
  secretHash: string;
  /** The dashboard user who made it; null when made otherwise. */
  createdBy: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Set once revoked: the token no longer opens anything. */
  revokedAt: Date | null;
}

export type NewDataApiToken = Omit<DataApiToken, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>;

export interface DataApiTokenRepo {
  insert(t: NewDataApiToken): Promise<DataApiToken>;
  /** Scoped: one merchant's token (a merchant id) or any merchant's (undefined, an operator). */
  get(merchantId: string | undefined, id: number): Promise<DataApiToken | undefined>;
  /** Revoked ones too. */
  findBySecretHash(secretHash: string): Promise<DataApiToken | undefined>;
  /** Newest first: one merchant's (a merchant id) or every merchant's (undefined). */
  list(merchantId: string | undefined): Promise<DataApiToken[]>;
  /** Sets revoked_at unless already set; the token as it is now. */
  revoke(id: number, at: Date): Promise<DataApiToken | undefined>;
  /** Records a use (at most the caller's business how often). */
  touch(id: number, at: Date): Promise<void>;
}
