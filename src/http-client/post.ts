/**
 * walletgate's outgoing requests (wallet calls, merchant notifications, the sandbox's customer): one
 * request over kept-alive HTTP/1.1 connections (keep-alive-connections.ts), with a deadline for the
 * whole exchange and no redirect followed. The request is written as one buffer and its answer read
 * by response-parser.ts: node:http's client cost about 45 µs of CPU a call more, two or three times a
 * create (ADR 0039), and the global fetch several times that (its web streams, Request and Headers
 * objects). Callers' tests may still inject a fetch where they shape the network.
 */
import { KeepAliveConnections, type Origin } from './keep-alive-connections.js';

export interface PostAnswer {
  status: number;
  text: string;
  headers: AnswerHeaders;
}

/** An answer's headers, by case-insensitive name (the part of the web Headers the connectors read). */
export interface AnswerHeaders {
  get(name: string): string | null;
}

interface Target {
  origin: Origin;
  /** the request line's target: the path and the query */
  path: string;
  /** the Host field: the host, and its port unless the scheme's own */
  host: string;
  /** Basic credentials from the URL's user information, as node:http sent them */
  authorization: string | null;
}

const connections = new KeepAliveConnections();
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** what a field value may hold (RFC 9110 §5.5): never CR, LF or NUL, so no header can be injected */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Targets of recent URLs: the same few (a wallet's endpoints, merchants' notification URLs) come again and again. */
const targets = new Map<string, Target>();
const MAX_TARGETS = 1_024;

function targetOf(url: string | URL): Target {
  const known = typeof url === 'string' ? targets.get(url) : undefined;
  if (known) return known;
  const u = typeof url === 'string' ? new URL(url) : url;
  const secure = u.protocol === 'https:';
  if (!secure && u.protocol !== 'http:') throw new Error(`unsupported protocol ${u.protocol}`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port === '' ? (secure ? 443 : 80) : Number(u.port);
  const target: Target = {
    origin: { secure, host, port, key: `${secure ? 'https' : 'http'}://${host}:${port}` },
    path: `${u.pathname}${u.search}`,
    host: u.host,
    authorization:
      u.username === '' && u.password === ''
        ? null
        : 'Basic ' + Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64'),
  };
  if (typeof url === 'string') {
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(url, target);
  }
  return target;
}

/** The request's bytes: its head in latin1, as node:http writes header fields, and its body in UTF-8. */
function requestBytes(method: string, t: Target, headers: Record<string, string>, body: string | undefined): Buffer {
  let head = `${method} ${t.path} HTTP/1.1\r\n`;
  let host = false;
  let authorization = false;
  for (const name in headers) {
    const value = headers[name]!;
    if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    if (!FIELD_VALUE.test(value)) throw new TypeError(`invalid character in the value of header ${name}`);
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') continue; // this client's to say
    if (lower === 'host') host = true;
    if (lower === 'authorization') authorization = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!host) head += `Host: ${t.host}\r\n`;
  if (!authorization && t.authorization !== null) head += `Authorization: ${t.authorization}\r\n`;
  head += 'Connection: keep-alive\r\n';
  if (body === undefined) return Buffer.from(head + '\r\n', 'latin1');
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  head += `Content-Length: ${bodyBytes}\r\n\r\n`;
  const headBytes = Buffer.byteLength(head, 'latin1');
  const out = Buffer.allocUnsafe(headBytes + bodyBytes);
  out.write(head, 0, 'latin1');
  out.write(body, headBytes, 'utf8');
  return out;
}

function headersOf(raw: Map<string, string>): AnswerHeaders {
  return {
    get(name) {
      return raw.get(name.toLowerCase()) ?? null;
    },
  };
}

/** A POST of `body`; see httpRequest. */
export function httpPost(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
  return httpRequest('POST', url, headers, body, timeoutMs);
}

/** A request's method, URL, headers, body (POST only) and deadline in ms. */
type RequestArgs = [
  method: 'GET' | 'POST',
  url: string | URL,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
];

/** One request (a body only with POST); resolves with any answer, whatever its status; rejects on a network error or the deadline. */
export function httpRequest(...args: RequestArgs): Promise<PostAnswer> {
  return httpRequestThrough(connections, ...args);
}

/** httpRequest over a pool of the caller's own (the bench's loads, each with as many connections as it keeps requests in flight). */
export async function httpRequestThrough(
  pool: KeepAliveConnections,
  ...[method, url, headers, body, timeoutMs]: RequestArgs
): Promise<PostAnswer> {
  const target = targetOf(url);
  const response = await pool.exchange(target.origin, requestBytes(method, target, headers, body), timeoutMs);
  return { status: response.status, text: response.body.toString('utf8'), headers: headersOf(response.headers) };
}
