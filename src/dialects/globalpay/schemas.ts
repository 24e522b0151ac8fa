/**
 * Request schemas: a key-normalised GlobalPay body → the core's input, or a GlobalPayError with
 * GlobalPay's wording. Shape and format only; business rules (which currency a method takes,
 * amount limits, states) are the core's.
 */
import type { ChargePreapprovalInput } from '../../core/payments/charge-preapproval.js';
import type { CreatePaymentInput } from '../../core/payments/create-payment.js';
import type { CreatePreapprovalInput } from '../../core/preapprovals/create-preapproval.js';
import type { CreateRefundInput } from '../../core/refunds/create-refund.js';
import type { Address, Article, Customer } from '../../core/model.js';
import type { MethodCode } from '../../core/methods.js';
import { fieldError, RETURN_CODES } from './errors.js';
import { globalPayMethodById, GLOBALPAY_METHODS, methodIdOf } from './methods.js';
import { readHostedPageFields } from './hosted-page-fields.js';
import { billingCountryFailure, checkMethodRules } from './method-rules.js';
import { checkAlipayPosDetails, isAlipayPosRequest } from './alipay-pos.js';
import { readPayerReference } from './bank-transfer.js';
import { isJsonObject, type Json } from './normalise-keys.js';
import {
  missing,
  pickExtras,
  readAmount,
  readArray,
  readInteger,
  readObject,
  readString,
  readUrl,
  requireAmount,
  requireString,
  type JsonObject,
} from './request-fields.js';

type Scoped<T> = Omit<T, 'merchantId' | 'dialect'>;

export const MERCHANT_REFERENCE = /^[!-~]{1,50}$/;
const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT = { max: 255 };

const PAYMENT_EXTRAS = [
  'SkinID',
  'ClientIP',
  'OriginatorTransactionID',
  'MethodOptionID',
  'IncludeMethodIDs',
  'ExcludeMethodIDs',
  'PrioritizeMethodIDs',
  'Details',
  'CustomParameters',
  'Capture',
  'Language',
  'Guaranteed',
  'RedirectInIframe',
  'StatementDescriptor',
] as const;
const PREAPPROVAL_EXTRAS = ['MethodOptionID', 'PreapprovedFrequency', 'ExecutionDate', 'Details'] as const;
const REFUND_EXTRAS = ['OriginatorTransactionID', 'Details', 'Customer', 'BillingAddress', 'BankAddress', 'TokenLifetime'] as const;

/** The object under the envelope's root key ("Payment", "Refund", "Preapproval"). */
export function rootObject(body: Json, root: string): JsonObject {
  if (!isJsonObject(body)) throw fieldError(RETURN_CODES.validationFailed, root, `the body must be a JSON object {"${root}": {…}}`);
  const inner = body[root];
  if (inner === undefined || inner === null) return missing(root);
  if (!isJsonObject(inner)) throw fieldError(RETURN_CODES.validationFailed, root, 'an object');
  return inner;
}

/** MethodID → core method code: unknown → 5 (a known one whose wallet is not configured is the core's 9). */
export function readMethod(obj: JsonObject, path = 'MethodID'): MethodCode | null {
  const id = readInteger(obj, 'MethodID', path, 1, 999_999);
  if (id === null) return null;
  const m = globalPayMethodById(id);
  if (!m) {
    const known = GLOBALPAY_METHODS.map((x) => `${x.id} ${x.name}`).join(', ');
    throw fieldError(RETURN_CODES.methodInvalid, path, `${id} is not a method walletgate knows; it knows ${known}`);
  }
  return m.core;
}

