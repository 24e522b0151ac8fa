/**
 * The KakaoPay connector: walletgate's Connector contract over KakaoPay's Online Payment API
 * (ready, approve, order, cancel, subscription, manage/subscription/*). Stateless; the CID is
 * chosen per call (one-time or subscription), never from shared mutable state.
 */
import { ConnectorError } from '../../core/ports/connector.js';
import type {
  AgreementStatus,
  ChargeAgreementInput,
  ChargeAgreementResult,
  CompletePaymentInput,
  CompletePaymentResult,
  Connector,
  PaymentLookupResult,
  RefundInput,
  RefundResult,
  StartPaymentInput,
  StartPaymentResult,
  WalletCall,
  WalletData,
} from '../../core/ports/connector.js';
import type { Logger } from '../../core/deps.js';
import { KakaoPayClient } from './client.js';
import { KAKAOPAY_CAPABILITIES } from './capabilities.js';
import { mapAction, mapStatus, parseKst } from './mapping.js';
import { PATHS } from './wire.js';
import { decodeWalletData, encodeWalletData, requirePartnerIds } from './wallet-data.js';
import type { CidKind } from './wallet-data.js';
import type {
  ApproveRequest,
  ApproveResponse,
  CancelRequest,
  CancelResponse,
  InactiveResponse,
  OrderRequest,
  OrderResponse,
  ReadyRequest,
  ReadyResponse,
  SidRequest,
  SubscriptionRequest,
  SubscriptionStatusResponse,
} from './wire.js';

export interface KakaoPayConnectorConfig {
  /** `https://open-api.kakaopay.com`, or the sandbox, e.g. `http://127.0.0.1:8080/sandbox/kakaopay` */
  baseUrl: string;
  secretKey: string;
  cids: { oneTime: string; subscription: string };
  /** per call; default 10 s */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** One line per call (wallet, path, status, duration); never a header, key or body. */
  log?: Pick<Logger, 'debug' | 'warn'>;
}

const MAX_TEXT = 100;

function truncate(s: string, max = MAX_TEXT): string {
  return s.length <= max ? s : s.slice(0, max);
}

/** KakaoPay answers in KRW only; walletgate's KRW has no minor unit. */
function requireKrw(currency: string): void {
  if (currency !== 'KRW') throw new ConnectorError('invalid', `KakaoPay takes KRW only, not ${currency}`);
}

/** The answer must carry what walletgate relies on; otherwise its outcome is unknown. */
function requireFields<T extends object>(path: string, body: T, fields: ReadonlyArray<keyof T & string>): T {
  for (const f of fields) {
    if (body[f] === undefined || body[f] === null) throw new ConnectorError('unknown', `KakaoPay ${path} answer lacks ${f}`);
  }
  return body;
}

function instrumentOf(r: ApproveResponse): string | null {
  if (r.payment_method_type === 'CARD') {
    const issuer = r.card_info?.kakaopay_issuer_corp ?? r.card_info?.kakaopay_purchase_corp;
    return issuer ? `CARD ${issuer}` : 'CARD';
  }
  return r.payment_method_type ?? null;
}

