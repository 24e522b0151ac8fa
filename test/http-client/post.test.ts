/**
 * walletgate's outgoing HTTP (src/http-client/post.ts) against a real server on loopback: a POST
 * carries its body and length, a GET none; any status comes back with its body and headers (by
 * case-insensitive name); redirects are not followed; the deadline covers the whole exchange;
 * connections are kept alive and reused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpPost, httpRequest } from '../../src/http-client/post.js';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { freePort } from '../helpers/http-once.js';

let server: LoopbackServer;
let base: string;
const sockets = new Set<unknown>();
const hanging: ServerResponse[] = [];

before(async () => {
  server = await serveOnLoopback((req: IncomingMessage, res: ServerResponse) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/hang') return void hanging.push(res);
      if (req.url === '/moved') return void res.writeHead(302, { Location: '/elsewhere' }).end();
      res.writeHead(req.url === '/teapot' ? 418 : 200, {
        'content-type': 'application/json',
        'X-Echo-Length': req.headers['content-length'] ?? 'none',
      });
      res.end(JSON.stringify({ method: req.method, body, contentType: req.headers['content-type'] ?? null }));
    });
  });
  base = server.base;
});
after(() => server.close());

describe('http-client', () => {
  it('a POST carries its body and its length; the answer comes back with its headers by any case', async () => {
    const body = JSON.stringify({ amount: 15000, item: '커피' });
    const answer = await httpPost(`${base}/echo`, { 'content-type': 'application/json' }, body, 5_000);
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.text), { method: 'POST', body, contentType: 'application/json' });
    assert.equal(answer.headers.get('x-echo-length'), String(Buffer.byteLength(body)));
    assert.equal(answer.headers.get('X-ECHO-LENGTH'), String(Buffer.byteLength(body)));
    assert.equal(answer.headers.get('x-missing'), null);
  });

  it('a GET has no body; any status is an answer, and a redirect is not followed', async () => {
    const get = await httpRequest('GET', new URL('/teapot', base), {}, undefined, 5_000);
    assert.equal(get.status, 418);
    assert.equal(JSON.parse(get.text).method, 'GET');
    assert.equal(get.headers.get('x-echo-length'), 'none');
    const moved = await httpRequest('GET', `${base}/moved`, {}, undefined, 5_000);
    assert.deepEqual([moved.status, moved.headers.get('location')], [302, '/elsewhere']);
  });

  it('the deadline covers the whole exchange and fails as a TimeoutError', async () => {
    await assert.rejects(httpPost(`${base}/hang`, {}, '{}', 100), (e: Error) => e.name === 'TimeoutError' && /100 ms/.test(e.message));
  });

  it('a refused connection and a non-http URL fail', async () => {
    const port = await freePort(); // nothing listens there
    await assert.rejects(httpPost(`http://127.0.0.1:${port}/`, {}, '{}', 5_000), /ECONNREFUSED/);
    await assert.rejects(httpPost('ftp://127.0.0.1/', {}, '{}', 5_000), /unsupported protocol ftp:/);
  });

  it('keeps connections alive: twenty calls one after another use one connection', async () => {
    sockets.clear();
    for (let i = 0; i < 20; i++) await httpPost(`${base}/echo`, {}, String(i), 5_000);
    assert.equal(sockets.size, 1);
  });
});
