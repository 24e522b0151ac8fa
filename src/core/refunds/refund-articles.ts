/**
 * Refunds by articles (fiscal receipts: the wallet or the tax office learns which goods went back).
 * Runs under the payment's row lock, inside createRefund's transaction, so the quantities it reads
 * cannot change under it:
 * - every article a refund names is one of the payment's (by merchantArticleId), with a positive
 *   whole quantity no larger than bought − already refunded. "Already refunded" is summed over the
 *   payment's refunds that did not fail — pending ones count, so two concurrent refunds cannot both
 *   take the last unit. Nothing else is stored for it: the refunds' own `articles` are the ledger.
 * - when the payment's articles carry prices, the refund's amount is theirs: Σ price × quantity ×
 *   (1 − discount/10000), VAT included, within one minor unit; an omitted amount is computed from it.
 * - a method that declares `refundsByArticles` refuses a partial refund of a payment with articles
 *   that names none; a full refund (everything left) needs only the amount.
 * See docs/adr/0019-refunds-by-articles.md.
 */
import { CoreError } from '../errors.js';
import type { Article, Payment, Refund } from '../model.js';

/** Rounding slack between the merchant's amount and the articles' (minor units). */
const TOLERANCE = 1;
/** Discount is a percentage × 100: 10000 is everything. */
const WHOLE = 10_000;

export interface ArticlesRefundRequest {
  articles?: Article[] | null;
  amount?: number | null;
}

/**
 * The refund's amount (the one asked, or the articles' when none was asked), or a CoreError.
 * `available` is what is left to refund (captured − refunded − reserved), already known to be > 0.
 */
export function refundAmountByArticles(
  payment: Payment,
  earlier: readonly Refund[],
  request: ArticlesRefundRequest,
  available: number,
  partialNeedsArticles: boolean,
): number {
  const named = request.articles ?? [];
  if (named.length === 0) {
    const amount = request.amount ?? available;
    if (partialNeedsArticles && (payment.articles?.length ?? 0) > 0 && amount < available) {
      throw new CoreError(
        'refund_articles_required',
        `A partial refund of payment ${payment.id} must name the articles it returns (merchantArticleId and quantity each); only a refund of everything left (${available} ${payment.currency}) may omit them.`,
        { field: 'articles' },
      );
    }
    return amount;
  }
  const asked = askedQuantities(named);
  const bought = articlesById(payment.articles ?? []);
  const taken = refundedQuantities(earlier);
  let value = 0;
  let priced = true;
  for (const [id, quantity] of asked) {
    const line = bought.get(id);
    if (!line) {
      const known = [...bought.keys()];
      const theirs = known.length
        ? `its articles are ${known.join(', ')}`
        : payment.articles?.length
          ? 'none of its articles has a merchantArticleId'
          : 'it has no articles';
      throw new CoreError('refund_article_unknown', `Article ${id} is not an article of payment ${payment.id}; ${theirs}.`, {
        field: 'articles',
      });
    }
    const left = line.quantity - (taken.get(id) ?? 0);
    if (quantity > left) {
      throw new CoreError(
        'refund_article_exceeds',
        `Article ${id} of payment ${payment.id}: ${Math.max(left, 0)} of ${line.quantity} unit(s) left to refund (the others are refunded or in refunds in progress); this refund asks for ${quantity}.`,
        { field: 'articles' },
      );
    }
    if (line.price === null) priced = false;
    else value += (line.price * quantity * (WHOLE - line.discount)) / WHOLE;
  }
  if (!priced) {
    if (request.amount == null)
      throw new CoreError(
        'amount_invalid',
        `The articles of payment ${payment.id} carry no prices, so a refund by articles must name its amount.`,
        { field: 'amount' },
      );
    return request.amount;
  }
  const expected = Math.round(value);
  if (request.amount == null) return expected;
  if (Math.abs(request.amount - expected) > TOLERANCE) {
    throw new CoreError(
      'refund_amount_mismatch',
      `The refund of ${request.amount} does not match the articles it names, which are worth ${expected} ${payment.currency} (price × quantity, less discount, VAT included); send ${expected} or leave the amount out.`,
      { field: 'amount' },
    );
  }
  return request.amount;
}

/** The refund's quantities by article id (an id named twice adds up); refuses an article without id or with a bad quantity. */
function askedQuantities(named: readonly Article[]): Map<string, number> {
  const out = new Map<string, number>();
  named.forEach((a, i) => {
    const id = a.merchantArticleId;
    if (id == null || id === '')
      throw new CoreError('request_invalid', `Refund article ${i + 1} names no merchantArticleId.`, {
        field: `articles[${i}].merchantArticleId`,
      });
    const q = a.quantity;
    if (q == null || !Number.isSafeInteger(q) || q < 1)
      throw new CoreError('request_invalid', `Refund article ${id}: the quantity must be a whole number of at least 1.`, {
        field: `articles[${i}].quantity`,
      });
    out.set(id, (out.get(id) ?? 0) + q);
  });
  return out;
}

interface BoughtLine {
  quantity: number;
  price: number | null;
  discount: number;
}

/**
 * The payment's articles by id. An article without a quantity is one unit; an id listed twice adds
 * its quantities, at the first line's price and discount.
 */
function articlesById(articles: readonly Article[]): Map<string, BoughtLine> {
  const out = new Map<string, BoughtLine>();
  for (const a of articles) {
    if (a.merchantArticleId == null) continue;
    const quantity = a.quantity ?? 1;
    const seen = out.get(a.merchantArticleId);
    if (seen) seen.quantity += quantity;
    else
      out.set(a.merchantArticleId, {
        quantity,
        price: a.price ?? null,
        discount: Math.min(Math.max(a.discount ?? 0, 0), WHOLE),
      });
  }
  return out;
}

/** Units already refunded or being refunded, by article id: every refund that did not fail. */
export function refundedQuantities(refunds: readonly Refund[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of refunds) {
    if (r.status === 'failed') continue;
    for (const a of r.articles ?? []) {
      if (a.merchantArticleId == null) continue;
      out.set(a.merchantArticleId, (out.get(a.merchantArticleId) ?? 0) + (a.quantity ?? 0));
    }
  }
  return out;
}
