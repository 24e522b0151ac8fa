/**
 * Three roads to one outcome: the customer's return (complete-customer-return.ts), the sweeper's
 * lookup (reconcile/sweep.ts) and the wallet's own notification all settle a payment here. The row
 * is locked and re-read, the verdict is applied once through recordApprovedPayment /
 * recordUnpaidPayment (record-change.ts underneath: transition check, operation, event), and
 * whichever road arrives second finds the payment final and does nothing. A later verdict that
 * contradicts the recorded outcome never flips it: it is logged and left as an operation for a
 * person.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment, PaymentStatus, Preapproval } from '../model.js';
import type { WalletVerdict } from '../ports/connector.js';
import type { PaymentPatch, Repos } from '../ports/store.js';
import { recordApprovedPayment, recordUnpaidPayment } from '../preapprovals/store-agreement.js';
import { changePayment, changePaymentIfUnchanged, changePreapproval, opensAgreement, type OperationNote } from '../record-change.js';

export interface Settlement {
  payment: Payment;
  /** false: the payment was already final (or not the wallet's to settle), nothing was written */
  settled: boolean;
}

/** Statuses a wallet verdict can still end. */
const OPEN: ReadonlySet<PaymentStatus> = new Set(['created', 'pending_customer', 'processing']);
const PAID: ReadonlySet<PaymentStatus> = new Set(['succeeded', 'partially_refunded', 'refunded']);

/**
 * Locks the payment, re-reads it and applies the verdict (see applyWalletVerdict). `written`: the
 * payment as this process last wrote it (the claim before an approval); a success is then written
 * while the row is still as it left it, without the read (PaymentRepo.updateIfUnchanged), and read
 * for update only when something else changed it meanwhile (the sweeper, the wallet's notification).
 */
export async function settlePaymentFromWallet(
  deps: Pick<CoreDeps, 'store' | 'notify' | 'log' | 'requestId'>,
  paymentId: number,
  verdict: WalletVerdict,
  note: OperationNote,
  written?: Payment,
): Promise<Settlement> {
  return deps.store.transaction(async (tx) => {
    // a payment that opens an agreement settles it too (recordApprovedPayment): read for update, as any other verdict
    if (written && verdict.outcome === 'succeeded' && OPEN.has(written.status) && !opensAgreement(written)) {
      const payment = await changePaymentIfUnchanged(deps, tx, written, approvedPatch(written, verdict), note);
      if (payment) return { payment, settled: true };
    }
    const cur = (await tx.payments.getByIdForUpdate(paymentId))!;
    return applyWalletVerdict(deps, tx, cur, verdict, note);
  });
}

/** A success's change to an open payment: captured, synced, with what the wallet said of it. */
function approvedPatch(cur: Payment, verdict: Extract<WalletVerdict, { outcome: 'succeeded' }>): PaymentPatch {
  return {
    status: 'succeeded',
    capturedAmount: verdict.amount,
    connectorState: Object.assign(
      {},
      cur.connectorState,
      { needsSync: false },
      verdict.approvalRef ? { approvalRef: verdict.approvalRef } : undefined,
      verdict.instrument ? { instrument: verdict.instrument } : undefined,
    ),
  };
}

/**
 * Applies a verdict to a payment the caller has locked and re-read in `tx` (the sweeper decides on
 * the locked row before it settles). `note` is the operation written with the settlement.
 */
export async function applyWalletVerdict(
  deps: Pick<CoreDeps, 'notify' | 'log'>,
  tx: Repos,
  cur: Payment,
  verdict: WalletVerdict,
  note: OperationNote,
): Promise<Settlement> {
  if (!OPEN.has(cur.status)) {
    if (PAID.has(cur.status) !== (verdict.outcome === 'succeeded'))
      return { payment: await flagContradiction(deps, tx, cur, verdict), settled: false };
    return { payment: cur, settled: false };
  }
  const synced =
    cur.connectorState.needsSync === undefined ? cur.connectorState : Object.assign({}, cur.connectorState, { needsSync: false });
  switch (verdict.outcome) {
    case 'succeeded': {
      const payment = await recordApprovedPayment(deps, tx, cur, approvedPatch(cur, verdict), note, verdict.agreementToken);
      return { payment, settled: true };
    }
    case 'failed':
    case 'cancelled': {
      const payment = await recordUnpaidPayment(
        deps,
        tx,
        cur,
        { status: verdict.outcome, failureCode: verdict.code, failureMessage: verdict.message, connectorState: synced },
        note,
      );
      return { payment, settled: true };
    }
    case 'expired': {
      const payment = await recordUnpaidPayment(
        deps,
        tx,
        cur,
        { status: 'expired', failureCode: 'expired', failureMessage: verdict.message },
        note,
      );
      return { payment, settled: true };
    }
  }
}

