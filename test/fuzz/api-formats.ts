/**
 * Which part of walletgate a URL is aimed at, and what an error answer from that part looks like:
 * each merchant API's own envelope, the customer pages' HTML, the sandbox's own shapes, walletgate's
 * generic JSON elsewhere. `errorShapeProblem` says what is wrong with an error answer, or nothing.
 */
import type { Reply } from '../helpers/http-reply.js';

export const SURFACES = [
  'globalpay',
  'adyen',
  'checkoutcom',
  'ecommpay',
  'customer-pages',
  'sandbox-kakaopay-api',
  'sandbox-kakaopay-pages',
  'sandbox-alipayplus-api',
  'sandbox-alipayplus-pages',
  'sandbox-cards-api',
  'sandbox-bank-pages',
  'sandbox-customer',
  'dashboard',
  'dashboard-data-api',
  'docs',
  'walletgate',
] as const;
export type Surface = (typeof SURFACES)[number];

export function surfaceOf(path: string): Surface {
  if (path.startsWith('/globalpay/')) return 'globalpay';
  if (path.startsWith('/adyen/')) return 'adyen';
  if (path.startsWith('/checkoutcom/')) return 'checkoutcom';
  if (path.startsWith('/ecommpay/')) return 'ecommpay';
  if (path.startsWith('/pay/')) return 'customer-pages';
  if (path.startsWith('/sandbox/kakaopay/online/')) return 'sandbox-kakaopay-api';
  if (path === '/sandbox/kakaopay' || path.startsWith('/sandbox/kakaopay/')) return 'sandbox-kakaopay-pages';
  if (path.startsWith('/sandbox/alipayplus/aps/')) return 'sandbox-alipayplus-api';
  if (path === '/sandbox/alipayplus' || path.startsWith('/sandbox/alipayplus/')) return 'sandbox-alipayplus-pages';
  if (path === '/sandbox/cards' || path.startsWith('/sandbox/cards/')) return 'sandbox-cards-api';
  if (path === '/sandbox/bank' || path.startsWith('/sandbox/bank/')) return 'sandbox-bank-pages';
  if (path.startsWith('/sandbox/customer')) return 'sandbox-customer';
  if (path.startsWith('/dashboard/api/')) return 'dashboard-data-api';
  if (path === '/dashboard' || path.startsWith('/dashboard/')) return 'dashboard';
  if (path === '/docs' || path.startsWith('/docs/')) return 'docs';
  return 'walletgate';
}

