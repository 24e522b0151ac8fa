/**
 * What the sweeper does with one record, decided from the record, the clock, the graces and the
 * wallet's answer alone: no I/O, so every case is unit-tested (test/core/sweep-decisions.test.ts).
 * sweep.ts asks the wallet when `…AsksWallet` says so, decides once on the row it listed (to skip
 * taking a lock when there is nothing to do), then again on the row it has locked, and carries out
 * that second decision.
 */
import type { ConnectorError, FoundCharge, PaymentLookupResult, WalletData } from '../ports/connector.js';
import type { Payment, Preapproval, Refund } from '../model.js';

/** The wallet's answer to `order`; null when it could not be asked or gave no answer. */
export type WalletAnswer = PaymentLookupResult | null;

export interface SweepClock {
  now: Date;
  /** Records updated more recently than this may still have a wallet call in flight (ADR 0003). */
  inFlightGraceMs: number;
  /** How long a checkout the wallet reports abandoned is given for the customer's own return. */
  abandonGraceMs: number;
}

export type PaymentDecision =
  | { do: 'wait' }
  /** First sighting of an abandoned checkout: recorded, so the wait survives restarts. */
  | { do: 'note_abandoned'; code: string }
  | { do: 'expire'; message: string }
  | { do: 'fail'; code: string; message: string }
  | {
      do: 'succeed';
      amount: number;
      approvalRef: string | null;
      agreementToken: string | null;
      code: string;
      message: string;
      /** the wallet's ids, when the payment had none written (a charge found by its order id) */
      found?: { ref: string; wallet: WalletData };
      /** how the customer paid, when the wallet says */
      instrument?: string;
    }
  /** An outcome nobody can learn from the wallet: a person must look. */
  | { do: 'flag_review' }
  /** Settled meanwhile by the request path: only the sync flag is left to clear. */
  | { do: 'clear_sync' }
  /** The customer finished and the wallet waits for approve: approve again with the kept return parameters. */
  | { do: 'retry_approve' };

export type RefundDecision = { do: 'wait' } | { do: 'succeed'; refundRef: string } | { do: 'fail'; code: string; message: string };

export type PreapprovalDecision =
  | { do: 'wait' }
  | { do: 'note_abandoned'; code: string }
  | { do: 'expire'; message: string }
  | { do: 'activate'; agreementToken: string; code: string; message: string }
  | { do: 'flag_review' };

type Waiting = Pick<Payment | Preapproval, 'connectorState' | 'expiresAt' | 'updatedAt'>;

const WAIT = { do: 'wait' } as const;

/** Updated within the in-flight grace: a wallet call about it may still be under way, so it is not judged yet. */
export function stillInFlight(rec: { updatedAt: Date }, clock: SweepClock): boolean {
  return clock.now.getTime() - rec.updatedAt.getTime() < clock.inFlightGraceMs;
}

function timeIsUp(rec: Pick<Waiting, 'expiresAt'>, clock: SweepClock): boolean {
  return rec.expiresAt !== null && rec.expiresAt.getTime() <= clock.now.getTime();
}

/**
 * KakaoPay reports a customer's cancel and a time-out alike (QUIT_PAYMENT): once it says abandoned,
 * the customer's own return (→ cancelled) gets `abandonGraceMs` to arrive first, counted from the
 * first sighting recorded on the record.
 */
function afterAbandonGrace<D>(
  rec: Waiting,
  clock: SweepClock,
  code: string,
  then: D,
): D | { do: 'note_abandoned'; code: string } | typeof WAIT {
  const seen = rec.connectorState.abandonedSeenAt;
  if (seen) return clock.now.getTime() - Date.parse(seen) >= clock.abandonGraceMs ? then : WAIT;
  return clock.abandonGraceMs <= 0 ? then : { do: 'note_abandoned', code };
}

const PAID: ReadonlySet<string> = new Set(['succeeded', 'partially_refunded', 'refunded']);

