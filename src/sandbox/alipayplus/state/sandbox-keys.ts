/**
 * The sandbox's own RSA key pair, with which it signs its answers and notifications. Generated the
 * first time the state is opened and kept in it, so that a restarted sandbox signs with the same key
 * and an acquirer configured with its public key keeps working.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { StateDb } from './state-db.js';

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export async function sandboxKeyPair(db: StateDb): Promise<KeyPairPem> {
  return db.run(async (tx) => {
    const kept = await tx.get<KeyPairPem>('key', 'sandbox');
    if (kept) return kept;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const made = { privateKeyPem: privateKey, publicKeyPem: publicKey };
    await tx.put('key', 'sandbox', made);
    return made;
  });
}
