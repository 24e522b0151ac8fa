/**
 * The shared edge of every dialect (src/dialects/json-transport.ts), as plain functions:
 * - text a store refused (UnstorableTextError, the stores' second line behind the parsers) becomes
 *   the core's request_invalid in the dialect's words, with a warning in the log, never a bug;
 * - the nesting scan counts arrays and objects, not brackets inside strings (escaped quotes included);
 * - places in a body are written as people write them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreError } from '../../src/core/errors.js';
import { UnstorableTextError } from '../../src/core/ports/store.js';
import { findUnstorableText } from '../../src/core/storable-text.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/dialects/json-depth.js';
import { dottedPath, translateError, unstorableMessage, type ErrorTranslation } from '../../src/dialects/json-transport.js';

class Rendered extends Error {}

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_obj: unknown, msg?: string) => void lines.push({ level, msg: msg ?? '' });
  return { log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

const translation: ErrorTranslation<Rendered> = {
  dialect: 'test',
  isOwn: (e): e is Rendered => e instanceof Rendered,
  fromCore: (c) => new Rendered(`${c.code}: ${c.message}`),
  fromTransport: (f) => new Rendered(`transport ${f.kind}`),
  internal: () => new Rendered('internal'),
};

describe('the dialects’ shared edge', () => {
  it('a store refusing text is request_invalid in the dialect’s words and a warning, not a bug', () => {
    const { log, lines } = recordingLog();
    const out = translateError(new UnstorableTextError('a NUL character (U+0000)'), translation, log);
    assert.equal(out.message, 'request_invalid: The request contains a NUL character (U+0000), which walletgate does not accept.');
    assert.deepEqual(
      lines.map((l) => l.level),
      ['warn'],
    );
    // a real bug is still one
    const bug = recordingLog();
    assert.equal(translateError(new TypeError('x is undefined'), translation, bug.log).message, 'internal');
    assert.deepEqual(
      bug.lines.map((l) => l.level),
      ['error'],
    );
    assert.equal(translateError(new CoreError('not_found'), translation, bug.log).message, 'not_found: No such object for this merchant.');
  });

  it('the nesting scan counts arrays and objects, not brackets in strings', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    assert.equal(nestsDeeperThan(nest(MAX_JSON_DEPTH), MAX_JSON_DEPTH), false);
    assert.equal(nestsDeeperThan(nest(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), true);
    assert.equal(nestsDeeperThan(`{"a":"${'['.repeat(100)}"}`, 2), false);
    assert.equal(nestsDeeperThan(`{"a":"\\"[[[[[","b":[[1]]}`, 3), false);
    assert.equal(nestsDeeperThan(`{"a":"\\\\","b":[[[1]]]}`, 3), true, 'an escaped backslash ends before the quote');
    assert.equal(nestsDeeperThan('{"a":{"b":[{"c":1}]}}', 4), false);
  });

  it('names the place of refused text as people write it', () => {
    const at = findUnstorableText({ Payment: { Articles: [{ Name: 'ok' }, { Name: 'tea\u0000' }] } });
    assert.ok(at);
    assert.equal(dottedPath(at.path), 'Payment.Articles[1].Name');
    assert.equal(unstorableMessage(at), 'Payment.Articles[1].Name contains a NUL character (U+0000), which walletgate does not accept');
    const key = findUnstorableText({ metadata: { '\ud800': 'x' } });
    assert.ok(key);
    assert.equal(unstorableMessage(key), 'a key in metadata contains a lone UTF-16 surrogate (U+D800), which walletgate does not accept');
    assert.equal(dottedPath([]), 'body');
    assert.equal(findUnstorableText({ emoji: '😀', list: ['☕'] }), undefined);
  });
});
