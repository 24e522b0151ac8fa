/**
 * Checkout.com-style identifiers: `pay_`, `act_`, `src_`, `cus_` followed by 26 lower-case base32
 * characters, like Checkout.com's own. Each one is the core record's id sealed in one AES block, so
 * ids are stable (derived, not stored), do not reveal how many payments a gateway has made, and
 * anything not made here fails to decode (→ 404) instead of hitting the database.
 * The key is fixed: this hides sequence numbers, it is not access control (merchant scoping is).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

/** What a Checkout.com id names. Actions of a payment share its number and differ in kind. */
export const ID_KINDS = {
  payment: { prefix: 'pay_', tag: 0x01 },
  authorization: { prefix: 'act_', tag: 0x02 },
  capture: { prefix: 'act_', tag: 0x03 },
  refund: { prefix: 'act_', tag: 0x04 },
  void: { prefix: 'act_', tag: 0x05 },
  source: { prefix: 'src_', tag: 0x06 },
  customer: { prefix: 'cus_', tag: 0x07 },
} as const;
export type IdKind = keyof typeof ID_KINDS;

const KEY = Buffer.from('77616c6c657467617465636b6f696473', 'hex'); // "walletgateckoids"
const MAGIC = [0x77, 0x67]; // "wg"
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * One cipher each way for the process: ECB seals every 16-byte block on its own, so a cipher fed
 * whole blocks through update() (never final(), no padding) answers each block at once and can go
 * on for ever. Making a cipher per id cost about 4 % of a Checkout.com create's CPU (four ids each).
 * Every caller hands exactly one block.
 */
const sealer = createCipheriv('aes-128-ecb', KEY, null).setAutoPadding(false);
const opener = createDecipheriv('aes-128-ecb', KEY, null).setAutoPadding(false);

function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(s: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * Ids made lately, by kind and number: rendering one payment (its answer, its webhook, its links)
 * names the same few ids several times, each an AES block and a base32 text. An id never changes,
 * so nothing here goes stale; the map starts over when full.
 */
const made = new Map<string, string>();
const MAX_MADE = 4_096;

export function ckoId(kind: IdKind, id: number): string {
  const key = `${ID_KINDS[kind].tag}:${id}`;
  const known = made.get(key);
  if (known !== undefined) return known;
  const block = Buffer.alloc(16);
  block[0] = MAGIC[0]!;
  block[1] = MAGIC[1]!;
  block[2] = ID_KINDS[kind].tag;
  block.writeBigUInt64BE(BigInt(id), 3);
  const sealed = sealer.update(block);
  const out = ID_KINDS[kind].prefix + base32(sealed);
  if (made.size >= MAX_MADE) made.clear();
  made.set(key, out);
  return out;
}

/** The core id behind a Checkout.com id of one of `kinds`, or undefined when it is not one. */
export function parseCkoId(kinds: readonly IdKind[], value: string): { kind: IdKind; id: number } | undefined {
  const m = /^([a-z]{3}_)([a-z2-7]{26})$/.exec(value);
  if (!m) return undefined;
  const raw = unbase32(m[2]!);
  if (!raw || raw.length !== 16) return undefined;
  const block = opener.update(raw);
  if (block[0] !== MAGIC[0] || block[1] !== MAGIC[1] || !block.subarray(11).every((b) => b === 0)) return undefined;
  const kind = kinds.find((k) => ID_KINDS[k].tag === block[2] && ID_KINDS[k].prefix === m[1]);
  if (!kind) return undefined;
  const big = block.readBigUInt64BE(3);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const id = Number(big);
  // the last character carries 2 padding bits: only the canonical spelling is accepted
  return ckoId(kind, id) === value ? { kind, id } : undefined;
}

/** A Checkout.com id of one kind → the core id, or undefined. */
export function parseId(kind: IdKind, value: string): number | undefined {
  return parseCkoId([kind], value)?.id;
}
