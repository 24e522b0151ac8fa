/**
 * The sandbox bank's own page (GET/POST /sandbox/bank), over real HTTP: linked from a Bank Transfer
 * payment's instructions page, filled in from them; paying in full, short, over and late sends the
 * signed credit notice and shows what walletgate answered; bad input is a 400 page that sends nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { bankTransferRequest } from '../helpers/bank-transfer-payments.js';

const value = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

describe('the sandbox bank page', () => {
  let gw: Gateway;
  before(async () => {
    gw = await startGateway('sqlite');
  });
  after(async () => gw.close());

  const create = async (ref: string) => {
    const res = await gw.gp('POST', '/v1/payments', bankTransferRequest(ref, { ReturnURL: 'http://x.test/r' }));
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return res.json.Payment as { ID: number; RedirectURL: string; ReferenceDetails: { ReferenceNumber: string } };
  };
  const pay = async (form: Record<string, string>) => {
    const res = await fetch(`${gw.base}/sandbox/bank`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, html: await res.text() };
  };
  const statusOf = async (id: number) =>
    (await gw.gp('GET', `/v1/payments/${id}`)).json.Payment as { Status: { ID: number }; Details: { PaidAmount?: string } | null };

  it('linked from the instructions page, filled in from them; short then full pays the payment', async () => {
    const p = await create('bank-page-1');
    const instructions = await (await fetch(p.RedirectURL)).text();
    const link = /href="([^"]+)" data-intent="sandbox-bank"/.exec(instructions)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(link, 'the instructions page links the sandbox bank');
    const page = await (await fetch(new URL(link, gw.base))).text();
    assert.match(page, /Make a transfer/);
    const form = Object.fromEntries(['pay', 'iban', 'reference', 'amount', 'currency', 'payer'].map((n) => [n, value(page, n) ?? '']));
    assert.deepEqual(
      [form.reference, form.amount, form.currency, form.iban],
      [p.ReferenceDetails.ReferenceNumber, '0.93', 'EUR', 'DE72 5002 1000 0010 1264 23'],
    );
    assert.equal(form.pay, p.RedirectURL);

    const short = await pay({ ...form, how: 'short' });
    assert.equal(short.status, 200);
    assert.match(short.html, /Sent 0\.46 EUR \(short\): walletgate says &quot;partial&quot;/);
    assert.match(short.html, /data-result="sent"/);
    assert.deepEqual([(await statusOf(p.ID)).Status.ID, (await statusOf(p.ID)).Details?.PaidAmount], [1, '46']);
    const full = await pay({ ...form, amount: '0.47', how: 'full' });
    assert.match(full.html, /walletgate says &quot;paid&quot;/);
    assert.match(full.html, /href="[^"]+" data-intent="back"/);
    assert.equal((await statusOf(p.ID)).Status.ID, 2);
  });

  it('over and late: walletgate says overpaid and late', async () => {
    const [over, late] = await Promise.all([create('bank-page-over'), create('bank-page-late')]);
    const formOf = async (p: { RedirectURL: string }) => {
      const html = await (await fetch(`${gw.base}/sandbox/bank?pay=${encodeURIComponent(p.RedirectURL)}`)).text();
      return Object.fromEntries(['pay', 'iban', 'reference', 'amount', 'currency', 'payer'].map((n) => [n, value(html, n) ?? '']));
    };
    assert.match(
      (await pay({ ...(await formOf(over)), how: 'over' })).html,
      /Sent 1\.93 EUR \(over\): walletgate says &quot;overpaid&quot;/,
    );
    const lateAnswer = await pay({ ...(await formOf(late)), how: 'late' });
    assert.match(lateAnswer.html, /walletgate says &quot;late&quot;/);
    assert.equal((await statusOf(late.ID)).Status.ID, 1, 'a late transfer is not applied');
  });

  it('bad input: a 400 page, nothing sent; a link that is no payment says so', async () => {
    const p = await create('bank-page-bad');
    const bad = await pay({
      pay: p.RedirectURL,
      iban: 'DE72',
      reference: p.ReferenceDetails.ReferenceNumber,
      amount: '0.931',
      currency: 'EUR',
      payer: 'x',
      how: 'full',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /&quot;0\.931&quot; is not an amount/);
    assert.equal((await statusOf(p.ID)).Details?.PaidAmount ?? null, null);
    const nowhere = await (await fetch(`${gw.base}/sandbox/bank?pay=${encodeURIComponent(`${gw.base}/pay/nope`)}`)).text();
    assert.match(nowhere, /shows no bank transfer instructions/);
  });
});
