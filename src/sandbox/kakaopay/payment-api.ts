/**
 * The one-payment half of the emulated API: ready, approve, order, cancel. Functions over one
 * request's session of the sandbox state; the Fastify wiring (auth, error bodies, magic delays,
 * the transaction) is in api-routes.ts.
 */
import { ERR, KakaoPayApiError } from './api-error.js';
import { asBody, optionalInt, optionalString, requireInt, requireString, requireUrl } from './body-fields.js';
import type { Body } from './body-fields.js';
import { hasMagic } from './magic.js';
import { PENDING_STATUSES, addAmount, defaultVat, kst, subtractAmount, zeroAmount } from './model.js';
import type { Amount, SandboxPayment } from './model.js';
import type { SandboxSession } from './state/sandbox-session.js';

export interface ApiContext {
  session: SandboxSession;
  cids: { oneTime: string; subscription: string };
  /** `{protocol}://{host}{prefix}` of the request, for the customer page URLs */
  publicBase: string;
  /** the item name the request is about, once known (drives the [slow] marker) */
  item: string | null;
}

export function requireCid(ctx: ApiContext, body: Body): string {
  const cid = requireString(body, 'cid', 10);
  if (cid !== ctx.cids.oneTime && cid !== ctx.cids.subscription) throw new KakaoPayApiError(ERR.badCid, `invalid cid: ${cid}`);
  return cid;
}

async function findPayment(ctx: ApiContext, body: Body): Promise<SandboxPayment> {
  const cid = requireCid(ctx, body);
  const tid = requireString(body, 'tid', 20);
  const p = await ctx.session.payment(tid);
  if (!p || p.cid !== cid) throw new KakaoPayApiError(ERR.unknownTid, `tid does not exist: ${tid}`);
  ctx.item = p.itemName;
  return p;
}

/** [error] fails before the work, [lost] after it. */
function failBefore(item: string): void {
  if (hasMagic(item, 'error')) throw new KakaoPayApiError(ERR.internal, 'internal error ([error] magic value)');
}
function failAfter(item: string): void {
  if (hasMagic(item, 'lost')) throw new KakaoPayApiError(ERR.internal, 'internal error after the work was done ([lost] magic value)');
}

export async function ready(ctx: ApiContext, raw: unknown): Promise<object> {
  const body = asBody(raw);
  const cid = requireCid(ctx, body);
  const subscription = cid === ctx.cids.subscription;
  const partnerOrderId = requireString(body, 'partner_order_id', 100);
  const partnerUserId = requireString(body, 'partner_user_id', 100);
  const itemName = requireString(body, 'item_name', 100);
  ctx.item = itemName;
  const itemCode = optionalString(body, 'item_code', 100);
  const quantity = requireInt(body, 'quantity', 1);
  const total = requireInt(body, 'total_amount', 0);
  const taxFree = requireInt(body, 'tax_free_amount', 0);
  const vat = optionalInt(body, 'vat_amount', 0) ?? defaultVat(total, taxFree);
  const greenDeposit = optionalInt(body, 'green_deposit', 0) ?? 0;
  const approvalUrl = requireUrl(body, 'approval_url');
  const cancelUrl = requireUrl(body, 'cancel_url');
  const failUrl = requireUrl(body, 'fail_url');
  const method = optionalString(body, 'payment_method_type', 10);
  if (method !== null && method !== 'CARD' && method !== 'MONEY')
    throw new KakaoPayApiError(ERR.badParam, 'payment_method_type must be CARD or MONEY');
  if (total === 0 && !subscription)
    throw new KakaoPayApiError(ERR.badParam, 'total_amount must be positive (0 is only allowed with a subscription cid)');
  if (taxFree > total) throw new KakaoPayApiError(ERR.badParam, 'tax_free_amount is greater than total_amount');
  if (vat > total - taxFree) throw new KakaoPayApiError(ERR.badParam, 'vat_amount is greater than the taxable amount');

  const { session } = ctx;
  const now = session.now();
  const tid = session.newTid();
  const p: SandboxPayment = {
    tid,
    cid,
    subscription,
    partnerOrderId,
    partnerUserId,
    itemName,
    itemCode,
    quantity,
    amount: { total, tax_free: taxFree, vat, point: 0, discount: 0, green_deposit: greenDeposit },
    canceled: zeroAmount(),
    status: 'READY',
    allowedMethod: method,
    methodType: method ?? 'MONEY',
    approvalUrl,
    cancelUrl,
    failUrl,
    createdAt: now,
    // [abandon]: the tid is born expired
    expiresAt: hasMagic(itemName, 'abandon') ? now : new Date(now.getTime() + session.tidTtlMs),
    approvedAt: null,
    canceledAt: null,
    step: 'confirm',
    pgToken: null,
    sid: null,
    actions: [],
  };
  session.addPayment(p);
  const page = `${ctx.publicBase}/pg/${tid}`;
  const scheme = `kakaotalk://kakaopay/pg?url=${encodeURIComponent(`${page}/order`)}`;
  return {
    tid,
    tms_result: false,
    created_at: kst(now),
    next_redirect_app_url: `${page}/aInfo`,
    next_redirect_mobile_url: `${page}/mInfo`,
    next_redirect_pc_url: `${page}/info`,
    android_app_scheme: scheme,
    ios_app_scheme: scheme,
  };
}

