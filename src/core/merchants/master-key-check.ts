/**
 * Refuses to run with a master key that cannot open the stored credentials: otherwise every
 * notification would fail to sign, and payments would be approved at the wallet while walletgate
 * could not tell the merchant.
 */
import type { Repos } from '../ports/store.js';
import { CoreError } from '../errors.js';
import { unsealSecret } from '../secrets.js';

export async function assertMasterKeyOpensCredentials(store: Repos, masterKey: string): Promise<void> {
  for (const merchant of await store.merchants.list()) {
    for (const c of await store.credentials.listByMerchant(merchant.id)) {
      try {
        unsealSecret(c.secretSealed, masterKey);
      } catch {
        throw new CoreError(
          'internal',
          `The master key does not open the stored API keys (merchant ${merchant.id}, key #${c.id}). ` +
            'Start with the WALLETGATE_MASTER_KEY (or data/master.key) this database was created with.',
        );
      }
    }
  }
}
