/**
 * A recurrent request checked against its preapproval before the core charges it, so that a
 * mismatch is told in GlobalPay's own terms (MethodIDs, not walletgate's method codes): a MethodID
 * other than the preapproval's is code 111, a Currency other than the preapproval's code 100. The
 * core checks the same again (and everything else); an unknown preapproval is left to it.
 */
import type { CoreDeps } from '../../core/deps.js';
import { CoreError } from '../../core/errors.js';
import type { MethodCode } from '../../core/methods.js';
import { getPreapproval } from '../../core/preapprovals/find-preapprovals.js';
import type { Reader } from '../../core/reader.js';
import { GlobalPayError, RETURN_CODES } from './errors.js';
import { GLOBALPAY_METHODS, methodIdOf } from './methods.js';

function named(core: MethodCode): string {
  const m = GLOBALPAY_METHODS.find((x) => x.core === core);
  return m ? `${m.id} (${m.name})` : core;
}

export async function checkRecurrentAgainstPreapproval(
  deps: Pick<CoreDeps, 'store'>,
  who: Reader,
  input: { preapprovalId: number; method?: MethodCode | null; currency: string },
): Promise<void> {
  let pre;
  try {
    pre = await getPreapproval(deps, who, input.preapprovalId);
  } catch (e) {
    if (e instanceof CoreError && e.code === 'not_found') return;
    throw e;
  }
  if (input.method != null && input.method !== pre.method) {
    throw new GlobalPayError(
      400,
      RETURN_CODES.methodInvalidForPreapproval,
      `Method ID is invalid for preapproval - MethodID ${named(input.method)} is not the method of preapproval ${pre.id}, ` +
        `which was made with ${named(pre.method)}: send MethodID ${methodIdOf(pre.method)} or leave it out`,
    );
  }
  if (pre.currency !== null && pre.currency !== input.currency) {
    throw new GlobalPayError(
      400,
      RETURN_CODES.currencyInvalid,
      `Currency is invalid - Currency ${input.currency} is not the currency of preapproval ${pre.id}: its payments are in ${pre.currency}`,
    );
  }
}
