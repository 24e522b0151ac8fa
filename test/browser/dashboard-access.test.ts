/**
 * Who sees what, in Chromium: an owner makes a Data API token in the dashboard and calls the Data
 * API with it; a read-only user of the same merchant sees the payment but no refund button, and its
 * refund form answers 403; a user of another merchant finds the payment neither by search nor by
 * its URL (404), and its own Data API token does not reach it either. Screenshots go to
 * test-artifacts/dashboard-access/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { createDataApiToken } from '../../src/core/dashboard/create-data-api-token.js';
import { DEMO_USER_EMAIL } from '../../src/core/dashboard/dashboard-policy.js';
import { hashPassword } from '../../src/core/dashboard/password-hash.js';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { browserSession } from '../helpers/browser-session.js';

const session = browserSession('dashboard-access');
const PASSWORD = 'who sees what 2026';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${session.gw.base}/dashboard/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/dashboard');
}

describe('dashboard access in a browser', () => {
  it('an owner’s Data API token, a read-only user without refunds, another merchant seeing nothing', async () => {
    const { gw, browser } = session;
    const store = gw.services.store;
    const deps = { store, clock: () => new Date() };
    // the demo owner, a read-only user of demo, and the owner of another merchant
    await createMerchant(store, { id: 'other-shop', name: 'Other shop' });
    for (const [email, merchantId, role] of [
      ['reader@demo.example', 'demo', 'read-only'],
      ['owner@other.example', 'other-shop', 'owner'],
    ] as const) {
      const made = await addUser(deps, { cli: 'cli' }, { email, merchantId, role });
      assert.ok(made.ok, JSON.stringify(made));
    }
    for (const email of [DEMO_USER_EMAIL, 'reader@demo.example', 'owner@other.example']) {
      const user = (await store.dashboardUsers.getByEmail(email))!;
      await store.dashboardUsers.update(user.id, { passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
    }
    const ref = `access-${Date.now()}`;
    const made = await gw.gp('POST', '/v1/payments', {
      Payment: { MerchantTransactionID: ref, Amount: 2500, Currency: 'KRW', MethodID: 1135, ReturnURL: 'http://shop.example/r' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    await gw.customer(made.json.Payment.RedirectURL as string, 'approve');
    const id = made.json.Payment.ID as number;

    // the owner makes a token in the dashboard; its secret is shown once and opens the Data API
    const owner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await owner.newPage();
      await signIn(page, DEMO_USER_EMAIL);
      await page.goto(`${gw.base}/dashboard/data-api`);
      await page.getByLabel('Name').fill('finance export');
      await page.getByRole('button', { name: 'Make token' }).click();
      const shown = page.getByRole('status').locator('pre');
      await shown.waitFor();
      const secret = (await shown.textContent())!.trim();
      assert.match(secret, /^wgd_/);
      await session.shot(page, 'desktop-1-data-api-token');
      const listed = await fetch(`${gw.base}/dashboard/api/v1/payments?reference=${ref}`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(listed.status, 200);
      const body = (await listed.json()) as { data: { id: number }[] };
      assert.deepEqual(
        body.data.map((p) => p.id),
        [id],
      );
      await page.reload();
      assert.equal(await page.locator('pre', { hasText: secret }).count(), 0, 'the secret is not shown again');
    } finally {
      await owner.close();
    }

    // read-only: the payment, no refund button, and the refund form refused
    const reader = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await reader.newPage();
      await signIn(page, 'reader@demo.example');
      await page.goto(`${gw.base}/dashboard/payments/${id}`);
      await page.getByRole('heading', { name: new RegExp(`^Payment ${id}`) }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Refund…' }).count(), 0);
      assert.match((await page.locator('#refund-actions').textContent()) ?? '', /Your role may not refund/);
      await session.shot(page, 'desktop-2-read-only-payment');
      const form = await page.goto(`${gw.base}/dashboard/payments/${id}/refund`);
      assert.equal(form?.status(), 403);
      await session.shot(page, 'desktop-3-read-only-refund-refused');
    } finally {
      await reader.close();
    }

    // another merchant: not by search, not by URL, not by its own token
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await other.newPage();
      await signIn(page, 'owner@other.example');
      await page.goto(`${gw.base}/dashboard/payments?q=${id}`);
      await page.getByText('No payments match').waitFor();
      const byUrl = await page.goto(`${gw.base}/dashboard/payments/${id}`);
      assert.equal(byUrl?.status(), 404);
      assert.ok(!((await page.content()) ?? '').includes(ref), 'nothing of the payment is shown');
      await session.shot(page, 'desktop-4-other-merchant-404');
      const theirs = await createDataApiToken(
        { store },
        { user: (await store.dashboardUsers.getByEmail('owner@other.example'))!, ip: null },
        { merchantId: 'other-shop', name: 'theirs' },
      );
      assert.ok(theirs.ok);
      const answer = await fetch(`${gw.base}/dashboard/api/v1/payments/${id}`, { headers: { authorization: `Bearer ${theirs.secret}` } });
      assert.equal(answer.status, 404);
    } finally {
      await other.close();
    }
  });
});
