/**
 * The sandbox's answer to a request none of its routes takes (an unknown path or method, a URL that
 * cannot be decoded, a body that cannot be read), in the shape its caller expects: KakaoPay's error
 * body under the API (`{prefix}/online/…`), the wallet's "not found" page anywhere else.
 */
import { ERR, KakaoPayApiError } from './api-error.js';
import { statePage } from './pages.js';

export interface SandboxRefusal {
  status: number;
  body: string | object;
  headers: Record<string, string>;
}

/** `prefix`: where the sandbox is mounted ("/sandbox/kakaopay"); `url`: the request's whole URL. */
export function sandboxRefusal(prefix: string, url: string, status: number, message: string): SandboxRefusal {
  if (url.startsWith(`${prefix}/online/`)) {
    const e = new KakaoPayApiError(ERR.badParam, message, { httpStatus: status });
    return { status, body: e.toBody(), headers: { 'content-type': 'application/json;charset=UTF-8' } };
  }
  return {
    status,
    body: statePage({ tone: 'bad', title: 'Page not found', message: 'This payment link is not valid.' }),
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  };
}
