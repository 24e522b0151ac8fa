/**
 * The sweeper settles what the request path could not: payments the customer abandoned, payments
 * past their lifetime, provider calls whose outcome was unknown (timeout, 5xx, a crash between
 * the wallet's answer and our write), and wallets' notifications a crash left unapplied in the inbox. It never guesses: it asks the wallet (KakaoPay `order`) and
 * records what the wallet says. Each pass is bounded; run it on an interval.
 *
 * What to do with a record is decided by the pure functions of sweep-decisions.ts; this file asks
 * the wallet, locks the record and has sweep-carry-out.ts carry the decision out: a settlement
 * through payments/settle-from-wallet.ts (the road the customer's return and the wallet's
 * notifications take too), anything else through record-change.ts, like every other state change.
 * When a record waiting for its customer is looked at next is sweep-schedule.ts's (ADR 0051).
 */
import { connectorOf } from '../method-capabilities.js';
import { applyInboxEntry } from '../wallet-notifications/apply-inbox-entry.js';
import type { CoreDeps } from '../deps.js';
import type { Payment, Preapproval, Refund } from '../model.js';
import type { SweepPosition, WaitingSweep } from '../ports/store.js';
import { approveCheckout, walletDataOf } from '../wallet-checkout.js';
import { carryOutPayment, carryOutPreapproval } from './sweep-carry-out.js';
import { isConnectorError } from '../ports/connector.js';
import { settleRefundFailure, settleRefundSuccess } from '../refunds/settle-refund.js';
import {
  decideRetriedApproval,
  decideUnknownPayment,
  decideUnreferencedCharge,
  type ChargeSearch,
  decideUnknownRefund,
  decideWaitingPayment,
  decideWaitingPreapproval,
  stillInFlight,
  unknownPaymentAsksWallet,
  waitingPaymentAsksWallet,
  waitingPreapprovalAsksWallet,
  type RetriedApproval,
  type SweepClock,
  type WalletAnswer,
} from './sweep-decisions.js';
import { walletCallOf } from '../request-context.js';
import { UNPACED, type WalletCallPace } from './wallet-call-pace.js';
import { firstLookBy, nextLookAt, type Scheduled } from './sweep-schedule.js';

export interface SweepOptions {
  /** Max records of each kind per pass. */
  limit?: number;
  /** Refunds and charges younger than this are left alone: their request may still be in flight. */
  inFlightGraceMs?: number;
  /**
   * How long after first seeing the wallet report a checkout abandoned the sweeper waits before
   * expiring it. KakaoPay reports a customer's cancel and a time-out alike (QUIT_PAYMENT), so the
   * customer's own return (→ cancelled) gets this long to arrive first.
   */
  abandonGraceMs?: number;
  /**
   * Waited on before each wallet call (wallet-call-pace.ts, ADR 0049): the running gateway's
   * sweeper spreads its calls out; false ends the pass. Default: unpaced.
   */
  pace?: WalletCallPace;
  /**
   * true: a waiting record is looked at only when its look is due (the running sweeper, ADR 0051).
   * Default: every waiting record, the never-looked-at first, then the soonest due (a pass run by
   * hand, `walletgate sweep`). Either way a look schedules the record's next one.
   */
  onlyDue?: boolean;
  /**
   * The running sweeper's place in the records with an unknown outcome, kept between its passes:
   * each pass reads on from where the last ended, and from the oldest again once a page comes back
   * short, so records the wallet never answers about cannot hold the head of the list (ADR 0051).
   * Default: from the oldest.
   */
  resume?: SweepResume;
}

export interface SweepResume {
  payments?: SweepPosition;
  refunds?: SweepPosition;
}

/** The latest time a Date holds: every record was created, and is due, by then. */
const EVER = new Date(8.64e15);

/** The pass ends: the pace said the sweeper is stopping. */
class SweepStopped extends Error {}

/** A wallet call, once the pace lets it go. */
async function paced<T>(pace: WalletCallPace, call: () => Promise<T>): Promise<T> {
  if (!(await pace())) throw new SweepStopped('the sweeper is stopping');
  return call();
}

export interface SweepReport {
  checked: number;
  settled: number;
  errors: number;
}

