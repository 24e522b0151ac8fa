/**
 * A Payment Page link (`GET /payment?…` as the `ecommpay` package's `new Payment(…).getUrl()` builds
 * it, or the same fields posted back by the method choice) read into what the page needs. Pure: the
 * route checks the signature with the project's secret (linkSignatureMatches) and the store.
 *
 * The package signs its parameters as it holds them and writes them with encodeURIComponent: a
 * boolean is signed as 1 / 0 but travels as `true` / `false`, a number travels as its digits, and
 * `frame_mode` is not signed. So the link is checked with `true` / `false` read back as booleans,
 * and, should a text value really be the word "true", as the text it was.
 */
import { isKnownCurrency, isValidAmount } from '../../core/money.js';
import { unstorableCharacter } from '../../core/storable-text.js';
import type { CheckoutProblem } from '../../web/hosted-checkout/checkout-error-page.js';
import { isProjectId } from './credentials.js';
import { ECOMMPAY_METHODS, methodByPageName, type EcommpayMethod } from './methods.js';
import { PAYMENT_PAGE_UNSIGNED, signatureMatches } from './signature.js';

/** A link the page refuses: the problem page to show (nothing is stored for it). */
export class PageRefusal extends Error {
  readonly problem: CheckoutProblem;
  constructor(problem: CheckoutProblem) {
    super(problem.detail ?? problem.title ?? 'refused');
    this.problem = problem;
  }
}

const refuse = (detail: string, status: CheckoutProblem['status'] = 400): never => {
  throw new PageRefusal({ status, detail });
};

/** The link's parameters in the order they came, without `signature`, and the signature. */
export interface SignedLink {
  params: readonly (readonly [name: string, value: string])[];
  signature: string;
  projectId: number;
}

/** Longest value walletgate reads from a link (a URL, a description): far above what ecommpay documents. */
const MAX_VALUE = 2048;
const MAX_PARAMS = 100;

/**
 * The parameters as the query (or the posted form) carried them. Refused: a parameter given twice,
 * one too long or with text walletgate does not keep, no signature, no or a bad project_id.
 * `skip` names fields that are not the merchant's (the page's own choice field).
 */
export function readSignedLink(source: unknown, skip: readonly string[] = []): SignedLink {
  const entries = typeof source === 'object' && source !== null ? Object.entries(source as Record<string, unknown>) : [];
  if (entries.length === 0)
    refuse(
      'The link carries no parameters: it must be built with project_id, payment_id, payment_amount, payment_currency, customer_id and signed.',
    );
  if (entries.length > MAX_PARAMS) refuse(`The link carries more than ${MAX_PARAMS} parameters.`);
  const params: [string, string][] = [];
  let signature: string | undefined;
  for (const [name, value] of entries) {
    if (skip.includes(name)) continue;
    if (Array.isArray(value)) refuse(`Parameter ${shortName(name)} is given more than once.`);
    if (typeof value !== 'string') refuse(`Parameter ${shortName(name)} must be text, as a URL carries it.`);
    const text = value as string;
    if (text.length > MAX_VALUE) refuse(`Parameter ${shortName(name)} is longer than ${MAX_VALUE} characters.`);
    const bad = unstorableCharacter(name) ?? unstorableCharacter(text);
    if (bad) refuse(`Parameter ${shortName(name)} contains ${bad}.`);
    if (name === 'signature') signature = text;
    else params.push([name, text]);
  }
  if (signature === undefined || signature === '') refuse('The link has no signature: sign its parameters with the project’s secret key.');
  const project = params.find(([k]) => k === 'project_id')?.[1];
  if (project === undefined) refuse('Parameter project_id is missing.');
  const projectId = /^[1-9][0-9]{0,9}$/.test(project!) ? Number(project) : NaN;
  if (!isProjectId(projectId)) refuse(`Parameter project_id must be a positive whole number (got "${clip(project!)}").`);
  return { params, signature: signature!, projectId };
}

/**
 * Up to this many `true` / `false` values, every mix of booleans and text is tried (2^n signatures,
 * each over at most the 16 KB a URL or the page's form can carry).
 */
const MAX_MIXED = 6;

/** The Payment Page's boolean parameters (the package's Payment setters and ecommpay's parameter list). */
const BOOLEAN_PARAMS = new Set([
  'cashier_manual_input',
  'close_on_missclick',
  'force_acs_new_window',
  'recurring_register',
  'redirect',
  'redirect_on_mobile',
]);

/**
 * Whether the link was signed with `secret`. A `true` / `false` in the URL was a boolean (signed 1 / 0)
 * or, rarely, the text itself (payment_description "true"): each such value is tried both ways, all
 * combinations while there are at most MAX_MIXED of them; beyond that, all booleans, all text, or
 * ecommpay's boolean parameters as booleans and the rest as text.
 */
