/**
 * The Alipay+ connector (upstream.md §2): the Connector contract over the Alipay+ API for
 * acquirers, stateless. A checkout is a cashier pay (the customer approves on the wallet's page and
 * comes back to the approve URL whatever happened, so completing asks inquiryPayment); a
 * registration is an auto debit authorization (prepare, then applyToken with the authCode the
 * customer brings back; with an amount, the first charge follows); charges are auto debit pays with
 * the access token; revoking is cancelToken. Every call is signed and every answer verified (client.ts).
 */
import { ConnectorError } from '../../core/ports/connector.js';
import type {
  ChargeAgreementInput,
  ChargeAgreementResult,
  CompletePaymentInput,
  CompletePaymentResult,
  Connector,
  FoundCharge,
  PaymentLookupResult,
  RefundInput,
  RefundResult,
  StartPaymentInput,
  StartPaymentResult,
  WalletAction,
  WalletCall,
  WalletData,
} from '../../core/ports/connector.js';
import type { Logger } from '../../core/deps.js';
import { AlipayPlusClient } from './client.js';
import type { ApsBody } from './client.js';
import { paymentState, readResult, unpaidOnReturn } from './mapping.js';
import { ALIPAYPLUS_CAPABILITIES, walletForMethod } from './wallets.js';
import { acknowledgement, parseNotification } from './notification.js';
import type { AlipayPlusSettings } from './settings.js';

export interface AlipayPlusConnectorConfig extends Omit<AlipayPlusSettings, 'configured' | 'portalUrl'> {
  log?: Pick<Logger, 'debug' | 'warn'>;
  fetch?: typeof fetch;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function obj(v: unknown): ApsBody {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApsBody) : {};
}

function minor(v: unknown): number {
  const s = str(obj(v).value);
  return s !== undefined && /^[0-9]+$/.test(s) ? Number(s) : 0;
}

function date(v: unknown, fallback: Date): Date {
  const s = str(v);
  const d = s === undefined ? NaN : Date.parse(s);
  return Number.isNaN(d) ? fallback : new Date(d);
}

function walletOf(method: string) {
  const w = walletForMethod(method);
  if (!w) throw new ConnectorError('invalid', `Alipay+ carries no method ${method} in walletgate`);
  return w;
}

function amount(currency: string, value: number) {
  return { currency, value: String(value) };
}

/** What an inquiryPayment answer says about a payment, with its payments and refunds. */
function readInquiry(a: ApsBody): PaymentLookupResult {
  const result = readResult(a.paymentResult);
  if (result === undefined) throw new ConnectorError('unknown', 'Alipay+ inquiryPayment answered without a paymentResult');
  const paid = minor(a.paymentAmount);
  const actions: WalletAction[] = [];
  let refunded = 0;
  for (const t of Array.isArray(a.transactions) ? a.transactions.map(obj) : []) {
    if (t.transactionStatus !== 'SUCCESS') continue;
    const value = minor(t.transactionAmount);
    const at = str(t.transactionTime) ? date(t.transactionTime, new Date()) : null;
    if (t.transactionType === 'REFUND') refunded += value;
    if (t.transactionType === 'REFUND' || t.transactionType === 'PAYMENT')
      actions.push({
        kind: t.transactionType === 'REFUND' ? 'refund' : 'payment',
        ref: str(t.transactionId) ?? '',
        amount: value,
        payload: t.transactionType === 'REFUND' ? (str(t.transactionRequestId) ?? null) : null,
        at,
      });
  }
  const state = paymentState(result, paid, refunded);
  return {
    state,
    agreementToken: null,
    rawStatus: `${result.resultStatus}:${result.resultCode}`,
    amount: paid,
    refundedAmount: refunded,
    refundableAmount: state === 'succeeded' || state === 'partially_refunded' ? paid - refunded : 0,
    actions,
  };
}

