/**
 * The HTTP/1.1 response parser (src/http-client/response-parser.ts): each way a body can be
 * delimited, interim answers skipped, keep-alive read from the version and the Connection field,
 * malformed answers refused, and the same response however its bytes are split across reads
 * (property-based).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HttpParseError, ResponseParser, type ParsedResponse } from '../../src/http-client/response-parser.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

/** Feeds the pieces in order; the response, or null if it is still incomplete. */
function feed(pieces: Buffer[], parser = new ResponseParser()): ParsedResponse | null {
  let out: ParsedResponse | null = null;
  for (const p of pieces) {
    const r = parser.push(p);
    if (r) out = r;
  }
  return out;
}

const CHUNKED =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '7\r\n{"tid":\r\n' +
  '0D;ext=1\r\n"T123456789"}\r\n' +
  '0\r\nX-Trailer: yes\r\n\r\n';

describe('response-parser', () => {
  it('a body delimited by Content-Length, its headers by lower-case name, a repeated field joined', () => {
    const r = feed([bytes('HTTP/1.1 201 Created\r\nContent-Length: 6\r\nX-A: 1\r\nx-a: 2\r\nKeep-Alive: timeout=5\r\n\r\n커피')]);
    assert.ok(r);
    assert.deepEqual(
      [r.status, r.body.toString('utf8'), r.headers.get('x-a'), r.keepAlive, r.keepAliveMs],
      [201, '커피', '1, 2', true, 5_000],
    );
  });

  it('a chunked body, with an extension and trailers', () => {
    const r = feed([bytes(CHUNKED)]);
    assert.ok(r);
    assert.equal(r.body.toString(), '{"tid":"T123456789"}');
    assert.equal(r.keepAlive, true);
  });

  it('interim 1xx answers are skipped; 204 and 304 have no body', () => {
    const r = feed([bytes('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n')]);
    assert.ok(r);
    assert.deepEqual([r.status, r.body.length, r.headers.has('link')], [204, 0, false]);
    const notModified = feed([bytes('HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n')]);
    assert.deepEqual([notModified?.status, notModified?.body.length], [304, 0]);
  });

  it('without a length the body ends at the close, and the connection is not kept', () => {
    const p = new ResponseParser();
    assert.equal(p.push(bytes('HTTP/1.1 200 OK\r\n\r\nhello ')), null);
    assert.equal(p.push(bytes('world')), null);
    assert.equal(p.endsAtClose, true);
    const r = p.end();
    assert.deepEqual([r.body.toString(), r.keepAlive], ['hello world', false]);
  });

  it('an answer framed both ways is read by its chunks, and its connection is not kept', () => {
    const r = feed([bytes('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n')]);
    assert.deepEqual([r?.body.toString(), r?.keepAlive], ['ok', false]);
  });

  it('Connection: close and HTTP/1.0 end the connection; HTTP/1.0 with keep-alive keeps it', () => {
    assert.equal(feed([bytes('HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n')])?.keepAlive, false);
    assert.equal(feed([bytes('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')])?.keepAlive, false);
    assert.equal(feed([bytes('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n')])?.keepAlive, true);
  });

  it('bytes after the response are kept as surplus, never read as the next answer', () => {
    const p = new ResponseParser();
    assert.ok(p.push(bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n')));
    assert.equal(p.surplus, true);
  });

  it('a close before the response is complete is an error, and it says whether anything came', () => {
    const nothing = new ResponseParser();
    assert.equal(nothing.started, false);
    assert.throws(() => nothing.end(), HttpParseError);
    const p = new ResponseParser();
    p.push(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    assert.equal(p.started, true);
    assert.throws(
      () => p.end(),
      (e: Error) => e instanceof HttpParseError && /mid-response/.test(e.message),
    );
  });

  it('refuses what is not HTTP/1.x, bad header lines, bad or conflicting lengths, bad chunks and oversized heads or bodies', () => {
    const bad = [
      'SSH-2.0-OpenSSH\r\n\r\n',
      'HTTP/2 200\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'HTTP/1.1 200 OK\r\n folded: value\r\n\r\n',
      'HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY',
    ];
    for (const text of bad) assert.throws(() => feed([bytes(text)]), HttpParseError, text);
    const small = { maxHeadBytes: 64, maxBodyBytes: 8 };
    assert.throws(() => feed([bytes(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(100)}`)], new ResponseParser(small)), /head is over 64 bytes/);
    assert.throws(() => feed([bytes('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n')], new ResponseParser(small)), /body is over 8 bytes/);
    assert.throws(
      () => feed([bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n5\r\n12345\r\n')], new ResponseParser(small)),
      /body is over 8 bytes/,
    );
  });

  it('gives the same response however the bytes are split across reads (property)', () => {
    const responses = [
      CHUNKED,
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{"a":"값"}',
      'HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\noops',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...responses), fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 30 }), (text, cuts) => {
        const all = bytes(text);
        const whole = feed([all]);
        const pieces: Buffer[] = [];
        let at = 0;
        for (const c of cuts) {
          if (at >= all.length) break;
          pieces.push(all.subarray(at, Math.min(all.length, at + c)));
          at += c;
        }
        if (at < all.length) pieces.push(all.subarray(at));
        const split = feed(pieces);
        assert.ok(whole && split);
        assert.deepEqual(
          [split.status, split.body.toString(), [...split.headers]],
          [whole.status, whole.body.toString(), [...whole.headers]],
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but HttpParseError on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (raw, withHead) => {
        const p = new ResponseParser({ maxHeadBytes: 256, maxBodyBytes: 1024 });
        try {
          if (withHead) p.push(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
          p.push(Buffer.from(raw));
          p.end();
        } catch (e) {
          assert.ok(e instanceof HttpParseError, String(e));
        }
      }),
      { numRuns: 500 },
    );
  });
});
