/** The core's words for a merchant reference the store already holds. */
import { CoreError } from './errors.js';
import { DuplicateReferenceError } from './ports/store.js';

/** Runs an insert; a taken (merchant, reference) pair becomes CoreError('duplicate_reference') on field `reference`, a payer reference an open payment has, on field `payerReference`. */
export async function insertUnique<T>(insert: Promise<T>): Promise<T> {
  try {
    return await insert;
  } catch (e) {
    if (e instanceof DuplicateReferenceError && e.field === 'payerReference')
      throw new CoreError(
        'duplicate_reference',
        `The payer reference ${JSON.stringify(e.reference)} is already the reference of another open payment of this merchant: ` +
          'give each payment its own, or leave it out and walletgate makes one.',
        { field: 'payerReference' },
      );
    if (e instanceof DuplicateReferenceError) throw new CoreError('duplicate_reference', e.message, { field: 'reference' });
    throw e;
  }
}
