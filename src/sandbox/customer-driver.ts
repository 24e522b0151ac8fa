/**
 * The sandbox customer: does over real HTTP what a customer's phone browser does with a payment
 * link walletgate gave a merchant. It opens the link, follows redirects into a sandbox wallet
 * (KakaoPay's or Alipay+'s), presses the buttons for the chosen action, and follows redirects back until the next
 * URL would leave walletgate (the merchant's own site is never fetched). The sandbox customer API
 * has the sandbox's own wallet pages answered in process (`ownPages`, own-pages.ts).
 */
import { httpRequest } from '../http-client/post.js';
import { findLink, parseForms } from './html-forms.js';
import type { HtmlForm } from './html-forms.js';
import type { OwnPageResponse } from './own-pages.js';

export type CustomerAction = 'approve' | 'cancel' | 'fail' | 'abandon';
export const CUSTOMER_ACTIONS: readonly CustomerAction[] = ['approve', 'cancel', 'fail', 'abandon'];

export interface CustomerStep {
  method: 'GET' | 'POST';
  url: string;
  status: number;
}

export interface DriveResult {
  finalUrl: string;
  steps: CustomerStep[];
}

export interface DriveOptions {
  url: string;
  action: CustomerAction;
  /** the SMS code typed in; default 123456 */
  smsCode?: string;
  /** the card typed into a card form (walletgate's hosted page): default 4111 1111 1111 1111 to approve, 4000 0000 0000 0002 to fail */
  card?: string;
  /** per-request timeout; default 10 s */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * The sandbox's own wallet pages, answered in process (own-pages.ts): a request this answers
   * (not undefined) never goes over HTTP. The sandbox customer API passes its own; without it every
   * request is HTTP.
   */
  ownPages?: (method: 'GET' | 'POST', url: URL, body: string | undefined) => Promise<OwnPageResponse | undefined>;
}

/** The driver could not do what was asked (bad URL, no wallet page, a wallet page without the button). */
export class CustomerDriveError extends Error {
  readonly steps: CustomerStep[];
  constructor(message: string, steps: CustomerStep[]) {
    super(message);
    this.name = 'CustomerDriveError';
    this.steps = steps;
  }
}

export const PHONE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/**
 * A sandbox wallet page: KakaoPay's `…/pg/{tid}/mInfo` (also aInfo, order, info); Alipay+'s
 * `…/alipayplus/wallet/{paymentId}` (a payment) and `…/alipayplus/authorize/{id}` (auto debit).
 */
const WALLET_PAGE = /\/pg\/T[0-9A-Za-z]{19}\/(mInfo|aInfo|order|info)$|\/alipayplus\/(wallet|authorize)\/[0-9A-Za-z]+$/;

/** Which form a customer submits on a wallet page, in order of preference, for each action. */
const INTENTS: Readonly<Record<CustomerAction, readonly string[]>> = {
  approve: ['verify', 'agree', 'pay', 'next'],
  cancel: ['cancel'],
  fail: ['decline'],
  abandon: ['abandon'],
};

const MAX_REQUESTS = 25;

/** The card processor sandbox's test cards the driver types (docs/sandbox.md): one approved, one declined. */
export const DRIVER_CARDS = { approve: '4111111111111111', fail: '4000000000000002' } as const;

/**
 * A card form (the form marked `data-intent="card"`): the card, an expiry three years ahead, a CVC of
 * the brand's length and a name, posted as a customer's browser would.
 */
function cardFormBody(form: HtmlForm, card: string): string {
  const digits = card.replace(/\D/g, '');
  const year = (new Date().getUTCFullYear() + 3) % 100;
  const typed: Record<string, string> = {
    card_number: digits,
    card_expiry: `12/${String(year).padStart(2, '0')}`,
    card_cvc: /^3[47]/.test(digits) ? '1234' : '123',
    card_name: 'Sandbox Customer',
  };
  const params = new URLSearchParams();
  for (const f of form.fields) params.append(f.name, typed[f.name] ?? f.value);
  return params.toString();
}

/**
 * What the customer types: the SMS code into `code`; into any other empty field the example the
 * wallet shows as its placeholder (the sandbox wallets' test data: a phone number, a PIN).
 */
function formBody(form: HtmlForm, smsCode: string): string {
  const params = new URLSearchParams();
  for (const f of form.fields) params.append(f.name, f.name === 'code' ? smsCode : f.value !== '' ? f.value : f.placeholder);
  return params.toString();
}

/** The customer's next request. */
type NextRequest = { method: 'GET' | 'POST'; url: URL; body?: string };