/** A final payment the wallet now contradicts: never flipped; a person is asked to look. */
async function flagContradiction(
  deps: Pick<CoreDeps, 'notify' | 'log'>,
  tx: Repos,
  cur: Payment,
  verdict: WalletVerdict,
): Promise<Payment> {
  const said = verdict.outcome === 'succeeded' ? 'paid' : `not paid (${verdict.outcome})`;
  const message = `The wallet now reports the payment ${said}, but it was already recorded ${cur.status.replaceAll('_', ' ')}: check it in the wallet console`;
  deps.log.error(
    { paymentId: cur.id, recorded: cur.status, wallet: verdict.outcome },
    'wallet verdict contradicts a settled payment; flagged for review',
  );
  return changePayment(
    deps,
    tx,
    cur,
    { connectorState: Object.assign({}, cur.connectorState, { needsReview: true }) },
    { kind: 'sync', status: 'pending', code: 'needs_review', message },
  );
}

/** A preapproval's settlement, as for a payment. */
export interface AgreementSettlement {
  preapproval: Preapproval;
  settled: boolean;
}

/**
 * The same for an agreement the customer makes in the wallet: on the preapproval the caller has
 * locked and re-read, a verdict settles a `pending` one once (succeeded → active with the wallet's
 * agreement token, failed → failed, cancelled → closed by the customer, expired → expired); a
 * settled one is left as it is, a contradiction flagged for a person.
 */
export async function applyAgreementVerdict(
  deps: Pick<CoreDeps, 'notify' | 'log'>,
  tx: Repos,
  cur: Preapproval,
  verdict: WalletVerdict,
  note: OperationNote,
): Promise<AgreementSettlement> {
  if (cur.status !== 'pending') {
    const agreed = cur.status === 'active';
    const refused = cur.status === 'failed' || cur.status === 'expired';
    if ((verdict.outcome === 'succeeded' && refused) || (verdict.outcome !== 'succeeded' && agreed)) {
      const said = verdict.outcome === 'succeeded' ? 'agreed' : `not agreed (${verdict.outcome})`;
      const message = `The wallet now reports the agreement ${said}, but it was already recorded ${cur.status.replaceAll('_', ' ')}: check it in the wallet console`;
      deps.log.error(
        { preapprovalId: cur.id, recorded: cur.status, wallet: verdict.outcome },
        'wallet verdict contradicts a settled agreement; flagged for review',
      );
      const flagged = await changePreapproval(
        deps,
        tx,
        cur,
        { connectorState: Object.assign({}, cur.connectorState, { needsReview: true }) },
        { kind: 'sync', status: 'pending', code: 'needs_review', message },
      );
      return { preapproval: flagged, settled: false };
    }
    return { preapproval: cur, settled: false };
  }
  const synced =
    cur.connectorState.needsSync === undefined ? cur.connectorState : Object.assign({}, cur.connectorState, { needsSync: false });
  switch (verdict.outcome) {
    case 'succeeded': {
      if (!verdict.agreementToken) throw new CoreError('internal', 'The wallet approved the agreement but returned no agreement token.');
      const connectorState = Object.assign(
        {},
        cur.connectorState,
        { needsSync: false },
        verdict.approvalRef ? { approvalRef: verdict.approvalRef } : undefined,
      );
      const preapproval = await changePreapproval(
        deps,
        tx,
        cur,
        { status: 'active', agreementToken: verdict.agreementToken, connectorState },
        note,
      );
      return { preapproval, settled: true };
    }
    case 'failed':
    case 'cancelled': {
      const status = verdict.outcome === 'cancelled' ? 'closed_by_customer' : 'failed';
      const patch = { status, failureCode: verdict.code, failureMessage: verdict.message, connectorState: synced } as const;
      return { preapproval: await changePreapproval(deps, tx, cur, patch, note), settled: true };
    }
    case 'expired': {
      const patch = { status: 'expired', failureCode: 'expired', failureMessage: verdict.message } as const;
      return { preapproval: await changePreapproval(deps, tx, cur, patch, note), settled: true };
    }
  }
}
