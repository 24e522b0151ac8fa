/**
 * The logger's redaction (src/logger.ts): each path it promises is censored in the JSON line, in a
 * line's object and in a child logger's bindings, an Error's own secret too; the object logged is
 * never changed; and a line with nothing to censor is not copied (the hot path's lines). On standard
 * output, lines go in batches: none is lost when the process exits, and a lone line does not wait
 * for others to come (child processes, as `walletgate start` writes its lines); to a file, as the
 * bench's gateways log, the same.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { createLogger, censorNestedSecrets } from '../src/logger.js';

/** A logger whose lines are kept, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  // pino writes synchronously to a plain stream: the line is there when the call returns
  return { log: createLogger('info', { destination }), lines };
}

describe('logger redaction', () => {
  it('censors headers, top-level keys and secrets one level down, and leaves the rest', () => {
    const { log, lines } = capture();
    log.info(
      {
        req: {
          method: 'POST',
          headers: { authorization: 'Basic c2VjcmV0', 'x-api-key': 'k-123', cookie: 'wg_session=abc', accept: 'json' },
        },
        headers: { authorization: 'Bearer sk_1', Authorization: 'Bearer sk_2', 'content-type': 'application/json' },
        apiKey: 'top-key',
        secret: 'top-secret',
        merchant: { id: 'm_1', apiKey: 'nested-key', secret: 'nested-secret', secretKey: 'nested-sk', password: 'hunter2', name: 'Shop' },
        amount: 15000,
      },
      'a line',
    );
    const [line] = lines;
    assert.deepEqual(line!.req, {
      method: 'POST',
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]', accept: 'json' },
    });
    assert.deepEqual(line!.headers, { authorization: '[redacted]', Authorization: '[redacted]', 'content-type': 'application/json' });
    assert.equal(line!.apiKey, '[redacted]');
    assert.equal(line!.secret, '[redacted]');
    assert.deepEqual(line!.merchant, {
      id: 'm_1',
      apiKey: '[redacted]',
      secret: '[redacted]',
      secretKey: '[redacted]',
      password: '[redacted]',
      name: 'Shop',
    });
    assert.equal(line!.amount, 15000);
    assert.equal(line!.msg, 'a line');
  });

  it("censors a child logger's bindings and an Error's own secret, and keeps the Error's message", () => {
    const { log, lines } = capture();
    const bound = log.child({ reqId: 'req_1', client: { id: 'c_1', secret: 'bound-secret' } });
    bound.info('bound');
    bound.child({ wallet: { name: 'KakaoPay', secretKey: 'wallet-sk' } }).info('grandchild');
    const failure = Object.assign(new Error('wallet refused'), { secretKey: 'err-sk', code: 'E1' });
    log.error({ err: failure }, 'failed');
    assert.deepEqual(lines[1]!.wallet, { name: 'KakaoPay', secretKey: '[redacted]' });
    assert.equal(lines[1]!.reqId, 'req_1', "a grandchild keeps its parent's bindings");
    lines.splice(1, 1);
    assert.deepEqual(lines[0]!.client, { id: 'c_1', secret: '[redacted]' });
    assert.equal(lines[0]!.reqId, 'req_1');
    const err = lines[1]!.err as Record<string, unknown>;
    assert.equal(err.secretKey, '[redacted]');
    assert.equal(err.message, 'wallet refused');
    assert.equal(err.code, 'E1');
    assert.match(String(err.stack), /wallet refused/);
    assert.equal(failure.secretKey, 'err-sk', 'the Error itself is not changed');
  });

  it('never changes the object logged, and does not copy a line with nothing to censor', () => {
    const merchant = { id: 'm_1', secret: 'nested-secret' };
    const withSecret = { merchant };
    const out = censorNestedSecrets(withSecret);
    assert.notEqual(out, withSecret);
    assert.equal(merchant.secret, 'nested-secret');
    const plain = { method: 'POST', route: '/v1/Payments', status: 201, ms: 3.2, nested: { id: 1 } };
    assert.equal(censorNestedSecrets(plain), plain);
    // secrets two levels down are not promised: only the paths above are
    const deep = { a: { b: { secret: 's' } } };
    assert.equal(censorNestedSecrets(deep), deep);
  });
});

/**
 * A child process running `body` with `log` in scope: a logger made by createLogger with `options`
 * (source text; `batchedDestination` is imported too). A test that fails or times out kills its child
 * with it (`signal`).
 */
function loggerScript(options: string, body: string, signal: AbortSignal, stdio: StdioOptions) {
  const logger = JSON.stringify(new URL('../src/logger.ts', import.meta.url).pathname);
  const code = `import { batchedDestination, createLogger } from ${logger}; const log = createLogger('info', ${options}); ${body}`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio, signal });
}

/** A child that logs through createLogger to its standard output. */
function loggingChild(body: string, signal: AbortSignal) {
  const child = loggerScript('{ pretty: false }', body, signal, ['pipe', 'pipe', 'inherit']);
  const lines = createInterface({ input: child.stdout! });
  return { child, lines };
}

describe('logger to standard output', () => {
  it('writes every line, the last partial batch too, when the process exits', async (t) => {
    const { child, lines } = loggingChild(`for (let n = 0; n < 1000; n++) log.info({ n }, 'line'); process.exit(3);`, t.signal);
    const seen: number[] = [];
    lines.on('line', (l) => seen.push((JSON.parse(l) as { n: number }).n));
    const [code] = (await once(child, 'close')) as [number];
    assert.equal(code, 3);
    assert.deepEqual(
      seen,
      Array.from({ length: 1000 }, (_, n) => n),
    );
  });

  it('writes a lone line while the process runs on (it does not wait for a batch to fill)', { timeout: 30_000 }, async (t) => {
    const { child, lines } = loggingChild(
      `log.info({ n: 0 }, 'first'); process.stdin.resume(); process.stdin.on('end', () => log.info({ n: 1 }, 'last'));`,
      t.signal,
    );
    const seen: string[] = [];
    const first = new Promise<void>((resolve) =>
      lines.on('line', (l) => {
        seen.push((JSON.parse(l) as { msg: string }).msg);
        resolve();
      }),
    );
    // the child waits for its standard input to end: the first line must come out before that
    await first;
    assert.deepEqual(seen, ['first']);
    child.stdin!.end();
    await once(child, 'close');
    assert.deepEqual(seen, ['first', 'last']);
  });
});

describe('logger to a file in batches (the bench gateway, as walletgate start logs)', () => {
  it('writes every line to the file when the process exits, in order', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-log-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'gateway.log');
    const child = loggerScript(
      `{ destination: batchedDestination(${JSON.stringify(file)}) }`,
      `for (let n = 0; n < 500; n++) log.info({ n }, 'line'); process.exit(0);`,
      t.signal,
      'inherit',
    );
    const [exitCode] = (await once(child, 'close')) as [number];
    assert.equal(exitCode, 0);
    const seen = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { n: number }).n);
    assert.deepEqual(
      seen,
      Array.from({ length: 500 }, (_, n) => n),
    );
  });
});
