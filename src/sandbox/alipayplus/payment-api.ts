/**
 * The sandbox's payment API (upstream.md §2.3, §2.5–2.7): pay (cashier, or auto debit with an access
 * token), inquiryPayment, cancelPayment and refund, with paymentRequestId and refundRequestId
 * idempotent (an identical replay gets the stored result, a differing one REPEAT_REQ_INCONSISTENT).
 */
import type { ApsAnswer, ApsHandler } from './signed-routes.js';
import type { ApsContext } from './api-context.js';
import { amount, object, text } from './api-context.js';
import { SUCCESS, fail, findWallet, refundedTotal } from './model.js';
import type { ApsPayment, ApsToken } from './model.js';
import { hasApsMagic } from './magic.js';
import {
  amountOf,
  namedPayment,
  newId,
  paymentByRequestId,
  paymentFields,
  paymentResult,
  refundByRequestId,
  saveRefundIndex,
  savePayment,
  transactions,
} from './payment-records.js';

function delivery(p: ApsPayment): Pick<ApsAnswer, 'badSignature' | 'slow' | 'lost'> {
  return { badSignature: hasApsMagic(p.description, 'badsig') };
}

function afterWork(p: ApsPayment): Pick<ApsAnswer, 'badSignature' | 'slow' | 'lost'> {
  return { ...delivery(p), slow: hasApsMagic(p.description, 'slow'), lost: hasApsMagic(p.description, 'lost') };
}

/** pay's answer for a payment, new or replayed. */
function payAnswer(p: ApsPayment, base: string): ApsAnswer {
  const common = { paymentId: p.paymentId, paymentAmount: amountOf(p), paymentCreateTime: p.createdAt };
  if (p.kind === 'cashier') {
    const url = `${base}/wallet/${p.paymentId}`;
    return {
      body: {
        result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'redirect the customer to the wallet' },
        ...common,
        paymentUrl: url,
        normalUrl: url,
        applinkUrl: url,
        expireTime: p.expiresAt,
      },
      ...delivery(p),
    };
  }
  if (hasApsMagic(p.description, 'unknown'))
    return { body: { result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'unknown; inquire' } }, ...afterWork(p) };
  const result = paymentResult(p);
  return {
    body: {
      result,
      ...common,
      ...(p.status === 'SUCCESS' ? { paymentTime: p.paymentTime, customerId: p.customerId, pspId: 'SANDBOX_PSP' } : {}),
    },
    ...afterWork(p),
  };
}

export function payHandler(ctx: ApsContext): ApsHandler {
  return async (body, clientId, base) => {
    const paymentRequestId = text(body, 'paymentRequestId');
    const paymentAmount = amount(body, 'paymentAmount');
    const method = object(body, 'paymentMethod');
    const walletType = text(method, 'paymentMethodType');
    const accessToken = text(method, 'paymentMethodId');
    if (paymentRequestId === undefined || paymentRequestId.length > 64)
      return { body: { result: fail('PARAM_ILLEGAL', 'paymentRequestId is required (at most 64 characters)') } };
    if (paymentAmount === undefined || paymentAmount.value === 0)
      return { body: { result: fail('PARAM_ILLEGAL', 'paymentAmount must be {currency, value} with value a positive string of digits') } };
    const wallet = walletType === undefined ? undefined : findWallet(walletType);
    if (walletType === undefined || wallet === undefined)
      return { body: { result: fail('PARAM_ILLEGAL', 'paymentMethod.paymentMethodType must name a wallet (ALIPAY_HK, DANA, GCASH…)') } };
    if (!wallet.currencies.includes(paymentAmount.currency))
      return { body: { result: fail('CURRENCY_NOT_SUPPORT', `${wallet.name} takes ${wallet.currencies.join(', ')}`) } };
    const kind = accessToken === undefined ? 'cashier' : 'agreement';
    const fingerprint = JSON.stringify([paymentAmount.currency, paymentAmount.value, walletType, kind]);
    const now = ctx.now();

    const outcome = await ctx.db.run(async (tx) => {
      const earlier = await paymentByRequestId(tx, clientId, paymentRequestId, now);
      if (earlier) return earlier.fingerprint === fingerprint ? { payment: earlier, settled: false } : 'inconsistent';
      let token: ApsToken | undefined;
      if (accessToken !== undefined) {
        token = await tx.get<ApsToken>('token', accessToken);
        if (!token || token.clientId !== clientId || !token.active || token.walletType !== walletType) return 'bad-token';
        if (Date.parse(token.expiresAt) <= now.getTime()) return 'expired-token';
      }
      const description = text(object(body, 'order'), 'orderDescription') ?? '';
      const p: ApsPayment = {
        paymentId: newId('2026'),
        paymentRequestId,
        clientId,
        walletType,
        currency: paymentAmount.currency,
        value: paymentAmount.value,
        description,
        kind,
        status: 'PROCESSING',
        failCode: null,
        notifyUrl: text(body, 'paymentNotifyUrl') ?? null,
        redirectUrl: text(body, 'paymentRedirectUrl') ?? null,
        customerId: token?.customerId ?? newId('CUST'),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ctx.paymentTtlMs).toISOString(),
        paymentTime: null,
        refunds: [],
        fingerprint,
      };
      if (kind === 'agreement') {
        if (hasApsMagic(description, 'decline')) {
          p.status = 'FAIL';
          p.failCode = 'USER_BALANCE_NOT_ENOUGH';
        } else {
          p.status = 'SUCCESS';
          p.paymentTime = now.toISOString();
        }
      }
      await savePayment(tx, p, true);
      return { payment: p, settled: kind === 'agreement' };
    });
    if (outcome === 'inconsistent')
      return {
        body: { result: fail('REPEAT_REQ_INCONSISTENT', 'this paymentRequestId was used with a different amount, currency or wallet') },
      };
    if (outcome === 'bad-token')
      return { body: { result: fail('INVALID_ACCESS_TOKEN', 'the access token is unknown, revoked or for another wallet') } };
    if (outcome === 'expired-token') return { body: { result: fail('EXPIRED_ACCESS_TOKEN', 'the access token has expired') } };
    if (outcome.settled) ctx.notifier.notify(outcome.payment);
    return payAnswer(outcome.payment, base);
  };
}

