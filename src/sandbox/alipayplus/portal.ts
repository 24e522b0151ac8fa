/**
 * The sandbox's developer portal: what Alipay+'s developer centre gives a new sandbox app, over HTTP.
 * `GET …/portal/credentials` answers the portal client's id, the RSA private key the portal made for
 * it, the sandbox's public key and the key version, so that an acquirer (walletgate with the sandbox
 * on) needs no key configured. Sandbox keys only: never a real acquirer's.
 */
import type { FastifyInstance } from 'fastify';
import type { LazyKeyPair } from './state/sandbox-keys.js';

export interface PortalCredentials {
  clientId: string;
  privateKeyPem: string;
  alipayPublicKeyPem: string;
  keyVersion: string;
}

export function portalRoutes(app: FastifyInstance, clientId: string, acquirer: LazyKeyPair, sandbox: LazyKeyPair): void {
  app.get('/portal/credentials', async (_req, reply) => {
    const [client, own] = await Promise.all([acquirer(), sandbox()]);
    const credentials: PortalCredentials = {
      clientId,
      privateKeyPem: client.privateKeyPem,
      alipayPublicKeyPem: own.publicKeyPem,
      keyVersion: '1',
    };
    return reply.header('cache-control', 'no-store').send(credentials);
  });
}
