/** The merchant ends a preapproval: the wallet agreement is revoked first, then the row closes. */
import { connectorOf } from '../method-capabilities.js';
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Preapproval } from '../model.js';
import { changePreapproval } from '../record-change.js';
import { classifyConnectorFailure, connectorCoreError } from '../connector-failure.js';
import type { Reader } from '../reader.js';
import { getPreapproval } from './find-preapprovals.js';
import { walletCallOf } from '../request-context.js';

/** Another API's agreement is not found here (find-preapprovals.ts): it can only be closed through its own. */
export async function closePreapproval(deps: CoreDeps, who: Reader, id: number): Promise<Preapproval> {
  const pre = await getPreapproval(deps, who, id);
  if (pre.status !== 'pending' && pre.status !== 'active') {
    throw new CoreError('preapproval_closed', `Preapproval ${id} is already ${pre.status.replaceAll('_', ' ')}.`);
  }
  if (pre.status === 'active' && pre.agreementToken) {
    try {
      await connectorOf(deps.connectors, pre.connector).revokeAgreement(pre.agreementToken, walletCallOf(deps));
    } catch (e) {
      const f = classifyConnectorFailure(e);
      // An agreement the wallet already considers inactive is closed as far as anyone can tell.
      if (f.outcome !== 'agreement_gone') throw connectorCoreError(f);
    }
  }
  return deps.store.transaction(async (tx) => {
    const current = (await tx.preapprovals.getByIdForUpdate(id))!;
    if (current.status === 'closed' || current.status === 'closed_by_customer') return current;
    return changePreapproval(deps, tx, current, { status: 'closed' }, { kind: 'cancel', status: 'ok', message: 'Closed by the merchant' });
  });
}