function readCustomer(obj: JsonObject, path: string, emailRequired: boolean): Customer | null {
  const c = readObject(obj, 'Customer', path);
  if (!c) return emailRequired ? missing(`${path}.Email`, RETURN_CODES.customerEmailMissing) : null;
  const emailRule = { max: 254, regex: EMAIL, describe: 'an e-mail address', invalidCode: RETURN_CODES.customerEmailInvalid };
  const email = emailRequired
    ? requireString(c, 'Email', `${path}.Email`, { ...emailRule, missingCode: RETURN_CODES.customerEmailMissing })
    : readString(c, 'Email', `${path}.Email`, emailRule);
  return {
    merchantCustomerId: readString(c, 'MerchantCustomerID', `${path}.MerchantCustomerID`, { max: 100, acceptNumber: true }),
    email,
    firstName: readString(c, 'FirstName', `${path}.FirstName`, TEXT),
    lastName: readString(c, 'LastName', `${path}.LastName`, TEXT),
    gender: readString(c, 'Gender', `${path}.Gender`, { max: 10 }),
    socialSecurityNumber: readString(c, 'SocialSecurityNumber', `${path}.SocialSecurityNumber`, { max: 50 }),
    phone: readString(c, 'Phone', `${path}.Phone`, { max: 50 }),
    company: readString(c, 'Company', `${path}.Company`, TEXT),
    dateOfBirth: readString(c, 'DateOfBirth', `${path}.DateOfBirth`, { max: 8, regex: /^\d{8}$/, describe: 'yyyyMMdd' }),
  };
}

function readAddress(obj: JsonObject, key: 'BillingAddress' | 'ShippingAddress', countryRequired: boolean): Address | null {
  const a = readObject(obj, key, key);
  if (!a) return countryRequired ? missing(`${key}.Country`) : null;
  const countryRule = {
    max: 2,
    regex: COUNTRY,
    invalidCode: key === 'BillingAddress' ? RETURN_CODES.billingCountryInvalid : RETURN_CODES.validationFailed,
  };
  const country = countryRequired
    ? requireString(a, 'Country', `${key}.Country`, countryRule)
    : readString(a, 'Country', `${key}.Country`, countryRule);
  return {
    city: readString(a, 'City', `${key}.City`, TEXT),
    zipCode: readString(a, 'ZipCode', `${key}.ZipCode`, { max: 20, acceptNumber: true }),
    state: readString(a, 'State', `${key}.State`, TEXT),
    street: readString(a, 'Street', `${key}.Street`, TEXT),
    streetNumber: readString(a, 'StreetNumber', `${key}.StreetNumber`, { max: 20, acceptNumber: true }),
    houseNumber: readString(a, 'HouseNumber', `${key}.HouseNumber`, { max: 20, acceptNumber: true }),
    houseExtension: readString(a, 'HouseExtension', `${key}.HouseExtension`, { max: 20, acceptNumber: true }),
    country,
  };
}

/** A payment's MerchantArticleID, and the one a refund names to take units of it back. */
const ARTICLE_ID = { max: 50, acceptNumber: true } as const;

function readArticles(obj: JsonObject): Article[] | null {
  const list = readArray(obj, 'Articles', 'Articles', 100);
  if (!list) return null;
  return list.map((item, i) => {
    const path = `Articles[${i}]`;
    if (!isJsonObject(item)) throw fieldError(RETURN_CODES.validationFailed, path, 'an object');
    return {
      merchantArticleId: readString(item, 'MerchantArticleID', `${path}.MerchantArticleID`, ARTICLE_ID),
      name: readString(item, 'Name', `${path}.Name`, TEXT),
      quantity: readInteger(item, 'Quantity', `${path}.Quantity`, 0, 1_000_000),
      price: readInteger(item, 'Price', `${path}.Price`, 0, 1_000_000_000_000),
      vat: readInteger(item, 'VAT', `${path}.VAT`, 0, 100_000),
      discount: readInteger(item, 'Discount', `${path}.Discount`, 0, 1_000_000_000_000),
      type: readInteger(item, 'Type', `${path}.Type`, 0, 100),
    };
  });
}

const REFUND_ARTICLE_FIELDS: ReadonlySet<string> = new Set([
  'MerchantArticleID',
  'Name',
  'Quantity',
  'Price',
  'VAT',
  'Discount',
  'Type',
  'TaxType',
  'DiscountValue',
]);

