/**
 * HTTP-level concerns of the GlobalPay API: the body parser, the size limit, which resource a URL
 * is about, and turning anything thrown into a GlobalPayError.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../core/deps.js';
import type { FrameworkAnswer } from '../dialect.js';
import { errorEnvelope } from './error-envelope.js';
import { fromCoreError, GlobalPayError, RETURN_CODES, type Subject } from './errors.js';
import { normaliseKeys } from './normalise-keys.js';
import { installJsonParser, translateError, unstorableMessage, type BodyProblem } from '../json-transport.js';

/** 64 KiB: far above any GlobalPay request, far below anything that could hurt. */
export const BODY_LIMIT = 64 * 1024;
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A body refused before any route ran: 400 code 2, as GlobalPay answers a body it cannot read. */
function refusedBody(problem: BodyProblem): GlobalPayError {
  switch (problem.kind) {
    case 'syntax':
      return new GlobalPayError(400, RETURN_CODES.validationFailed, 'Validation failed - body (not valid JSON)');
    case 'too_deep':
      return new GlobalPayError(
        400,
        RETURN_CODES.validationFailed,
        `Validation failed - body (nested deeper than ${problem.limit} levels)`,
      );
    case 'unstorable':
      return new GlobalPayError(400, RETURN_CODES.validationFailed, `Validation failed - ${unstorableMessage(problem.at)}`);
  }
}

/** The only parser in the plugin's scope: JSON (any charset), keys normalised; an empty body is null. */
export function installGlobalPayParser(app: FastifyInstance): void {
  installJsonParser(app, { bodyLimit: BODY_LIMIT, empty: null, refused: refusedBody, transform: normaliseKeys });
}

/** Which object a URL is about: picks the error envelope's root key and the not-found code. */
export function subjectOf(url: string): Subject {
  const path = url.split('?')[0] ?? '';
  if (/\/refunds(\/|$)/i.test(path)) return 'refund';
  if (/\/preapprovals(\/|$)/i.test(path)) return 'preapproval';
  return 'payment';
}

/** A request refused before routing (a URL that cannot be decoded, or carries %00): 400 code 2 in GlobalPay's envelope. */
export function globalpayFrameworkError(message: string, url: string): FrameworkAnswer {
  const e = new GlobalPayError(400, RETURN_CODES.validationFailed, `Validation failed - URL (${message})`);
  return { status: e.http, body: errorEnvelope(subjectOf(url), e), headers: { 'content-type': JSON_CONTENT_TYPE } };
}

/** Anything a GlobalPay route or hook threw, in GlobalPay terms. Unknown errors are logged as bugs. */
export function toGlobalPayError(e: unknown, subject: Subject, log: Logger): GlobalPayError {
  return translateError(
    e,
    {
      dialect: 'globalpay',
      isOwn: (x): x is GlobalPayError => x instanceof GlobalPayError,
      fromCore: (c) => fromCoreError(c, subject),
      fromTransport: (f) => {
        switch (f.kind) {
          case 'too_large':
            return new GlobalPayError(413, RETURN_CODES.validationFailed, `Validation failed - body (at most ${BODY_LIMIT} bytes)`);
          case 'media_type':
            return new GlobalPayError(415, RETURN_CODES.validationFailed, `Validation failed - Content-Type (${JSON_CONTENT_TYPE})`);
          case 'bad_json':
            return new GlobalPayError(400, RETURN_CODES.validationFailed, 'Validation failed - body (not valid JSON)');
          case 'other':
            return new GlobalPayError(f.status, RETURN_CODES.validationFailed, `Validation failed - ${f.message}`);
        }
      },
      internal: () => new GlobalPayError(500, RETURN_CODES.tryAgainLater, 'An error occurred, try again later'),
    },
    log,
  );
}
