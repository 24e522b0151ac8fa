/**
 * The recurring half of the emulated API: charging an SID (subscription), inactivating it and
 * asking its status. SIDs are issued by approve on the subscription CID (payment-api.ts).
 */
import { ERR, KakaoPayApiError } from './api-error.js';
import { asBody, optionalInt, optionalString, requireInt, requireString } from './body-fields.js';
import type { Body } from './body-fields.js';
import { hasMagic } from './magic.js';
import { approvalBody, requireCid } from './payment-api.js';
import type { ApiContext } from './payment-api.js';
import { defaultVat, kst, zeroAmount } from './model.js';
import type { SandboxPayment, SandboxSid } from './model.js';

async function findSid(ctx: ApiContext, body: Body): Promise<SandboxSid> {
  const cid = requireCid(ctx, body);
  const sid = requireString(body, 'sid', 20);
  const s = await ctx.session.sid(sid);
  if (!s || s.cid !== cid) throw new KakaoPayApiError(ERR.sidNotFound, `sid does not exist: ${sid}`);
  return s;
}

export async function subscription(ctx: ApiContext, raw: unknown): Promise<object> {
  const body = asBody(raw);
  const s = await findSid(ctx, body);
  const partnerOrderId = requireString(body, 'partner_order_id', 100);
  const partnerUserId = requireString(body, 'partner_user_id', 100);
  const itemName = optionalString(body, 'item_name', 100) ?? s.itemName;
  ctx.item = itemName;
  const itemCode = optionalString(body, 'item_code', 100);
  const quantity = requireInt(body, 'quantity', 1);
  const total = requireInt(body, 'total_amount', 1);
  const taxFree = requireInt(body, 'tax_free_amount', 0);
  const vat = optionalInt(body, 'vat_amount', 0) ?? defaultVat(total, taxFree);
  const payload = optionalString(body, 'payload', 200);
  if (taxFree > total) throw new KakaoPayApiError(ERR.badParam, 'tax_free_amount is greater than total_amount');
  if (s.status !== 'ACTIVE') throw new KakaoPayApiError(ERR.sidInactive, 'sid is inactive');
  if (partnerUserId !== s.partnerUserId) throw new KakaoPayApiError(ERR.sidUserMismatch, 'partner_user_id does not match the sid');
  if (hasMagic(itemName, 'error')) throw new KakaoPayApiError(ERR.internal, 'internal error ([error] magic value)');
  if (hasMagic(itemName, 'decline')) {
    throw new KakaoPayApiError(ERR.recurringFailed, 'subscription payment failure!', {
      extras: { method_result_code: 'INSUFFICIENT_BALANCE', method_result_message: '잔액 부족 (sandbox [decline])' },
    });
  }

  const { session } = ctx;
  const now = session.now();
  const aid = session.newAid();
  const p: SandboxPayment = {
    tid: session.newTid(),
    cid: s.cid,
    subscription: true,
    partnerOrderId,
    partnerUserId,
    itemName,
    itemCode,
    quantity,
    amount: { total, tax_free: taxFree, vat, point: 0, discount: 0, green_deposit: 0 },
    canceled: zeroAmount(),
    status: 'SUCCESS_PAYMENT',
    allowedMethod: s.methodType,
    methodType: s.methodType,
    approvalUrl: '',
    cancelUrl: '',
    failUrl: '',
    createdAt: now,
    expiresAt: now,
    approvedAt: now,
    canceledAt: null,
    step: 'done',
    pgToken: null,
    sid: s.sid,
    actions: [
      { aid, type: 'PAYMENT', amount: { total, tax_free: taxFree, vat, point: 0, discount: 0, green_deposit: 0 }, at: now, payload },
    ],
  };
  session.addPayment(p);
  s.lastApprovedAt = now;
  if (hasMagic(itemName, 'lost')) throw new KakaoPayApiError(ERR.internal, 'internal error after the work was done ([lost] magic value)');
  return approvalBody(p, aid, payload);
}

export async function inactivate(ctx: ApiContext, raw: unknown): Promise<object> {
  const s = await findSid(ctx, asBody(raw));
  ctx.item = s.itemName;
  if (s.status === 'INACTIVE') throw new KakaoPayApiError(ERR.sidInactive, 'sid is already inactive');
  s.status = 'INACTIVE';
  s.inactivatedAt = ctx.session.now();
  return {
    cid: s.cid,
    sid: s.sid,
    status: s.status,
    created_at: kst(s.createdAt),
    last_approved_at: kst(s.lastApprovedAt),
    inactivated_at: kst(s.inactivatedAt),
  };
}

export async function status(ctx: ApiContext, raw: unknown): Promise<object> {
  const s = await findSid(ctx, asBody(raw));
  ctx.item = s.itemName;
  return {
    available: s.status === 'ACTIVE',
    cid: s.cid,
    sid: s.sid,
    status: s.status,
    payment_method_type: s.methodType,
    item_name: s.itemName,
    created_at: kst(s.createdAt),
    last_approved_at: kst(s.lastApprovedAt),
    inactivated_at: kst(s.inactivatedAt),
    use_point_status: 'AVAILABLE',
  };
}
