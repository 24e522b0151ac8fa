/**
 * Bank transfers paid through the sandbox bank (POST /sandbox/customer action "transfer"), over real
 * HTTP, with the notifications the merchant receives: full, short then the rest, over, late,
 * unmatched, another currency; the same bank transaction twice, and twice at once, applied once;
 * a notice not signed by the bank refused. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';

function bankPayment(ref: string, extra: Record<string, unknown> = {}): unknown {
  return {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 400,
      Currency: 'PLN',
      ReturnURL: 'http://demo.smart2pay.com/redirect.php',
      Description: 'BankTransferTestdetails',
      MethodID: '1',
      BillingAddress: { Country: 'DE' },
      Customer: { FirstName: 'John', LastName: 'Doe' },
      ...extra,
    },
  };
}

async function transfer(gw: Gateway, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${gw.base}/sandbox/customer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'transfer', ...body }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

for (const kind of storeKinds) {
  describe(`bank transfers through the sandbox bank, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    const create = async (ref: string, extra: Record<string, unknown> = {}) => {
      const res = await gw.gp('POST', '/v1/payments', bankPayment(ref, extra));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.Payment as Record<string, any>;
    };
    const statusOf = async (id: number) => (await gw.gp('GET', `/v1/payments/${id}`)).json.Payment as Record<string, any>;

    it('full: the payment succeeds and the merchant is notified with Status 2', async () => {
      const p = await create('bt-full');
      const sent = await transfer(gw, { url: p.RedirectURL });
      assert.equal(sent.status, 200, JSON.stringify(sent.json));
      assert.deepEqual(sent.json.sent.amount, 93);
      assert.equal(sent.json.gateway.body.received[0].outcome, 'paid');
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID);
      assert.deepEqual((note.json.Payment as any).Status, { ID: 2, Info: 'Success', Reasons: null });
      assert.equal((note.json.Payment as any).Details.PaidAmount, '93');
      const now = await statusOf(p.ID);
      assert.equal(now.Status.ID, 2);
      assert.equal(now.RedirectURL, null);
      // a person pays money back from the account: no automatic refund
      const refund = await gw.gp('POST', `/v1/payments/${p.ID}/refunds`, { Refund: { MerchantTransactionID: 'bt-full-r1', Amount: 400 } });
      assert.equal(refund.status, 201);
      assert.equal(refund.json.Refund.Status.ID, 4);
      assert.match(refund.json.Refund.Status.Reasons[0].Info, /a person pays the money back/);
      assert.equal((await statusOf(p.ID)).Status.ID, 2, 'still paid');
    });

    it('short, then the rest: open with what arrived shown, then paid', async () => {
      const p = await create('bt-short');
      const first = await transfer(gw, { url: p.RedirectURL, amount: 50 });
      assert.equal(first.json.gateway.body.received[0].outcome, 'partial');
      const open = await statusOf(p.ID);
      assert.equal(open.Status.ID, 1);
      assert.deepEqual([open.Details.PaidAmount, open.Details.PaidCurrency], ['50', 'EUR']);
      const page = await (await fetch(p.RedirectURL)).text();
      assert.match(page, /Received so far: <strong>0\.50 EUR<\/strong>/);
      // the page now asks for the rest
      const rest = await transfer(gw, { url: p.RedirectURL });
      assert.equal(rest.json.sent.amount, 43);
      assert.equal(rest.json.gateway.body.received[0].outcome, 'paid');
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID);
      assert.equal((note.json.Payment as any).Status.ID, 2);
      assert.equal((note.json.Payment as any).Details.PaidAmount, '93');
    });

    it('over: paid, and the surplus is listed for a person', async () => {
      const p = await create('bt-over');
      const sent = await transfer(gw, { url: p.RedirectURL, amount: 150 });
      assert.equal(sent.json.gateway.body.received[0].outcome, 'overpaid');
      assert.equal((await statusOf(p.ID)).Status.ID, 2);
      const held = await gw.services.store.incomingTransfers.list(['overpaid'], 10);
      assert.ok(held.some((t) => t.paymentId === p.ID && /0\.57 EUR too much/.test(t.note ?? '')));
    });

    it('late (value date after the payment expires): held for a person, never applied', async () => {
      const p = await create('bt-late', { TokenLifetime: 1 });
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const sent = await transfer(gw, { url: p.RedirectURL, valueDate: tomorrow });
      assert.equal(sent.json.gateway.body.received[0].outcome, 'late');
      assert.equal((await statusOf(p.ID)).Status.ID, 1, 'still open, nothing applied');
      // once it has expired, its page shows no instructions: a late transfer then comes by statement (bank-transfer-import.test.ts)
      await gw.services.store.payments.update(p.ID, { status: 'expired' });
      const ended = await transfer(gw, { url: p.RedirectURL });
      assert.equal(ended.status, 400);
      assert.match(ended.json.message, /no bank transfer instructions/);
    });

    it('unmatched reference and another currency: held for a person', async () => {
      const p = await create('bt-unmatched');
      const wrongRef = await transfer(gw, { url: p.RedirectURL, reference: 'RF00NOSUCHREF' });
      assert.equal(wrongRef.json.gateway.body.received[0].outcome, 'unmatched');
      const wrongCcy = await transfer(gw, { url: p.RedirectURL, currency: 'USD' });
      assert.equal(wrongCcy.json.gateway.body.received[0].outcome, 'wrong_currency');
      assert.equal((await statusOf(p.ID)).Status.ID, 1);
      const listed = await gw.services.store.incomingTransfers.list(['unmatched', 'wrong_currency'], 50);
      assert.ok(listed.some((t) => t.reference === 'RF00NOSUCHREF' && t.paymentId === null));
    });

    it('the same bank transaction twice, and twice at once: applied once, one notification', async () => {
      const p = await create('bt-twice');
      const [a, b] = await Promise.all([
        transfer(gw, { url: p.RedirectURL, amount: 40, transactionId: 'TX-SAME-1' }),
        transfer(gw, { url: p.RedirectURL, amount: 40, transactionId: 'TX-SAME-1' }),
      ]);
      const dup = [a, b].map((r) => r.json.gateway.body.received[0].duplicate).sort();
      assert.deepEqual(dup, [false, true]);
      const again = await transfer(gw, { url: p.RedirectURL, amount: 40, transactionId: 'TX-SAME-1' });
      assert.equal(again.json.gateway.body.received[0].duplicate, true);
      const now = await statusOf(p.ID);
      assert.equal(now.Details.PaidAmount, '40', 'applied once');
      assert.equal(now.Status.ID, 1);
    });

    it('a notice not signed by the bank is refused and keeps nothing', async () => {
      const body = JSON.stringify({
        transactions: [{ id: 'FORGED', reference: 'X', amount: 1, currency: 'EUR', valueDate: '2026-01-01' }],
      });
      const res = await fetch(`${gw.base}/connectors/banktransfer/transfers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bank-signature': 'sha256=00' },
        body,
      });
      assert.equal(res.status, 400);
      const all = await gw.services.store.incomingTransfers.list(['unmatched'], 100);
      assert.ok(!all.some((t) => t.transactionId === 'FORGED'));
      const unknown = await fetch(`${gw.base}/connectors/kakaopay/transfers`, { method: 'POST', body });
      assert.equal(unknown.status, 404);
    });
  });
}
