/**
 * The sweeper settles what the request path could not: payments the customer abandoned, payments
 * past their lifetime, and provider calls whose outcome was unknown (timeout, 5xx, a crash between
 * the wallet's answer and our write). It never guesses: it asks the wallet (KakaoPay `order`) and
 * records what the wallet says. Each pass is bounded; run it on an interval.
 */
import { recordApprovedPayment } from '../preapprovals/store-agreement.js';
import type { CoreDeps } from '../deps.js';
import type { Payment, Preapproval, Refund } from '../model.js';
import { approveCheckout, usesRecurringContract } from '../wallet-checkout.js';
import { changePayment, changePreapproval } from '../record-change.js';
import { isConnectorError, type PaymentLookupResult } from '../ports/connector.js';
import { settleRefundFailure, settleRefundSuccess } from '../refunds/settle-refund.js';

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
}

export interface SweepReport {
  checked: number;
  settled: number;
  errors: number;
}

export async function sweep(deps: CoreDeps, opts: SweepOptions = {}): Promise<SweepReport> {
  const limit = opts.limit ?? 100;
  const grace = opts.inFlightGraceMs ?? 60_000;
  const abandonGrace = opts.abandonGraceMs ?? 10_000;
  const report: SweepReport = { checked: 0, settled: 0, errors: 0 };
  const now = deps.clock();
  const run = async (what: string, id: number, fn: () => Promise<boolean>) => {
    report.checked++;
    try {
      if (await fn()) report.settled++;
    } catch (e) {
      report.errors++;
      deps.log.warn({ what, id, err: (e as Error).message }, 'sweeper could not settle');
    }
  };

  for (const p of await deps.store.payments.listByStatus(['created', 'pending_customer'], limit)) {
    await run('payment', p.id, () => sweepWaitingPayment(deps, p, now, abandonGrace));
  }
  for (const p of await deps.store.payments.listNeedingSync(limit)) {
    if (now.getTime() - p.updatedAt.getTime() < grace) continue;
    await run('payment', p.id, () => syncUnknownPayment(deps, p));
  }
  for (const r of await deps.store.refunds.listNeedingSync(limit)) {
    if (now.getTime() - r.updatedAt.getTime() < grace) continue;
    await run('refund', r.id, () => syncRefund(deps, r));
  }
  for (const p of await deps.store.preapprovals.listByStatus(['pending'], limit)) {
    await run('preapproval', p.id, () => sweepWaitingPreapproval(deps, p, now, grace, abandonGrace));
  }
  return report;
}

async function lookup(
  deps: CoreDeps,
  ref: string,
  recurring: boolean,
  connector: Payment['connector'],
): Promise<PaymentLookupResult | null> {
  try {
    return await deps.connectors[connector].lookupPayment(ref, recurring);
  } catch (e) {
    if (isConnectorError(e)) return null;
    throw e;
  }
}

/** created / pending_customer: did the customer give up, or did the time run out? */
/**
 * True once the wallet has reported the checkout abandoned for at least `graceMs`; the first
 * sighting is recorded on the record so the wait survives restarts and other gateway processes.
 */
async function abandonedLongEnough(
  deps: CoreDeps,
  kind: 'payment' | 'preapproval',
  rec: Payment | Preapproval,
  now: Date,
  graceMs: number,
): Promise<boolean> {
  const seen = rec.connectorState.abandonedSeenAt;
  if (seen) return now.getTime() - Date.parse(seen) >= graceMs;
  if (graceMs <= 0) return true;
  await deps.store.transaction(async (tx) => {
    const cur = kind === 'payment' ? await tx.payments.getByIdForUpdate(rec.id) : await tx.preapprovals.getByIdForUpdate(rec.id);
    if (!cur || cur.connectorState.abandonedSeenAt) return;
    const connectorState = { ...cur.connectorState, abandonedSeenAt: now.toISOString() };
    if (kind === 'payment') await tx.payments.update(rec.id, { connectorState });
    else await tx.preapprovals.update(rec.id, { connectorState });
  });
  return false;
}

async function sweepWaitingPayment(deps: CoreDeps, p: Payment, now: Date, abandonGraceMs: number): Promise<boolean> {
  const expired = p.expiresAt !== null && p.expiresAt.getTime() <= now.getTime();
  if (p.status === 'created') {
    // Never reached the wallet (crash after insert): nobody can pay it; expire once its time is up.
    return expired ? expirePayment(deps, p.id, 'The payment never reached the wallet') : false;
  }
  const ref = p.connectorState.ref;
  const wallet = ref ? await lookup(deps, ref, false, p.connector) : null;
  if (wallet?.state === 'abandoned') {
    if (!(await abandonedLongEnough(deps, 'payment', p, now, abandonGraceMs))) return false;
    return expirePayment(deps, p.id, `The wallet timed the payment out (${wallet.rawStatus})`);
  }
  if (wallet?.state === 'failed') {
    return deps.store.transaction(async (tx) => {
      const cur = (await tx.payments.getByIdForUpdate(p.id))!;
      if (cur.status !== 'pending_customer') return false;
      await changePayment(
        deps,
        tx,
        cur,
        { status: 'failed', failureCode: wallet.rawStatus, failureMessage: 'The wallet reports the payment failed' },
        {
          kind: 'sync',
          status: 'failed',
          code: wallet.rawStatus,
          message: 'The wallet reports the payment failed',
        },
      );
      return true;
    });
  }
  return expired ? expirePayment(deps, p.id, 'The customer did not finish in time') : false;
}

