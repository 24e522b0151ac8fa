/**
 * The logger's redaction (src/logger.ts): each path it promises is censored in the JSON line, in a
 * line's object and in a child logger's bindings, an Error's own secret too; the object logged is
 * never changed; and a line with nothing to censor is not copied (the hot path's lines).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