function succeeded(wallet: PaymentLookupResult, message: string): PaymentDecision {
  const paid = wallet.actions.find((a) => a.kind === 'payment');
  return {
    do: 'succeed',
    amount: wallet.amount,
    approvalRef: paid?.ref ?? null,
    agreementToken: wallet.agreementToken,
    code: wallet.rawStatus,
    message,
    ...(wallet.instrument ? { instrument: wallet.instrument } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Payments waiting for the customer (created, pending_customer)

export const CHECKOUT_NEVER_OPENED = 'walletgate stopped before the wallet opened the checkout; nothing was charged';

/** A checkout the wallet opened can be asked about; a `created` payment never reached the wallet. */
export function waitingPaymentAsksWallet(p: Pick<Payment, 'status' | 'connectorState'>): boolean {
  return p.status === 'pending_customer' && p.connectorState.ref !== undefined;
}

export function decideWaitingPayment(
  p: Pick<Payment, 'status' | 'connectorState' | 'expiresAt' | 'updatedAt'>,
  clock: SweepClock,
  wallet: WalletAnswer,
): PaymentDecision {
  if (p.status === 'created') {
    // Its checkout was never recorded: walletgate stopped (a crash) between writing the payment and
    // writing the wallet's answer, so no customer ever got a link to pay it. Once its request can no
    // longer be under way, it fails as an unanswered checkout request does (create-payment.ts).
    if (!stillInFlight(p, clock)) return { do: 'fail', code: 'unknown', message: CHECKOUT_NEVER_OPENED };
    return timeIsUp(p, clock) ? { do: 'expire', message: 'The payment never reached the wallet' } : WAIT;
  }
  if (p.status !== 'pending_customer') return WAIT;
  if (wallet?.state === 'abandoned') {
    return afterAbandonGrace(p, clock, wallet.rawStatus, {
      do: 'expire',
      message: `The wallet timed the payment out (${wallet.rawStatus})`,
    } as const);
  }
  if (wallet?.state === 'failed') return { do: 'fail', code: wallet.rawStatus, message: 'The wallet reports the payment failed' };
  // approved at the wallet though the customer's return never came through: the wallet has the last word
  if (wallet && PAID.has(wallet.state)) return succeeded(wallet, 'The wallet reports the payment approved');
  return timeIsUp(p, clock) ? { do: 'expire', message: 'The customer did not finish in time' } : WAIT;
}

// ---------------------------------------------------------------------------------------------
// Payments whose wallet call had an unknown outcome (needsSync)

export function unknownPaymentAsksWallet(p: Pick<Payment, 'status' | 'connectorState' | 'updatedAt'>, clock: SweepClock): boolean {
  return p.status === 'processing' && p.connectorState.needsSync === true && !!p.connectorState.ref && !stillInFlight(p, clock);
}

export function decideUnknownPayment(
  p: Pick<Payment, 'status' | 'connectorState' | 'updatedAt'>,
  clock: SweepClock,
  wallet: WalletAnswer,
): PaymentDecision {
  if (p.connectorState.needsSync !== true || stillInFlight(p, clock)) return WAIT;
  if (p.status !== 'processing') return { do: 'clear_sync' };
  // A recurring charge unanswered before the wallet gave its id: decideUnreferencedCharge.
  if (!p.connectorState.ref) return { do: 'flag_review' };
  if (!wallet) return WAIT;
  if (PAID.has(wallet.state)) return succeeded(wallet, 'The wallet confirms the payment succeeded');
  if (wallet.state === 'failed' || wallet.state === 'abandoned') {
    return { do: 'fail', code: wallet.rawStatus, message: 'The wallet reports the payment did not complete' };
  }
  if (wallet.state === 'awaiting_approval' && p.connectorState.returnParams) return { do: 'retry_approve' };
  return WAIT;
}

/**
 * What the wallet says of a charge looked up by walletgate's order id (Connector.findCharge):
 * 'not_found' (it never reached the wallet), the charge, null (no usable answer), or 'no_lookup'
 * (the wallet offers no such lookup).
 */
export type ChargeSearch = FoundCharge | 'not_found' | 'no_lookup' | null;

/**
 * A recurring charge that died (a crash, a lost answer) before the wallet's id was written. A wallet
 * that can look it up by our order id has the last word; past the in-flight grace a charge it never
 * received failed; without the lookup, a person must look (nothing is ever failed over money the
 * wallet may hold).
 */
export function decideUnreferencedCharge(
  p: Pick<Payment, 'status' | 'connectorState' | 'updatedAt'>,
  clock: SweepClock,
  search: ChargeSearch,
): PaymentDecision {
  if (p.connectorState.needsSync !== true || stillInFlight(p, clock)) return WAIT;
  if (p.status !== 'processing') return { do: 'clear_sync' };
  if (search === 'no_lookup') return { do: 'flag_review' };
  if (search === null) return WAIT;
  if (search === 'not_found') return { do: 'fail', code: 'not_found', message: 'The charge never reached the wallet' };
  if (PAID.has(search.state)) {
    const d = succeeded(search, 'The wallet confirms the charge succeeded');
    return d.do === 'succeed' ? { ...d, found: { ref: search.ref, wallet: search.wallet } } : d;
  }
  if (search.state === 'failed' || search.state === 'abandoned')
    return { do: 'fail', code: search.rawStatus, message: 'The wallet reports the charge did not complete' };
  return WAIT;
}

/** The answer to a retried approve: the approval, or the connector's refusal / failure. */
export type RetriedApproval =
  | { ok: true; approvalRef: string; amount: number; agreementToken: string | null }
  | { ok: false; error: Pick<ConnectorError, 'kind' | 'outcome' | 'providerCode' | 'message'> };

export function decideRetriedApproval(p: Pick<Payment, 'status'>, retried: RetriedApproval): PaymentDecision {
  if (p.status !== 'processing') return WAIT;
  if (retried.ok) {
    return {
      do: 'succeed',
      amount: retried.amount,
      approvalRef: retried.approvalRef,
      agreementToken: retried.agreementToken,
      code: retried.approvalRef,
      message: 'Approved on retry after an unanswered approve call',
    };
  }
  const { kind, outcome, providerCode, message } = retried.error;
  // unknown again, or already approved (a late original approve won the race): the next pass's
  // lookup tells which; never a failure on a payment the wallet may have charged
  if (kind === 'unknown' || outcome === 'already_done') return WAIT;
  return { do: 'fail', code: providerCode ?? kind, message };
}

// ---------------------------------------------------------------------------------------------
// Refunds whose cancel call had an unknown outcome

export function unknownRefundAsksWallet(r: Pick<Refund, 'status' | 'needsSync' | 'updatedAt'>, clock: SweepClock): boolean {
  return r.status === 'pending' && r.needsSync && !stillInFlight(r, clock);
}

/** The wallet's history decides: a cancel whose payload is the refund's id. */
export function decideUnknownRefund(
  r: Pick<Refund, 'id' | 'status' | 'needsSync' | 'updatedAt'>,
  clock: SweepClock,
  wallet: WalletAnswer,
): RefundDecision {
  if (!unknownRefundAsksWallet(r, clock) || !wallet) return WAIT;
  const action = wallet.actions.find((a) => a.kind === 'refund' && a.payload === String(r.id));
  if (action) return { do: 'succeed', refundRef: action.ref };
  return { do: 'fail', code: 'not_at_wallet', message: 'The wallet has no record of this refund; nothing was refunded' };
}

// ---------------------------------------------------------------------------------------------
// Preapprovals waiting for the customer (pending)

export function waitingPreapprovalAsksWallet(p: Pick<Preapproval, 'status' | 'connectorState' | 'updatedAt'>, clock: SweepClock): boolean {
  if (p.status !== 'pending' || !p.connectorState.ref) return false;
  return !p.connectorState.needsSync || (!stillInFlight(p, clock) && !p.connectorState.needsReview);
}

export function decideWaitingPreapproval(
  p: Pick<Preapproval, 'status' | 'connectorState' | 'expiresAt' | 'updatedAt'>,
  clock: SweepClock,
  wallet: WalletAnswer,
): PreapprovalDecision {
  if (p.status !== 'pending') return WAIT;
  const issued = wallet?.state === 'agreement_issued' && wallet.agreementToken ? wallet.agreementToken : null;
  if (p.connectorState.needsSync) {
    // The approve call's outcome is unknown; KakaoPay's order lookup names the SID once it is issued.
    if (stillInFlight(p, clock) || p.connectorState.needsReview) return WAIT;
    if (issued) {
      return {
        do: 'activate',
        agreementToken: issued,
        code: wallet!.rawStatus,
        message: 'The wallet confirms the customer agreed (approve answer was lost)',
      };
    }
    return { do: 'flag_review' };
  }
  if (issued)
    return { do: 'activate', agreementToken: issued, code: wallet!.rawStatus, message: 'The wallet reports the agreement issued' };
  const expired = timeIsUp(p, clock);
  if (wallet?.state === 'abandoned' || wallet?.state === 'failed') {
    const expire = { do: 'expire', message: `The wallet timed the agreement out (${wallet.rawStatus})` } as const;
    return expired ? expire : afterAbandonGrace(p, clock, wallet.rawStatus, expire);
  }
  // the wallet says it issued the agreement (but named no SID): never expired over the wallet's word
  if (wallet?.state === 'agreement_issued') return WAIT;
  return expired ? { do: 'expire', message: 'The customer did not finish in time' } : WAIT;
}
