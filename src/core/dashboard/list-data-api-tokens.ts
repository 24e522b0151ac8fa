/** The Data API page's tokens (ADR 0023): the user's merchant's (an operator: every merchant's), newest first, revoked ones too. */
import type { CoreDeps } from '../deps.js';
import type { DataApiToken } from '../ports/data-api-store.js';
import type { SearchScope } from './search-payments.js';

export function listDataApiTokens(deps: Pick<CoreDeps, 'store'>, scope: SearchScope): Promise<DataApiToken[]> {
  return deps.store.dataApiTokens.list(scope.merchantId ?? undefined);
}
