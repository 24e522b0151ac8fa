/** The password `walletgate user add|reset` shows once; the user must choose their own at first sign-in. */
import { randomInt } from 'node:crypto';

// no 0/O, 1/l/I: read off a terminal and typed by a person
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Four groups of five (about 116 bits), e.g. `q7Rmx-…`. */
export function newOneTimePassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}
