/**
 * What every dialect plugin does at the HTTP edge, in one place: the only body parser in its scope
 * (JSON, any charset, a size limit), and sorting whatever a route or hook threw into the dialect's
 * own error — its own errors as they are, core errors through its table, Fastify's transport
 * errors (too large, wrong media type, bad JSON, other 4xx) by kind, anything else logged as a bug.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../core/deps.js';
import { isCoreError, type CoreError } from '../core/errors.js';

export interface JsonParserOptions {
  bodyLimit: number;
  /** What an empty body parses to. */
  empty: null | undefined;
  /** The dialect's error for a body that is not JSON. */
  malformed: (detail: string) => Error;
  /** Applied to every parsed body (GlobalPay normalises key case). */
  transform?: (parsed: unknown) => unknown;
}

export function installJsonParser(app: FastifyInstance, opts: JsonParserOptions): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, raw, done) => {
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (text.trim() === '') return done(null, opts.empty);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return done(opts.malformed((e as Error).message), undefined);
    }
    done(null, opts.transform ? opts.transform(parsed) : parsed);
  });
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
  const failure = isFastifyError(e) ? transportFailure(e) : undefined;
  if (failure) return t.fromTransport(failure);
  log.error({ err: e }, `${t.dialect}: unexpected error`);
  return t.internal();
}
