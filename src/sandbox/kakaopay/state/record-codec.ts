/**
 * A payment or a sid as the JSON document of its row, and back. Every field is written out by name,
 * timestamps as epoch milliseconds, so a record reads back exactly as it was written.
 */
import type { Amount, SandboxPayment, SandboxSid } from '../model.js';

type Json = Record<string, unknown>;

const ms = (d: Date): number => d.getTime();
const msOrNull = (d: Date | null): number | null => (d === null ? null : d.getTime());
const date = (v: unknown): Date => new Date(v as number);
const dateOrNull = (v: unknown): Date | null => (v === null ? null : new Date(v as number));

function amount(a: Amount): Amount {
  return { total: a.total, tax_free: a.tax_free, vat: a.vat, point: a.point, discount: a.discount, green_deposit: a.green_deposit };
}

export function encodePayment(p: SandboxPayment): string {
  return JSON.stringify({
    tid: p.tid,
    cid: p.cid,
    subscription: p.subscription,
    partnerOrderId: p.partnerOrderId,
    partnerUserId: p.partnerUserId,
    itemName: p.itemName,
    itemCode: p.itemCode,
    quantity: p.quantity,
    amount: amount(p.amount),
    canceled: amount(p.canceled),
    status: p.status,
    allowedMethod: p.allowedMethod,
    methodType: p.methodType,
    approvalUrl: p.approvalUrl,
    cancelUrl: p.cancelUrl,
    failUrl: p.failUrl,
    createdAt: ms(p.createdAt),
    expiresAt: ms(p.expiresAt),
    approvedAt: msOrNull(p.approvedAt),
    canceledAt: msOrNull(p.canceledAt),
    step: p.step,
    pgToken: p.pgToken,
    sid: p.sid,
    actions: p.actions.map((a) => ({ aid: a.aid, type: a.type, amount: amount(a.amount), at: ms(a.at), payload: a.payload })),
  });
}

/** The parsed document itself, its times made Dates: a copy of its two dozen fields cost as much as the parse. */
export function decodePayment(doc: string): SandboxPayment {
  const j = JSON.parse(doc) as Json;
  j.createdAt = date(j.createdAt);
  j.expiresAt = date(j.expiresAt);
  j.approvedAt = dateOrNull(j.approvedAt);
  j.canceledAt = dateOrNull(j.canceledAt);
  for (const a of j.actions as Json[]) a.at = date(a.at);
  return j as unknown as SandboxPayment;
}

export function encodeSid(s: SandboxSid): string {
  return JSON.stringify({
    sid: s.sid,
    cid: s.cid,
    partnerUserId: s.partnerUserId,
    itemName: s.itemName,
    methodType: s.methodType,
    status: s.status,
    createdAt: ms(s.createdAt),
    lastApprovedAt: msOrNull(s.lastApprovedAt),
    inactivatedAt: msOrNull(s.inactivatedAt),
  });
}

export function decodeSid(doc: string): SandboxSid {
  const j = JSON.parse(doc) as Json;
  return Object.assign({}, j as unknown as SandboxSid, {
    createdAt: date(j.createdAt),
    lastApprovedAt: dateOrNull(j.lastApprovedAt),
    inactivatedAt: dateOrNull(j.inactivatedAt),
  });
}