export function createAlipayPlusConnector(cfg: AlipayPlusConnectorConfig): Connector {
  const client = new AlipayPlusClient({
    baseUrl: cfg.baseUrl,
    clientId: cfg.clientId,
    privateKeyPem: cfg.privateKeyPem,
    alipayPublicKeyPem: cfg.alipayPublicKeyPem,
    keyVersion: cfg.keyVersion,
    timeoutMs: cfg.timeoutMs,
    fetch: cfg.fetch,
    ...(cfg.log ? { log: cfg.log } : {}),
  });
  const notify = cfg.notifyUrl !== null ? { paymentNotifyUrl: cfg.notifyUrl } : {};

  /**
   * How Alipay+ knows a payment: a cashier payment or a charge by the paymentId it answered; the first
   * payment of an auto debit authorization by our paymentRequestId (its ref is our order id, as the
   * payment only exists once the customer authorized).
   */
  function paymentKey(ref: string, wallet: WalletData): ApsBody {
    return wallet.mode === 'authorization' ? { paymentRequestId: ref } : { paymentId: ref };
  }

  async function inquire(ref: string, wallet: WalletData, call: WalletCall | undefined): Promise<ApsBody> {
    return client.call('payments/inquiryPayment', paymentKey(ref, wallet), undefined, call);
  }

  /** Auto debit pay with an access token; S only (U and F throw). */
  async function debit(
    token: string,
    walletType: string,
    orderId: string,
    description: string,
    currency: string,
    value: number,
    call: WalletCall | undefined,
  ) {
    const a = await client.call(
      'payments/pay',
      {
        paymentRequestId: orderId,
        paymentAmount: amount(currency, value),
        paymentMethod: { paymentMethodType: walletType, paymentMethodId: token },
        paymentFactor: { isAgreementPayment: 'true' },
        order: {
          referenceOrderId: orderId,
          orderDescription: description,
          orderAmount: amount(currency, value),
          env: { terminalType: 'WEB' },
        },
        ...notify,
      },
      undefined,
      call,
    );
    const paymentId = str(a.paymentId);
    if (paymentId === undefined) throw new ConnectorError('unknown', 'Alipay+ pay answered S without a paymentId');
    return { paymentId, approvedAt: date(a.paymentTime, new Date()) };
  }

  return {
    id: 'alipayplus',
    capabilities: ALIPAYPLUS_CAPABILITIES,

    async startPayment(input: StartPaymentInput, call?: WalletCall): Promise<StartPaymentResult> {
      const w = walletOf(input.method);
      if (input.recurring) {
        const a = await client.call(
          'authorizations/prepare',
          {
            authClientId: cfg.clientId,
            authClientName: 'walletgate',
            customerBelongsTo: w.type,
            authRedirectUrl: input.returnUrls.approve,
            scopes: ['AGREEMENT_PAY'],
            authState: input.orderId,
          },
          undefined,
          call,
        );
        const url = str(a.normalUrl) ?? str(a.authUrl);
        if (url === undefined) throw new ConnectorError('unknown', 'Alipay+ prepare answered without an authorization URL');
        return {
          ref: input.orderId,
          desktopUrl: url,
          mobileUrl: url,
          appUrl: str(a.applinkUrl) ?? null,
          wallet: { mode: 'authorization', walletType: w.type, currency: input.currency, amount: input.amount, itemName: input.itemName },
        };
      }
      const a = await client.call(
        'payments/pay',
        {
          paymentRequestId: input.orderId,
          paymentAmount: amount(input.currency, input.amount),
          paymentMethod: { paymentMethodType: w.type },
          paymentFactor: { isCashierPayment: 'true' },
          order: {
            referenceOrderId: input.orderId,
            orderDescription: input.itemName,
            orderAmount: amount(input.currency, input.amount),
            buyer: { referenceBuyerId: input.customerRef },
            env: { terminalType: 'WEB' },
          },
          paymentRedirectUrl: input.returnUrls.approve,
          ...notify,
        },
        'PAYMENT_IN_PROCESS',
        call,
      );
      const paymentId = str(a.paymentId);
      const url = str(a.normalUrl) ?? str(a.paymentUrl);
      if (paymentId === undefined || url === undefined)
        throw new ConnectorError('unknown', 'Alipay+ pay answered without a paymentId or a wallet URL');
      return {
        ref: paymentId,
        desktopUrl: url,
        mobileUrl: url,
        appUrl: str(a.applinkUrl) ?? null,
        wallet: { mode: 'cashier', walletType: w.type, paymentRequestId: input.orderId, currency: input.currency },
      };
    },

    async completePayment(input: CompletePaymentInput, call?: WalletCall): Promise<CompletePaymentResult> {
      if (input.wallet.mode === 'authorization') {
        const authCode = input.returnParams.authCode;
        if (!authCode)
          throw new ConnectorError('declined', 'the customer did not authorize auto debit at Alipay+', {
            providerCode: input.returnParams.error ?? 'NO_AUTH_CODE',
          });
        const t = await client.call(
          'authorizations/applyToken',
          { authClientId: cfg.clientId, grantType: 'AUTHORIZATION_CODE', authCode },
          undefined,
          call,
        );
        const token = str(t.accessToken);
        if (token === undefined) throw new ConnectorError('unknown', 'Alipay+ applyToken answered without an accessToken');
        const walletType = String(input.wallet.walletType);
        if (input.amount === 0)
          return {
            approvalRef: str(t.customerId) ?? input.ref,
            agreementToken: token,
            amount: 0,
            instrument: walletType,
            approvedAt: new Date(),
          };
        const paid = await debit(
          token,
          walletType,
          input.ref,
          String(input.wallet.itemName ?? ''),
          String(input.wallet.currency),
          input.amount,
          call,
        );
        return {
          approvalRef: paid.paymentId,
          agreementToken: token,
          amount: input.amount,
          instrument: walletType,
          approvedAt: paid.approvedAt,
        };
      }
      const a = await inquire(input.ref, {}, call);
      const result = readResult(a.paymentResult);
      if (result === undefined) throw new ConnectorError('unknown', 'Alipay+ inquiryPayment answered without a paymentResult');
      if (result.resultStatus !== 'S') throw unpaidOnReturn(result);
      return {
        approvalRef: str(a.paymentId) ?? input.ref,
        agreementToken: null,
        amount: minor(a.paymentAmount),
        instrument: str(a.walletBrandName) ?? null,
        approvedAt: date(a.paymentTime, new Date()),
      };
    },

    async lookupPayment(ref: string, wallet: WalletData, call?: WalletCall): Promise<PaymentLookupResult> {
      if (wallet.mode === 'authorization' && !(Number(wallet.amount) > 0))
        throw new ConnectorError('invalid', 'Alipay+ cannot be asked about an auto debit authorization, only about payments');
      return readInquiry(await inquire(ref, wallet, call));
    },

    async findCharge(orderId: string, agreementWallet: WalletData, call?: WalletCall): Promise<FoundCharge | null> {
      let a: ApsBody;
      try {
        a = await client.call('payments/inquiryPayment', { paymentRequestId: orderId }, undefined, call);
      } catch (e) {
        // the charge never reached Alipay+
        if (e instanceof ConnectorError && e.providerCode === 'ORDER_NOT_EXIST') return null;
        throw e;
      }
      const ref = str(a.paymentId);
      if (ref === undefined) throw new ConnectorError('unknown', 'Alipay+ inquiryPayment answered without a paymentId');
      const looked = readInquiry(a);
      const walletType = str(agreementWallet.walletType) ?? '';
      const currency = str(obj(a.paymentAmount).currency) ?? '';
      return { ...looked, ref, wallet: { mode: 'agreement', walletType, paymentRequestId: orderId, currency } };
    },

    async refund(input: RefundInput, wallet: WalletData, call?: WalletCall): Promise<RefundResult> {
      const a = await client.call(
        'payments/refund',
        { ...paymentKey(input.ref, wallet), refundRequestId: input.refundId, refundAmount: amount(input.currency, input.amount) },
        undefined,
        call,
      );
      const refundRef = str(a.refundId);
      if (refundRef === undefined) throw new ConnectorError('unknown', 'Alipay+ refund answered S without a refundId');
      // The refund answer has no totals: inquiryPayment gives them (a failure here is 'unknown'; the refund's id makes a retry safe).
      const after = await this.lookupPayment(input.ref, wallet, call);
      return { refundRef, refundedTotal: after.refundedAmount, refundableAmount: after.refundableAmount };
    },

    async chargeAgreement(input: ChargeAgreementInput, call?: WalletCall): Promise<ChargeAgreementResult> {
      const walletType = str(input.agreementWallet.walletType) ?? walletOf(input.method).type;
      const paid = await debit(input.agreementToken, walletType, input.orderId, input.itemName, input.currency, input.amount, call);
      return {
        ref: paid.paymentId,
        wallet: { mode: 'agreement', walletType, paymentRequestId: input.orderId, currency: input.currency },
        approvalRef: paid.paymentId,
        amount: input.amount,
        instrument: walletType,
        approvedAt: paid.approvedAt,
      };
    },

    async revokeAgreement(agreementToken: string, call?: WalletCall): Promise<void> {
      await client.call('authorizations/cancelToken', { accessToken: agreementToken, authClientId: cfg.clientId }, undefined, call);
    },

    agreementStatus(): Promise<never> {
      return Promise.reject(new ConnectorError('invalid', 'Alipay+ offers no call that tells whether an access token is still valid'));
    },

    parseNotification(headers, rawBody) {
      return Promise.resolve().then(() => parseNotification(cfg, headers, rawBody));
    },

    acknowledgeNotification() {
      return acknowledgement(cfg);
    },
  };
}