function cardInfo(p: SandboxPayment): object | undefined {
  if (p.methodType !== 'CARD') return undefined;
  return {
    kakaopay_purchase_corp: '카카오뱅크',
    kakaopay_purchase_corp_code: '15',
    kakaopay_issuer_corp: '카카오뱅크',
    kakaopay_issuer_corp_code: '15',
    bin: '536181',
    card_type: '체크',
    install_month: '00',
    approved_id: p.tid.slice(-8).toUpperCase(),
    card_mid: '123456789',
    interest_free_install: 'N',
    installment_type: 'CARD_INSTALLMENT',
    card_item_code: '',
  };
}

/** Approve-shaped body, reused by subscription charges. */
export function approvalBody(p: SandboxPayment, aid: string, payload: string | null): object {
  return {
    aid,
    tid: p.tid,
    cid: p.cid,
    ...(p.sid ? { sid: p.sid } : {}),
    partner_order_id: p.partnerOrderId,
    partner_user_id: p.partnerUserId,
    payment_method_type: p.methodType,
    amount: p.amount,
    ...(cardInfo(p) ? { card_info: cardInfo(p) } : {}),
    item_name: p.itemName,
    item_code: p.itemCode,
    quantity: p.quantity,
    created_at: kst(p.createdAt),
    approved_at: kst(p.approvedAt),
    payload,
  };
}

export async function approve(ctx: ApiContext, raw: unknown): Promise<object> {
  const body = asBody(raw);
  const p = await findPayment(ctx, body);
  const partnerOrderId = requireString(body, 'partner_order_id', 100);
  const partnerUserId = requireString(body, 'partner_user_id', 100);
  const pgToken = requireString(body, 'pg_token', 100);
  const payload = optionalString(body, 'payload', 200);
  const total = optionalInt(body, 'total_amount', 0);
  const { session } = ctx;
  if (session.isExpired(p)) throw new KakaoPayApiError(ERR.expired, 'payment expired (tid timed out)');
  if (partnerOrderId !== p.partnerOrderId)
    throw new KakaoPayApiError(ERR.partnerOrderMismatch, 'partner_order_id does not match the ready request');
  if (partnerUserId !== p.partnerUserId)
    throw new KakaoPayApiError(ERR.partnerUserMismatch, 'partner_user_id does not match the ready request');
  if (p.actions.some((a) => a.type !== 'CANCEL')) throw new KakaoPayApiError(ERR.alreadyApproved, 'payment already approved');
  if (p.status !== 'AUTH_PASSWORD') {
    if (PENDING_STATUSES.has(p.status)) throw new KakaoPayApiError(ERR.notAuthenticated, 'payment authentication is not completed');
    throw new KakaoPayApiError(ERR.cannotApprove, `status ${p.status} does not allow approval`);
  }
  if (p.pgToken === null || pgToken !== p.pgToken) throw new KakaoPayApiError(ERR.badPgToken, 'invalid pg_token');
  if (total !== null && total !== p.amount.total)
    throw new KakaoPayApiError(ERR.badTotal, `total_amount ${total} does not match the ready amount ${p.amount.total}`);
  failBefore(p.itemName);

  p.pgToken = null;
  if (hasMagic(p.itemName, 'decline')) {
    p.status = 'FAIL_PAYMENT';
    throw new KakaoPayApiError(ERR.approvalFailed, 'approval failure!', {
      extras: { method_result_code: 'CARD_DECLINED', method_result_message: '카드사 승인 거절 (sandbox [decline])' },
    });
  }
  const now = session.now();
  const aid = session.newAid();
  p.approvedAt = now;
  if (p.subscription) {
    const sid = session.newSid();
    p.sid = sid;
    session.addSid({
      sid,
      cid: p.cid,
      partnerUserId: p.partnerUserId,
      itemName: p.itemName,
      methodType: p.methodType,
      status: 'ACTIVE',
      createdAt: now,
      lastApprovedAt: p.amount.total > 0 ? now : null,
      inactivatedAt: null,
    });
  }
  if (p.amount.total === 0) {
    p.status = 'ISSUED_SID';
    p.actions.push({ aid, type: 'ISSUED_SID', amount: p.amount, at: now, payload });
  } else {
    p.status = 'SUCCESS_PAYMENT';
    p.actions.push({ aid, type: 'PAYMENT', amount: p.amount, at: now, payload });
  }
  failAfter(p.itemName);
  return approvalBody(p, aid, payload);
}