export function createKakaoPayConnector(cfg: KakaoPayConnectorConfig): Connector {
  const client = new KakaoPayClient({
    baseUrl: cfg.baseUrl,
    secretKey: cfg.secretKey,
    timeoutMs: cfg.timeoutMs ?? 10_000,
    fetch: cfg.fetch,
    ...(cfg.log ? { log: cfg.log } : {}),
  });
  const cidFor = (kind: CidKind): string => (kind === 'subscription' ? cfg.cids.subscription : cfg.cids.oneTime);

  return {
    id: 'kakaopay',
    capabilities: KAKAOPAY_CAPABILITIES,

    async startPayment(input: StartPaymentInput, call?: WalletCall): Promise<StartPaymentResult> {
      requireKrw(input.currency);
      if (!Number.isSafeInteger(input.amount) || input.amount < 0)
        throw new ConnectorError('invalid', `amount must be a non-negative integer, not ${input.amount}`);
      if (input.amount === 0 && !input.recurring)
        throw new ConnectorError('invalid', 'amount 0 is only allowed for a recurring (agreement) registration');
      const cid: CidKind = input.recurring ? 'subscription' : 'one_time';
      const body: ReadyRequest = {
        cid: cidFor(cid),
        partner_order_id: input.orderId,
        partner_user_id: input.customerRef,
        item_name: truncate(input.itemName),
        quantity: 1,
        total_amount: input.amount,
        tax_free_amount: 0,
        approval_url: input.returnUrls.approve,
        cancel_url: input.returnUrls.cancel,
        fail_url: input.returnUrls.fail,
      };
      const r = requireFields(PATHS.ready, await client.post<ReadyResponse>(PATHS.ready, body, call), [
        'tid',
        'next_redirect_pc_url',
        'next_redirect_mobile_url',
      ]);
      return {
        ref: r.tid,
        desktopUrl: r.next_redirect_pc_url,
        mobileUrl: r.next_redirect_mobile_url,
        appUrl: r.next_redirect_app_url ?? null,
        wallet: encodeWalletData({ cid, partnerOrderId: body.partner_order_id, partnerUserId: body.partner_user_id }),
      };
    },

    async completePayment(input: CompletePaymentInput, call?: WalletCall): Promise<CompletePaymentResult> {
      const pgToken = input.returnParams.pg_token;
      if (!pgToken) throw new ConnectorError('invalid', 'the approve return has no pg_token');
      const stored = decodeWalletData(input.wallet);
      const ids = requirePartnerIds(stored);
      const body: ApproveRequest = {
        cid: cidFor(stored.cid),
        tid: input.ref,
        partner_order_id: ids.partnerOrderId,
        partner_user_id: ids.partnerUserId,
        pg_token: pgToken,
        total_amount: input.amount,
      };
      const r = requireFields(PATHS.approve, await client.post<ApproveResponse>(PATHS.approve, body, call), [
        'aid',
        'amount',
        'approved_at',
      ]);
      if (stored.cid === 'subscription' && !r.sid)
        throw new ConnectorError('unknown', 'KakaoPay approved a subscription payment without a sid');
      return {
        approvalRef: r.aid,
        agreementToken: r.sid ?? null,
        amount: r.amount.total,
        instrument: instrumentOf(r),
        approvedAt: parseKst(r.approved_at),
      };
    },

    async lookupPayment(ref: string, wallet: WalletData, call?: WalletCall): Promise<PaymentLookupResult> {
      const body: OrderRequest = { cid: cidFor(decodeWalletData(wallet).cid), tid: ref };
      const r = requireFields(PATHS.order, await client.post<OrderResponse>(PATHS.order, body, call), ['status', 'amount']);
      return {
        state: mapStatus(r.status),
        agreementToken: r.sid ?? null,
        rawStatus: r.status,
        amount: r.amount.total,
        refundedAmount: r.canceled_amount?.total ?? 0,
        refundableAmount: r.cancel_available_amount?.total ?? 0,
        actions: (r.payment_action_details ?? []).map(mapAction),
      };
    },

    async refund(input: RefundInput, wallet: WalletData, call?: WalletCall): Promise<RefundResult> {
      requireKrw(input.currency);
      if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
        throw new ConnectorError('invalid', `refund amount must be a positive integer, not ${input.amount}`);
      const body: CancelRequest = {
        cid: cidFor(decodeWalletData(wallet).cid),
        tid: input.ref,
        cancel_amount: input.amount,
        cancel_tax_free_amount: 0,
        cancel_available_amount: input.refundableAmount,
        payload: truncate(input.refundId, 200),
      };
      const r = requireFields(PATHS.cancel, await client.post<CancelResponse>(PATHS.cancel, body, call), [
        'aid',
        'canceled_amount',
        'cancel_available_amount',
      ]);
      return { refundRef: r.aid, refundedTotal: r.canceled_amount.total, refundableAmount: r.cancel_available_amount.total };
    },

    async chargeAgreement(input: ChargeAgreementInput, call?: WalletCall): Promise<ChargeAgreementResult> {
      requireKrw(input.currency);
      if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
        throw new ConnectorError('invalid', `charge amount must be a positive integer, not ${input.amount}`);
      const body: SubscriptionRequest = {
        cid: cfg.cids.subscription,
        sid: input.agreementToken,
        partner_order_id: input.orderId,
        // KakaoPay refuses a partner_user_id other than the one the SID was issued to (-753)
        partner_user_id: decodeWalletData(input.agreementWallet).partnerUserId ?? input.customerRef,
        item_name: truncate(input.itemName),
        quantity: 1,
        total_amount: input.amount,
        tax_free_amount: 0,
      };
      const r = requireFields(PATHS.subscription, await client.post<ApproveResponse>(PATHS.subscription, body, call), [
        'aid',
        'tid',
        'amount',
        'approved_at',
      ]);
      const wallet = encodeWalletData({ cid: 'subscription', partnerOrderId: body.partner_order_id, partnerUserId: body.partner_user_id });
      return {
        ref: r.tid,
        wallet,
        approvalRef: r.aid,
        amount: r.amount.total,
        instrument: instrumentOf(r),
        approvedAt: parseKst(r.approved_at),
      };
    },

    async revokeAgreement(agreementToken: string, call?: WalletCall): Promise<void> {
      const body: SidRequest = { cid: cfg.cids.subscription, sid: agreementToken };
      await client.post<InactiveResponse>(PATHS.inactive, body, call);
    },

    async agreementStatus(agreementToken: string, call?: WalletCall): Promise<AgreementStatus> {
      const body: SidRequest = { cid: cfg.cids.subscription, sid: agreementToken };
      const r = requireFields(PATHS.status, await client.post<SubscriptionStatusResponse>(PATHS.status, body, call), ['status']);
      return { active: r.available === true && r.status === 'ACTIVE', rawStatus: r.status };
    },
  };
}
