/**
 * What one request of the emulator sees of its state, inside one transaction (sandbox-state.ts):
 * payments by tid and sids by sid, read once and locked, changed in place by the API and the
 * customer's pages, written back when the request is done; plus the clock and the id generator.
 */
import type { Kysely } from 'kysely';
import { randomHex } from '../../random-hex.js';
import { PENDING_STATUSES } from '../model.js';
import type { SandboxPayment, SandboxSid } from '../model.js';
import { decodePayment, decodeSid, encodePayment, encodeSid } from './record-codec.js';
import type { SandboxTables, StateStatements } from './state-db.js';

/** A record as read (its document then, to see whether it changed) or new (null). */
interface Tracked<T> {
  record: T;
  readAs: string | null;
}

function randomId(prefix: 'T' | 'A' | 'S'): string {
  return prefix + randomHex(10).slice(0, 19);
}

export class SandboxSession {
  private readonly payments = new Map<string, Tracked<SandboxPayment>>();
  private readonly sids = new Map<string, Tracked<SandboxSid>>();

  constructor(
    private readonly tx: Kysely<SandboxTables>,
    private readonly statements: StateStatements,
    readonly now: () => Date,
    readonly tidTtlMs: number,
  ) {}

  /** 20 characters, `T` and 19 hex digits (76 random bits; the table's primary key refuses a repeat). */
  newTid(): string {
    return randomId('T');
  }

  newSid(): string {
    return randomId('S');
  }

  newAid(): string {
    return randomId('A');
  }

  newPgToken(): string {
    return randomHex(10);
  }

  /** The payment with its expiry applied: a pending tid past its lifetime becomes QUIT_PAYMENT. */
  async payment(tid: string): Promise<SandboxPayment | undefined> {
    let tracked = this.payments.get(tid);
    if (!tracked) {
      const [row] = await this.statements.paymentDoc(this.tx, [tid]);
      if (!row) return undefined;
      tracked = { record: decodePayment(row.doc), readAs: row.doc };
      this.payments.set(tid, tracked);
    }
    this.applyExpiry(tracked.record);
    return tracked.record;
  }

  /** A pending payment past its lifetime becomes QUIT_PAYMENT. */
  applyExpiry(p: SandboxPayment): void {
    if (PENDING_STATUSES.has(p.status) && this.now().getTime() >= p.expiresAt.getTime()) {
      p.status = 'QUIT_PAYMENT';
      p.step = 'done';
      p.pgToken = null;
    }
  }

  /** True when the payment was given up because its lifetime ran out (not cancelled by the customer). */
  isExpired(p: SandboxPayment): boolean {
    return p.status === 'QUIT_PAYMENT' && this.now().getTime() >= p.expiresAt.getTime();
  }

  addPayment(p: SandboxPayment): void {
    this.payments.set(p.tid, { record: p, readAs: null });
  }

  async sid(sid: string): Promise<SandboxSid | undefined> {
    let tracked = this.sids.get(sid);
    if (!tracked) {
      const [row] = await this.statements.sidDoc(this.tx, [sid]);
      if (!row) return undefined;
      tracked = { record: decodeSid(row.doc), readAs: row.doc };
      this.sids.set(sid, tracked);
    }
    return tracked.record;
  }

  addSid(s: SandboxSid): void {
    this.sids.set(s.sid, { record: s, readAs: null });
  }

  /** Writes what is new and what changed. Called by SandboxState.run before it commits. */
  async flush(): Promise<void> {
    for (const { record: s, readAs } of this.sids.values()) {
      const doc = encodeSid(s);
      if (doc === readAs) continue;
      if (readAs === null) await this.statements.insertSid(this.tx, [s.sid, s.cid, s.status, s.createdAt.getTime(), doc]);
      else await this.statements.updateSid(this.tx, [s.status, doc, s.sid]);
    }
    for (const { record: p, readAs } of this.payments.values()) {
      const doc = encodePayment(p);
      if (doc === readAs) continue;
      if (readAs === null) {
        await this.statements.insertPayment(this.tx, [p.tid, p.cid, p.status, p.partnerOrderId, p.sid, p.createdAt.getTime(), doc]);
      } else {
        await this.statements.updatePayment(this.tx, [p.status, p.sid, doc, p.tid]);
      }
    }
  }
}
