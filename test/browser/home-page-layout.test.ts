/**
 * GET / in real Chromium, at a laptop's 1280×800 and a phone's 390×844: every element stays inside
 * its card (the demo keys are long words that must wrap), nothing scrolls sideways, and the demo
 * merchant is named once as both `demo` and GlobalPay site 30201. Screenshots of each width go to
 * test-artifacts/home-page/ (git-ignored) for a person to look at.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_GLOBALPAY_KEYS } from '../../src/dialects/globalpay/demo.js';

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/home-page/', import.meta.url));

const VIEWPORTS = [
  { name: 'laptop-1280x800', width: 1280, height: 800 },
  { name: 'phone-390x844', width: 390, height: 844 },
] as const;

/** Every element of every card whose box reaches past the card's own box, described; and the page's sideways overflow. */
interface Layout {
  overflowing: string[];
  pageScrollWidth: number;
  viewportWidth: number;
  cards: number;
}

/** Loads GET / at a viewport, saves a screenshot, and returns what sticks out of its card and the main text. */
async function layoutAt(
  browser: Browser,
  base: string,
  vp: (typeof VIEWPORTS)[number],
  screenshot: string,
): Promise<{ layout: Layout; text: string }> {
  const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
  try {
    const res = await page.goto(`${base}/`);
    assert.equal(res?.status(), 200);
    await page.screenshot({ path: `${SCREENSHOTS}${screenshot}.png`, fullPage: true });
    const layout: Layout = await page.evaluate(() => {
      const overflowing: string[] = [];
      const cards = Array.from(document.querySelectorAll('.card'));
      for (const card of cards) {
        const box = card.getBoundingClientRect();
        for (const el of Array.from(card.querySelectorAll('*'))) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.left < box.left - 1 || r.right > box.right + 1) {
            overflowing.push(
              `<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').trim().slice(0, 40)}" spans ${Math.round(r.left)}–${Math.round(r.right)}, card ${Math.round(box.left)}–${Math.round(box.right)}`,
            );
          }
        }
      }
      return { overflowing, pageScrollWidth: document.documentElement.scrollWidth, viewportWidth: window.innerWidth, cards: cards.length };
    });
    return { layout, text: await page.locator('main').innerText() };
  } finally {
    await page.close();
  }
}

function assertFits(layout: Layout, width: number): void {
  assert.ok(layout.cards > 0, 'the page has cards');
  assert.deepEqual(layout.overflowing, [], `elements outside their card at ${width}px`);
  assert.ok(
    layout.pageScrollWidth <= layout.viewportWidth,
    `the page scrolls sideways: ${layout.pageScrollWidth}px wide in a ${layout.viewportWidth}px viewport`,
  );
}

describe('home page layout', () => {
  let browser: Browser;
  let gw: Gateway;
  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    gw = await startGateway('sqlite', { workers: false });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await gw?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`${vp.name}: no element leaves its card, no sideways scroll`, async () => {
      const { layout, text } = await layoutAt(browser, gw.base, vp, vp.name);
      assertFits(layout, vp.width);
      // the long keys are on the page in full (wrapped, not cut off)
      for (const key of [DEMO_GLOBALPAY_KEYS[0], DEMO_ADYEN.apiKey]) {
        assert.ok(text.replace(/\s+/g, '').includes(key), `the page shows ${key.slice(0, 12)}… in full`);
      }
    });
  }

  it('with a real KakaoPay (sandbox off): fits at both widths too, and shows no demo key', async () => {
    const real = await startGateway('sqlite', {
      workers: false,
      env: {
        KAKAOPAY_BASE_URL: 'http://127.0.0.1:9/kakaopay',
        KAKAOPAY_SECRET_KEY: 'DEVoperators-own-secret-key',
        KAKAOPAY_CID: 'CT00000001',
        KAKAOPAY_CID_SUBSCRIPTION: 'CT00000002',
      },
    });
    try {
      for (const vp of VIEWPORTS) {
        const { layout, text } = await layoutAt(browser, real.base, vp, `real-wallet-${vp.name}`);
        assertFits(layout, vp.width);
        assert.ok(!text.replace(/\s+/g, '').includes(DEMO_GLOBALPAY_KEYS[0]), 'no demo key');
        assert.match(text, /walletgate merchant create/);
      }
    } finally {
      await real.close();
    }
  });

  it('names the demo merchant once as both `demo` and GlobalPay site 30201', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${gw.base}/`);
      const heading = await page.getByRole('heading', { name: /demo merchant/i }).innerText();
      assert.match(heading, /demo merchant\s+demo\s+\(GlobalPay site 30201\)/i);
    } finally {
      await page.close();
    }
  });
});