export function linkSignatureMatches(link: SignedLink, secret: string): boolean {
  const flags = link.params.flatMap(([, v], i) => (v === 'true' || v === 'false' ? [i] : []));
  /** The signed object with the flags for which `asBoolean(n)` (n: the flag's number) read as booleans. */
  const signedWith = (asBoolean: (n: number) => boolean) => {
    const signed: Record<string, string | boolean> = {};
    link.params.forEach(([k, v], i) => {
      const n = flags.indexOf(i);
      signed[k] = n >= 0 && asBoolean(n) ? v === 'true' : v;
    });
    return signed;
  };
  const readings: ((n: number) => boolean)[] =
    flags.length <= MAX_MIXED
      ? Array.from({ length: 2 ** flags.length }, (_, mask) => (n: number) => ((mask >> n) & 1) === 0)
      : [() => true, () => false, (n) => BOOLEAN_PARAMS.has(link.params[flags[n]!]![0])];
  return readings.some((asBoolean) => signatureMatches(signedWith(asBoolean), link.signature, secret, PAYMENT_PAGE_UNSIGNED));
}

export interface PaymentPageRequest {
  projectId: number;
  paymentId: string;
  /** Minor units (KRW has none: 1000 is 1,000 KRW). */
  amount: number;
  currency: string;
  customerId: string;
  description: string | null;
  /** force_payment_method: straight to this method, no choice. */
  forced: EcommpayMethod | null;
  successUrl: string | undefined;
  failUrl: string | undefined;
  language: string | undefined;
  customer: { email?: string; firstName?: string; lastName?: string; phone?: string };
  /** best_before: the link is refused after this. */
  bestBefore: Date | undefined;
}

function shortName(name: string): string {
  return /^[A-Za-z0-9_]{1,64}$/.test(name) ? name : `"${clip(name)}"`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function webUrl(name: string, v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) refuse(`Parameter ${name} must be an http or https URL.`);
  return v;
}

/** The request a verified link makes, or the reason it cannot be served. */
export function readPaymentPageRequest(link: SignedLink, now: Date): PaymentPageRequest {
  const p = new Map(link.params);
  const required = (name: string): string => {
    const v = p.get(name);
    if (v === undefined || v.trim() === '') refuse(`Parameter ${name} is missing.`);
    return v!;
  };
  const optional = (name: string): string | undefined => {
    const v = p.get(name);
    return v === undefined || v === '' ? undefined : v;
  };
  const paymentId = required('payment_id');
  if (paymentId.length > 255) refuse('Parameter payment_id is longer than 255 characters.');
  const amountText = required('payment_amount');
  const amount = /^[0-9]{1,16}$/.test(amountText) ? Number(amountText) : NaN;
  if (!isValidAmount(amount))
    refuse(`Parameter payment_amount must be a positive whole number of minor units (got "${clip(amountText)}").`);
  const currency = required('payment_currency');
  if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency))
    refuse(`Parameter payment_currency must be an ISO 4217 code walletgate knows (got "${clip(currency)}").`);
  const customerId = required('customer_id');
  if (customerId.length > 255) refuse('Parameter customer_id is longer than 255 characters.');
  const description = optional('payment_description') ?? null;
  if (description !== null && description.length > 255) refuse('Parameter payment_description is longer than 255 characters.');

  const forcedName = optional('force_payment_method');
  let forced: EcommpayMethod | null = null;
  if (forcedName !== undefined) {
    forced = methodByPageName(forcedName) ?? null;
    if (!forced)
      refuse(
        `Parameter force_payment_method names no method this page offers ("${clip(forcedName)}"; it offers ${ECOMMPAY_METHODS.map((m) => m.page).join(', ')}).`,
      );
    if (forced!.currencies && !forced!.currencies.includes(currency))
      refuse(`${forced!.title} takes ${forced!.currencies.join(', ')} only: payment_currency is ${currency}.`);
  }

  const bestBeforeText = optional('best_before');
  let bestBefore: Date | undefined;
  if (bestBeforeText !== undefined) {
    bestBefore = new Date(bestBeforeText);
    if (Number.isNaN(bestBefore.getTime())) refuse('Parameter best_before must be a date and time (ISO 8601).');
    if (bestBefore.getTime() <= now.getTime())
      throw new PageRefusal({
        status: 410,
        title: 'This payment link has expired',
        message: 'Nothing has been charged. Please go back to the shop and start the payment again.',
        detail: `best_before ${bestBeforeText} has passed.`,
      });
  }

  const customer: PaymentPageRequest['customer'] = {};
  const email = optional('customer_email');
  const firstName = optional('customer_first_name');
  const lastName = optional('customer_last_name');
  const phone = optional('customer_phone');
  if (email) customer.email = email;
  if (firstName) customer.firstName = firstName;
  if (lastName) customer.lastName = lastName;
  if (phone) customer.phone = phone;

  return {
    projectId: link.projectId,
    paymentId,
    amount,
    currency,
    customerId,
    description,
    forced,
    successUrl:
      webUrl('merchant_success_url', optional('merchant_success_url')) ?? webUrl('redirect_success_url', optional('redirect_success_url')),
    failUrl: webUrl('merchant_fail_url', optional('merchant_fail_url')) ?? webUrl('redirect_fail_url', optional('redirect_fail_url')),
    language: optional('language_code'),
    customer,
    bestBefore,
  };
}
