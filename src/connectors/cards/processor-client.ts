/**
 * HTTP to the card processor's API through the connectors' executor (../http-executor.ts), with
 * `Authorization: Bearer {key}`. The executor turns a timeout, a network error, HTTP 5xx or an
 * unparseable answer into 'unknown'; here the processor's own error body (`{"error": {type, code,
 * message}}`) is kept for the connector to map, with its code as providerCode.
 */
import type { Logger } from '../../core/deps.js';
import type { WalletCall } from '../../core/ports/connector.js';
import { createHttpExecutor, type HttpExecutor } from '../http-executor.js';

export interface ProcessorError {
  type: string;
  code: string;
  message: string;
}

export type ProcessorAnswer = { status: number; body: Record<string, unknown>; error: ProcessorError | null };

export interface ProcessorClientConfig {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
  log?: Pick<Logger, 'debug' | 'warn'>;
}

function errorOf(body: unknown): ProcessorError | null {
  const e = body !== null && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (e === null || typeof e !== 'object') return null;
  const { type, code, message } = e as Record<string, unknown>;
  return typeof code === 'string'
    ? { type: typeof type === 'string' ? type : 'api_error', code, message: typeof message === 'string' ? message : code }
    : null;
}

export function createProcessorClient(cfg: ProcessorClientConfig): {
  post(path: string, body: object, call?: WalletCall): Promise<ProcessorAnswer>;
} {
  const http: HttpExecutor = createHttpExecutor({
    wallet: 'Card processor',
    baseUrl: cfg.baseUrl,
    timeoutMs: cfg.timeoutMs,
    fetch: cfg.fetch,
    headers: () => ({ authorization: `Bearer ${cfg.apiKey}` }),
    ...(cfg.log ? { log: cfg.log } : {}),
    readError: (body) => {
      const e = errorOf(body);
      return e ? { message: `Card processor error ${e.code}: ${e.message}`, providerCode: e.code } : undefined;
    },
  });
  return {
    async post(path, body, call) {
      const answer = await http.post(path, body, call);
      const parsed = answer.body !== null && typeof answer.body === 'object' ? (answer.body as Record<string, unknown>) : {};
      return { status: answer.status, body: parsed, error: errorOf(answer.body) };
    },
  };
}
