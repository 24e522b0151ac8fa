/**
 * What the customer's actions in the wallet pages do to a payment: open, confirm, SMS code,
 * agreement, cancel, and the sandbox-only decline and timeout buttons. Each returns either a view
 * to render or a redirect, so page-routes.ts stays a thin HTTP layer.
 */
import { hasMagic } from './magic.js';
import type { StateView } from './pages.js';
import { PENDING_STATUSES } from './model.js';
import type { MethodType, SandboxPayment } from './model.js';
import type { SandboxSession } from './state/sandbox-session.js';

export type FlowView =
  | { kind: 'confirm'; p: SandboxPayment }
  | { kind: 'code'; p: SandboxPayment; error: string | null }
  | { kind: 'agreement'; p: SandboxPayment }
  | { kind: 'state'; view: StateView };

export type FlowOutcome = { kind: 'view'; view: FlowView; httpStatus: number } | { kind: 'redirect'; location: string };

/** Any 6 digits are a valid SMS code in the sandbox. */
export const SMS_CODE_PATTERN = /^\d{6}$/;

const redirect = (location: string): FlowOutcome => ({ kind: 'redirect', location });
const view = (v: FlowView, httpStatus = 200): FlowOutcome => ({ kind: 'view', view: v, httpStatus });

export function withQuery(url: string, key: string, value: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  return `${base}${base.includes('?') ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(value)}${hash}`;
}

export class CustomerFlow {
  constructor(
    /** the request's session of the sandbox state (page-routes.ts makes one flow per request) */
    private readonly session: SandboxSession,
    /** path of the wallet pages, e.g. `/sandbox/kakaopay` */
    private readonly base: string,
  ) {}

  private pageUrl(p: SandboxPayment): string {
    return `${this.base}/pg/${p.tid}/mInfo`;
  }

  notFound(): FlowOutcome {
    return view({ kind: 'state', view: { tone: 'bad', title: 'Payment not found', message: 'This payment link is not valid.' } }, 404);
  }

  /** Customer-facing page for the payment's current state (GET mInfo / aInfo / order). */
  open(p: SandboxPayment): FlowOutcome {
    if (PENDING_STATUSES.has(p.status) && p.step === 'confirm' && hasMagic(p.itemName, 'cancel')) return this.cancel(p);
    if (p.status === 'READY' || p.status === 'SEND_TMS') p.status = 'OPEN_PAYMENT';
    if (p.status === 'QUIT_PAYMENT') {
      return this.session.isExpired(p)
        ? view(
            {
              kind: 'state',
              view: { tone: 'warn', title: 'Payment expired', message: 'The time to pay has run out. Please start again at the shop.' },
            },
            410,
          )
        : view({ kind: 'state', view: { tone: 'warn', title: 'Payment cancelled', message: 'You cancelled this payment.' } });
    }
    if (p.status === 'FAIL_PAYMENT' || p.status === 'FAIL_AUTH_PASSWORD') {
      return view({ kind: 'state', view: { tone: 'bad', title: 'Payment failed', message: 'KakaoPay could not complete this payment.' } });
    }
    if (p.status === 'AUTH_PASSWORD' && p.pgToken !== null) {
      const link = { href: withQuery(p.approvalUrl, 'pg_token', p.pgToken), label: 'Return to the shop' };
      return view({
        kind: 'state',
        view: { tone: 'ok', title: 'Authentication complete', message: 'Return to the shop to finish.', link },
      });
    }
    if (!PENDING_STATUSES.has(p.status)) {
      return view({ kind: 'state', view: { tone: 'ok', title: 'Payment complete', message: 'This payment has already been completed.' } });
    }
    if (p.step === 'code') return view({ kind: 'code', p, error: null });
    if (p.step === 'agreement') return view({ kind: 'agreement', p });
    return view({ kind: 'confirm', p });
  }

  /** Pay pressed on the confirm step. */
  confirm(p: SandboxPayment, method: string | undefined): FlowOutcome {
    if (PENDING_STATUSES.has(p.status) && p.step === 'confirm') {
      const chosen: MethodType = p.allowedMethod ?? (method === 'CARD' ? 'CARD' : 'MONEY');
      p.methodType = chosen;
      p.status = 'SELECT_METHOD';
      p.step = 'code';
    }
    return redirect(this.pageUrl(p));
  }

  /** SMS code submitted. */
  submitCode(p: SandboxPayment, code: string | undefined): FlowOutcome {
    if (!PENDING_STATUSES.has(p.status) || p.step !== 'code') return redirect(this.pageUrl(p));
    const trimmed = (code ?? '').trim();
    if (!SMS_CODE_PATTERN.test(trimmed)) return view({ kind: 'code', p, error: 'Enter the 6-digit code from the SMS.' }, 422);
    if (hasMagic(p.itemName, 'fail')) {
      p.status = 'FAIL_AUTH_PASSWORD';
      p.step = 'done';
      return redirect(p.failUrl);
    }
    if (p.subscription) {
      p.step = 'agreement';
      return redirect(this.pageUrl(p));
    }
    return this.authenticated(p);
  }

  /** Auto-debit agreement accepted (subscription CID only). */
  agree(p: SandboxPayment): FlowOutcome {
    if (!PENDING_STATUSES.has(p.status) || p.step !== 'agreement') return redirect(this.pageUrl(p));
    return this.authenticated(p);
  }

  cancel(p: SandboxPayment): FlowOutcome {
    if (!PENDING_STATUSES.has(p.status) || p.status === 'AUTH_PASSWORD') return redirect(this.pageUrl(p));
    p.status = 'QUIT_PAYMENT';
    p.step = 'done';
    return redirect(p.cancelUrl);
  }

  /** Sandbox tool: the wallet declines the payment. */
  decline(p: SandboxPayment): FlowOutcome {
    if (!PENDING_STATUSES.has(p.status) || p.status === 'AUTH_PASSWORD') return redirect(this.pageUrl(p));
    p.status = 'FAIL_PAYMENT';
    p.step = 'done';
    return redirect(p.failUrl);
  }

  /** Sandbox tool: the payment times out now; the customer never returns to the shop. */
  abandon(p: SandboxPayment): FlowOutcome {
    if (PENDING_STATUSES.has(p.status)) {
      p.expiresAt = this.session.now();
      this.session.applyExpiry(p);
    }
    return redirect(this.pageUrl(p));
  }

  private authenticated(p: SandboxPayment): FlowOutcome {
    p.status = 'AUTH_PASSWORD';
    p.step = 'done';
    p.pgToken = this.session.newPgToken();
    return redirect(withQuery(p.approvalUrl, 'pg_token', p.pgToken));
  }
}
