/**
 * KakaoPay vocabulary → the connector contract's: payment statuses, action types, error codes and
 * KST timestamps. The status table is exhaustive over KakaoPay's documented values.
 */
import { ConnectorError } from '../../core/ports/connector.js';
import type { ConnectorErrorKind, ConnectorOutcome, WalletAction, WalletPaymentState } from '../../core/ports/connector.js';
import type { KakaoPayStatus, WireActionDetail } from './wire.js';

export const STATUS_TO_STATE: Readonly<Record<KakaoPayStatus, WalletPaymentState>> = {
  READY: 'pending',
  SEND_TMS: 'pending',
  OPEN_PAYMENT: 'pending',
  SELECT_METHOD: 'pending',
  ARS_WAITING: 'pending',
  AUTH_PASSWORD: 'awaiting_approval',
  ISSUED_SID: 'agreement_issued',
  SUCCESS_PAYMENT: 'succeeded',
  PART_CANCEL_PAYMENT: 'partially_refunded',
  CANCEL_PAYMENT: 'refunded',
  FAIL_AUTH_PASSWORD: 'failed',
  QUIT_PAYMENT: 'abandoned',
  FAIL_PAYMENT: 'failed',
};

export function mapStatus(raw: string): WalletPaymentState {
  if (!Object.hasOwn(STATUS_TO_STATE, raw)) throw new ConnectorError('unknown', `KakaoPay answered an unrecognised payment status: ${raw}`);
  return STATUS_TO_STATE[raw as KakaoPayStatus];
}

const ACTION_KIND: Readonly<Record<WireActionDetail['payment_action_type'], WalletAction['kind']>> = {
  PAYMENT: 'payment',
  CANCEL: 'refund',
  ISSUED_SID: 'agreement',
};

export function mapAction(a: WireActionDetail): WalletAction {
  const kind = ACTION_KIND[a.payment_action_type];
  if (kind === undefined)
    throw new ConnectorError('unknown', `KakaoPay answered an unrecognised action type: ${String(a.payment_action_type)}`);
  return { kind, ref: a.aid, amount: Math.abs(a.amount), payload: a.payload ?? null, at: a.approved_at ? parseKst(a.approved_at) : null };
}

/** KakaoPay timestamps are Korean local time without an offset: `2016-11-15T21:18:22`. */
export function parseKst(s: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(s);
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3] ?? ''}+09:00`) : new Date(s);
  if (Number.isNaN(d.getTime())) throw new ConnectorError('unknown', `KakaoPay answered an unparseable timestamp: ${s}`);
  return d;
}

/**
 * Error codes by what they mean for walletgate (upstream.md §1.11). `declined`: the wallet said no
 * to something that was valid; `invalid`: walletgate sent something wrong. Codes missing here
 * (and -1, -7, -9798) are `unknown`: it may or may not have happened, so ask `order`.
 */
export const ERROR_KINDS: Readonly<Record<number, ConnectorErrorKind>> = {
  [-2]: 'invalid',
  [-3]: 'invalid',
  [-4]: 'declined',
  [-5]: 'invalid',
  [-8]: 'invalid',
  [-10]: 'declined',
  [-401]: 'invalid',
  [-701]: 'invalid',
  [-702]: 'invalid',
  [-703]: 'declined',
  [-704]: 'invalid',
  [-705]: 'declined',
  [-706]: 'invalid',
  [-707]: 'invalid',
  [-708]: 'invalid',
  [-710]: 'declined',
  [-721]: 'invalid',
  [-722]: 'invalid',
  [-723]: 'declined',
  [-724]: 'invalid',
  [-725]: 'invalid',
  [-726]: 'invalid',
  [-730]: 'invalid',
  [-731]: 'invalid',
  [-732]: 'invalid',
  [-733]: 'invalid',
  [-750]: 'invalid',
  [-751]: 'declined',
  [-752]: 'declined',
  [-753]: 'invalid',
  [-761]: 'declined',
  [-780]: 'declined',
  [-781]: 'declined',
  [-782]: 'declined',
  [-783]: 'declined',
  [-784]: 'declined',
  [-785]: 'declined',
  [-798]: 'invalid',
  [-799]: 'invalid',
  [-803]: 'invalid',
};

export function errorKind(code: number): ConnectorErrorKind {
  return ERROR_KINDS[code] ?? 'unknown';
}

/** The codes whose meaning the core needs more precisely than their kind (upstream.md §1.11). */
const SPECIFIC_OUTCOMES: Readonly<Record<number, ConnectorOutcome>> = {
  /** already approved: a duplicate approve lost the race */
  [-702]: 'already_done',
  /** SID does not exist */
  [-750]: 'agreement_gone',
  /** SID inactive */
  [-751]: 'agreement_gone',
};

/** The neutral outcome of a KakaoPay error code, the only thing the core decides on. */
export function errorOutcome(code: number): ConnectorOutcome {
  return SPECIFIC_OUTCOMES[code] ?? errorKind(code);
}
