/**
 * The first step of settling a checkout the customer finished (a return from the wallet, a card
 * typed into the hosted page): in one transaction with the payment's row locked, a payment still
 * waiting for its customer is claimed, pending_customer → processing with needsSync, so a double
 * submit or a second tab acts once; one that expired meanwhile is expired instead, and one no longer
 * waiting is left as it is. The caller then calls the wallet outside any transaction.
 */
import type { CoreDeps } from '../deps.js';
import type { ConnectorState, Payment } from '../model.js';
import type { Repos } from '../ports/store.js';
import { changePayment } from '../record-change.js';
import { applyWalletVerdict } from './settle-from-wallet.js';

export interface ClaimRules {
  /** Whether the locked payment is still waiting for what the customer just did. */
  waiting: (p: Payment) => boolean;
  /** Said when the payment expired before the customer acted: the verdict's message, the operation's. */
  late: { verdict: string; operation: string };
  /** Kept with the claim, for the sweeper should the wallet's answer be lost (the return's query). */
  state?: Partial<ConnectorState>;
}

export interface Claim {
  payment: Payment;
  claimed: boolean;
}

/**
 * Finds the payment a customer token names and locks it in the claim's transaction (one read where
 * a read by token outside it and a read for update in it took two); undefined: no payment has that
 * token.
 */
export function claimWaitingPaymentByToken(deps: CoreDeps, token: string, rules: ClaimRules): Promise<Claim | undefined> {
  return deps.store.transaction(async (tx) => {
    const p = await tx.payments.getByCustomerTokenForUpdate(token);
    return p && claimLocked(deps, tx, p, rules);
  });
}

async function claimLocked(deps: CoreDeps, tx: Repos, p: Payment, rules: ClaimRules): Promise<Claim> {
  if (!rules.waiting(p)) return { payment: p, claimed: false };
  if (p.expiresAt && p.expiresAt.getTime() < deps.clock().getTime()) {
    const expired = await applyWalletVerdict(
      deps,
      tx,
      p,
      { outcome: 'expired', message: rules.late.verdict },
      { kind: 'expire', status: 'failed', message: rules.late.operation },
    );
    return { payment: expired.payment, claimed: false };
  }
  const connectorState = Object.assign({}, p.connectorState, rules.state, { needsSync: true });
  return { payment: await changePayment(deps, tx, p, { status: 'processing', connectorState }, null), claimed: true };
}
