/**
 * The refund form's confirmation (ADR 0024): the refund the user confirmed, made once. It goes
 * through createRefund — the same money rules as the APIs, under the payment's row lock — in the
 * payment's own API (its dialect), so the merchant is notified in that API's format; under an
 * idempotency key derived from the one-time token, so a double click or a second tab confirming
 * the same step gets the same refund; with its audit row written in the transaction that reserves it.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment, Refund } from '../model.js';
import { runIdempotent } from '../idempotency/run-idempotent.js';
import { createRefund } from '../refunds/create-refund.js';
import { reachesMerchant } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';
import { confirmationKey, openConfirmation } from './refund-confirmation.js';
import type { SignedIn } from './resolve-session.js';

export type ConfirmedRefund =
  | { ok: true; refund: Refund; payment: Payment; replayed: boolean }
  | { ok: false; problem: 'not_found' | 'expired' | 'in_progress' }
  | { ok: false; problem: 'refused'; message: string };

export async function confirmDashboardRefund(
  deps: CoreDeps,
  signedIn: SignedIn,
  input: { paymentId: number; token: string; ip: string | null },
): Promise<ConfirmedRefund> {
  const payment = await deps.store.payments.getById(input.paymentId);
  if (!payment || !reachesMerchant(signedIn.user, payment.merchantId)) return { ok: false, problem: 'not_found' };
  const c = openConfirmation(deps.masterKey, signedIn, input.token, deps.clock());
  if (!c || c.paymentId !== payment.id) return { ok: false, problem: 'expired' };
  const actor = { user: signedIn.user, ip: input.ip };
  try {
    const answer = await runIdempotent(
      deps.store,
      { merchantId: payment.merchantId, dialect: payment.dialect, key: confirmationKey(input.token) },
      { dashboardRefund: c.paymentId, amount: c.amount, articles: c.articles },
      async (claim) => {
        const { refund } = await createRefund(deps, {
          idempotency: claim,
          merchantId: payment.merchantId,
          paymentId: payment.id,
          // the payment's own API: its rules, and its notification format
          dialect: payment.dialect,
          amount: c.amount,
          description: c.reason === '' ? null : c.reason,
          articles: c.articles.length > 0 ? c.articles.map(([merchantArticleId, quantity]) => ({ merchantArticleId, quantity })) : null,
          extras: { dashboard: { by: signedIn.user.email } },
          alsoRecord: (tx, made) =>
            recordAudit(tx, actor, {
              merchantId: payment.merchantId,
              action: 'refund.create',
              subject: `payment ${payment.id}`,
              detail: { refundId: made.id, amount: made.amount, currency: made.currency, reason: c.reason, articles: c.articles },
            }),
        });
        return { status: 201, body: JSON.stringify({ refundId: refund.id }) };
      },
      { staleAfterMs: deps.inFlightGraceMs },
    );
    const { refundId } = JSON.parse(answer.body) as { refundId: number };
    const refund = (await deps.store.refunds.getById(refundId))!;
    const after = (await deps.store.payments.getById(payment.id))!;
    return { ok: true, refund, payment: after, replayed: answer.replayed };
  } catch (e) {
    if (e instanceof CoreError) {
      if (e.code === 'idempotency_conflict') return { ok: false, problem: 'in_progress' };
      return { ok: false, problem: 'refused', message: e.message };
    }
    throw e;
  }
}