export async function driveCustomer(opts: DriveOptions): Promise<DriveResult> {
  const overHttp = (next: NextRequest, headers: Record<string, string>, timeoutMs: number) =>
    opts.fetch
      ? opts
          .fetch(next.url, {
            method: next.method,
            redirect: 'manual',
            headers,
            ...(next.body !== undefined ? { body: next.body } : {}),
            signal: AbortSignal.timeout(timeoutMs),
          })
          .then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }))
      : httpRequest(next.method, next.url, headers, next.body, timeoutMs);
  const send = async (next: NextRequest, headers: Record<string, string>, timeoutMs: number) =>
    (await opts.ownPages?.(next.method, next.url, next.body)) ?? (await overHttp(next, headers, timeoutMs));
  const smsCode = opts.smsCode ?? '123456';
  const steps: CustomerStep[] = [];
  let start: URL;
  try {
    start = new URL(opts.url);
  } catch {
    throw new CustomerDriveError(`not an absolute URL: ${opts.url}`, steps);
  }
  if (start.protocol !== 'http:' && start.protocol !== 'https:') throw new CustomerDriveError(`not an http(s) URL: ${opts.url}`, steps);
  if (!CUSTOMER_ACTIONS.includes(opts.action)) throw new CustomerDriveError(`unknown action: ${String(opts.action)}`, steps);

  /** origins the customer stays on: walletgate's, and the wallet's once it is reached */
  const origins = new Set([start.origin]);
  let next: NextRequest = { method: 'GET', url: start };
  let walletSeen = false;
  let acted = false;
  let returned = false;

  for (;;) {
    if (steps.length >= MAX_REQUESTS) throw new CustomerDriveError(`gave up after ${MAX_REQUESTS} requests`, steps);
    let res: OwnPageResponse;
    try {
      res = await send(
        next,
        {
          'user-agent': PHONE_USER_AGENT,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8',
          ...(next.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        opts.timeoutMs ?? 10_000,
      );
    } catch (e) {
      throw new CustomerDriveError(`${next.method} ${next.url.href} failed: ${(e as Error).message}`, steps);
    }
    steps.push({ method: next.method, url: next.url.href, status: res.status });
    const here = next.url;
    const isWallet = WALLET_PAGE.test(here.pathname);
    if (isWallet) {
      walletSeen = true;
      origins.add(here.origin);
    }

    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const target = new URL(location, here);
      const enteringWallet = WALLET_PAGE.test(target.pathname);
      if (!origins.has(target.origin) && !enteringWallet) {
        if (!walletSeen)
          throw new CustomerDriveError(`${opts.url} never reached a KakaoPay sandbox wallet page (it redirected to ${target.href})`, steps);
        return { finalUrl: target.href, steps };
      }
      next = { method: 'GET', url: target };
      continue;
    }

    const html = res.text;
    // walletgate's own card form (a card payment): the customer types the card there, no wallet involved
    const cardForm = !walletSeen && !acted ? parseForms(html).find((f) => f.intent === 'card') : undefined;
    if (cardForm) {
      acted = true;
      walletSeen = true;
      if (opts.action === 'abandon') return { finalUrl: here.href, steps };
      if (opts.action === 'cancel') {
        const back = findLink(html, 'cancel');
        if (!back) throw new CustomerDriveError(`the card form at ${here.href} offers no way to cancel`, steps);
        next = { method: 'GET', url: new URL(back, here) };
        continue;
      }
      const card = opts.card ?? DRIVER_CARDS[opts.action];
      next = { method: 'POST', url: new URL(cardForm.action, here), body: cardFormBody(cardForm, card) };
      continue;
    }
    if (!walletSeen)
      throw new CustomerDriveError(
        `${opts.url} never reached a KakaoPay sandbox wallet page (stopped at ${here.href} with HTTP ${res.status})`,
        steps,
      );
    // a page outside the wallet after it (walletgate showing something itself): the customer stops here
    if (!isWallet) return { finalUrl: here.href, steps };
    if (here.pathname.endsWith('/info')) {
      // the PC page: "continue on this device", as a phone would
      next = { method: 'GET', url: new URL(here.pathname.replace(/\/info$/, '/mInfo'), here) };
      continue;
    }
    const forms = parseForms(html);
    const form = INTENTS[opts.action].map((intent) => forms.find((f) => f.intent === intent)).find((f) => f !== undefined);
    // Already authenticated, but the way back to the shop was interrupted (a dropped connection, the
    // shop's server down): the wallet offers "Return to the shop", and a customer who came to pay
    // presses it, once.
    const back = opts.action === 'approve' && !form && !returned ? findLink(html, 'return') : null;
    if (back) {
      returned = true;
      const target = new URL(back, here);
      // a link straight to the merchant's site: the customer would leave here, and it is never fetched
      if (!origins.has(target.origin) && !WALLET_PAGE.test(target.pathname)) return { finalUrl: target.href, steps };
      next = { method: 'GET', url: target };
      continue;
    }
    // approve takes several steps (pay, code, agreement; a wallet's phone, code, PIN…); the others are one button, then the customer is done
    if (!form || (acted && opts.action !== 'approve')) {
      if (!acted) throw new CustomerDriveError(`the wallet page ${here.href} offers no way to ${opts.action} (HTTP ${res.status})`, steps);
      return { finalUrl: here.href, steps };
    }
    acted = true;
    const body = formBody(form, smsCode);
    const target = new URL(form.action, here);
    if (form.method === 'GET') {
      target.search = body;
      next = { method: 'GET', url: target };
    } else {
      next = { method: 'POST', url: target, body };
    }
  }
}