export async function sweep(deps: CoreDeps, opts: SweepOptions = {}): Promise<SweepReport> {
  const limit = opts.limit ?? 100;
  const clock: SweepClock = {
    now: deps.clock(),
    inFlightGraceMs: opts.inFlightGraceMs ?? 60_000,
    abandonGraceMs: opts.abandonGraceMs ?? 10_000,
  };
  const pace = opts.pace ?? UNPACED;
  const report: SweepReport = { checked: 0, settled: 0, errors: 0 };
  const run = async (what: string, id: number, fn: () => Promise<boolean>, onError?: () => Promise<void>) => {
    report.checked++;
    try {
      if (await fn()) report.settled++;
    } catch (e) {
      if (e instanceof SweepStopped) throw e;
      report.errors++;
      deps.log.warn({ what, id, err: (e as Error).message }, 'sweeper could not settle');
      // one that fails every time is looked at again later, not first on every pass
      await onError?.().catch(() => undefined);
    }
  };
  // waiting for the customer: those never looked at once old enough, then those due again (ADR 0051)
  const [createdBy, dueBy] = opts.onlyDue ? [firstLookBy(clock), clock.now] : [EVER, EVER];
  const waiting = async <T>(repo: WaitingSweep<T>) => [
    ...(await repo.listUnswept(createdBy, limit)),
    ...(await repo.listSweepDue(dueBy, limit)),
  ];
  // unknown outcomes: read on from where the last pass ended, from the oldest again after a short page
  const resume = opts.resume;
  const unknownOutcomes = async <T extends SweepPosition>(
    kind: keyof SweepResume,
    list: (limit: number, after?: SweepPosition) => Promise<T[]>,
  ): Promise<T[]> => {
    const rows = await list(limit, resume?.[kind]);
    const last = rows.at(-1);
    if (resume) resume[kind] = rows.length < limit || !last ? undefined : { updatedAt: last.updatedAt, id: last.id };
    return rows;
  };

  try {
    // wallets' notifications a crash left received: applied first, they may settle what follows
    for (const e of await deps.store.inbox.listUnapplied(limit)) {
      if (stillInFlight({ updatedAt: e.receivedAt }, clock)) continue;
      await run('inbox', e.id, async () => (await applyInboxEntry(deps, e)).status === 'applied');
    }
    for (const p of await waiting(deps.store.payments)) {
      const later = () => deps.store.payments.deferSweep(p.id, nextLookAt(p, clock));
      await run('payment', p.id, () => sweepWaitingPayment(deps, p, clock, pace), later);
    }
    for (const p of await unknownOutcomes('payments', (n, after) => deps.store.payments.listNeedingSync(n, after))) {
      if (stillInFlight(p, clock)) continue;
      await run('payment', p.id, () => syncUnknownPayment(deps, p, clock, pace));
    }
    for (const r of await unknownOutcomes('refunds', (n, after) => deps.store.refunds.listNeedingSync(n, after))) {
      if (stillInFlight(r, clock)) continue;
      await run('refund', r.id, () => syncRefund(deps, r, clock, pace));
    }
    for (const p of await waiting(deps.store.preapprovals)) {
      const later = () => deps.store.preapprovals.deferSweep(p.id, nextLookAt(p, clock));
      await run('preapproval', p.id, () => sweepWaitingPreapproval(deps, p, clock, pace), later);
    }
  } catch (e) {
    // what is settled stays settled; the rest waits for the next sweeper
    if (!(e instanceof SweepStopped)) throw e;
  }
  return report;
}

/** The wallet's view of a payment; null when the wallet gave no usable answer. */
async function lookup(
  deps: CoreDeps,
  rec: Pick<Payment, 'connector'> & Parameters<typeof walletDataOf>[0],
  pace: WalletCallPace,
): Promise<WalletAnswer> {
  try {
    return await paced(pace, () =>
      connectorOf(deps.connectors, rec.connector).lookupPayment(rec.connectorState.ref!, walletDataOf(rec), walletCallOf(deps)),
    );
  } catch (e) {
    if (isConnectorError(e)) return null;
    throw e;
  }
}

/** created / pending_customer: did the customer give up, did the wallet approve it, or did the time run out? */
async function sweepWaitingPayment(deps: CoreDeps, p: Payment, clock: SweepClock, pace: WalletCallPace): Promise<boolean> {
  const wallet = waitingPaymentAsksWallet(p) ? await lookup(deps, p, pace) : null;
  return settleOrDefer(
    p,
    clock,
    (rec) => decideWaitingPayment(rec, clock, wallet),
    (decideOn) =>
      deps.store.transaction(async (tx) => {
        const cur = (await tx.payments.getByIdForUpdate(p.id))!;
        return carryOutPayment(deps, tx, cur, decideOn(cur), clock);
      }),
    (at) => deps.store.payments.deferSweep(p.id, at),
  );
}

/**
 * A waiting record's look: decided on as listed (no lock when there is nothing to do), then again on
 * the locked row, which `lockAndCarryOut` carries out. A look that settles nothing schedules the
 * next (ADR 0051), an abandon first noted now counted from now.
 */
async function settleOrDefer<R extends Scheduled, D extends { do: string }>(
  rec: R,
  clock: SweepClock,
  decide: (rec: R) => D,
  lockAndCarryOut: (decideOn: (cur: R) => D) => Promise<boolean>,
  defer: (at: Date) => Promise<void>,
): Promise<boolean> {
  let decision = decide(rec);
  const settled = decision.do !== 'wait' && (await lockAndCarryOut((cur) => (decision = decide(cur))));
  if (!settled) await defer(nextLookAt(lookedAt(rec, decision, clock), clock));
  return settled;
}

