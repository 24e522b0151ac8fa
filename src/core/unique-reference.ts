/** The core's words for a merchant reference the store already holds. */
import { CoreError } from './errors.js';
import { DuplicateReferenceError } from './ports/store.js';

/** Runs an insert; a taken (merchant, reference) pair becomes CoreError('duplicate_reference') on field `reference`. */
export async function insertUnique<T>(insert: Promise<T>): Promise<T> {
  try {
    return await insert;
  } catch (e) {
    if (e instanceof DuplicateReferenceError) throw new CoreError('duplicate_reference', e.message, { field: 'reference' });
    throw e;
  }
}
