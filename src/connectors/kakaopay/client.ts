/**
 * HTTP to KakaoPay's Online Payment API through the connectors' executor (../http-executor.ts), with
 * `Authorization: SECRET_KEY {key}`. The executor turns a timeout, a network error, HTTP 5xx or an
 * unparseable answer into 'unknown'; here a KakaoPay error body becomes the kind and neutral outcome
 * of its code (mapping.ts), with the code kept as providerCode.
 */
import { ConnectorError, type WalletCall } from '../../core/ports/connector.js';
import type { Logger } from '../../core/deps.js';
import { createHttpExecutor } from '../http-executor.js';
import type { HttpExecutor } from '../http-executor.js';
import { errorKind, errorOutcome } from './mapping.js';
import type { WireError } from './wire.js';

export interface KakaoPayClientConfig {
  baseUrl: string;
  secretKey: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
  log?: Pick<Logger, 'debug' | 'warn'>;
}

function asWireError(v: unknown): WireError | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  // the open-api shape, and the legacy {code, msg} shape some proxies still answer with
  const code = typeof o.error_code === 'number' ? o.error_code : typeof o.code === 'number' ? o.code : undefined;
  if (code === undefined) return undefined;
  const message = typeof o.error_message === 'string' ? o.error_message : typeof o.msg === 'string' ? o.msg : undefined;
  const extras = o.extras !== null && typeof o.extras === 'object' ? (o.extras as WireError['extras']) : undefined;
  return { error_code: code, ...(message !== undefined ? { error_message: message } : {}), ...(extras ? { extras } : {}) };
}

function describe(e: WireError): string {
  const detail = e.extras?.method_result_code
    ? ` (${e.extras.method_result_code}${e.extras.method_result_message ? `: ${e.extras.method_result_message}` : ''})`
    : '';
  return `KakaoPay error ${e.error_code}: ${e.error_message ?? 'no message'}${detail}`;
}

export class KakaoPayClient {
  private readonly http: HttpExecutor;

  constructor(cfg: KakaoPayClientConfig) {
    this.http = createHttpExecutor({
      wallet: 'KakaoPay',
      baseUrl: cfg.baseUrl,
      timeoutMs: cfg.timeoutMs,
      fetch: cfg.fetch,
      headers: () => ({ authorization: `SECRET_KEY ${cfg.secretKey}` }),
      ...(cfg.log ? { log: cfg.log } : {}),
      readError: (body) => {
        const e = asWireError(body);
        return e ? { message: describe(e), providerCode: String(e.error_code) } : undefined;
      },
    });
  }

  /** `call`: the work the call is part of (its request id goes along as X-Request-Id). */
  async post<T extends object>(path: string, body: object, call?: WalletCall): Promise<T> {
    const answer = await this.http.post(path, body, call);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
    const wireError = asWireError(answer.body);
    if (wireError === undefined) {
      throw new ConnectorError('unknown', `KakaoPay ${path} answered HTTP ${answer.status}`, { httpStatus: answer.status });
    }
    throw new ConnectorError(errorKind(wireError.error_code), describe(wireError), {
      outcome: errorOutcome(wireError.error_code),
      providerCode: String(wireError.error_code),
      httpStatus: answer.status,
    });
  }
}
