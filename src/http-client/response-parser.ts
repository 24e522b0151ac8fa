/**
 * An HTTP/1.1 response, read incrementally from a connection's bytes (RFC 9112): the status line,
 * the header fields, and a body delimited by Content-Length, by chunked transfer coding (trailers
 * read and dropped) or by the connection's close. Interim 1xx answers are skipped; 204 and 304
 * have no body. Anything malformed throws `HttpParseError`, so a broken server fails its call and
 * its connection is dropped, never reused.
 *
 * This replaces node:http's client machinery (its agent, ClientRequest, IncomingMessage stream and
 * their events), which cost about 60 µs of CPU a call where this path costs about 16 (ADR 0039).
 */

export class HttpParseError extends Error {
  override name = 'HttpParseError';
}

export interface ParsedResponse {
  status: number;
  /** by lower-case name; a field sent more than once is joined with ", " (Set-Cookie too: no caller reads it) */
  headers: Map<string, string>;
  body: Buffer;
  /** whether the connection may carry another request */
  keepAlive: boolean;
  /** the server's `Keep-Alive: timeout=N`, in ms, when it sent one */
  keepAliveMs: number | null;
}

export interface ParserLimits {
  /** the status line and the header fields, together */
  maxHeadBytes: number;
  maxBodyBytes: number;
}

const DEFAULT_LIMITS: ParserLimits = { maxHeadBytes: 64 * 1024, maxBodyBytes: 64 * 1024 * 1024 };
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-5]\d\d)(?: [^\r\n]*)?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;[^\r\n]*)?$/;

type State =
  | { at: 'head' }
  | { at: 'length'; left: number }
  | { at: 'chunk-size' }
  | { at: 'chunk-data'; left: number }
  | { at: 'chunk-end' }
  | { at: 'trailers' }
  | { at: 'until-close' }
  | { at: 'done' };

interface Head {
  status: number;
  headers: Map<string, string>;
  keepAlive: boolean;
  keepAliveMs: number | null;
}

export class ResponseParser {
  #buf: Buffer | null = null;
  #state: State = { at: 'head' };
  #head: Head | null = null;
  #body: Buffer[] = [];
  #bodyBytes = 0;
  readonly #limits: ParserLimits;

  constructor(limits: ParserLimits = DEFAULT_LIMITS) {
    this.#limits = limits;
  }

  /** Bytes read after the response ended: a server must send nothing it was not asked for. */
  get surplus(): boolean {
    return this.#buf !== null && this.#buf.length > 0;
  }

  /** Whether any byte of the answer has come. */
  get started(): boolean {
    return this.#head !== null || this.#buf !== null;
  }

  /** Whether the response so far ends at the connection's close (no length, not chunked). */
  get endsAtClose(): boolean {
    return this.#state.at === 'until-close';
  }

  /** Takes the next bytes; the response once it is complete (later bytes stay as `surplus`), else null. */
  push(chunk: Buffer): ParsedResponse | null {
    if (this.#state.at === 'done') {
      this.#buf = this.#buf ? Buffer.concat([this.#buf, chunk]) : chunk;
      return null;
    }
    this.#buf = this.#buf && this.#buf.length > 0 ? Buffer.concat([this.#buf, chunk]) : chunk;
    for (;;) {
      const progressed = this.#step();
      // (#step moves the state on: not the one narrowed above)
      if ((this.#state as State).at === 'done') return this.#response();
      if (!progressed) return null;
    }
  }

  /** The connection closed: the response, if it was delimited by the close; else throws. */
  end(): ParsedResponse {
    if (this.#state.at === 'until-close') {
      this.#state = { at: 'done' };
      return this.#response();
    }
    throw new HttpParseError('the connection closed mid-response');
  }

  #response(): ParsedResponse {
    const head = this.#head!;
    const body = this.#body.length === 1 ? this.#body[0]! : Buffer.concat(this.#body, this.#bodyBytes);
    return { status: head.status, headers: head.headers, body, keepAlive: head.keepAlive, keepAliveMs: head.keepAliveMs };
  }

  #take(n: number): Buffer {
    const buf = this.#buf!;
    const out = buf.subarray(0, n);
    this.#buf = buf.length > n ? buf.subarray(n) : null;
    return out;
  }

  #addBody(part: Buffer): void {
    this.#bodyBytes += part.length;
    if (this.#bodyBytes > this.#limits.maxBodyBytes)
      throw new HttpParseError(`the response body is over ${this.#limits.maxBodyBytes} bytes`);
    this.#body.push(part);
  }

