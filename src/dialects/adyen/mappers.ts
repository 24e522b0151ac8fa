/** Core records → Adyen response objects. Pure functions of their inputs. */
import type { CustomerLinks } from '../../core/ports/customer-links.js';
import type { Payment, Preapproval, Refund } from '../../core/model.js';
import { pspReference } from './psp-reference.js';
import { ADYEN_METHODS } from './schemas.js';
import { RESULT_CODES, type ResultCode } from './statuses.js';

export function methodType(method: string): string {
  return ADYEN_METHODS[method]?.type ?? method;
}

/** A failed payment that never reached the shopper (the wallet would not open a checkout) is an Error; else Refused. */
function resultCodeOf(p: Payment): ResultCode {
  if (p.status === 'failed' && p.preapprovalId === null && !p.connectorState.ref) return 'Error';
  return RESULT_CODES[p.status];
}

/** The additionalData that tells the merchant which token a payment stored. */
export function tokenData(agreement: Preapproval | undefined): Record<string, string> | undefined {
  if (!agreement) return undefined;
  const token = pspReference('token', agreement.id);
  const shopper = agreement.customerRef ?? '';
  return {
    'recurring.recurringDetailReference': token,
    'recurring.shopperReference': shopper,
    'tokenization.storedPaymentMethodId': token,
    'tokenization.shopperReference': shopper,
    'tokenization.store.operationType': 'created',
  };
}

/**
 * PaymentResponse. `redirect`: the answer to POST /payments for a payment waiting on the shopper,
 * which carries the redirect action instead of a final result.
 */
export function mapPaymentResponse(p: Payment, opts: { links: CustomerLinks; redirect?: boolean; agreement?: Preapproval }) {
  const waiting = opts.redirect === true && p.status === 'pending_customer';
  const resultCode: ResultCode = waiting ? 'RedirectShopper' : resultCodeOf(p);
  const refused = resultCode === 'Refused' || resultCode === 'Error';
  // only a token that really exists (the agreement a payment opens is active once the wallet issued it)
  const additionalData = resultCode === 'Authorised' && opts.agreement?.status === 'active' ? tokenData(opts.agreement) : undefined;
  return {
    pspReference: pspReference('payment', p.id),
    resultCode,
    merchantReference: p.reference,
    amount: { currency: p.currency, value: p.amount },
    paymentMethod: { type: methodType(p.method), brand: methodType(p.method) },
    ...(waiting
      ? { action: { type: 'redirect', method: 'GET', url: opts.links.landing(p.customerToken), paymentMethodType: methodType(p.method) } }
      : {}),
    ...(refused ? { refusalReason: p.failureMessage ?? 'Refused', refusalReasonCode: resultCode === 'Error' ? '0' : '2' } : {}),
    ...(additionalData ? { additionalData } : {}),
  };
}

/** PaymentRefundResponse */
export function mapRefundResponse(r: Refund, payment: Payment, merchantAccount: string) {
  return {
    merchantAccount,
    paymentPspReference: pspReference('payment', payment.id),
    pspReference: pspReference('refund', r.id),
    ...(r.reference ? { reference: r.reference } : {}),
    amount: { currency: r.currency, value: r.amount },
    status: 'received' as const,
  };
}

/** StoredPaymentMethodResource */
export function mapStoredMethod(pre: Preapproval) {
  const m = ADYEN_METHODS[pre.method];
  return {
    id: pspReference('token', pre.id),
    type: m?.type ?? pre.method,
    name: m?.name ?? pre.method,
    ...(pre.customer?.email ? { shopperEmail: pre.customer.email } : {}),
    supportedShopperInteractions: ['ContAuth'],
    supportedRecurringProcessingModels: ['Subscription', 'UnscheduledCardOnFile', 'CardOnFile'],
  };
}

/** Classic Recurring API RecurringDetail */
export function mapRecurringDetail(pre: Preapproval) {
  const type = methodType(pre.method);
  return {
    RecurringDetail: {
      recurringDetailReference: pspReference('token', pre.id),
      variant: type,
      paymentMethodVariant: type,
      creationDate: pre.createdAt.toISOString(),
      contractTypes: ['RECURRING'],
      ...(pre.customer?.firstName || pre.customer?.lastName
        ? { name: [pre.customer.firstName, pre.customer.lastName].filter(Boolean).join(' ') }
        : {}),
    },
  };
}
