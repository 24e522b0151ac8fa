/**
 * Each wallet's pages of the Alipay+ sandbox over HTTP, as the sandbox customer driver walks them:
 * approve goes through every step with the wallet's test data (the placeholders) and pays (or
 * agrees, with an authCode back); cancel and fail are one press on the first step; a wrong-length
 * input shows the step again, HTTP 200, with the error; [decline] still refuses at the last step.
 * On SQLite and on PostgreSQL (the pages read and write the sandbox's state).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { driveCustomer } from '../../src/sandbox/customer-driver.js';
import { storeKinds } from '../helpers/stores.js';
import { startApsHarness } from './alipayplus-harness.js';
import type { ApsHarness } from './alipayplus-harness.js';
import { WALLET_CASES, walletStarter } from './alipayplus-wallet-cases.js';
import type { WalletStarter } from './alipayplus-wallet-cases.js';

/** Posts a step's form the way a browser does. */
async function post(url: string, fields: Record<string, string>): Promise<{ status: number; html: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text() };
}

for (const kind of storeKinds) {
  describe(`Alipay+ sandbox wallet pages driven over HTTP (${kind})`, () => {
    let h: ApsHarness;
    let w: WalletStarter;
    before(async () => {
      h = await startApsHarness(kind);
      w = walletStarter(h);
    });
    after(() => h?.close());

    for (const c of WALLET_CASES) {
      it(`${c.name}: approve walks ${c.pay.length} steps and pays; cancel closes; fail declines`, async () => {
        const paid = await w.start(c, { recurring: false });
        const page = await (await fetch(paid.url)).text();
        assert.match(page, new RegExp(`<html lang="${c.lang}">`));
        assert.match(page, /SANDBOX/);
        const drove = await driveCustomer({ url: paid.url, action: 'approve' });
        assert.equal(drove.finalUrl, paid.back);
        const posts = drove.steps.filter((s) => s.method === 'POST');
        assert.equal(posts.length, c.pay.length, 'one form per step');
        assert.ok(
          posts.every((s) => s.status === 200 || s.status === 303),
          JSON.stringify(drove.steps),
        );
        assert.equal(await paid.state(), 'succeeded');

        const cancelled = await w.start(c, { recurring: false });
        assert.equal((await driveCustomer({ url: cancelled.url, action: 'cancel' })).finalUrl, cancelled.back);
        assert.equal(await cancelled.state(), 'abandoned');

        const failed = await w.start(c, { recurring: false });
        assert.equal((await driveCustomer({ url: failed.url, action: 'fail' })).finalUrl, failed.back);
        assert.equal(await failed.state(), 'failed');
      });

      it(`${c.name}: a wrong-length input shows the step again with "${c.wrong.error}" (HTTP 200)`, async () => {
        const started = await w.start(c, { recurring: false });
        const typed: Record<string, string> = {};
        for (const s of c.pay.slice(0, c.wrong.step)) Object.assign(typed, s.fields);
        const fields = { ...typed, ...c.pay[c.wrong.step]!.fields, [c.wrong.field]: c.wrong.value, step: String(c.wrong.step) };
        const res = await post(started.url, fields);
        assert.equal(res.status, 200);
        assert.match(res.html, /role="alert"/);
        assert.ok(res.html.includes(c.wrong.error.replace(/'/g, '&#39;')), res.html.slice(0, 400));
        assert.match(res.html, new RegExp(`name="step" value="${c.wrong.step}"`), 'the same step again');
        assert.equal(await started.state(), 'pending', 'nothing settled');
      });

      it(`${c.name}: an auto debit authorization walks ${c.authorize.length} steps and returns an authCode; cancel returns an error`, async () => {
        const auth = await w.start(c, { recurring: true });
        const drove = await driveCustomer({ url: auth.url, action: 'approve' });
        const back = new URL(drove.finalUrl);
        assert.equal(back.origin + back.pathname, auth.back);
        assert.match(back.searchParams.get('authCode') ?? '', /^CODE[0-9a-f]{24}$/);
        assert.equal(drove.steps.filter((s) => s.method === 'POST').length, c.authorize.length);

        const refused = await w.start(c, { recurring: true });
        const left = new URL((await driveCustomer({ url: refused.url, action: 'cancel' })).finalUrl);
        assert.equal(left.searchParams.get('error'), 'USER_CANCELLED');
        assert.equal(left.searchParams.get('authCode'), null);
      });
    }

    it('[decline] refuses at the last step of a multi-step wallet (GCash): failed', async () => {
      const gcash = WALLET_CASES.find((c) => c.type === 'GCASH')!;
      const started = await w.start(gcash, { recurring: false, itemName: 'Load [decline]' });
      const drove = await driveCustomer({ url: started.url, action: 'approve' });
      assert.equal(drove.finalUrl, started.back);
      assert.equal(await started.state(), 'failed');
    });

    it('an agreement posted without the T&C box ticked shows the agreement again', async () => {
      const tm = WALLET_CASES.find((c) => c.type === 'TRUEMONEY')!;
      const auth = await w.start(tm, { recurring: true });
      const res = await post(auth.url, { step: '1', phone: '1234567812', pin: '1234' });
      assert.equal(res.status, 200);
      assert.match(res.html, /Tick the box to accept the terms/);
      assert.match(res.html, /name="step" value="1"/);
    });
  });
}
