/**
 * The one way connectors call a wallet over HTTP: a JSON POST with a timeout and the X-Request-Id of
 * the request it is part of (the connector method's WalletCall), one log line per call
 * that names the wallet, path, status and duration (never a header, a key or a body), and every
 * answer whose outcome cannot be known turned into a ConnectorError 'unknown': a timeout, a network
 * error, HTTP 5xx, or a 2xx whose body is not a JSON object. Any other answer goes back to the
 * connector with its parsed body, for the wallet's own error vocabulary to interpret.
 */
import { ConnectorError, type WalletCall } from '../core/ports/connector.js';
import type { Logger } from '../core/deps.js';
import { httpPost, type AnswerHeaders } from '../http-client/post.js';

export interface HttpExecutorConfig {
  /** The wallet's name in messages and logs, e.g. "KakaoPay". */
  wallet: string;
  baseUrl: string;
  timeoutMs: number;
  /** A fetch to use instead of the node:http transport (src/http-client/post.ts): tests that shape the network. */
  fetch?: typeof fetch | undefined;
  /**
   * Headers for one call (credentials included): never logged. Given the exact body bytes sent, for
   * wallets that sign each request (Alipay+: path, client id, time and raw body).
   */
  headers: (call: { path: string; rawBody: string }) => Record<string, string>;
  log?: Pick<Logger, 'debug' | 'warn'>;
  /**
   * The wallet's error in an answer's body, if it has one: the message and the wallet's own code.
   * Used for the 'unknown' error of a 5xx, so operations see what the wallet said.
   */
  readError?: (body: unknown) => { message: string; providerCode: string } | undefined;
}

/** An answer the wallet gave with a status below 500. */
export interface HttpAnswer {
  status: number;
  /** The parsed JSON body; undefined when it was not JSON. */
  body: unknown;
  /** The body as received and the answer's headers, for wallets that sign their answers. */
  rawBody: string;
  headers: AnswerHeaders;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface HttpExecutor {
  /**
   * POSTs `body` as JSON to `path`; resolves with any answer below 500 (2xx only with an object body).
   * `call`: the work it is part of (its request id is sent as X-Request-Id and logged as reqId).
   */
  post(path: string, body: object, call?: WalletCall): Promise<HttpAnswer>;
}

export function createHttpExecutor(cfg: HttpExecutorConfig): HttpExecutor {
  const baseUrl = cfg.baseUrl.replace(/\/+$/, '');
  const fail = (
    call: { path: string; reqId: string | undefined },
    started: number,
    message: string,
    opts: { httpStatus?: number; providerCode?: string } = {},
  ): never => {
    cfg.log?.warn(
      { reqId: call.reqId, wallet: cfg.wallet, path: call.path, status: opts.httpStatus ?? null, ms: Date.now() - started },
      `${cfg.wallet} call without a usable answer`,
    );
    throw new ConnectorError('unknown', message, opts);
  };

  return {
    async post(path: string, body: object, call?: WalletCall): Promise<HttpAnswer> {
      const started = Date.now();
      let res: { status: number; headers: AnswerHeaders };
      let text: string;
      const rawBody = JSON.stringify(body);
      // Object.assign, not a spread with keys after it (ADR 0037)
      const headers: Record<string, string> = Object.assign({}, cfg.headers({ path, rawBody }), {
        'content-type': 'application/json',
        accept: 'application/json',
      });
      // the request (or sweeper pass) this call is part of: harmless to a wallet, and the sandbox logs it
      const requestId = call?.requestId;
      if (requestId !== undefined) headers['x-request-id'] = requestId;
      const at = { path, reqId: requestId };
      try {
        if (cfg.fetch) {
          const answer = await cfg.fetch(`${baseUrl}${path}`, {
            method: 'POST',
            headers,
            body: rawBody,
            signal: AbortSignal.timeout(cfg.timeoutMs),
          });
          res = answer;
          text = await answer.text();
        } else {
          const answer = await httpPost(`${baseUrl}${path}`, headers, rawBody, cfg.timeoutMs);
          res = answer;
          text = answer.text;
        }
      } catch (e) {
        const err = e as Error;
        const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
        return fail(
          at,
          started,
          timedOut ? `${cfg.wallet} ${path} timed out after ${cfg.timeoutMs} ms` : `${cfg.wallet} ${path} failed: ${err.message}`,
        );
      }
      const parsed = parseJson(text);
      if (res.status >= 500) {
        const said = cfg.readError?.(parsed);
        return fail(at, started, said?.message ?? `${cfg.wallet} ${path} answered HTTP ${res.status}`, {
          httpStatus: res.status,
          ...(said ? { providerCode: said.providerCode } : {}),
        });
      }
      if (res.status >= 200 && res.status < 300 && !isObject(parsed)) {
        return fail(at, started, `${cfg.wallet} ${path} answered HTTP ${res.status} with an unparseable body`, {
          httpStatus: res.status,
        });
      }
      cfg.log?.debug(
        { reqId: requestId, wallet: cfg.wallet, path, status: res.status, ms: Date.now() - started },
        `${cfg.wallet} call answered`,
      );
      return { status: res.status, body: parsed, rawBody: text, headers: res.headers };
    },
  };
}
