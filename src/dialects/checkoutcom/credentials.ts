/** Checkout.com-shaped key material: what `walletgate merchant add-key --dialect checkoutcom` hands out. */
import { randomBytes } from 'node:crypto';

function base32(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(n)].map((b) => alphabet[b & 31]).join('');
}

/** A Checkout.com-shaped sandbox secret key (`sk_sbox_` + 27 base32 characters), sent by the SDK as a Bearer token. */
export function generateCheckoutcomKey(): string {
  return 'sk_sbox_' + base32(27);
}

/** A Checkout.com-shaped processing channel id, `pc_` + 26 base32 characters. */
export function generateProcessingChannelId(): string {
  return 'pc_' + base32(26);
}
