/**
 * The RSA key pairs the sandbox keeps. Its own, with which it signs its answers and notifications;
 * and, for the built-in developer portal (../portal.ts), one per acquirer client it made keys for,
 * as Alipay+'s developer centre generates a key pair for a new sandbox app. Each is kept in the state,
 * so that a restarted sandbox, or another process on the same PostgreSQL state, uses the same keys.
 *
 * A key pair is made the first time something needs it (a signed request or answer, the portal, the
 * public key), not when the sandbox starts: a 2048-bit RSA key takes 100–400 ms of CPU to make, and a
 * walletgate that never sees an Alipay+ payment (most test processes, a KakaoPay-only sandbox) never
 * pays it. It is made off the event loop, so the requests meanwhile are answered.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { StateDb } from './state-db.js';

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A key pair asked for when needed: made (or read) once, asked for again only after a failure. */
export type LazyKeyPair = () => Promise<KeyPairPem>;

const generateRsa = promisify(generateKeyPair);

async function generate(): Promise<KeyPairPem> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** The key pair kept under `id`; the first process to ask makes it, every other one reads that one. */
async function keptKeyPair(db: StateDb, id: string): Promise<KeyPairPem> {
  const kept = await db.run((tx) => tx.get<KeyPairPem>('key', id));
  if (kept) return kept;
  const made = await generate();
  return db.run(async (tx) => {
    await tx.add('key', id, made);
    return (await tx.get<KeyPairPem>('key', id))!;
  });
}

function lazy(db: StateDb, id: string): LazyKeyPair {
  let pending: Promise<KeyPairPem> | undefined;
  return () => {
    pending ??= keptKeyPair(db, id).catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}

export function sandboxKeyPair(db: StateDb): LazyKeyPair {
  return lazy(db, 'sandbox');
}

/** The key pair the portal made for an acquirer client id. */
export function portalKeyPair(db: StateDb, clientId: string): LazyKeyPair {
  return lazy(db, `acquirer:${clientId}`);
}
