/**
 * HTTP-level concerns of the GlobalPay API: the body parser, the size limit, which resource a URL
 * is about, and turning anything thrown into a GlobalPayError.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../../core/deps.js';
import { isCoreError } from '../../core/errors.js';
import { fromCoreError, GlobalPayError, RETURN_CODES, type Subject } from './errors.js';
import { normaliseKeys } from './normalise-keys.js';

/** 64 KiB: far above any GlobalPay request, far below anything that could hurt. */
export const BODY_LIMIT = 64 * 1024;
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The only parser in the plugin's scope: JSON (any charset), keys normalised; an empty body is null. */
export function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new GlobalPayError(400, RETURN_CODES.validationFailed, 'Validation failed - body (not valid JSON)'), undefined);
    }
    done(null, normaliseKeys(parsed));
  });
}

/** Which object a URL is about: picks the error envelope's root key and the not-found code. */
export function subjectOf(url: string): Subject {
  const path = url.split('?')[0] ?? '';
  if (/\/refunds(\/|$)/i.test(path)) return 'refund';
  if (/\/preapprovals(\/|$)/i.test(path)) return 'preapproval';
  return 'payment';
}

function isFastifyError(e: unknown): e is FastifyError {
  return e instanceof Error && typeof (e as Partial<FastifyError>).code === 'string';
}

/** Anything a GlobalPay route or hook threw, in GlobalPay terms. Unknown errors are logged as bugs. */
export function toGlobalPayError(e: unknown, subject: Subject, log: Logger): GlobalPayError {
  if (e instanceof GlobalPayError) return e;
  if (isCoreError(e)) {
    if (e.code === 'internal') log.error({ err: e }, 'globalpay: internal error');
    return fromCoreError(e, subject);
  }
  if (isFastifyError(e)) {
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return new GlobalPayError(413, RETURN_CODES.validationFailed, `Validation failed - body (at most ${BODY_LIMIT} bytes)`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return new GlobalPayError(415, RETURN_CODES.validationFailed, `Validation failed - Content-Type (${JSON_CONTENT_TYPE})`);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return new GlobalPayError(400, RETURN_CODES.validationFailed, 'Validation failed - body (not valid JSON)');
      default:
        if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
          return new GlobalPayError(e.statusCode, RETURN_CODES.validationFailed, `Validation failed - ${e.message}`);
        }
    }
  }
  log.error({ err: e }, 'globalpay: unexpected error');
  return new GlobalPayError(500, RETURN_CODES.tryAgainLater, 'An error occurred, try again later');
}