async function expirePayment(deps: CoreDeps, id: number, message: string): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const cur = (await tx.payments.getByIdForUpdate(id))!;
    if (cur.status !== 'pending_customer' && cur.status !== 'created') return false;
    await changePayment(
      deps,
      tx,
      cur,
      { status: 'expired', failureCode: 'expired', failureMessage: message },
      { kind: 'expire', status: 'failed', message },
    );
    return true;
  });
}

/** processing with an unknown wallet outcome: ask, and record the answer. */
async function syncUnknownPayment(deps: CoreDeps, p: Payment): Promise<boolean> {
  const ref = p.connectorState.ref;
  if (!ref) {
    // A recurring charge whose wallet call went unanswered before the wallet gave us its id: the
    // wallet offers no lookup by order id, so this needs a person. Flagged once (operation + error
    // log) and taken off the sweeper's list; the payment stays open, nothing is guessed.
    await deps.store.transaction(async (tx) => {
      const cur = (await tx.payments.getByIdForUpdate(p.id))!;
      if (!cur.connectorState.needsSync) return;
      await changePayment(
        deps,
        tx,
        cur,
        { connectorState: { ...cur.connectorState, needsSync: false, needsReview: true } },
        {
          kind: 'sync',
          status: 'pending',
          code: 'needs_review',
          message: 'The wallet never answered this charge and offers no lookup by order id: check it in the wallet console',
        },
      );
    });
    deps.log.error({ paymentId: p.id }, 'recurring charge outcome unknown and not queryable; flagged for manual review');
    return false;
  }
  const wallet = await lookup(deps, ref, usesRecurringContract(p), p.connector);
  if (!wallet) return false;
  const settled = await deps.store.transaction(async (tx) => {
    const cur = (await tx.payments.getByIdForUpdate(p.id))!;
    if (cur.status !== 'processing') {
      if (cur.connectorState.needsSync) await tx.payments.update(cur.id, { connectorState: { ...cur.connectorState, needsSync: false } });
      return false;
    }
    const state = { ...cur.connectorState, needsSync: false };
    const paid = wallet.actions.find((a) => a.kind === 'payment');
    switch (wallet.state) {
      case 'succeeded':
      case 'partially_refunded':
      case 'refunded':
        await recordApprovedPayment(
          deps,
          tx,
          cur,
          { status: 'succeeded', capturedAmount: wallet.amount, connectorState: { ...state, ...(paid ? { approvalRef: paid.ref } : {}) } },
          {
            kind: 'sync',
            status: 'ok',
            amount: wallet.amount,
            code: wallet.rawStatus,
            message: 'The wallet confirms the payment succeeded',
          },
          wallet.agreementToken,
        );
        return true;
      case 'failed':
      case 'abandoned':
        await changePayment(
          deps,
          tx,
          cur,
          {
            status: 'failed',
            connectorState: state,
            failureCode: wallet.rawStatus,
            failureMessage: 'The wallet reports the payment did not complete',
          },
          { kind: 'sync', status: 'failed', code: wallet.rawStatus, message: 'The wallet reports the payment did not complete' },
        );
        return true;
      default:
        return false;
    }
  });
  if (settled || wallet.state !== 'awaiting_approval' || !p.connectorState.returnParams) return settled;
  return retryApproval(deps, p);
}

/**
 * The customer finished in the wallet but our approve call went unanswered (5xx, timeout) and the
 * wallet is still waiting for it: approve again with the kept return parameters.
 */
