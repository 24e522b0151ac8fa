/**
 * HTTP to KakaoPay's Online Payment API: JSON POSTs with `Authorization: SECRET_KEY {key}`, a
 * timeout per call, and every failure turned into a ConnectorError:
 * network error, timeout, HTTP 5xx or an unparseable answer → 'unknown'; a KakaoPay error body →
 * the kind of its code (mapping.ts) with providerCode.
 */
import { ConnectorError } from '../../core/ports/connector.js';
import { errorKind, errorOutcome } from './mapping.js';
import type { WireError } from './wire.js';

export interface KakaoPayClientConfig {
  baseUrl: string;
  secretKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
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
  private readonly baseUrl: string;

  constructor(private readonly cfg: KakaoPayClientConfig) {
    this.baseUrl = cfg.baseUrl.replace(/\/+$/, '');
  }

  async post<T extends object>(path: string, body: object): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let res: Response;
    let text: string;
    try {
      res = await this.cfg.fetch(url, {
        method: 'POST',
        headers: { authorization: `SECRET_KEY ${this.cfg.secretKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new ConnectorError('unknown', `KakaoPay ${path} timed out after ${this.cfg.timeoutMs} ms`);
      }
      throw new ConnectorError('unknown', `KakaoPay ${path} failed: ${err.message}`);
    }
    const parsed = parseJson(text);
    if (res.status >= 200 && res.status < 300) {
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new ConnectorError('unknown', `KakaoPay ${path} answered HTTP ${res.status} with an unparseable body`, {
          httpStatus: res.status,
        });
      }
      return parsed as T;
    }
    const wireError = asWireError(parsed);
    if (res.status >= 500 || wireError === undefined) {
      throw new ConnectorError('unknown', wireError ? describe(wireError) : `KakaoPay ${path} answered HTTP ${res.status}`, {
        httpStatus: res.status,
        ...(wireError ? { providerCode: String(wireError.error_code) } : {}),
      });
    }
    const kind = errorKind(wireError.error_code);
    throw new ConnectorError(kind, describe(wireError), {
      outcome: errorOutcome(wireError.error_code),
      providerCode: String(wireError.error_code),
      httpStatus: res.status,
    });
  }
}
