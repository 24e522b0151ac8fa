/**
 * Pure mappers: core records → GlobalPay objects, with every documented field present (null when
 * walletgate has nothing to say). Used by the API responses and by the notifications alike.
 */
import type { CustomerLinks } from '../../core/ports/customer-links.js';
import type { Address, Article, Customer, Payment, Preapproval, Refund } from '../../core/model.js';
import { RETURN_CODES } from './errors.js';
import { methodIdOf } from './methods.js';
import { answeredMethodId } from './hosted-page-fields.js';
import { alipayPosDetails, alipayPosReferenceDetails } from './alipay-pos.js';
import { detailsWithPaid, mapReferenceDetails } from './bank-transfer.js';
import type { Json } from './normalise-keys.js';
import { PAYMENT_STATUS_MAP, PREAPPROVAL_STATUS_MAP, REFUND_STATUS_MAP, type GlobalPayStatus } from './statuses.js';
import { formatGlobalPayTime } from './timestamps.js';

export interface MapContext {
  /** The GlobalPay SiteID the merchant authenticated with (or the notification is signed with). */
  siteId: number;
  links: CustomerLinks;
  /**
   * NotificationDateTime. In a notification: the time of the change it reports. In an API answer:
   * when the latest notification about the record was delivered. Null or absent: none yet.
   */
  notificationTime?: Date | null;
}

export type GpObject = { [key: string]: Json };

export type GpReason = { Code: string; Info: string };

export function gpStatus(status: GlobalPayStatus | null, reasons: GpReason[] | null): GpObject {
  return { ID: status?.ID ?? null, Info: status?.Info ?? null, Reasons: reasons };
}

/** Why a record failed, as Status.Reasons; wallet refusals are 121, anything else 15. */
export function failureReasons(failureCode: string | null, failureMessage: string | null): GpReason[] {
  const refusedByWallet = failureCode !== 'invalid' && failureCode !== 'unknown';
  const code = refusedByWallet ? RETURN_CODES.unableToAuthorize : RETURN_CODES.unableToProcess;
  const label = refusedByWallet ? 'Unable to authorize transaction' : 'Unable to process the transaction';
  const walletCode = failureCode && /^-?\d+$/.test(failureCode) ? ` (wallet code ${failureCode})` : '';
  return [{ Code: code, Info: `${label}${failureMessage ? ` - ${failureMessage}` : ''}${walletCode}` }];
}

function extra(extras: Record<string, unknown>, key: string): Json {
  const v = extras[key];
  return v === undefined ? null : (v as Json);
}

export function mapCustomer(c: Customer | null, id: number): GpObject | null {
  if (!c) return null;
  return {
    ID: id,
    MerchantCustomerID: c.merchantCustomerId ?? null,
    Email: c.email ?? null,
    FirstName: c.firstName ?? null,
    LastName: c.lastName ?? null,
    Gender: c.gender ?? null,
    SocialSecurityNumber: c.socialSecurityNumber ?? null,
    SocialSecurityNumber2: null,
    Phone: c.phone ?? null,
    Company: c.company ?? null,
    DateOfBirth: c.dateOfBirth ?? null,
  };
}

export function mapAddress(a: Address | null, id: number): GpObject | null {
  if (!a) return null;
  return {
    ID: id,
    City: a.city ?? null,
    ZipCode: a.zipCode ?? null,
    State: a.state ?? null,
    Street: a.street ?? null,
    StreetNumber: a.streetNumber ?? null,
    HouseNumber: a.houseNumber ?? null,
    HouseExtension: a.houseExtension ?? null,
    Country: a.country ?? null,
  };
}

export function mapArticles(articles: Article[] | null): GpObject[] | null {
  if (!articles) return null;
  return articles.map((a) => ({
    MerchantArticleID: a.merchantArticleId ?? null,
    Name: a.name ?? null,
    Quantity: a.quantity ?? null,
    Price: a.price ?? null,
    VAT: a.vat ?? null,
    Discount: a.discount ?? null,
    Type: a.type ?? null,
    TaxType: null,
    DiscountValue: null,
  }));
}

/**
 * A refund's Articles as seed 004's Cards Russia partial refund answers them: what the merchant sent,
 * the fields it did not send at the seed's defaults (Name and Type null, amounts 0).
 */
export function mapRefundArticles(articles: Article[] | null): GpObject[] | null {
  if (!articles) return null;
  return articles.map((a) => ({
    MerchantArticleID: a.merchantArticleId ?? null,
    Name: a.name ?? null,
    Quantity: a.quantity ?? 0,
    Price: a.price ?? 0,
    VAT: a.vat ?? 0,
    Discount: a.discount ?? 0,
    Type: a.type ?? null,
    DiscountValue: 0,
  }));
}

const WAITING_FOR_CUSTOMER = new Set<Payment['status']>(['created', 'pending_customer']);

