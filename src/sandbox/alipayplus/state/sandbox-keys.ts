/**
 * The RSA key pairs the sandbox keeps. Its own, with which it signs its answers and notifications;
 * and, for the built-in developer portal (../portal.ts), one per acquirer client it made keys for,
 * as Alipay+'s developer centre generates a key pair for a new sandbox app. Each is generated the
 * first time it is asked for and kept in the state, so that a restarted sandbox, or another process
 * on the same PostgreSQL state, uses the same keys.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { StateDb } from './state-db.js';

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

function generate(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
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
  const made = generate();
  return db.run(async (tx) => {
    await tx.add('key', id, made);
    return (await tx.get<KeyPairPem>('key', id))!;
  });
}

export function sandboxKeyPair(db: StateDb): Promise<KeyPairPem> {
  return keptKeyPair(db, 'sandbox');
}

/** The key pair the portal made for an acquirer client id. */
export function portalKeyPair(db: StateDb, clientId: string): Promise<KeyPairPem> {
  return keptKeyPair(db, `acquirer:${clientId}`);
}
