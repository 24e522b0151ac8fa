/**
 * The customer comes back from the wallet to /pay/{token}/return|cancel|fail. For an approval the
 * core asks the wallet to approve (with what the wallet added to the return URL) outside any transaction and
 * records the outcome; cancel and fail need no wallet call (no money moves without approve).
 * Repeated visits (refresh, back button) are harmless: a settled record is returned as it is.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment, Preapproval } from '../model.js';
import { approveCheckout } from '../wallet-checkout.js';
import { applyAgreementVerdict, applyWalletVerdict, settlePaymentFromWallet } from './settle-from-wallet.js';
import { claimWaitingPaymentByToken } from './claim-waiting-payment.js';
import type { WalletVerdict } from '../ports/connector.js';
import { changePayment, changePreapproval, type OperationNote } from '../record-change.js';
import { classifyConnectorFailure } from '../connector-failure.js';

export type CustomerOutcome = 'approve' | 'cancel' | 'fail';
export type CustomerRecord = { kind: 'payment'; payment: Payment } | { kind: 'preapproval'; preapproval: Preapproval };

/** A merchant API's way of sending the customer back to the merchant once a record has settled; null: no URL to go to. */
export type ReturnUrlRenderer = (rec: CustomerRecord) => string | null;

export async function findByCustomerToken(deps: Pick<CoreDeps, 'store'>, token: string): Promise<CustomerRecord> {
  const payment = await deps.store.payments.getByCustomerToken(token);
  if (payment) return { kind: 'payment', payment };
  const preapproval = await deps.store.preapprovals.getByCustomerToken(token);
  if (preapproval) return { kind: 'preapproval', preapproval };
  throw new CoreError('not_found', 'This payment link is not valid.');
}

export async function completeCustomerReturn(
  deps: CoreDeps,
  token: string,
  outcome: CustomerOutcome,
  params: Record<string, string>,
): Promise<CustomerRecord> {
  // the payment the token names is found and locked in the transaction that acts on it
  const payment = outcome === 'approve' ? await claimAndApprove(deps, token, params) : await endUnpaid(deps, token, outcome);
  if (payment) return { kind: 'payment', payment };
  // a token that names no payment may be an agreement's
  const preapproval = await deps.store.preapprovals.getByCustomerToken(token);
  if (!preapproval) throw new CoreError('not_found', 'This payment link is not valid.');
  return { kind: 'preapproval', preapproval: await completePreapproval(deps, preapproval, outcome, params) };
}

/** Cancel or fail: a payment still waiting for the customer ends unpaid; undefined: no payment has that token. */
function endUnpaid(deps: CoreDeps, token: string, outcome: 'cancel' | 'fail'): Promise<Payment | undefined> {
  const cancelled = outcome === 'cancel';
  const message = cancelled ? 'The customer cancelled in the wallet' : 'The wallet declined the payment';
  return deps.store.transaction(async (tx) => {
    const p = await tx.payments.getByCustomerTokenForUpdate(token);
    // only a checkout still waiting for the customer: a late visit (back button) is no verdict
    if (!p || p.status !== 'pending_customer') return p;
    const verdict = cancelled
      ? ({ outcome: 'cancelled', code: 'customer_cancelled', message } as const)
      : ({ outcome: 'failed', code: 'declined', message } as const);
    return (await applyWalletVerdict(deps, tx, p, verdict, { kind: cancelled ? 'cancel' : 'decline', status: 'failed', message })).payment;
  });
}

/**
 * Approve: the approval is claimed (pending_customer → processing, so a double submit approves
 * once), then asked of the wallet; undefined: no payment has that token.
 */
async function claimAndApprove(deps: CoreDeps, token: string, params: Record<string, string>): Promise<Payment | undefined> {
  const claimed = await claimWaitingPaymentByToken(deps, token, {
    // no checkout opened at a wallet (the method not chosen yet, ADR 0016): nothing to approve
    waiting: (p) => p.status === 'pending_customer' && p.connectorState.ref !== undefined,
    late: { verdict: 'The customer returned after the payment expired', operation: 'Returned after expiry' },
    state: { returnParams: params },
  });
  if (!claimed?.claimed) return claimed?.payment;
  return approveClaimed(deps, claimed.payment, params);
}

