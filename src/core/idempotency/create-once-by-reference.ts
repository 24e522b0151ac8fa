/**
 * A create whose merchant reference is unique is its own idempotency record (ADR 0050).
 *
 * ecommpay's `payment_id` is unique per project, and a sale sent again must be answered as the
 * first was (request id included), or refused when its body differs. The payment's unique
 * reference already makes a second payment impossible; keeping an idempotency row besides it wrote
 * the same fact twice (a claim with the payment, the answer with the wallet's), about 9 % of a
 * sale's CPU. Here the payment is the record: the request's fingerprint is stored with it, in its
 * first write, and a request that meets it, by a unique-reference conflict or by failing after the
 * payment exists, is answered from it.
 *
 * What the caller gives: how to make the payment (`make`, which must store `requestHash` where
 * `requestHashOf` finds it), how to read the fingerprint back, and the answer a payment gives a
 * replay. Payments made before this record was kept (no fingerprint) are answered by their key's
 * idempotency record, as they were then (`legacyKey`).
 */
import { CoreError } from '../errors.js';
import type { DialectId, Payment } from '../model.js';
import type { Store } from '../ports/store.js';

const ANOTHER_REQUEST =
  'This reference was already used by another request: the same request again gets its first answer, another is refused.';

export interface UniqueReferenceKey {
  merchantId: string;
  dialect: DialectId;
  /** The payment's unique reference (Payment.uniqueReference as written). */
  uniqueReference: string;
  /** The request's fingerprint (requestHash): the same request again is replayed, another refused. */
  requestHash: string;
  /** The idempotency key such a create was kept under before ADR 0050, for payments made then. */
  legacyKey: string;
}

export interface AnswerOf<T> {
  /** The fingerprint `make` stored with the payment, or undefined for a payment made otherwise. */
  requestHashOf(p: Payment): string | undefined;
  /** The answer the first request got, from its payment. */
  replay(p: Payment): T;
  /** An earlier answer kept as an idempotency record (legacy), as the caller's answer. */
  replayRecord(status: number, body: string): T;
}

/**
 * Runs `make` once per unique reference: if it fails and a payment with the reference exists (made
 * by another request, now or before), that payment's request is the first: the same fingerprint is
 * answered as it was, another gets `duplicate_reference`. Any other failure stands.
 */
export async function createOnceByUniqueReference<T>(
  store: Store,
  key: UniqueReferenceKey,
  make: () => Promise<T>,
  answer: AnswerOf<T>,
): Promise<T> {
  try {
    return await make();
  } catch (e) {
    // read in a transaction: a request of this process that made it may share the open batch, not yet
    // committed (a reader would not see it), and the answer waits until that batch is durable
    const found = await store.transaction((tx) => tx.payments.getByUniqueReference(key.merchantId, key.uniqueReference));
    const earlier = found && found.dialect === key.dialect ? found : undefined;
    if (!earlier) throw e;
    const hash = answer.requestHashOf(earlier);
    if (hash !== undefined) {
      if (hash !== key.requestHash) throw new CoreError('duplicate_reference', ANOTHER_REQUEST, { field: 'reference' });
      return answer.replay(earlier);
    }
    // made before its fingerprint was kept with it: its key's record, if the request had one
    const record = await store.idempotency.get(key.merchantId, key.dialect, key.legacyKey);
    if (record && record.requestHash === key.requestHash && record.responseStatus > 0) {
      return answer.replayRecord(record.responseStatus, record.responseBody);
    }
    throw new CoreError('duplicate_reference', ANOTHER_REQUEST, { field: 'reference' });
  }
}
