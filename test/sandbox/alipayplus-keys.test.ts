/**
 * The Alipay+ sandbox's RSA key pairs are made when first needed, not when it starts
 * (src/sandbox/alipayplus/state/sandbox-keys.ts): a sandbox that never signs makes none, the first
 * requests that need one share one, and the pair is kept in the state for a restart.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import Fastify from 'fastify';
import { alipayPlusSandboxPlugin } from '../../src/sandbox/alipayplus/plugin.js';
import type { AlipayPlusStateLocation } from '../../src/sandbox/alipayplus/plugin.js';
import { openStateDb } from '../../src/sandbox/alipayplus/state/state-db.js';
import type { KeyPairPem } from '../../src/sandbox/alipayplus/state/sandbox-keys.js';
import type { PortalCredentials } from '../../src/sandbox/alipayplus/portal.js';
import { storeKinds } from '../helpers/stores.js';
import { stateFor } from './alipayplus-harness.js';

const PORTAL_CLIENT = 'SANDBOX_PORTAL_CLIENT';

async function startSandbox(state: AlipayPlusStateLocation) {
  const app = Fastify({ logger: false });
  await app.register(alipayPlusSandboxPlugin, { prefix: '/aps', acquirers: {}, portalClientId: PORTAL_CLIENT, state });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `${origin}/aps` };
}

/** The key documents the state holds, read through a handle of its own (as another process would). */
async function keptKeys(state: AlipayPlusStateLocation): Promise<{ sandbox?: KeyPairPem; portal?: KeyPairPem }> {
  const db = await openStateDb(state);
  try {
    return await db.run(async (tx) => ({
      sandbox: await tx.get<KeyPairPem>('key', 'sandbox'),
      portal: await tx.get<KeyPairPem>('key', `acquirer:${PORTAL_CLIENT}`),
    }));
  } finally {
    await db.close();
  }
}

for (const kind of storeKinds) {
  describe(`Alipay+ sandbox keys (${kind})`, () => {
    const where = stateFor(kind);
    after(() => where.remove());

    it('a started sandbox has made no key pair; the first requests that need one share one, kept in the state', async () => {
      const sandbox = await startSandbox(where.state);
      try {
        assert.deepEqual(await keptKeys(where.state), { sandbox: undefined, portal: undefined });
        const answers = await Promise.all([
          ...Array.from({ length: 4 }, () => fetch(`${sandbox.base}/public-key`).then((r) => r.text())),
          ...Array.from({ length: 3 }, () =>
            fetch(`${sandbox.base}/portal/credentials`).then((r) => r.json() as Promise<PortalCredentials>),
          ),
        ]);
        const publicKeys = answers.filter((a): a is string => typeof a === 'string');
        const credentials = answers.filter((a): a is PortalCredentials => typeof a !== 'string');
        assert.equal(new Set(publicKeys).size, 1, 'every /public-key answer names one key');
        assert.equal(new Set(credentials.map((c) => c.privateKeyPem)).size, 1, 'every portal answer hands out one client key');
        assert.deepEqual(new Set(credentials.map((c) => c.alipayPublicKeyPem)), new Set(publicKeys));
        const kept = await keptKeys(where.state);
        assert.equal(kept.sandbox?.publicKeyPem, publicKeys[0]);
        assert.equal(kept.portal?.privateKeyPem, credentials[0]!.privateKeyPem);
        assert.notEqual(kept.portal?.publicKeyPem, kept.sandbox?.publicKeyPem, 'the client and the sandbox each have a pair of their own');
        for (const pem of [kept.sandbox!.publicKeyPem, kept.portal!.publicKeyPem]) {
          const key = createPublicKey(pem);
          assert.equal(key.asymmetricKeyType, 'rsa');
          assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
        }
      } finally {
        await sandbox.app.close();
      }
    });

    it('a sandbox restarted on the same state uses the pairs it kept', async () => {
      const before = await keptKeys(where.state);
      assert.ok(before.sandbox && before.portal, 'the test before kept both pairs');
      const sandbox = await startSandbox(where.state);
      try {
        assert.equal(await (await fetch(`${sandbox.base}/public-key`)).text(), before.sandbox.publicKeyPem);
        const credentials = (await (await fetch(`${sandbox.base}/portal/credentials`)).json()) as PortalCredentials;
        assert.equal(credentials.privateKeyPem, before.portal.privateKeyPem);
        assert.equal(credentials.alipayPublicKeyPem, before.sandbox.publicKeyPem);
      } finally {
        await sandbox.app.close();
      }
    });
  });
}
