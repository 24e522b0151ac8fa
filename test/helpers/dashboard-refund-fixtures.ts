/**
 * What the dashboard refund tests share: a paid KakaoPay payment made through the GlobalPay API and
 * approved in the sandbox wallet, signed-in users of a role, and a CSV upload as a browser sends it
 * (multipart/form-data, with the session's cookie).
 */
import assert from 'node:assert/strict';
import { addUser } from '../../src/core/dashboard/add-user.js';
import type { DashboardRole } from '../../src/core/ports/dashboard-store.js';
import type { Gateway } from './gateway-harness.js';
import { DashboardClient, type DashboardAnswer } from './dashboard-client.js';

export const PASSWORD = 'correct horse battery staple';

/** A paid payment of the demo merchant (GlobalPay API, KakaoPay in the sandbox): its number. */
export async function paidPayment(gw: Gateway, ref: string, amount = 15000): Promise<number> {
  const res = await gw.gp('POST', '/v1/payments', {
    Payment: { MerchantTransactionID: ref, Amount: amount, Currency: 'KRW', MethodID: 1135, ReturnURL: 'https://shop.example/return' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  const walked = await gw.customer(res.json.Payment.RedirectURL as string, 'approve');
  assert.equal(walked.status, 200, JSON.stringify(walked.json));
  return res.json.Payment.ID as number;
}

let users = 0;
/** A new user of `merchantId` (null: operator) with `role`, signed in with a chosen password. */
export async function signedInAs(gw: Gateway, merchantId: string | null, role: DashboardRole): Promise<DashboardClient> {
  const email = `${role}-${(users += 1)}-${Date.now()}@refunds.example`;
  const added = await addUser({ store: gw.services.store, clock: () => new Date() }, { cli: 'cli' }, { email, merchantId, role });
  assert.ok(added.ok, JSON.stringify(added));
  const client = new DashboardClient(gw.base);
  await client.firstSignIn(email, added.oneTimePassword, PASSWORD);
  return client;
}

/** Posts a CSV file to the mass-refund upload form, as a browser does. */
export async function uploadCsv(
  client: DashboardClient,
  csv: string,
  fields: Record<string, string>,
  fileName = 'refunds.csv',
): Promise<DashboardAnswer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([csv], { type: 'text/csv' }), fileName);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${client.base}/dashboard/mass-refunds`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form });
  return { status: res.status, text: await res.text(), location: res.headers.get('location'), headers: res.headers };
}
