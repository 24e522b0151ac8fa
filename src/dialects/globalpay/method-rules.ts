/**
 * What GlobalPay demands of a payment request for one method beyond the common fields (seed 004),
 * and GlobalPay's answer to a billing country it cannot read.
 * - Alipay (MethodID 24): `Articles`, each with `Name` and `Quantity` ("For Alipay payments only
 *   the following Articles parameters are mandatory"): none → 128 "Article is missing"; one
 *   without either → 1 "Missing parameter - Articles[i].Name".
 */
import type { Article } from '../../core/model.js';
import { fieldError, GlobalPayError, RETURN_CODES } from './errors.js';

const ALIPAY = 24;

export function checkMethodRules(methodId: number | null, articles: Article[] | null): void {
  if (methodId !== ALIPAY) return;
  if (!articles || articles.length === 0)
    throw fieldError(RETURN_CODES.articleMissing, 'Articles', 'Alipay payments need at least one article with Name and Quantity');
  articles.forEach((a, i) => {
    if (a.name == null) throw fieldError(RETURN_CODES.missingParameter, `Articles[${i}].Name`);
    if (a.quantity == null) throw fieldError(RETURN_CODES.missingParameter, `Articles[${i}].Quantity`);
  });
}

/**
 * A BillingAddress.Country that is no country code: seed 004 answers it as a failed payment (Status
 * 4 Failed, code 147) in its own words. walletgate stores nothing for it (docs/globalpay.md).
 */
export function billingCountryFailure(e: unknown): unknown {
  if (!(e instanceof GlobalPayError) || e.code !== RETURN_CODES.billingCountryInvalid) return e;
  return new GlobalPayError(400, e.code, 'Address details are invalid (BillingAddress)Country - RegEx: ^[A-Z]{2}$;', {
    ID: 4,
    Info: 'Failed',
  });
}