export function inquiryHandler(ctx: ApsContext): ApsHandler {
  return async (body, clientId) => {
    const p = await ctx.db.run((tx) => namedPayment(tx, clientId, body, ctx.now()));
    if (!p) return { body: { result: fail('ORDER_NOT_EXIST', 'no payment with this paymentId or paymentRequestId') } };
    return {
      body: { result: SUCCESS, paymentResult: paymentResult(p), ...paymentFields(p), transactions: transactions(p) },
      ...delivery(p),
    };
  };
}

export function cancelHandler(ctx: ApsContext): ApsHandler {
  return async (body, clientId) => {
    const p = await ctx.db.run(async (tx) => {
      const found = await namedPayment(tx, clientId, body, ctx.now());
      if (!found) return undefined;
      // The cancel wins over anything else, even a success (its money goes back): upstream.md §2.6.
      if (found.status !== 'CLOSED') {
        found.status = 'CLOSED';
        found.failCode = 'ORDER_IS_CLOSED';
        await savePayment(tx, found, false);
      }
      return found;
    });
    if (!p) return { body: { result: fail('ORDER_NOT_EXIST', 'no payment with this paymentId or paymentRequestId') } };
    return { body: { result: SUCCESS, acquirerId: clientId, pspId: 'SANDBOX_PSP' }, ...afterWork(p) };
  };
}

export function refundHandler(ctx: ApsContext): ApsHandler {
  return async (body, clientId) => {
    const refundRequestId = text(body, 'refundRequestId');
    const refundAmount = amount(body, 'refundAmount');
    if (refundRequestId === undefined || refundRequestId.length > 64)
      return { body: { result: fail('PARAM_ILLEGAL', 'refundRequestId is required (at most 64 characters)') } };
    if (refundAmount === undefined || refundAmount.value === 0)
      return { body: { result: fail('PARAM_ILLEGAL', 'refundAmount must be {currency, value} with value a positive string of digits') } };
    const now = ctx.now();
    const outcome = await ctx.db.run(async (tx) => {
      const p = await namedPayment(tx, clientId, body, now);
      if (!p) return 'not-found' as const;
      const earlier = await refundByRequestId(tx, clientId, refundRequestId);
      if (earlier) {
        const r = p.refunds.find((x) => x.refundId === earlier.refundId);
        return earlier.paymentId === p.paymentId && r?.value === refundAmount.value ? { p, r } : ('inconsistent' as const);
      }
      if (refundAmount.currency !== p.currency) return 'currency' as const;
      if (p.status !== 'SUCCESS') return 'not-paid' as const;
      if (refundedTotal(p) + refundAmount.value > p.value) return 'exceed' as const;
      const r = { refundRequestId, refundId: newId('R2026'), value: refundAmount.value, time: now.toISOString() };
      p.refunds.push(r);
      await savePayment(tx, p, false);
      await saveRefundIndex(tx, clientId, refundRequestId, { paymentId: p.paymentId, refundId: r.refundId });
      return { p, r };
    });
    switch (outcome) {
      case 'not-found':
        return { body: { result: fail('ORDER_NOT_EXIST', 'no payment with this paymentId or paymentRequestId') } };
      case 'inconsistent':
        return { body: { result: fail('REPEAT_REQ_INCONSISTENT', 'this refundRequestId was used for another payment or amount') } };
      case 'currency':
        return { body: { result: fail('PARAM_ILLEGAL', "refundAmount's currency is not the payment's") } };
      case 'not-paid':
        return { body: { result: fail('ORDER_IS_CLOSED', 'only a successful payment can be refunded') } };
      case 'exceed':
        return { body: { result: fail('REFUND_AMOUNT_EXCEED', 'the refunds would exceed the amount paid') } };
    }
    const { p, r } = outcome;
    if (hasApsMagic(p.description, 'unknown'))
      return { body: { result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'unknown; retry' } }, ...afterWork(p) };
    return {
      body: {
        result: SUCCESS,
        acquirerId: clientId,
        pspId: 'SANDBOX_PSP',
        refundId: r.refundId,
        refundTime: r.time,
        refundAmount: amountOf(p, r.value),
      },
      ...afterWork(p),
    };
  };
}
