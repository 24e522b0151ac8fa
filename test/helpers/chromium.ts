import { chromium, type Browser } from 'playwright-core';
import { chromiumExecutable, missingChromium } from '../../scripts/chromium-check.mjs';

/** Debian's Chromium (or CHROMIUM_PATH), headless, with the flags this network needs (never a downloaded browser). */
export function launchChromium(): Promise<Browser> {
  const missing = missingChromium();
  if (missing) return Promise.reject(new Error(missing));
  return chromium.launch({
    executablePath: chromiumExecutable(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
