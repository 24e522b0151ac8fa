/**
 * The Alipay+ connector that reads its keys from the sandbox's developer portal
 * (src/connectors/alipayplus/portal-credentials.ts): the portal is given at least
 * PORTAL_MIN_TIMEOUT_MS, however short the wallet calls' timeout, because a sandbox asked for the
 * first time makes its key pairs before it answers; it is read once, and again after a failure.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectorWithPortalKeys, PORTAL_MIN_TIMEOUT_MS } from '../../src/connectors/alipayplus/portal-credentials.js';
import { ConnectorError, type Connector } from '../../src/core/ports/connector.js';

const CREDENTIALS = { clientId: 'SANDBOX_ACQ', privateKeyPem: 'private', alipayPublicKeyPem: 'public', keyVersion: '1' };

describe('Alipay+ keys from the sandbox portal', () => {
  let server: Server;
  let url: string;
  /** how long the portal takes to answer, and how often it was asked */
  const portal = { delayMs: 0, status: 200, asked: 0 };
  before(async () => {
    server = createServer((_req, res) => {
      portal.asked += 1;
      setTimeout(() => {
        res.writeHead(portal.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(portal.status === 200 ? CREDENTIALS : { error: 'busy' }));
      }, portal.delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/portal/credentials`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connector = (timeoutMs: number) => {
    const built: string[] = [];
    const c = connectorWithPortalKeys({ url, timeoutMs, fetch }, {}, (keys) => {
      built.push(keys.clientId);
      return { lookupPayment: async (ref: string) => ({ ref }) } as unknown as Connector;
    });
    return { c, built };
  };

  it('waits for a portal slower than the wallet timeout, up to its own floor', async () => {
    assert.ok(PORTAL_MIN_TIMEOUT_MS >= 10_000);
    Object.assign(portal, { delayMs: 400, status: 200, asked: 0 });
    const { c, built } = connector(50);
    assert.deepEqual(await c.lookupPayment('ref-1', {}), { ref: 'ref-1' });
    assert.deepEqual(await c.lookupPayment('ref-2', {}), { ref: 'ref-2' });
    assert.deepEqual(built, ['SANDBOX_ACQ'], 'built once');
    assert.equal(portal.asked, 1, 'read once');
  });

  it('a portal that answers without credentials fails the call as unknown, and is asked again next time', async () => {
    Object.assign(portal, { delayMs: 0, status: 503, asked: 0 });
    const { c, built } = connector(1_000);
    await assert.rejects(
      c.lookupPayment('ref-3', {}),
      (e: unknown) => e instanceof ConnectorError && e.kind === 'unknown' && /503/.test(e.message),
    );
    portal.status = 200;
    assert.deepEqual(await c.lookupPayment('ref-4', {}), { ref: 'ref-4' });
    assert.equal(portal.asked, 2);
    assert.deepEqual(built, ['SANDBOX_ACQ']);
  });
});