  /** One step of the state machine; false when it needs more bytes. */
  #step(): boolean {
    const buf = this.#buf;
    const state = this.#state;
    if (state.at === 'until-close') {
      if (buf && buf.length > 0) this.#addBody(this.#take(buf.length));
      return false;
    }
    if (!buf || buf.length === 0) return false;
    switch (state.at) {
      case 'head': {
        const end = buf.indexOf(HEAD_END);
        if (end < 0) {
          if (buf.length > this.#limits.maxHeadBytes)
            throw new HttpParseError(`the response head is over ${this.#limits.maxHeadBytes} bytes`);
          return false;
        }
        if (end > this.#limits.maxHeadBytes) throw new HttpParseError(`the response head is over ${this.#limits.maxHeadBytes} bytes`);
        const text = this.#take(end + HEAD_END.length).toString('latin1', 0, end);
        this.#startBody(parseHead(text));
        return true;
      }
      case 'length':
        return this.#counted(state, buf, { at: 'done' });
      case 'chunk-size': {
        const line = this.#line(buf);
        if (line === null) return false;
        const m = CHUNK_SIZE.exec(line);
        if (!m) throw new HttpParseError(`a bad chunk size line: ${JSON.stringify(line.slice(0, 40))}`);
        const size = parseInt(m[1]!, 16);
        this.#state = size === 0 ? { at: 'trailers' } : { at: 'chunk-data', left: size };
        return true;
      }
      case 'chunk-data':
        return this.#counted(state, buf, { at: 'chunk-end' });
      case 'chunk-end': {
        if (buf.length < 2) return false;
        if (buf[0] !== 0x0d || buf[1] !== 0x0a) throw new HttpParseError('a chunk does not end with CRLF');
        this.#take(2);
        this.#state = { at: 'chunk-size' };
        return true;
      }
      case 'trailers': {
        const line = this.#line(buf);
        if (line === null) return false;
        if (line === '') this.#state = { at: 'done' };
        return true;
      }
      case 'done':
        return false;
    }
  }

  /** Body bytes of a counted run (the whole body, or one chunk), up to what is left of it; then `after`. */
  #counted(state: { left: number }, buf: Buffer, after: State): boolean {
    const part = this.#take(Math.min(state.left, buf.length));
    this.#addBody(part);
    state.left -= part.length;
    if (state.left === 0) this.#state = after;
    return true;
  }

  /** The next CRLF-ended line (taken), or null until it is all here. */
  #line(buf: Buffer): string | null {
    const end = buf.indexOf(CRLF);
    if (end < 0) {
      if (buf.length > this.#limits.maxHeadBytes) throw new HttpParseError('a chunk line or trailer is too long');
      return null;
    }
    return this.#take(end + 2).toString('latin1', 0, end);
  }

  #startBody(head: Head & { bodyKind: BodyKind }): void {
    if (head.status < 200) return; // an interim answer (100 Continue, 103 Early Hints): the real one follows
    this.#head = head;
    const kind = head.bodyKind;
    if (kind.kind === 'none') this.#state = { at: 'done' };
    else if (kind.kind === 'length') this.#state = kind.length === 0 ? { at: 'done' } : { at: 'length', left: kind.length };
    else if (kind.kind === 'chunked') this.#state = { at: 'chunk-size' };
    else {
      this.#state = { at: 'until-close' };
      head.keepAlive = false;
    }
    if (kind.kind === 'length' && kind.length > this.#limits.maxBodyBytes)
      throw new HttpParseError(`the response body is over ${this.#limits.maxBodyBytes} bytes`);
  }
}

type BodyKind = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'until-close' };

function parseHead(text: string): Head & { bodyKind: BodyKind } {
  const lines = text.split('\r\n');
  const m = STATUS_LINE.exec(lines[0]!);
  if (!m) throw new HttpParseError(`not an HTTP/1.x status line: ${JSON.stringify(lines[0]!.slice(0, 60))}`);
  const minor = Number(m[1]);
  const status = Number(m[2]);
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    // obsolete line folding (a line starting with white space) is refused, as RFC 9112 lets a client do
    if (!TOKEN.test(name)) throw new HttpParseError(`a bad header line: ${JSON.stringify(line.slice(0, 60))}`);
    const key = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    const had = headers.get(key);
    headers.set(key, had === undefined ? value : `${had}, ${value}`);
  }
  const connection = headers.get('connection')?.toLowerCase() ?? '';
  const keepAlive = minor === 1 ? !/(?:^|,)\s*close\s*(?:,|$)/.test(connection) : /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection);
  const hint = /(?:^|,)\s*timeout\s*=\s*(\d+)/i.exec(headers.get('keep-alive') ?? '');
  // both framings at once: Transfer-Encoding wins, and the connection is not trusted again (RFC 9112 §6.3)
  const smuggled = headers.has('transfer-encoding') && headers.has('content-length');
  return {
    status,
    headers,
    keepAlive: keepAlive && !smuggled,
    keepAliveMs: hint ? Number(hint[1]) * 1000 : null,
    bodyKind: bodyKindOf(status, headers),
  };
}

function bodyKindOf(status: number, headers: Map<string, string>): BodyKind {
  if (status < 200 || status === 204 || status === 304) return { kind: 'none' };
  const coding = headers.get('transfer-encoding');
  if (coding !== undefined) {
    const last = coding.split(',').pop()!.trim().toLowerCase();
    return last === 'chunked' ? { kind: 'chunked' } : { kind: 'until-close' };
  }
  const length = headers.get('content-length');
  if (length === undefined) return { kind: 'until-close' };
  // the same length sent twice is one length (RFC 9110 §8.6); different ones are an error
  const values = new Set(length.split(',').map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(only!))
    throw new HttpParseError(`a bad Content-Length: ${JSON.stringify(length.slice(0, 40))}`);
  return { kind: 'length', length: Number(only) };
}