async function retryApproval(deps: CoreDeps, p: Payment): Promise<boolean> {
  const state = p.connectorState;
  let outcome:
    { ok: true; approvalRef: string; amount: number; agreementToken: string | null } | { ok: false; code: string; message: string };
  try {
    const approved = await approveCheckout(deps, p, {
      returnParams: state.returnParams!,
      recurring: usesRecurringContract(p),
      amount: p.amount,
    });
    outcome = { ok: true, approvalRef: approved.approvalRef, amount: approved.amount, agreementToken: approved.agreementToken };
  } catch (e) {
    if (!isConnectorError(e)) throw e;
    // unknown, or "already approved" (-702: a late original approve won the race) — the next pass's
    // lookup tells which; never record a failure on a payment the wallet may have charged
    if (e.kind === 'unknown' || e.providerCode === '-702') return false;
    outcome = { ok: false, code: e.providerCode ?? e.kind, message: e.message };
  }
  return deps.store.transaction(async (tx) => {
    const cur = (await tx.payments.getByIdForUpdate(p.id))!;
    if (cur.status !== 'processing') return false;
    const next = { ...cur.connectorState, needsSync: false };
    if (outcome.ok) {
      await recordApprovedPayment(
        deps,
        tx,
        cur,
        { status: 'succeeded', capturedAmount: outcome.amount, connectorState: { ...next, approvalRef: outcome.approvalRef } },
        {
          kind: 'sync',
          status: 'ok',
          amount: outcome.amount,
          code: outcome.approvalRef,
          message: 'Approved on retry after an unanswered approve call',
        },
        outcome.agreementToken,
      );
    } else {
      await changePayment(
        deps,
        tx,
        cur,
        { status: 'failed', connectorState: next, failureCode: outcome.code, failureMessage: outcome.message },
        {
          kind: 'sync',
          status: 'failed',
          code: outcome.code,
          message: outcome.message,
        },
      );
    }
    return true;
  });
}

/** A refund whose cancel call went unanswered: the wallet's history (payload = our refund id) decides. */
async function syncRefund(deps: CoreDeps, r: Refund): Promise<boolean> {
  const p = (await deps.store.payments.getById(r.paymentId))!;
  const wallet = await lookup(deps, p.connectorState.ref!, usesRecurringContract(p), p.connector);
  if (!wallet) return false;
  const action = wallet.actions.find((a) => a.kind === 'refund' && a.payload === String(r.id));
  if (action) await settleRefundSuccess(deps, r.id, action.ref);
  else await settleRefundFailure(deps, r.id, 'not_at_wallet', 'The wallet has no record of this refund; nothing was refunded');
  return true;
}

async function sweepWaitingPreapproval(
  deps: CoreDeps,
  p: Preapproval,
  now: Date,
  graceMs: number,
  abandonGraceMs: number,
): Promise<boolean> {
  if (p.connectorState.needsSync) {
    if (now.getTime() - p.updatedAt.getTime() < graceMs || p.connectorState.needsReview) return false;
    // The approve call's outcome is unknown. KakaoPay's order lookup names the SID once it is issued:
    // then the agreement is active, as if the answer had arrived. Anything else needs a person.
    const issued = p.connectorState.ref ? await lookup(deps, p.connectorState.ref, true, p.connector) : null;
    if (issued?.state === 'agreement_issued' && issued.agreementToken)
      return activateFromLookup(deps, p, issued.agreementToken, issued.rawStatus);
    await deps.store.preapprovals.update(p.id, { connectorState: { ...p.connectorState, needsReview: true } });
    deps.log.error({ preapprovalId: p.id }, 'preapproval approval outcome unknown; flagged for manual review');
    return false;
  }
  const expired = p.expiresAt !== null && p.expiresAt.getTime() <= now.getTime();
  const ref = p.connectorState.ref;
  const wallet = ref ? await lookup(deps, ref, true, p.connector) : null;
  const abandoned = wallet?.state === 'abandoned' || wallet?.state === 'failed';
  if (!abandoned && !(expired && wallet?.state !== 'agreement_issued')) return false;
  if (abandoned && !expired && !(await abandonedLongEnough(deps, 'preapproval', p, now, abandonGraceMs))) return false;
  return deps.store.transaction(async (tx) => {
    const cur = (await tx.preapprovals.getByIdForUpdate(p.id))!;
    if (cur.status !== 'pending' || cur.connectorState.needsSync) return false;
    const message = abandoned ? `The wallet timed the agreement out (${wallet!.rawStatus})` : 'The customer did not finish in time';
    await changePreapproval(
      deps,
      tx,
      cur,
      { status: 'expired', failureCode: 'expired', failureMessage: message },
      { kind: 'expire', status: 'failed', message },
    );
    return true;
  });
}

/** A preapproval whose approve answer was lost, found agreed at the wallet: active with the wallet's SID. */
async function activateFromLookup(deps: CoreDeps, p: Preapproval, agreementToken: string, rawStatus: string): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const cur = (await tx.preapprovals.getByIdForUpdate(p.id))!;
    if (cur.status !== 'pending' || !cur.connectorState.needsSync) return false;
    await changePreapproval(
      deps,
      tx,
      cur,
      { status: 'active', agreementToken, connectorState: { ...cur.connectorState, needsSync: false } },
      { kind: 'sync', status: 'ok', code: rawStatus, message: 'The wallet confirms the customer agreed (approve answer was lost)' },
    );
    return true;
  });
}
