/**
 * The sweeper's decisions carried out on the locked row (sweep.ts decides twice, sweep-decisions.ts
 * says what): a settlement through payments/settle-from-wallet.ts, the road the customer's return
 * and the wallet's notifications take too; anything else through record-change.ts, like every other
 * state change.
 */
import { applyAgreementVerdict, applyWalletVerdict } from '../payments/settle-from-wallet.js';
import type { CoreDeps } from '../deps.js';
import type { Payment, Preapproval } from '../model.js';
import type { Repos } from '../ports/store.js';
import { changePayment, changePreapproval } from '../record-change.js';
import type { PaymentDecision, PreapprovalDecision, SweepClock } from './sweep-decisions.js';

/** Writes a payment decision on the locked row; true when the payment was settled. */
export async function carryOutPayment(deps: CoreDeps, tx: Repos, cur: Payment, d: PaymentDecision, clock: SweepClock): Promise<boolean> {
  const state = { ...cur.connectorState, needsSync: false };
  switch (d.do) {
    case 'wait':
    case 'retry_approve':
      return false;
    case 'note_abandoned':
      await changePayment(
        deps,
        tx,
        cur,
        { connectorState: { ...cur.connectorState, abandonedSeenAt: clock.now.toISOString() } },
        { kind: 'sync', status: 'pending', code: d.code, message: abandonedNote(clock) },
      );
      return false;
    case 'clear_sync':
      await changePayment(deps, tx, cur, { connectorState: state }, null);
      return false;
    case 'flag_review':
      await changePayment(
        deps,
        tx,
        cur,
        { connectorState: { ...state, needsReview: true } },
        {
          kind: 'sync',
          status: 'pending',
          code: 'needs_review',
          message: 'The wallet never answered this charge and offers no lookup by order id: check it in the wallet console',
        },
      );
      deps.log.error({ paymentId: cur.id }, 'recurring charge outcome unknown and not queryable; flagged for manual review');
      return false;
    case 'expire':
      return (
        await applyWalletVerdict(
          deps,
          tx,
          cur,
          { outcome: 'expired', message: d.message },
          { kind: 'expire', status: 'failed', message: d.message },
        )
      ).settled;
    case 'fail':
      return (
        await applyWalletVerdict(
          deps,
          tx,
          cur,
          { outcome: 'failed', code: d.code, message: d.message },
          { kind: 'sync', status: 'failed', code: d.code, message: d.message },
        )
      ).settled;
    case 'succeed': {
      // a charge found by its order id: its wallet ids are written first, for its refunds
      const withIds = d.found
        ? await changePayment(deps, tx, cur, { connectorState: { ...cur.connectorState, ref: d.found.ref, wallet: d.found.wallet } }, null)
        : cur;
      return (
        await applyWalletVerdict(
          deps,
          tx,
          withIds,
          {
            outcome: 'succeeded',
            amount: d.amount,
            approvalRef: d.approvalRef,
            agreementToken: d.agreementToken,
            ...(d.instrument ? { instrument: d.instrument } : {}),
          },
          { kind: 'sync', status: 'ok', amount: d.amount, code: d.code, message: d.message },
        )
      ).settled;
    }
  }
}

function abandonedNote(clock: SweepClock): string {
  return `The wallet reports the checkout abandoned; the customer's own return has ${Math.round(clock.abandonGraceMs / 1000)} s to arrive first`;
}

export async function carryOutPreapproval(
  deps: CoreDeps,
  tx: Repos,
  cur: Preapproval,
  d: PreapprovalDecision,
  clock: SweepClock,
): Promise<boolean> {
  switch (d.do) {
    case 'wait':
      return false;
    case 'note_abandoned':
      await changePreapproval(
        deps,
        tx,
        cur,
        { connectorState: { ...cur.connectorState, abandonedSeenAt: clock.now.toISOString() } },
        { kind: 'sync', status: 'pending', code: d.code, message: abandonedNote(clock) },
      );
      return false;
    case 'flag_review':
      await changePreapproval(
        deps,
        tx,
        cur,
        { connectorState: { ...cur.connectorState, needsReview: true } },
        {
          kind: 'sync',
          status: 'pending',
          code: 'needs_review',
          message: 'The approve outcome is unknown and the wallet names no agreement: check it in the wallet console',
        },
      );
      deps.log.error({ preapprovalId: cur.id }, 'preapproval approval outcome unknown; flagged for manual review');
      return false;
    case 'activate':
      return (
        await applyAgreementVerdict(
          deps,
          tx,
          cur,
          { outcome: 'succeeded', amount: 0, approvalRef: null, agreementToken: d.agreementToken },
          { kind: 'sync', status: 'ok', code: d.code, message: d.message },
        )
      ).settled;
    case 'expire':
      return (
        await applyAgreementVerdict(
          deps,
          tx,
          cur,
          { outcome: 'expired', message: d.message },
          { kind: 'expire', status: 'failed', message: d.message },
        )
      ).settled;
  }
}