export function mapPayment(p: Payment, ctx: MapContext): GpObject {
  const x = p.extras;
  const lifetime = p.expiresAt && p.preapprovalId === null ? Math.round((p.expiresAt.getTime() - p.createdAt.getTime()) / 60_000) : null;
  return {
    ID: p.id,
    SkinID: extra(x, 'SkinID'),
    ClientIP: extra(x, 'ClientIP'),
    Created: formatGlobalPayTime(p.createdAt),
    MerchantTransactionID: p.reference,
    OriginatorTransactionID: extra(x, 'OriginatorTransactionID'),
    Amount: String(p.amount),
    Currency: p.currency,
    CapturedAmount: p.capturedAmount > 0 ? String(p.capturedAmount) : null,
    ReturnURL: p.returnUrl,
    Description: p.description,
    MethodID: answeredMethodId(p),
    MethodOptionID: extra(x, 'MethodOptionID'),
    IncludeMethodIDs: extra(x, 'IncludeMethodIDs'),
    ExcludeMethodIDs: extra(x, 'ExcludeMethodIDs'),
    PrioritizeMethodIDs: extra(x, 'PrioritizeMethodIDs'),
    SiteID: ctx.siteId,
    NotificationDateTime: ctx.notificationTime ? formatGlobalPayTime(ctx.notificationTime) : null,
    Customer: mapCustomer(p.customer, p.id),
    BillingAddress: mapAddress(p.billingAddress, p.id),
    ShippingAddress: mapAddress(p.shippingAddress, p.id),
    Articles: mapArticles(p.articles),
    // a POS payment's Details and scan code; a bank transfer's instructions and what has arrived
    Details: alipayPosDetails(p) ?? detailsWithPaid(p, extra(x, 'Details')),
    ReferenceDetails: alipayPosReferenceDetails(p) ?? mapReferenceDetails(p),
    CustomParameters: extra(x, 'CustomParameters'),
    PreapprovalID: p.preapprovalId,
    Status: gpStatus(PAYMENT_STATUS_MAP[p.status], p.status === 'failed' ? failureReasons(p.failureCode, p.failureMessage) : null),
    Fraud: null,
    MethodTransactionID: p.connectorState.ref ?? null,
    AuthorizationCode: null,
    TokenLifetime: lifetime,
    Capture: extra(x, 'Capture'),
    CaptureDetails: null,
    PreapprovalDetails: null,
    RedirectURL: WAITING_FOR_CUSTOMER.has(p.status) && p.preapprovalId === null ? ctx.links.landing(p.customerToken) : null,
    Splits: null,
  };
}

export function mapPreapproval(p: Preapproval, ctx: MapContext): GpObject {
  const x = p.extras;
  const failed = p.status === 'failed' || p.status === 'expired';
  return {
    ID: p.id,
    Created: formatGlobalPayTime(p.createdAt),
    MethodID: methodIdOf(p.method),
    SiteID: ctx.siteId,
    MerchantPreapprovalID: p.reference,
    RecurringPeriod: p.recurringPeriod ?? 0,
    PreapprovedMaximumAmount: p.maxAmount,
    Currency: p.currency,
    ReturnURL: p.returnUrl,
    Description: p.description,
    Customer: mapCustomer(p.customer, p.id),
    BillingAddress: mapAddress(p.billingAddress, p.id),
    Status: gpStatus(PREAPPROVAL_STATUS_MAP[p.status], failed && p.failureMessage ? failureReasons(p.failureCode, p.failureMessage) : null),
    RedirectURL: p.status === 'pending' ? ctx.links.landing(p.customerToken) : null,
    MethodOptionID: extra(x, 'MethodOptionID') ?? 0,
    PreapprovedFrequency: extra(x, 'PreapprovedFrequency'),
    MandateReference: null,
    Details: extra(x, 'Details'),
  };
}

export function mapRefund(r: Refund, ctx: MapContext): GpObject {
  const x = r.extras;
  return {
    ID: r.id,
    Created: formatGlobalPayTime(r.createdAt),
    MerchantTransactionID: r.reference,
    OriginatorTransactionID: extra(x, 'OriginatorTransactionID'),
    InitialPaymentID: r.paymentId,
    MethodTransactionID: r.connectorRef,
    Amount: String(r.amount),
    Currency: r.currency,
    Description: r.description,
    TypeID: NATIVE_REFUND_TYPE.ID,
    SiteID: ctx.siteId,
    Details: extra(x, 'Details'),
    Customer: extra(x, 'Customer'),
    BillingAddress: extra(x, 'BillingAddress'),
    BankAddress: extra(x, 'BankAddress'),
    Articles: mapRefundArticles(r.articles),
    Status: gpStatus(REFUND_STATUS_MAP[r.status], r.status === 'failed' ? failureReasons(r.failureCode, r.failureMessage) : null),
  };
}

/** Wallets refund natively: the only refund type walletgate offers. */
export const NATIVE_REFUND_TYPE = { Name: 'Native', ID: 1 } as const;

export function mapRefundType(allowsPartialRefund: boolean): GpObject {
  return {
    Name: NATIVE_REFUND_TYPE.Name,
    ID: NATIVE_REFUND_TYPE.ID,
    AllowsPartialRefund: allowsPartialRefund,
    Customer: null,
    BillingAddress: null,
    BankAddress: null,
    Details: null,
  };
}
