/**
 * The wallet calls' transport: one JSON POST over node:http(s) with kept-alive connections, and a
 * deadline for the whole exchange. The global fetch costs several times more CPU per call (its
 * web streams, Request and Headers objects): a profile of the create path had a sixth of the
 * gateway's CPU inside it (docs/benchmarks.md). Tests may still inject a fetch (HttpExecutorConfig).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

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

export function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const send = secure ? httpsRequest : httpRequest;
  const payload = Buffer.from(body, 'utf8');
  return new Promise<PostAnswer>((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        agent: secure ? httpsAgent : httpAgent,
        headers: { ...headers, 'content-length': String(payload.length) },
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