/**
 * A refund's Articles (seed 004's Cards Russia partial refund): which of the payment's articles go
 * back and how many of each. MerchantArticleID (as a payment's) and Quantity 1–999 are required; the
 * other article fields are optional and echoed; a key that is no article field is refused. Whether
 * the articles are the payment's, and the units left, are the core's (refund-articles.ts).
 */
function readRefundArticles(obj: JsonObject): Article[] | null {
  const list = readArray(obj, 'Articles', 'Articles', 100);
  if (!list) return null;
  return list.map((item, i) => {
    const path = `Articles[${i}]`;
    if (!isJsonObject(item)) throw fieldError(RETURN_CODES.validationFailed, path, 'an object {"MerchantArticleID": …, "Quantity": …}');
    const unknown = Object.keys(item).find((k) => !REFUND_ARTICLE_FIELDS.has(k));
    if (unknown !== undefined)
      throw fieldError(
        RETURN_CODES.validationFailed,
        `${path}.${unknown.slice(0, 50)}`,
        `not an article field; a refund article takes ${[...REFUND_ARTICLE_FIELDS].join(', ')}`,
      );
    const merchantArticleId =
      readString(item, 'MerchantArticleID', `${path}.MerchantArticleID`, ARTICLE_ID) ?? missing(`${path}.MerchantArticleID`);
    const quantity = readInteger(item, 'Quantity', `${path}.Quantity`, 1, 999) ?? missing(`${path}.Quantity`);
    // read for their format only: walletgate keeps neither (nor does it for a payment's articles)
    readInteger(item, 'TaxType', `${path}.TaxType`, 0, 100);
    readInteger(item, 'DiscountValue', `${path}.DiscountValue`, 0, 1_000_000_000_000);
    return {
      merchantArticleId,
      name: readString(item, 'Name', `${path}.Name`, TEXT),
      quantity,
      price: readInteger(item, 'Price', `${path}.Price`, 0, 1_000_000_000_000),
      vat: readInteger(item, 'VAT', `${path}.VAT`, 0, 100_000),
      discount: readInteger(item, 'Discount', `${path}.Discount`, 0, 1_000_000_000_000),
      type: readInteger(item, 'Type', `${path}.Type`, 0, 100),
    };
  });
}

function readCurrency(obj: JsonObject): string {
  return requireString(obj, 'Currency', 'Currency', { max: 3, regex: CURRENCY });
}

function readReference(obj: JsonObject): string {
  return requireString(obj, 'MerchantTransactionID', 'MerchantTransactionID', { max: 50, regex: MERCHANT_REFERENCE, acceptNumber: true });
}

/** POST /v1/payments */
export function parsePaymentRequest(body: Json): Scoped<CreatePaymentInput> {
  const p = rootObject(body, 'Payment');
  const reference = readReference(p);
  const amount = requireAmount(p, 'Amount', 'Amount');
  const currency = readCurrency(p);
  const returnUrl = readUrl(p, 'ReturnURL', 'ReturnURL') ?? missing('ReturnURL');
  const method = readMethod(p);
  const methodId = method === null ? null : methodIdOf(method);
  const description = readString(p, 'Description', 'Description', TEXT);
  const lifetimeMinutes = readInteger(p, 'TokenLifetime', 'TokenLifetime', 1, 7 * 24 * 60);
  const payerReference = method === 'bank_transfer' ? readPayerReference(p) : null;
  const customer = readCustomer(p, 'Customer', false);
  let billingAddress: Address | null;
  try {
    billingAddress = readAddress(p, 'BillingAddress', false);
  } catch (e) {
    throw billingCountryFailure(e);
  }
  const articles = readArticles(p);
  const pos = isAlipayPosRequest(methodId, p);
  if (pos) checkAlipayPosDetails(p);
  else checkMethodRules(methodId, articles);
  const hpp = readHostedPageFields(p, methodId, customer);
  return {
    reference,
    uniqueReference: true,
    method,
    methodChoice: hpp.choice,
    // seed 004: an Alipay POS customer first selects the preferred currency, unless SkipHPP=1
    currencyChoice: pos && !hpp.skip,
    amount,
    currency,
    returnUrl,
    description,
    lifetimeMinutes,
    payerReference,
    customer,
    billingAddress,
    shippingAddress: readAddress(p, 'ShippingAddress', false),
    articles,
    extras: { ...pickExtras(p, PAYMENT_EXTRAS), ...hpp.echo },
  };
}

