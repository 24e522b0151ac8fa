/**
 * Every dashboard screen through axe-core in Chromium, on a desktop and on a phone: no serious or
 * critical violation of WCAG 2.x A/AA or axe's best practices. axe is injected by the test (the
 * pages' CSP allows no inline script, so the context bypasses CSP for the test's own script only).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import axe from 'axe-core';
import { devices, type BrowserContextOptions, type Page } from 'playwright-core';
import { DEMO_USER_EMAIL } from '../../src/core/dashboard/dashboard-policy.js';
import { hashPassword } from '../../src/core/dashboard/password-hash.js';
import { browserSession } from '../helpers/browser-session.js';

const AXE = axe.source;
const session = browserSession('dashboard-accessibility');
const PASSWORD = 'accessible password 2026';

/** The signed-in screens, by path. */
const SCREENS = [
  '/dashboard',
  '/dashboard/password',
  '/dashboard/payments',
  '/dashboard/mass-refunds',
  '/dashboard/reports',
  '/dashboard/analytics',
  '/dashboard/data-api',
  '/dashboard/settings',
  '/dashboard/settings/security',
];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const { violations, passed } = await page.evaluate(async () => {
    type Axe = { run(ctx: Document, opts: object): Promise<{ violations: Violation[]; passes: unknown[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } });
    return { violations: result.violations, passed: result.passes.length };
  });
  assert.ok(passed > 5, `axe checked the page (${passed} rules passed)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [device, options] of [
  ['desktop', { viewport: { width: 1280, height: 800 } } as BrowserContextOptions],
  ['phone', devices['iPhone 13']],
] as const) {
  describe(`dashboard accessibility on a ${device}`, () => {
    it('finds no serious or critical axe violation on the sign-in page or any signed-in screen', async () => {
      const store = session.gw.services.store;
      const demo = await store.dashboardUsers.getByEmail(DEMO_USER_EMAIL);
      assert.ok(demo, 'the demo user exists with the sandbox on');
      await store.dashboardUsers.update(demo.id, { passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
      const ctx = await session.browser.newContext({ ...options, bypassCSP: true });
      try {
        const page = await ctx.newPage();
        await page.goto(`${session.gw.base}/dashboard/login`);
        assert.deepEqual(await seriousViolations(page), [], 'the sign-in page');
        await page.getByLabel('E-mail').fill(DEMO_USER_EMAIL);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');
        // a paid payment, for its page and its refund form
        const made = await session.gw.gp('POST', '/v1/payments', {
          Payment: {
            MerchantTransactionID: `a11y-${device}-${Date.now()}`,
            Amount: 1000,
            Currency: 'KRW',
            MethodID: 1135,
            ReturnURL: 'http://shop.example/r',
          },
        });
        assert.equal(made.status, 201, JSON.stringify(made.json));
        await session.gw.customer(made.json.Payment.RedirectURL as string, 'approve');
        const id = made.json.Payment.ID as number;
        for (const path of [...SCREENS, `/dashboard/payments/${id}`, `/dashboard/payments/${id}/refund`]) {
          const answer = await page.goto(`${session.gw.base}${path}`);
          assert.equal(answer?.status(), 200, path);
          assert.deepEqual(await seriousViolations(page), [], path);
        }
      } finally {
        await ctx.close();
      }
    });
  });
}