/** The wallet asked to approve a payment this request claimed, outside any transaction, and its answer recorded. */
async function approveClaimed(deps: CoreDeps, p: Payment, params: Record<string, string>): Promise<Payment> {
  try {
    const approved = await approveCheckout(deps, p, { returnParams: params, amount: p.amount });
    const settled = await settlePaymentFromWallet(
      deps,
      p.id,
      {
        outcome: 'succeeded',
        amount: approved.amount,
        approvalRef: approved.approvalRef,
        agreementToken: approved.agreementToken,
        ...(approved.instrument ? { instrument: approved.instrument } : {}),
      },
      {
        kind: 'approve',
        status: 'ok',
        amount: approved.amount,
        code: approved.approvalRef,
        message: 'Approved by the customer in the wallet',
      },
      // as the claim left it, unless another road settled it meanwhile
      p,
    );
    return settled.payment;
  } catch (e) {
    const f = classifyConnectorFailure(e);
    // a wallet that sends the customer back whatever happened (one return URL) says at completion that they cancelled
    const cancelled = f.outcome === 'customer_cancelled';
    const verdict = cancelled
      ? ({ outcome: 'cancelled', code: f.code, message: f.message } as const)
      : ({ outcome: 'failed', code: f.code, message: f.message } as const);
    const note = { kind: cancelled ? 'cancel' : 'decline', status: 'failed', code: f.code, message: f.message } as const;
    // a plain refusal settles the payment failed (a contradiction with a settled row is flagged there)
    if (!f.outcomeUnknown && f.outcome !== 'already_done') return (await settlePaymentFromWallet(deps, p.id, verdict, note)).payment;
    // the answer was lost, or the wallet says it was approved already (another road may have settled
    // it meanwhile): the row is re-read under its lock and only a payment still processing is touched
    return deps.store.transaction(async (tx) => {
      const cur = (await tx.payments.getByIdForUpdate(p.id))!;
      if (cur.status !== 'processing') return cur;
      if (!f.outcomeUnknown) return (await applyWalletVerdict(deps, tx, cur, verdict, note)).payment;
      return changePayment(
        deps,
        tx,
        cur,
        { failureMessage: f.message },
        { kind: 'approve', status: 'pending', code: f.code, message: f.message },
      );
    });
  }
}

async function completePreapproval(
  deps: CoreDeps,
  pre: Preapproval,
  outcome: CustomerOutcome,
  params: Record<string, string>,
): Promise<Preapproval> {
  if (outcome !== 'approve') {
    return deps.store.transaction(async (tx) => {
      const p = (await tx.preapprovals.getByIdForUpdate(pre.id))!;
      if (p.status !== 'pending' || p.connectorState.needsSync) return p;
      const cancelled = outcome === 'cancel';
      const message = cancelled ? 'The customer declined the agreement in the wallet' : 'The wallet declined the agreement';
      const verdict = cancelled
        ? ({ outcome: 'cancelled', code: 'customer_cancelled', message } as const)
        : ({ outcome: 'failed', code: 'declined', message } as const);
      return (await applyAgreementVerdict(deps, tx, p, verdict, { kind: cancelled ? 'cancel' : 'decline', status: 'failed', message }))
        .preapproval;
    });
  }
  const claimed = await deps.store.transaction(async (tx) => {
    const p = (await tx.preapprovals.getByIdForUpdate(pre.id))!;
    if (p.status !== 'pending' || p.connectorState.needsSync) return { pre: p, claimed: false };
    const next = await changePreapproval(deps, tx, p, { connectorState: Object.assign({}, p.connectorState, { needsSync: true }) }, null);
    return { pre: next, claimed: true };
  });
  if (!claimed.claimed) return claimed.pre;
  const p = claimed.pre;
  // the final write locks and re-reads the agreement: the sweeper may have settled it meanwhile
  const settle = (verdict: WalletVerdict, note: OperationNote) =>
    deps.store.transaction(async (tx) => {
      const cur = (await tx.preapprovals.getByIdForUpdate(p.id))!;
      return (await applyAgreementVerdict(deps, tx, cur, verdict, note)).preapproval;
    });
  try {
    const approved = await approveCheckout(deps, p, { returnParams: params, amount: 0 });
    if (!approved.agreementToken) throw new CoreError('internal', 'The wallet approved the agreement but returned no agreement token.');
    return await settle(
      { outcome: 'succeeded', amount: 0, approvalRef: approved.approvalRef, agreementToken: approved.agreementToken },
      { kind: 'approve', status: 'ok', code: approved.approvalRef, message: 'The customer agreed to recurring charges in the wallet' },
    );
  } catch (e) {
    if (e instanceof CoreError) throw e;
    const f = classifyConnectorFailure(e);
    if (!f.outcomeUnknown) {
      return settle(
        { outcome: 'failed', code: f.code, message: f.message },
        { kind: 'decline', status: 'failed', code: f.code, message: f.message },
      );
    }
    return deps.store.transaction(async (tx) => {
      const cur = (await tx.preapprovals.getByIdForUpdate(p.id))!;
      if (cur.status !== 'pending') return cur;
      return changePreapproval(
        deps,
        tx,
        cur,
        { failureMessage: f.message },
        { kind: 'approve', status: 'pending', code: f.code, message: f.message },
      );
    });
  }
}
