/**
 * The dashboard's one search box (ADR 0023): whatever id a merchant holds for a payment. The edge
 * turns the text into candidates — payment numbers (walletgate's id, and the APIs' ids that are
 * that number in their own form) and merchant references (some APIs call theirs a payment id) — and
 * this looks each up within the merchants the user reaches. Another merchant's payment is not found.
 */
import type { CoreDeps } from '../deps.js';
import type { Payment } from '../model.js';
import { reachesMerchant } from './dashboard-policy.js';
import type { SearchScope } from './search-payments.js';

export interface IdCandidates {
  /** Payment numbers the text may name. */
  ids: readonly number[];
  /** Merchant references the text may be. */
  references: readonly string[];
}

/** At most this many matches are shown (one reference may be several merchants' for an operator). */
export const MATCHES_SHOWN = 50;

export async function findPaymentsById(deps: Pick<CoreDeps, 'store'>, scope: SearchScope, candidates: IdCandidates): Promise<Payment[]> {
  const { store } = deps;
  const reaches = (p: Payment | undefined): p is Payment => p !== undefined && reachesMerchant(scope, p.merchantId);
  const [byId, byReference] = await Promise.all([
    Promise.all([...new Set(candidates.ids)].map((id) => store.payments.getById(id))),
    Promise.all(
      [...new Set(candidates.references)].map((reference) =>
        store.payments.search({ ...(scope.merchantId !== null ? { merchantId: scope.merchantId } : {}), reference, limit: MATCHES_SHOWN }),
      ),
    ),
  ]);
  const found = new Map<number, Payment>();
  for (const p of [...byId.filter(reaches), ...byReference.flat()]) found.set(p.id, p);
  return [...found.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id).slice(0, MATCHES_SHOWN);
}
