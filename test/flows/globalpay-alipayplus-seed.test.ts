/**
 * Seed 004's wallet examples pasted as written (only the base URL changes; the Basic headers are
 * the seed's own, both keys of the demo site 30201) through a real walletgate: GlobalPay API, the
 * Alipay+ sandbox (AlipayHK, DANA, GCash, TrueMoney, Touch 'n Go) or the KakaoPay sandbox, the
 * sandbox customer approving in the wallet, and the notifications delivered to a merchant receiver.
 * On SQLite and on PostgreSQL.
 *
 * Each answer and notification is compared with the seed's AlipayHK one (the six wallets' differ
 * only in their request's values). Where walletgate answers otherwise, on purpose, the rule below
 * says why (docs/globalpay.md "Deviations from GlobalPay"):
 * - SiteID is the site the request authenticated as: the seed's DANA, GCash and KakaoPay answers
 *   show 30597 although their own header is SiteID 30201;
 * - the preapproval notification is the same object as the API's (as the seed's prose says: "the
 *   same structure as the response of the initial request"): Currency, RecurringPeriod and
 *   MethodOptionID keep their values, Status.Info says "Open", where the seed's example has null;
 * - a recurrent charge settles within the request (ADR 0004): its 201 shows 2 Success and
 *   CapturedAmount, where the seed shows 1 Open; the notification follows all the same;
 * - MethodTransactionID is the wallet's payment id (the seed shows null).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import {
  SEED_PAYMENT_NOTIFICATION,
  SEED_PREAPPROVAL_NOTIFICATION,
  SEED_PREAPPROVAL_RESPONSE,
  SEED_RECURRENT_RESPONSE,
} from './globalpay-seed-004-answers.js';
import { SEED_WALLET_EXAMPLES, type SeedWalletExample } from './globalpay-seed-004-wallets.js';
import { assertLikeSeed, ID, TIME, value, type SeedRule } from './seed-comparison.js';

const SITE = value(30201, 'the SiteID of the Basic header the request was sent with');

/** What the wallet's own request says, in place of the AlipayHK example's values. */
function requestValues(root: 'Preapproval' | 'Payment', request: Record<string, any>): Record<string, SeedRule> {
  const keys =
    root === 'Preapproval'
      ? ['MethodID', 'MerchantPreapprovalID', 'Description']
      : ['MethodID', 'MerchantTransactionID', 'Currency', 'Description'];
  const rules: Record<string, SeedRule> = Object.fromEntries(keys.map((k) => [`${root}.${k}`, value(request[k])]));
  rules[`${root}.BillingAddress.Country`] = value(request.BillingAddress.Country);
  if (root === 'Payment') rules['Payment.Amount'] = value(String(request.Amount), 'minor units, as a string');
  return rules;
}

function preapprovalRules(w: SeedWalletExample, request: Record<string, any>, notification: boolean): Record<string, SeedRule> {
  const rules: Record<string, SeedRule> = {
    ...requestValues('Preapproval', request),
    'Preapproval.ID': ID,
    'Preapproval.Created': TIME,
    'Preapproval.SiteID': SITE,
    'Preapproval.Customer.ID': ID,
    'Preapproval.BillingAddress.ID': ID,
  };
  if (!notification) {
    rules['Preapproval.Currency'] = value(w.currency);
    rules['Preapproval.RedirectURL'] = {
      kind: 'match',
      pattern: /^http:\/\/127\.0\.0\.1:\d+\/pay\/[\w-]{20,}$/,
      why: "walletgate's landing page",
    };
  } else {
    const same = 'the notification is the API object';
    rules['Preapproval.Currency'] = value(w.currency, same);
    rules['Preapproval.RecurringPeriod'] = value(0, same);
    rules['Preapproval.MethodOptionID'] = value(0, same);
    rules['Preapproval.Status'] = value({ ID: 2, Info: 'Open', Reasons: null }, same);
  }
  return rules;
}

