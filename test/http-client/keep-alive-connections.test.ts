/**
 * walletgate's kept-alive connections (src/http-client/keep-alive-connections.ts, through
 * src/http-client/post.ts) against a raw TCP server on loopback that answers exactly as each test
 * scripts it: connections are reused only when the answer allows it and dropped when it does not,
 * the client closes an idle connection before the server's announced keep-alive timeout, a server
 * that hangs up fails the request, header injection is refused, the pool's limit queues requests,
 * and HTTPS verifies the server's certificate.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpPost, httpRequest, httpRequestThrough } from '../../src/http-client/post.js';
import { KeepAliveConnections } from '../../src/http-client/keep-alive-connections.js';
import { ensureCertificate } from '../../src/tls/self-signed-certificate.js';

interface Seen {
  socket: Socket;
  head: string;
  body: string;
}

/** What the server does with a request: the bytes to answer, or a function that acts on the socket itself. */
type Script = (req: Seen) => string | void;

let server: Server;
let base: string;
const connections: Socket[] = [];
const scripts = new Map<string, Script>();

/** Reads requests off a connection (head, then Content-Length bytes) and answers each by its path's script. */
function serve(socket: Socket): void {
  connections.push(socket);
  let buf = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.toString('latin1', 0, end);
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      const body = buf.toString('utf8', end + 4, end + 4 + length);
      buf = buf.subarray(end + 4 + length);
      const path = head.split(' ')[1]!.split('?')[0]!;
      const answer = (scripts.get(path) ?? (() => 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'))({ socket, head, body });
      if (typeof answer === 'string') socket.write(answer);
    }
  });
  socket.on('error', () => {});
}

