// Where the browser tests (test/browser/) find Chromium, and the one line to say when it is not there.
import { accessSync, constants, statSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH, or Debian's Chromium. */
export function chromiumExecutable(env = process.env) {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/** undefined when Chromium is there; otherwise one line saying what is missing and how to get it. */
export function missingChromium(env = process.env) {
  const path = chromiumExecutable(env);
  try {
    accessSync(path, constants.X_OK);
    if (statSync(path).isFile()) return undefined;
  } catch {
    // missing or not executable: said below
  }
  return env.CHROMIUM_PATH
    ? `Chromium not found: CHROMIUM_PATH=${path} is not an executable file. Point CHROMIUM_PATH at a Chromium or Chrome binary, or unset it to use ${DEFAULT_CHROMIUM} (apt-get install chromium).`
    : `Chromium not found at ${DEFAULT_CHROMIUM}, which the browser tests (test/browser/) need: apt-get install chromium, or set CHROMIUM_PATH to a Chromium or Chrome binary.`;
}
