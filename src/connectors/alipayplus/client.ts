/**
 * HTTP to the Alipay+ API for acquirers through the connectors' executor (../http-executor.ts).
 * Every request is signed (signature.ts) over the path as the server sees it, our client id, the
 * Request-Time and the exact body bytes sent. Every answer must be HTTP 200 with a signature that
 * verifies with Alipay+'s public key over its `response-time`: anything else is 'unknown', never
 * trusted. A verified answer whose result is not S becomes the ConnectorError of its code (mapping.ts).
 */
import { ConnectorError, type WalletCall } from '../../core/ports/connector.js';
import type { Logger } from '../../core/deps.js';
import { createHttpExecutor } from '../http-executor.js';
import type { HttpExecutor } from '../http-executor.js';
import { readResult, resultError } from './mapping.js';
import { signatureHeader, verifySignature } from './signature.js';

export interface AlipayPlusClientConfig {
  baseUrl: string;
  clientId: string;
  /** the acquirer's private key (PEM) */
  privateKeyPem: string;
  /** Alipay+'s public key (PEM) */
  alipayPublicKeyPem: string;
  keyVersion: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
  log?: Pick<Logger, 'debug' | 'warn'>;
}

export type ApsBody = Record<string, unknown>;

export class AlipayPlusClient {
  private readonly http: HttpExecutor;
  /** The base URL's own path (e.g. /sandbox/alipayplus), part of the path that is signed. */
  private readonly basePath: string;

  constructor(private readonly cfg: AlipayPlusClientConfig) {
    this.basePath = new URL(cfg.baseUrl).pathname.replace(/\/+$/, '');
    this.http = createHttpExecutor({
      wallet: 'Alipay+',
      baseUrl: cfg.baseUrl,
      timeoutMs: cfg.timeoutMs,
      fetch: cfg.fetch,
      headers: ({ path, rawBody }) => {
        const time = new Date().toISOString();
        const signed = { method: 'POST', path: this.basePath + path, clientId: cfg.clientId, time, rawBody };
        return {
          'client-id': cfg.clientId,
          'request-time': time,
          signature: signatureHeader(signed, cfg.privateKeyPem, cfg.keyVersion),
        };
      },
      ...(cfg.log ? { log: cfg.log } : {}),
    });
  }

  /**
   * POSTs to `/aps/api/v1/{call}` and resolves with the verified answer when its result is S.
   * `acceptU`: also resolve when the result is U with this code (pay's PAYMENT_IN_PROCESS). `work`:
   * the work the call is part of (its request id goes along as X-Request-Id).
   */
  async call(call: string, body: ApsBody, acceptU?: string, work?: WalletCall): Promise<ApsBody> {
    const path = `/aps/api/v1/${call}`;
    const answer = await this.http.post(path, body, work);
    if (answer.status !== 200)
      throw new ConnectorError('unknown', `Alipay+ ${call} answered HTTP ${answer.status}`, { httpStatus: answer.status });
    const time = answer.headers.get('response-time');
    const verified =
      time !== null &&
      verifySignature(
        { method: 'POST', path: this.basePath + path, clientId: this.cfg.clientId, time, rawBody: answer.rawBody },
        answer.headers.get('signature') ?? undefined,
        this.cfg.alipayPublicKeyPem,
      );
    if (!verified) {
      this.cfg.log?.warn({ wallet: 'Alipay+', path }, 'Alipay+ answer without a valid signature: not trusted');
      throw new ConnectorError('unknown', `Alipay+ ${call} answered without a valid signature; its answer is not trusted`, {
        httpStatus: 200,
      });
    }
    const answerBody = answer.body as ApsBody;
    const result = readResult(answerBody.result);
    if (result === undefined) throw new ConnectorError('unknown', `Alipay+ ${call} answered without a result`, { httpStatus: 200 });
    if (result.resultStatus === 'S' || (result.resultStatus === 'U' && result.resultCode === acceptU)) return answerBody;
    throw resultError(call, result);
  }
}