const ok = (body: string, extra = '') => `HTTP/1.1 200 OK\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

before(async () => {
  server = createServer(serve);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scripts.set('/ok', () => ok('fine'));
  scripts.set('/echo', (r) => ok(JSON.stringify({ head: r.head, body: r.body })));
});
after(async () => {
  for (const s of connections) s.destroy();
  server.close();
});

describe('keep-alive connections', () => {
  it("sends the request as one well-formed message: its line, Host, the caller's fields, the length and the body", async () => {
    const answer = await httpPost(`${base}/echo?x=1`, { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' }, '{"a":"커피"}', 5_000);
    const { head, body } = JSON.parse(answer.text) as { head: string; body: string };
    const lines = head.split('\r\n');
    assert.equal(lines[0], 'POST /echo?x=1 HTTP/1.1');
    assert.ok(lines.includes('Content-Type: application/json'));
    assert.ok(lines.includes('X-Request-Id: r1'));
    assert.ok(lines.includes(`Host: ${new URL(base).host}`));
    assert.ok(lines.includes(`Content-Length: ${Buffer.byteLength('{"a":"커피"}')}`));
    assert.equal(body, '{"a":"커피"}');
  });

  it('takes Basic credentials from the URL, as node:http did', async () => {
    const answer = await httpRequest('GET', `${base.replace('//', '//merchant:s%40cret@')}/echo`, {}, undefined, 5_000);
    const { head } = JSON.parse(answer.text) as { head: string };
    assert.ok(head.includes(`Authorization: Basic ${Buffer.from('merchant:s@cret').toString('base64')}`));
  });

  it('refuses a header that would inject another, and sends nothing', async () => {
    const before = connections.length;
    await assert.rejects(
      httpPost(`${base}/ok`, { 'x-a': 'b\r\nX-Injected: 1' }, '', 5_000),
      /invalid character in the value of header x-a/,
    );
    await assert.rejects(httpPost(`${base}/ok`, { 'bad name': 'v' }, '', 5_000), /invalid header name/);
    assert.equal(connections.length, before);
  });

  it('an answer with Connection: close, or whose body ends at the close, leaves the connection unused again', async () => {
    scripts.set('/close', () => ok('bye', 'Connection: close\r\n'));
    scripts.set('/until-close', ({ socket }) => void socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it'));
    for (const path of ['/close', '/until-close']) {
      const first = await httpRequest('GET', `${base}${path}`, {}, undefined, 5_000);
      const count = connections.length;
      const second = await httpRequest('GET', `${base}/ok`, {}, undefined, 5_000);
      assert.equal(second.status, 200);
      assert.equal(connections.length, count + 1, `${path}: a new connection after it`);
      assert.equal(first.text, path === '/close' ? 'bye' : 'all of it');
    }
  });

  it('skips an interim 100 Continue and reads a chunked answer', async () => {
    scripts.set(
      '/chunked',
      () => 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
    );
    const answer = await httpPost(`${base}/chunked`, {}, '{}', 5_000);
    assert.deepEqual([answer.status, answer.text, answer.headers.get('Transfer-Encoding')], [201, 'abcde', 'chunked']);
  });

  it('bytes sent after an answer make its connection unusable: the next request opens another', async () => {
    scripts.set('/extra', () => ok('one') + 'HTTP/1.1 200 OK\r\n');
    await httpRequest('GET', `${base}/extra`, {}, undefined, 5_000);
    const count = connections.length;
    assert.equal((await httpRequest('GET', `${base}/ok`, {}, undefined, 5_000)).text, 'fine');
    assert.equal(connections.length, count + 1);
  });

  it('a server that hangs up instead of answering fails the request; the next one gets a new connection', async () => {
    scripts.set('/hang-up', ({ socket }) => void socket.destroy());
    await httpRequest('GET', `${base}/ok`, {}, undefined, 5_000); // a connection to reuse
    await assert.rejects(httpPost(`${base}/hang-up`, {}, '{}', 5_000), (e: Error & { code?: string }) => e.code === 'ECONNRESET');
    assert.equal((await httpRequest('GET', `${base}/ok`, {}, undefined, 5_000)).status, 200);
  });

  it('a malformed answer fails the request with what was wrong', async () => {
    scripts.set('/garbage', () => 'HTTP/1.1 200 OK\r\nContent-Length: nine\r\n\r\n');
    await assert.rejects(httpRequest('GET', `${base}/garbage`, {}, undefined, 5_000), /bad HTTP answer: a bad Content-Length/);
  });

  it('closes an idle connection itself a second before the keep-alive timeout the server announced', async () => {
    scripts.set('/short-keep-alive', () => ok('soon', 'Keep-Alive: timeout=2\r\n'));
    const count = connections.length;
    await httpRequest('GET', `${base}/short-keep-alive`, {}, undefined, 5_000);
    const socket = connections[count]!;
    // the client's FIN: the server never closes this one
    await once(socket, 'end');
    // and an announced timeout of a second or less is not kept at all
    scripts.set('/no-keep-alive', () => ok('now', 'Keep-Alive: timeout=1\r\n'));
    await httpRequest('GET', `${base}/no-keep-alive`, {}, undefined, 5_000);
    await once(connections[connections.length - 1]!, 'end');
  });

  it('at its limit of connections an origin queues requests; a request whose deadline passes in the queue is never sent', async () => {
    const pool = new KeepAliveConnections({ maxSockets: 2 });
    const origin = { secure: false, host: '127.0.0.1', port: Number(new URL(base).port), key: 'queue-test' };
    const held: Socket[] = [];
    const sent: string[] = [];
    let holding = true;
    scripts.set('/held', ({ socket, body }) => {
      sent.push(body);
      if (!holding) return ok('released');
      held.push(socket);
    });
    const request = (n: number) => Buffer.from(`POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n${n}`);
    const count = connections.length;
    const answers = Promise.all([1, 2, 3, 4].map((n) => pool.exchange(origin, request(n), 5_000)));
    const late = pool.exchange(origin, request(5), 50);
    assert.equal(pool.openTo(origin), 2);
    await assert.rejects(late, (e: Error) => e.name === 'TimeoutError');
    holding = false;
    for (const socket of held) socket.write(ok('released'));
    const done = await answers;
    assert.deepEqual(
      done.map((r) => r.body.toString()),
      ['released', 'released', 'released', 'released'],
    );
    assert.equal(connections.length, count + 2, 'two connections served all four');
    assert.ok(!sent.includes('5'), 'the request that timed out in the queue was never sent');
  });

  // kept idle for a minute, so only closeIdle closes them within the test's time
  it(
    "closeIdle closes a pool's idle connections now, leaves one under way to finish, and the pool is usable after",
    { timeout: 30_000 },
    async () => {
      const pool = new KeepAliveConnections({ idleMs: 60_000 });
      const origin = { secure: false, host: '127.0.0.1', port: Number(new URL(base).port), key: `http://127.0.0.1:${new URL(base).port}` };
      let release: (() => void) | undefined;
      let busy: Socket | undefined;
      scripts.set('/slow', ({ socket }) => {
        busy = socket;
        release = () => socket.write(ok('late'));
      });
      // two idle connections, through the request function that takes a pool
      await Promise.all([
        httpRequestThrough(pool, 'GET', `${base}/ok`, {}, undefined, 5_000),
        httpRequestThrough(pool, 'GET', `${base}/ok`, {}, undefined, 5_000),
      ]);
      assert.equal(pool.openTo(origin), 2);
      const count = connections.length;
      const slow = httpRequestThrough(pool, 'GET', `${base}/slow`, {}, undefined, 60_000);
      await new Promise<void>((resolve) => {
        const wait = () => (release ? resolve() : setImmediate(wait));
        wait();
      });
      assert.equal(connections.length, count, 'the slow request took one of the idle connections');
      const idle = connections.slice(-2).find((c) => c !== busy)!;
      pool.closeIdle();
      await once(idle, 'close');
      assert.equal(pool.openTo(origin), 1, 'the idle one is closed; the one under way is not');
      release!();
      assert.equal((await slow).text, 'late', 'the request under way was answered');
      assert.equal((await httpRequestThrough(pool, 'GET', `${base}/ok`, {}, undefined, 5_000)).text, 'fine', 'the pool still works');
    },
  );

  it('HTTPS verifies the certificate: a self-signed server is refused, and accepted once its certificate is trusted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wg-tls-client-'));
    try {
      const cert = await ensureCertificate(dir, ['127.0.0.1']);
      const tls = createHttpsServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('secure'));
      tls.listen(0, '127.0.0.1');
      await once(tls, 'listening');
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/`;
      await assert.rejects(httpRequest('GET', url, {}, undefined, 5_000), /self[- ]signed certificate/);
      // the process that trusts it: the same client, in a child started with NODE_EXTRA_CA_CERTS
      const code = `import { httpRequest } from ${JSON.stringify(new URL('../../src/http-client/post.ts', import.meta.url).pathname)};
        const a = await httpRequest('GET', ${JSON.stringify(url)}, {}, undefined, 5000); console.log(a.status, a.text);`;
      // spawned, not spawnSync: that would block this process's event loop, and with it the server the child calls
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        env: Object.assign({}, process.env, { NODE_EXTRA_CA_CERTS: cert.certFile }),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await once(child, 'close');
      assert.equal(stdout.trim(), '200 secure', stderr);
      tls.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