const GP_ROOTS = ['Payment', 'Refund', 'Preapproval'];
const ADYEN_KEYS = ['errorCode', 'errorType', 'message', 'pspReference', 'status'];
const ADYEN_TYPES = ['validation', 'security', 'configuration', 'internal'];
const CKO_KEYS = ['error_codes', 'error_type', 'request_id'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function isJsonAnswer(res: Reply): boolean {
  return /^application\/json/.test(res.headers.get('content-type') ?? '') && isObject(res.json);
}

function isHtmlPage(res: Reply): boolean {
  return /^text\/html/.test(res.headers.get('content-type') ?? '') && /^<!doctype html>/i.test(res.text.trimStart());
}

function globalpayProblem(res: Reply): string | undefined {
  if (!isJsonAnswer(res)) return 'not a JSON object';
  const roots = Object.keys(res.json);
  if (roots.length !== 1 || !GP_ROOTS.includes(roots[0]!)) return `root keys ${JSON.stringify(roots)}, not one of ${GP_ROOTS.join(' / ')}`;
  const status = (res.json[roots[0]!] as Json | null)?.Status as Json | undefined;
  const reasons = status?.Reasons;
  if (!Array.isArray(reasons) || reasons.length === 0) return 'no Status.Reasons';
  for (const r of reasons) {
    if (!isObject(r) || typeof r.Code !== 'string' || !/^\d+$/.test(r.Code) || !nonEmptyString(r.Info))
      return `a Reason that is not {Code, Info}`;
  }
  return undefined;
}

function adyenProblem(res: Reply): string | undefined {
  if (!isJsonAnswer(res)) return 'not a JSON object';
  const keys = Object.keys(res.json).sort();
  if (JSON.stringify(keys) !== JSON.stringify(ADYEN_KEYS)) return `keys ${JSON.stringify(keys)}, not Adyen's ${JSON.stringify(ADYEN_KEYS)}`;
  if (res.json.status !== res.status) return `status ${res.json.status} in the body, ${res.status} on the wire`;
  if (!nonEmptyString(res.json.errorCode) || !nonEmptyString(res.json.message) || !ADYEN_TYPES.includes(res.json.errorType))
    return 'errorCode / message / errorType malformed';
  return undefined;
}

function checkoutcomProblem(res: Reply): string | undefined {
  if (!isJsonAnswer(res)) return 'not a JSON object';
  const keys = Object.keys(res.json).sort();
  if (JSON.stringify(keys) !== JSON.stringify(CKO_KEYS))
    return `keys ${JSON.stringify(keys)}, not Checkout.com's ${JSON.stringify(CKO_KEYS)}`;
  if (!nonEmptyString(res.json.request_id) || res.headers.get('cko-request-id') !== res.json.request_id)
    return 'request_id missing or not the Cko-Request-Id header';
  const codes = res.json.error_codes;
  if (!Array.isArray(codes) || codes.length === 0 || !codes.every((c) => typeof c === 'string' && /^[a-z0-9_]+$/.test(c)))
    return `error_codes ${JSON.stringify(codes)} are not snake_case strings`;
  if (!nonEmptyString(res.json.error_type)) return 'no error_type';
  return undefined;
}

const ECP_KEYS = ['code', 'field', 'message', 'payment_id', 'project_id', 'request_id', 'status'];

/** ecommpay's `{status: "error", request_id, code, message}`, with project_id / payment_id / field when known; the Payment Page's errors are pages. */
function ecommpayProblem(method: string, path: string, res: Reply): string | undefined {
  // the Payment Page's URL: pages (a URL refused before routing too, whatever the method)
  if (path === '/ecommpay/payment' && isHtmlPage(res)) return undefined;
  if (!isJsonAnswer(res)) return 'not a JSON object';
  const extra = Object.keys(res.json).filter((k) => !ECP_KEYS.includes(k));
  if (extra.length > 0) return `keys ${JSON.stringify(extra)} are not ecommpay's`;
  if (res.json.status !== 'error') return 'status is not "error"';
  if (!nonEmptyString(res.json.request_id) || !nonEmptyString(res.json.message)) return 'no request_id or message';
  if (typeof res.json.code !== 'string' || !/^\d+$/.test(res.json.code))
    return `code ${JSON.stringify(res.json.code)} is not a number as text`;
  return undefined;
}

/** walletgate's own JSON error, outside the APIs: {error, message, requestId}. */
function walletgateProblem(res: Reply): string | undefined {
  if (!isJsonAnswer(res)) return 'not a JSON object';
  if (!nonEmptyString(res.json.error) || !nonEmptyString(res.json.message) || !nonEmptyString(res.json.requestId))
    return 'not walletgate {error, message, requestId}';
  return undefined;
}

function kakaoPayProblem(res: Reply): string | undefined {
  if (!isJsonAnswer(res)) return 'not a JSON object';
  if (typeof res.json.error_code !== 'number' || res.json.error_code >= 0 || !nonEmptyString(res.json.error_message))
    return "not KakaoPay's {error_code < 0, error_message}";
  return undefined;
}

function alipayPlusProblem(res: Reply): string | undefined {
  if (!isJsonAnswer(res)) return 'not a JSON object';
  const r = res.json.result;
  if (!isObject(r) || !nonEmptyString(r.resultCode) || !['F', 'U'].includes(r.resultStatus as string) || !nonEmptyString(r.resultMessage))
    return "not Alipay+'s {result: {resultCode, resultStatus F|U, resultMessage}}";
  return undefined;
}

/** What is wrong with an error answer (status ≥ 400) from `surface`, or undefined when it has the surface's own shape. */
export function errorShapeProblem(surface: Surface, method: string, path: string, res: Reply): string | undefined {
  if (method === 'HEAD') return undefined; // no body to judge
  switch (surface) {
    case 'globalpay':
      return globalpayProblem(res);
    case 'adyen':
      return adyenProblem(res);
    case 'checkoutcom':
      return checkoutcomProblem(res);
    case 'ecommpay':
      return ecommpayProblem(method, path, res);
    case 'customer-pages':
      // the QR page's status poll answers JSON; everything else is a page
      if (/^\/pay\/[^/]*\/status$/.test(path) && isJsonAnswer(res) && nonEmptyString(res.json.error)) return undefined;
      return isHtmlPage(res) ? undefined : 'not an HTML page';
    case 'sandbox-kakaopay-api':
      return kakaoPayProblem(res);
    case 'sandbox-kakaopay-pages':
      return isHtmlPage(res) ? undefined : 'not an HTML page';
    case 'sandbox-alipayplus-api':
      return alipayPlusProblem(res);
    case 'sandbox-alipayplus-pages':
    case 'sandbox-bank-pages':
      // the wallet's and the bank's pages are pages; a path no page or file serves is walletgate's own 404
      return isHtmlPage(res) || walletgateProblem(res) === undefined
        ? undefined
        : 'neither an HTML page nor walletgate {error, message, requestId}';
    case 'sandbox-cards-api': {
      const e = isJsonAnswer(res) ? res.json.error : undefined;
      return isObject(e) && nonEmptyString(e.type) && nonEmptyString(e.code) && nonEmptyString(e.message)
        ? undefined
        : "not the card processor's {error: {type, code, message}}";
    }
    case 'sandbox-customer':
      return isJsonAnswer(res) && nonEmptyString(res.json.error) && nonEmptyString(res.json.message)
        ? undefined
        : 'not the sandbox customer API {error, message}';
    case 'dashboard':
      // every dashboard answer is a page: refusals and unknown /dashboard/… paths too
      return isHtmlPage(res) ? undefined : 'not an HTML page';
    case 'dashboard-data-api': {
      // the Data API (ADR 0023): JSON { error: { code, message } }; an unknown path under it is still a dashboard page
      if (isHtmlPage(res) && res.status === 404) return undefined;
      const error = isJsonAnswer(res) ? (res.json.error as Json | undefined) : undefined;
      return isObject(error) && nonEmptyString(error.code) && nonEmptyString(error.message)
        ? undefined
        : 'not the Data API {error: {code, message}}';
    }
    case 'docs':
      // the documentation (ADR 0030): a path it does not serve, or a URL it cannot read, is a page too
      return isHtmlPage(res) ? undefined : 'not an HTML page';
    case 'walletgate':
      return walletgateProblem(res);
  }
}
