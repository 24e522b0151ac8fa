/**
 * Test harness: a real HTTP server with the Alipay+ sandbox at /sandbox/alipayplus (and the
 * customer API at /sandbox), an acquirer key pair the sandbox trusts, and the acquirer's own HTTP
 * server that receives notifyPayment and acknowledges it. Sandbox state in a fresh SQLite file or
 * PostgreSQL schema, removed by close().
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { alipayPlusSandboxPlugin } from '../../src/sandbox/alipayplus/plugin.js';
import type { AlipayPlusStateLocation } from '../../src/sandbox/alipayplus/plugin.js';
import { sandboxCustomerApiPlugin } from '../../src/sandbox/customer-api.js';
import { dropPgSchema, testPgUrl } from '../helpers/stores.js';
import type { StoreKind } from '../helpers/stores.js';

export const CLIENT_ID = 'TEST_ACQUIRER';

export function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

export interface ReceivedNotification {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface ApsHarness {
  app: FastifyInstance;
  origin: string;
  /** `{origin}/sandbox/alipayplus` */
  base: string;
  acquirer: { privateKeyPem: string; publicKeyPem: string };
  /** the sandbox's public key, as GET /public-key serves it */
  sandboxPublicKeyPem: string;
  /** the acquirer's notify URL */
  notifyUrl: string;
  /** resolves with the first notification (already received or still to come) whose body names the payment */
  notification(paymentId: string): Promise<ReceivedNotification>;
  state: AlipayPlusStateLocation;
  /** stops the server (the state stays, for a restart); close() removes it */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export function stateFor(kind: StoreKind): { state: AlipayPlusStateLocation; remove(): Promise<void> } {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wg-aps-'));
    return {
      state: { kind: 'sqlite', file: join(dir, 'sandbox-alipayplus.sqlite') },
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `wg_aps_${randomBytes(6).toString('hex')}`;
  return { state: { kind: 'postgres', url: testPgUrl, schema }, remove: () => dropPgSchema(schema) };
}

export async function startApsHarness(
  kind: StoreKind,
  opts: {
    slowMs?: number;
    state?: { state: AlipayPlusStateLocation; remove(): Promise<void> };
    acquirer?: { privateKeyPem: string; publicKeyPem: string };
  } = {},
): Promise<ApsHarness> {
  const where = opts.state ?? stateFor(kind);
  const acquirer = opts.acquirer ?? rsaKeyPair();

  const received: ReceivedNotification[] = [];
  const waiting: Array<{ paymentId: string; resolve: (n: ReceivedNotification) => void }> = [];
  const receiver: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const n = { path: req.url ?? '', headers: req.headers, rawBody: raw };
      received.push(n);
      for (const w of [...waiting]) {
        if (raw.includes(JSON.stringify(w.paymentId))) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(n);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/acquirer/notifyPayment`;

  const app = Fastify({ logger: false });
  await app.register(alipayPlusSandboxPlugin, {
    prefix: '/sandbox/alipayplus',
    acquirers: { [CLIENT_ID]: acquirer.publicKeyPem },
    state: where.state,
    slowMs: opts.slowMs ?? 2000,
    notifyAttempts: 3,
  });
  await app.register(sandboxCustomerApiPlugin, { prefix: '/sandbox' });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `${origin}/sandbox/alipayplus`;
  const sandboxPublicKeyPem = await (await fetch(`${base}/public-key`)).text();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  };
  return {
    app,
    origin,
    base,
    acquirer,
    sandboxPublicKeyPem,
    notifyUrl,
    notification: (paymentId) => {
      const already = received.find((n) => n.rawBody.includes(JSON.stringify(paymentId)));
      return already ? Promise.resolve(already) : new Promise((resolve) => waiting.push({ paymentId, resolve }));
    },
    state: where.state,
    stop,
    close: async () => {
      await stop();
      await where.remove();
    },
  };
}
