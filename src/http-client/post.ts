/**
 * walletgate's outgoing POSTs (wallet calls, merchant notifications, the sandbox's customer): one
 * POST over node:http(s) with kept-alive connections and a deadline for the whole exchange, no
 * redirect followed. The global fetch costs several times more CPU per call (its web streams,
 * Request and Headers objects): a profile of the create path had a sixth of the gateway's CPU inside
 * it (docs/benchmarks.md). Callers' tests may still inject a fetch where they shape the network.
 */
import { Agent as HttpAgent, request as nodeHttpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as nodeHttpsRequest } from 'node:https';

export interface PostAnswer {
  status: number;
  text: string;
  headers: AnswerHeaders;
}

/** An answer's headers, by case-insensitive name (the part of the web Headers the connectors read). */
export interface AnswerHeaders {
  get(name: string): string | null;
}

/** The exchange took longer than its deadline. */
export class PostTimeoutError extends Error {
  override name = 'TimeoutError';
}

const agentOptions = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' as const };
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);

function headersOf(raw: IncomingHttpHeaders): AnswerHeaders {
  return {
    get(name) {
      const v = raw[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** A POST of `body`; see httpRequest. */
export function httpPost(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
  return httpRequest('POST', url, headers, body, timeoutMs);
}

/** One request (a body only with POST); resolves with any answer, whatever its status; rejects on a network error or the deadline. */
export function httpRequest(
  method: 'GET' | 'POST',
  url: string | URL,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<PostAnswer> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const send = secure ? nodeHttpsRequest : nodeHttpRequest;
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  return new Promise<PostAnswer>((resolve, reject) => {
    const req = send(
      target,
      {
        method,
        agent: secure ? httpsAgent : httpAgent,
        headers: payload ? Object.assign({}, headers, { 'content-length': String(payload.length) }) : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: headersOf(res.headers) });
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new PostTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    function fail(e: Error): void {
      clearTimeout(timer);
      reject(e);
    }
    req.on('error', fail);
    req.end(payload);
  });
}