/** The record as the look left it, for its next look: an abandon first noted now is noted now. */
function lookedAt<R extends Scheduled>(rec: R, decision: { do: string }, clock: SweepClock): R {
  if (decision.do !== 'note_abandoned') return rec;
  return { ...rec, connectorState: { ...rec.connectorState, abandonedSeenAt: clock.now.toISOString() } };
}

/** A charge with no wallet id written: looked up by our order id where the wallet can. */
async function searchCharge(deps: CoreDeps, p: Payment, pace: WalletCallPace): Promise<ChargeSearch> {
  const connector = connectorOf(deps.connectors, p.connector);
  if (!connector.findCharge || p.preapprovalId === null) return 'no_lookup';
  const pre = await deps.store.preapprovals.get(p.merchantId, p.preapprovalId);
  if (!pre) return 'no_lookup';
  try {
    const findCharge = connector.findCharge.bind(connector);
    return (await paced(pace, () => findCharge(String(p.id), walletDataOf(pre), walletCallOf(deps)))) ?? 'not_found';
  } catch (e) {
    if (isConnectorError(e)) return null;
    throw e;
  }
}

/** processing with an unknown wallet outcome: ask, and record the answer. */
async function syncUnknownPayment(deps: CoreDeps, p: Payment, clock: SweepClock, pace: WalletCallPace): Promise<boolean> {
  if (!p.connectorState.ref) {
    const search = await searchCharge(deps, p, pace);
    if (decideUnreferencedCharge(p, clock, search).do === 'wait') return false;
    return deps.store.transaction(async (tx) => {
      const cur = (await tx.payments.getByIdForUpdate(p.id))!;
      return carryOutPayment(deps, tx, cur, decideUnreferencedCharge(cur, clock, search), clock);
    });
  }
  const wallet = unknownPaymentAsksWallet(p, clock) ? await lookup(deps, p, pace) : null;
  if (decideUnknownPayment(p, clock, wallet).do === 'wait') return false;
  let retry = false;
  const settled = await deps.store.transaction(async (tx) => {
    const cur = (await tx.payments.getByIdForUpdate(p.id))!;
    const decision = decideUnknownPayment(cur, clock, wallet);
    retry = decision.do === 'retry_approve';
    return carryOutPayment(deps, tx, cur, decision, clock);
  });
  return retry ? retryApproval(deps, p, clock, pace) : settled;
}

/**
 * The customer finished in the wallet but our approve call went unanswered (5xx, timeout) and the
 * wallet is still waiting for it: approve again with the kept return parameters.
 */
async function retryApproval(deps: CoreDeps, p: Payment, clock: SweepClock, pace: WalletCallPace): Promise<boolean> {
  let retried: RetriedApproval;
  try {
    const approved = await paced(pace, () =>
      approveCheckout(deps, p, {
        returnParams: p.connectorState.returnParams!,
        amount: p.amount,
      }),
    );
    retried = { ok: true, approvalRef: approved.approvalRef, amount: approved.amount, agreementToken: approved.agreementToken };
  } catch (e) {
    if (!isConnectorError(e)) throw e;
    retried = { ok: false, error: e };
  }
  if (decideRetriedApproval(p, retried).do === 'wait') return false;
  return deps.store.transaction(async (tx) => {
    const cur = (await tx.payments.getByIdForUpdate(p.id))!;
    return carryOutPayment(deps, tx, cur, decideRetriedApproval(cur, retried), clock);
  });
}

/** A refund whose cancel call went unanswered: the wallet's history (payload = our refund id) decides. */
async function syncRefund(deps: CoreDeps, r: Refund, clock: SweepClock, pace: WalletCallPace): Promise<boolean> {
  const p = (await deps.store.payments.getById(r.paymentId))!;
  const d = decideUnknownRefund(r, clock, await lookup(deps, p, pace));
  // settle-refund.ts locks the payment and settles only a refund still pending
  if (d.do === 'succeed') await settleRefundSuccess(deps, r, d.refundRef);
  else if (d.do === 'fail') await settleRefundFailure(deps, r, d.code, d.message);
  return d.do !== 'wait';
}

/** pending: agreed at the wallet though the answer was lost, abandoned, or out of time? */
async function sweepWaitingPreapproval(deps: CoreDeps, p: Preapproval, clock: SweepClock, pace: WalletCallPace): Promise<boolean> {
  const wallet = waitingPreapprovalAsksWallet(p, clock) ? await lookup(deps, p, pace) : null;
  return settleOrDefer(
    p,
    clock,
    (rec) => decideWaitingPreapproval(rec, clock, wallet),
    (decideOn) =>
      deps.store.transaction(async (tx) => {
        const cur = (await tx.preapprovals.getByIdForUpdate(p.id))!;
        return carryOutPreapproval(deps, tx, cur, decideOn(cur), clock);
      }),
    (at) => deps.store.preapprovals.deferSweep(p.id, at),
  );
}