function actionBody(p: SandboxPayment, a: SandboxPayment['actions'][number]): object {
  return {
    aid: a.aid,
    approved_at: kst(a.at),
    amount: a.amount.total,
    point_amount: a.amount.point,
    discount_amount: a.amount.discount,
    green_deposit: a.amount.green_deposit,
    payment_method_type: p.methodType,
    payment_action_type: a.type,
    payload: a.payload,
  };
}

function cancellable(p: SandboxPayment): Amount {
  return p.status === 'SUCCESS_PAYMENT' || p.status === 'PART_CANCEL_PAYMENT' ? subtractAmount(p.amount, p.canceled) : zeroAmount();
}

export async function order(ctx: ApiContext, raw: unknown): Promise<object> {
  const p = await findPayment(ctx, asBody(raw));
  const card = p.methodType === 'CARD' && p.approvedAt !== null;
  return {
    tid: p.tid,
    cid: p.cid,
    ...(p.sid ? { sid: p.sid } : {}),
    status: p.status,
    partner_order_id: p.partnerOrderId,
    partner_user_id: p.partnerUserId,
    payment_method_type: p.approvedAt ? p.methodType : null,
    amount: p.amount,
    canceled_amount: p.canceled,
    cancel_available_amount: cancellable(p),
    item_name: p.itemName,
    item_code: p.itemCode,
    quantity: p.quantity,
    created_at: kst(p.createdAt),
    approved_at: kst(p.approvedAt),
    canceled_at: kst(p.canceledAt),
    ...(card
      ? {
          selected_card_info: {
            card_bin: '536181',
            install_month: 0,
            installment_type: 'CARD_INSTALLMENT',
            card_corp_name: '카카오뱅크',
            interest_free_install: 'N',
          },
        }
      : {}),
    payment_action_details: p.actions.map((a) => actionBody(p, a)),
  };
}

export async function cancel(ctx: ApiContext, raw: unknown): Promise<object> {
  const body = asBody(raw);
  const p = await findPayment(ctx, body);
  const cancelTotal = requireInt(body, 'cancel_amount', 1);
  const cancelTaxFree = requireInt(body, 'cancel_tax_free_amount', 0);
  const cancelVat = optionalInt(body, 'cancel_vat_amount', 0) ?? defaultVat(cancelTotal, cancelTaxFree);
  const believed = optionalInt(body, 'cancel_available_amount', 0);
  const payload = optionalString(body, 'payload', 200);
  if (cancelTaxFree > cancelTotal) throw new KakaoPayApiError(ERR.badParam, 'cancel_tax_free_amount is greater than cancel_amount');
  if (p.status !== 'SUCCESS_PAYMENT' && p.status !== 'PART_CANCEL_PAYMENT') {
    throw new KakaoPayApiError(ERR.cannotCancel, `status ${p.status} does not allow cancel`);
  }
  const available = cancellable(p);
  if (believed !== null && believed !== available.total) {
    throw new KakaoPayApiError(
      ERR.overCancellable,
      `cancel_available_amount ${believed} does not match the cancellable amount ${available.total}`,
    );
  }
  if (cancelTotal > available.total || cancelTaxFree > available.tax_free) {
    throw new KakaoPayApiError(ERR.overCancellable, `cancel_amount ${cancelTotal} exceeds the cancellable amount ${available.total}`);
  }
  if (p.amount.green_deposit > 0 && cancelTotal !== available.total) {
    throw new KakaoPayApiError(ERR.cancelFailed, 'a payment with green_deposit cannot be partly cancelled');
  }
  failBefore(p.itemName);

  const now = ctx.session.now();
  const vat = Math.min(cancelVat, available.vat);
  const amount: Amount = {
    total: cancelTotal,
    tax_free: cancelTaxFree,
    vat,
    point: 0,
    discount: 0,
    green_deposit: cancelTotal === available.total ? available.green_deposit : 0,
  };
  const aid = ctx.session.newAid();
  p.canceled = addAmount(p.canceled, amount);
  p.canceledAt = now;
  p.status = p.canceled.total >= p.amount.total ? 'CANCEL_PAYMENT' : 'PART_CANCEL_PAYMENT';
  p.actions.push({ aid, type: 'CANCEL', amount, at: now, payload });
  failAfter(p.itemName);
  return {
    aid,
    tid: p.tid,
    cid: p.cid,
    status: p.status,
    partner_order_id: p.partnerOrderId,
    partner_user_id: p.partnerUserId,
    payment_method_type: p.methodType,
    amount: p.amount,
    approved_cancel_amount: amount,
    canceled_amount: p.canceled,
    cancel_available_amount: cancellable(p),
    item_name: p.itemName,
    item_code: p.itemCode,
    quantity: p.quantity,
    created_at: kst(p.createdAt),
    approved_at: kst(p.approvedAt),
    canceled_at: kst(now),
    payload,
  };
}
