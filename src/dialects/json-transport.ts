/**
 * What every dialect plugin does at the HTTP edge, in one place: the only body parser in its scope
 * (JSON, any charset, a size limit, a nesting limit, no text the stores cannot keep), and sorting
 * whatever a route or hook threw into the dialect's own error — its own errors as they are, core
 * errors through its table, Fastify's transport errors (too large, wrong media type, bad JSON, other
 * 4xx) by kind, text a store refused as a bad request, anything else logged as a bug.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../core/deps.js';
import { CoreError, isCoreError } from '../core/errors.js';
import { UnstorableTextError } from '../core/ports/store.js';
import { findUnstorableText, type UnstorableAt } from '../core/storable-text.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

/** Why a body was refused before any route ran; each dialect words it its own way. */
export type BodyProblem =
  { kind: 'syntax'; detail: string } | { kind: 'too_deep'; limit: number } | { kind: 'unstorable'; at: UnstorableAt };

export interface JsonParserOptions {
  bodyLimit: number;
  /** What an empty body parses to. */
  empty: null | undefined;
  /** The dialect's error for a body that is not JSON, nests too deeply or holds text walletgate does not keep. */
  refused: (problem: BodyProblem) => Error;
  /** Applied to every parsed body (GlobalPay normalises key case). */
  transform?: (parsed: unknown) => unknown;
}

export function installJsonParser(app: FastifyInstance, opts: JsonParserOptions): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, raw, done) => {
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (text.trim() === '') return done(null, opts.empty);
    // Checked on the text, before JSON.parse or any walk over the value can recurse into it.
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(opts.refused({ kind: 'too_deep', limit: MAX_JSON_DEPTH }), undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return done(opts.refused({ kind: 'syntax', detail: (e as Error).message }), undefined);
    }
    const unstorable = findUnstorableText(parsed);
    if (unstorable) return done(opts.refused({ kind: 'unstorable', at: unstorable }), undefined);
    done(null, opts.transform ? opts.transform(parsed) : parsed);
  });
}

/** A place in a body as people write it: `Payment.Articles[0].Name`; the root is "body". */
export function dottedPath(path: readonly (string | number)[]): string {
  const text = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return text === '' ? 'body' : text;
}

/** The sentence a dialect's message ends with for text walletgate does not keep. */
export function unstorableMessage(at: UnstorableAt): string {
  return `${at.inKey ? `a key in ${dottedPath(at.path)}` : dottedPath(at.path)} contains ${at.what}, which walletgate does not accept`;
}

function isFastifyError(e: unknown): e is FastifyError {
  return e instanceof Error && typeof (e as Partial<FastifyError>).code === 'string';
}

/** A failure of the request itself, before any route ran. */
export type TransportFailure =
  { kind: 'too_large' } | { kind: 'media_type' } | { kind: 'bad_json' } | { kind: 'other'; status: number; message: string };

export interface ErrorTranslation<E> {
  /** The dialect's name in log lines. */
  dialect: string;
  isOwn: (e: unknown) => e is E;
  fromCore: (e: CoreError) => E;
  fromTransport: (f: TransportFailure) => E;
  /** The masked answer to a bug. */
  internal: () => E;
}

function transportFailure(e: FastifyError): TransportFailure | undefined {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { kind: 'too_large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { kind: 'media_type' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { kind: 'bad_json' };
    default:
      return e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500
        ? { kind: 'other', status: e.statusCode, message: e.message }
        : undefined;
  }
}

export function translateError<E>(e: unknown, t: ErrorTranslation<E>, log: Logger): E {
  if (t.isOwn(e)) return e;
  if (isCoreError(e)) {
    if (e.code === 'internal') log.error({ err: e }, `${t.dialect}: internal error`);
    return t.fromCore(e);
  }
  if (e instanceof UnstorableTextError) {
    // The store's own guard: the edge should have refused this text first, so it is worth a look.
    log.warn({ err: e }, `${t.dialect}: the store refused text the edge let through`);
    return t.fromCore(new CoreError('request_invalid', `The request contains ${e.what}, which walletgate does not accept.`));
  }
  const failure = isFastifyError(e) ? transportFailure(e) : undefined;
  if (failure) return t.fromTransport(failure);
  log.error({ err: e }, `${t.dialect}: unexpected error`);
  return t.internal();
}
