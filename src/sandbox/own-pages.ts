/**
 * The sandbox's own wallet pages, answered in process when the sandbox customer (customer-driver.ts)
 * walks them. The customer API's walk goes to walletgate over HTTP and back, but four of its six
 * requests are to the sandbox's own wallet pages; over loopback each of them cost the process an
 * HTTP request written and parsed, and an answer written and parsed, on top of the page itself
 * (docs/benchmarks.md, 2026-12-06 (fourth session)). Here the page's own code runs as it would for
 * the HTTP route: the same transaction, the same decision, the same HTML, which the customer reads
 * and fills in as before; only the socket and the HTTP framing are left out.
 *
 * A wallet registers its pages under its prefix; the customer API asks for a URL at the origin its
 * own request came to (so the URL names this server), and any URL no page here takes (walletgate's
 * pages, another server's, a payment this sandbox does not keep) goes over HTTP as before.
 */
import type { AnswerHeaders } from '../http-client/post.js';

/** What a page answered: a redirect (`location`) or a page. */
export interface OwnPageAnswer {
  status: number;
  location: string | null;
  html: string;
}

/**
 * Answers a request for `path` (below the wallet's prefix, without the query) with the form fields
 * posted, or undefined when no page of the wallet takes it (then it goes over HTTP).
 */
export type OwnPageHandler = (method: 'GET' | 'POST', path: string, form: Record<string, string>) => Promise<OwnPageAnswer | undefined>;

/** An answer as the customer driver reads one from HTTP. */
export interface OwnPageResponse {
  status: number;
  headers: AnswerHeaders;
  text: string;
}

export class OwnPages {
  private readonly wallets: { prefix: string; handler: OwnPageHandler }[] = [];

  /** The pages of a wallet registered under `prefix` (`/sandbox/kakaopay`). */
  add(prefix: string, handler: OwnPageHandler): void {
    this.wallets.push({ prefix: prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, handler });
  }

  /**
   * The answer of the page at `url`, when `url` is at `origin` (this server, as its caller named it)
   * below a registered prefix and that wallet takes it; undefined otherwise.
   */
  async answer(origin: string, method: 'GET' | 'POST', url: URL, body: string | undefined): Promise<OwnPageResponse | undefined> {
    if (url.origin !== origin || (method === 'GET' && url.search !== '')) return undefined;
    for (const { prefix, handler } of this.wallets) {
      if (!url.pathname.startsWith(`${prefix}/`)) continue;
      const form = body === undefined ? {} : Object.fromEntries(new URLSearchParams(body));
      const answer = await handler(method, url.pathname.slice(prefix.length), form);
      if (answer === undefined) return undefined;
      const location = answer.location;
      return {
        status: answer.status,
        text: answer.html,
        headers: { get: (name) => (name.toLowerCase() === 'location' ? location : null) },
      };
    }
    return undefined;
  }
}
