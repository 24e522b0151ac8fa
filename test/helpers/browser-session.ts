/**
 * What every browser test file opens before its tests and closes after them: a whole walletgate on
 * SQLite and Debian's Chromium, with a folder for the screenshots a person looks at
 * (test-artifacts/{name}/, git-ignored).
 */
import { after, before } from 'node:test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startGateway, type Gateway, type GatewayOptions } from './gateway-harness.js';

export interface BrowserSession {
  /** the gateway, once the file's `before` has run */
  readonly gw: Gateway;
  /** the browser, once the file's `before` has run */
  readonly browser: Browser;
  /** A full-page screenshot as test-artifacts/{name}/{shot}.png. */
  shot(page: Page, shot: string): Promise<Buffer>;
}

/**
 * Registers the file's `before` and `after`; `ready` runs on the gateway before any test (an answer
 * the receiver should give…); `options` start the gateway (a clock the test moves…).
 */
export function browserSession(name: string, ready?: (gw: Gateway) => void, options: GatewayOptions = {}): BrowserSession {
  const folder = fileURLToPath(new URL(`../../test-artifacts/${name}/`, import.meta.url));
  let gw: Gateway | undefined;
  let browser: Browser | undefined;
  before(async () => {
    mkdirSync(folder, { recursive: true });
    gw = await startGateway('sqlite', options);
    ready?.(gw);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await gw?.close();
  });
  const opened = <T>(what: T | undefined, name: string): T => {
    if (what === undefined) throw new Error(`the ${name} is opened by the file's before(): use it inside a test`);
    return what;
  };
  return {
    get gw() {
      return opened(gw, 'gateway');
    },
    get browser() {
      return opened(browser, 'browser');
    },
    shot: (page, shot) => page.screenshot({ path: `${folder}${shot}.png`, fullPage: true }),
  };
}