/** POST /v1/payments/recurrent. Customer.Email is not required: the KakaoPay example omits it. */
export function parseRecurrentRequest(body: Json): Scoped<ChargePreapprovalInput> {
  const p = rootObject(body, 'Payment');
  const preapprovalId = readInteger(p, 'PreapprovalID', 'PreapprovalID', 1, Number.MAX_SAFE_INTEGER, RETURN_CODES.preapprovalInvalid);
  if (preapprovalId === null) return missing('PreapprovalID', RETURN_CODES.preapprovalIdMissing);
  return {
    preapprovalId,
    reference: readReference(p),
    uniqueReference: true,
    amount: requireAmount(p, 'Amount', 'Amount'),
    currency: readCurrency(p),
    method: readMethod(p),
    description: readString(p, 'Description', 'Description', TEXT),
    returnUrl: readUrl(p, 'ReturnURL', 'ReturnURL'),
    customer: readCustomer(p, 'Customer', false),
    billingAddress: readAddress(p, 'BillingAddress', false),
    articles: readArticles(p),
    extras: pickExtras(p, PAYMENT_EXTRAS),
  };
}

/** POST /v1/payments/{id}/refunds */
export function parseRefundRequest(body: Json, paymentId: number): Scoped<CreateRefundInput> {
  const r = rootObject(body, 'Refund');
  return {
    paymentId,
    reference: readReference(r),
    amount: requireAmount(r, 'Amount', 'Amount'),
    description: readString(r, 'Description', 'Description', TEXT),
    articles: readRefundArticles(r),
    extras: pickExtras(r, REFUND_EXTRAS),
  };
}

/** POST /v1/preapprovals */
export function parsePreapprovalRequest(body: Json): Scoped<CreatePreapprovalInput> {
  const p = rootObject(body, 'Preapproval');
  const reference = requireString(p, 'MerchantPreapprovalID', 'MerchantPreapprovalID', {
    max: 50,
    regex: MERCHANT_REFERENCE,
    acceptNumber: true,
    invalidCode: RETURN_CODES.merchantPreapprovalIdInvalid,
    missingCode: RETURN_CODES.merchantPreapprovalIdMissing,
  });
  const description = requireString(p, 'Description', 'Description', {
    ...TEXT,
    invalidCode: RETURN_CODES.preapprovalDescriptionInvalid,
    missingCode: RETURN_CODES.preapprovalDescriptionMissing,
  });
  const returnUrl =
    readUrl(p, 'ReturnURL', 'ReturnURL', RETURN_CODES.preapprovalReturnUrlInvalid) ??
    missing('ReturnURL', RETURN_CODES.preapprovalReturnUrlMissing);
  const method = readMethod(p) ?? missing('MethodID');
  const customer = readCustomer(p, 'Customer', true);
  const billingAddress = readAddress(p, 'BillingAddress', true);
  return {
    reference,
    uniqueReference: true,
    method,
    description,
    returnUrl,
    customer,
    billingAddress,
    currency: readString(p, 'Currency', 'Currency', { max: 3, regex: CURRENCY }),
    recurringPeriod: readInteger(p, 'RecurringPeriod', 'RecurringPeriod', 0, 3650),
    maxAmount: readAmount(p, 'PreapprovedMaximumAmount', 'PreapprovedMaximumAmount'),
    extras: pickExtras(p, PREAPPROVAL_EXTRAS),
  };
}