function paymentRules(request: Record<string, any>, preapprovalId: number, notification: boolean): Record<string, SeedRule> {
  const rules: Record<string, SeedRule> = {
    ...requestValues('Payment', request),
    'Payment.ID': ID,
    'Payment.Created': TIME,
    'Payment.SiteID': SITE,
    'Payment.BillingAddress.ID': ID,
    'Payment.PreapprovalID': value(preapprovalId),
    'Payment.CapturedAmount': value(String(request.Amount), 'ADR 0004: charged within the request'),
    'Payment.Status': value({ ID: 2, Info: 'Success', Reasons: null }, 'ADR 0004: settled within the request'),
    'Payment.MethodTransactionID': { kind: 'match', pattern: /^\S+$/, why: "the wallet's payment id" },
  };
  if (notification) {
    rules['Payment.NotificationDateTime'] = TIME;
    rules['Payment.ReturnURL'] = value(null, 'the same ReturnURL as the API answer: none was sent');
  }
  return rules;
}

function assertAllRulesUsed(used: Set<string>, rules: Record<string, SeedRule>): void {
  assert.deepEqual(
    Object.keys(rules).filter((p) => !used.has(p)),
    [],
    'every rule names a field of the seed',
  );
}

for (const kind of storeKinds) {
  describe(`seed 004 wallet examples pasted as written, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    for (const w of SEED_WALLET_EXAMPLES) {
      it(`${w.name} (${w.methodId}): preapproval → the customer approves → notification → recurring payment → notification`, async () => {
        const preRequest = JSON.parse(w.preapproval).Preapproval;
        const created = await gw.gp('POST', '/v1/preapprovals', w.preapproval, w.auth);
        assert.equal(created.status, 201, JSON.stringify(created.json));
        const rules = preapprovalRules(w, preRequest, false);
        assertAllRulesUsed(assertLikeSeed(created.json, JSON.parse(SEED_PREAPPROVAL_RESPONSE), rules), rules);
        const pre = created.json.Preapproval;

        const walked = await gw.customer(pre.RedirectURL, 'approve');
        assert.equal(walked.status, 200, JSON.stringify(walked.json));
        assert.equal(
          walked.json.finalUrl,
          `http://demo.smart2pay.com/redirect.php?data=2&PreapprovalID=${pre.ID}&MerchantPreapprovalID=${preRequest.MerchantPreapprovalID}`,
        );

        const preNote = await gw.receiver.waitFor((n) => (n.json.Preapproval as any)?.ID === pre.ID);
        assert.equal(preNote.headers.authorization, w.auth, "signed with the key the preapproval was made with, as the seed's is");
        assert.equal(preNote.headers['content-type'], 'application/json; charset=utf-8');
        assert.equal(preNote.answeredWith, 204);
        const noteRules = preapprovalRules(w, preRequest, true);
        assertAllRulesUsed(assertLikeSeed(preNote.json, JSON.parse(SEED_PREAPPROVAL_NOTIFICATION), noteRules), noteRules);

        const got = await gw.gp('GET', `/v1/preapprovals/${pre.ID}`, undefined, w.auth);
        assert.deepEqual(got.json.Preapproval.Status, { ID: 2, Info: 'Open', Reasons: null });

        // the seed's request, with the seed's PreapprovalID replaced by this preapproval's
        const recurrent = w.recurrent.replace(/"PreapprovalID": \d+/, `"PreapprovalID": ${pre.ID}`);
        assert.notEqual(recurrent, w.recurrent);
        const recRequest = JSON.parse(recurrent).Payment;
        const charged = await gw.gp('POST', '/v1/payments/recurrent', recurrent, w.auth);
        assert.equal(charged.status, 201, JSON.stringify(charged.json));
        const payRules = paymentRules(recRequest, pre.ID, false);
        assertAllRulesUsed(assertLikeSeed(charged.json, JSON.parse(SEED_RECURRENT_RESPONSE), payRules), payRules);

        const payNote = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === charged.json.Payment.ID);
        assert.equal(payNote.headers.authorization, w.auth);
        assert.equal(payNote.answeredWith, 204);
        const payNoteRules = paymentRules(recRequest, pre.ID, true);
        assertAllRulesUsed(assertLikeSeed(payNote.json, JSON.parse(SEED_PAYMENT_NOTIFICATION), payNoteRules), payNoteRules);

        const charges = await gw.gp('GET', `/v1/preapprovals/${pre.ID}/payments`, undefined, w.auth);
        assert.deepEqual(
          charges.json.Payments.map((p: { ID: number }) => p.ID),
          [charged.json.Payment.ID],
        );
      });
    }
  });
}
