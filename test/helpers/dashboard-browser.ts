/** What the dashboard's browser tests do alike: check a page fits its screen, and take a new user's first sign-in. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** The page is no wider than the window (a phone scrolls down, never sideways); `slack` pixels allowed for sub-pixel rounding. */
export async function noSideways(page: Page, slack = 0): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll! <= inner! + slack, `no horizontal scrolling (${scroll} > ${inner})`);
}

/** Signs in with a one-time password (walletgate user add / reset) and chooses `password`; ends on the dashboard's home. */
export async function firstSignIn(page: Page, base: string, email: string, oneTimePassword: string, password: string): Promise<void> {
  await page.goto(`${base}/dashboard/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(oneTimePassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/dashboard/password');
  await page.getByLabel('Current password').fill(oneTimePassword);
  await page.getByLabel('New password', { exact: false }).first().fill(password);
  await page.getByLabel('New password again').fill(password);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.waitForURL((url) => url.pathname === '/dashboard');
}
