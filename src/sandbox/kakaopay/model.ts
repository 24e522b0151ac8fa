/**
 * What the emulator knows: a payment (tid) and a subscription key (sid), their amounts and statuses,
 * and KakaoPay's timestamp format. Where they are kept is state/ (sandbox-state.ts).
 */

export type PaymentStatus =
  | 'READY'
  | 'SEND_TMS'
  | 'OPEN_PAYMENT'
  | 'SELECT_METHOD'
  | 'ARS_WAITING'
  | 'AUTH_PASSWORD'
  | 'ISSUED_SID'
  | 'SUCCESS_PAYMENT'
  | 'PART_CANCEL_PAYMENT'
  | 'CANCEL_PAYMENT'
  | 'FAIL_AUTH_PASSWORD'
  | 'QUIT_PAYMENT'
  | 'FAIL_PAYMENT';

/** Statuses in which the customer or the merchant's approve is still outstanding. */
export const PENDING_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  'READY',
  'SEND_TMS',
  'OPEN_PAYMENT',
  'SELECT_METHOD',
  'ARS_WAITING',
  'AUTH_PASSWORD',
]);

export type MethodType = 'MONEY' | 'CARD';

export interface Amount {
  total: number;
  tax_free: number;
  vat: number;
  point: number;
  discount: number;
  green_deposit: number;
}

export interface PaymentAction {
  aid: string;
  type: 'PAYMENT' | 'CANCEL' | 'ISSUED_SID';
  amount: Amount;
  at: Date;
  payload: string | null;
}

/** Where the customer is in the wallet pages. */
export type CustomerStep = 'confirm' | 'code' | 'agreement' | 'done';

export interface SandboxPayment {
  tid: string;
  cid: string;
  subscription: boolean;
  partnerOrderId: string;
  partnerUserId: string;
  itemName: string;
  itemCode: string | null;
  quantity: number;
  amount: Amount;
  canceled: Amount;
  status: PaymentStatus;
  /** the method the merchant allowed in ready, or null for both */
  allowedMethod: MethodType | null;
  methodType: MethodType;
  approvalUrl: string;
  cancelUrl: string;
  failUrl: string;
  createdAt: Date;
  expiresAt: Date;
  approvedAt: Date | null;
  canceledAt: Date | null;
  step: CustomerStep;
  pgToken: string | null;
  sid: string | null;
  actions: PaymentAction[];
}

export interface SandboxSid {
  sid: string;
  cid: string;
  partnerUserId: string;
  itemName: string;
  methodType: MethodType;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: Date;
  lastApprovedAt: Date | null;
  inactivatedAt: Date | null;
}

export function zeroAmount(): Amount {
  return { total: 0, tax_free: 0, vat: 0, point: 0, discount: 0, green_deposit: 0 };
}

export function subtractAmount(a: Amount, b: Amount): Amount {
  return {
    total: a.total - b.total,
    tax_free: a.tax_free - b.tax_free,
    vat: a.vat - b.vat,
    point: a.point - b.point,
    discount: a.discount - b.discount,
    green_deposit: a.green_deposit - b.green_deposit,
  };
}

export function addAmount(a: Amount, b: Amount): Amount {
  return subtractAmount(a, {
    total: -b.total,
    tax_free: -b.tax_free,
    vat: -b.vat,
    point: -b.point,
    discount: -b.discount,
    green_deposit: -b.green_deposit,
  });
}

/** VAT when the caller leaves it out: round((total - tax_free) / 11). */
export function defaultVat(total: number, taxFree: number): number {
  return Math.round((total - taxFree) / 11);
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** KakaoPay's timestamps: Korean local time without an offset, `yyyy-MM-ddTHH:mm:ss`. */
export function kst(d: Date): string;
export function kst(d: Date | null): string | null;
export function kst(d: Date | null): string | null {
  return d === null ? null : new Date(d.getTime() + KST_OFFSET_MS).toISOString().slice(0, 19);
}
