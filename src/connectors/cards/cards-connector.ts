/**
 * Cards through a card processor: the customer types the card into walletgate's hosted page (the
 * `card_entry` flow, docs/adr/0018-card-entry-on-the-hosted-page.md) and payWithCard sends it to the
 * processor, which authorises and captures it at once. Opening the "checkout" calls no one; the
 * processor knows a payment by walletgate's order id, which is also the payment's ref, so a payment
 * whose answer was lost is found again by lookupPayment. The connector keeps the processor's id and
 * the card's brand, last four and expiry; never the number or the CVC.
 */
import { MAX_AMOUNT_MINOR } from '../../core/money.js';
import type { Logger } from '../../core/deps.js';
import type { MethodCapabilities } from '../../core/methods.js';
import {
  ConnectorError,
  type CardPaymentInput,
  type CardPaymentResult,
  type Connector,
  type PaymentLookupResult,
  type RefundInput,
  type RefundResult,
  type WalletCall,
  type WalletData,
} from '../../core/ports/connector.js';
import { createProcessorClient, type ProcessorAnswer } from './processor-client.js';
import { instrumentOf, isProcessorPayment, lookupResultOf, walletDataOf, type ProcessorPayment } from './processor-payment.js';
import { ALL_COUNTRIES } from './countries.js';

export interface CardsConnectorConfig {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  log?: Pick<Logger, 'debug' | 'warn'>;
}

const card = (over: Partial<MethodCapabilities> & Pick<MethodCapabilities, 'name' | 'countries' | 'currencies'>): MethodCapabilities => ({
  flows: ['card_entry'],
  recurring: false,
  partialRefunds: true,
  minAmount: 1,
  maxAmount: MAX_AMOUNT_MINOR,
  defaultLifetimeMinutes: 60,
  ...over,
});

/**
 * `card_ru` (Cards Russia, seed 004) is the same processor for payments in Russia, whose online sales
 * register needs a fiscal receipt for every refund: a partial refund of a payment with articles must
 * name the articles it returns (refundsByArticles, core/refunds/refund-articles.ts); a full refund
 * needs only its amount.
 */
export const CARD_METHODS: Readonly<Record<string, MethodCapabilities>> = {
  card: card({
    name: 'Credit Card',
    countries: ALL_COUNTRIES,
    currencies: ['EUR', 'USD', 'GBP', 'PLN', 'RUB', 'KRW', 'CNY', 'CHF', 'SEK', 'NOK', 'DKK', 'CZK', 'HUF', 'JPY', 'RON'],
  }),
  card_ru: card({ name: 'Cards Russia', countries: ['RU'], currencies: ['RUB', 'EUR'], refundsByArticles: true }),
};

const unsupported = (what: string) => new ConnectorError('invalid', `The card processor does not ${what}.`);

function paymentIn(a: ProcessorAnswer): ProcessorPayment | null {
  const p = a.body.payment;
  return isProcessorPayment(p) ? p : null;
}

/** A refusal in the connector's terms: a card decline is 'declined', anything else we sent wrong 'invalid'. */
function refusal(a: ProcessorAnswer, what: string): ConnectorError {
  const e = a.error;
  const message = e ? e.message : `The card processor answered HTTP ${a.status} to ${what}`;
  const opts = { httpStatus: a.status, ...(e ? { providerCode: e.code } : {}) };
  if (a.status === 402 || e?.type === 'card_error') return new ConnectorError('declined', message, opts);
  return new ConnectorError('invalid', message, opts);
}

function approved(p: ProcessorPayment): CardPaymentResult {
  return {
    approvalRef: p.id,
    agreementToken: null,
    amount: p.amount,
    instrument: instrumentOf(p),
    approvedAt: new Date(p.created_at),
    wallet: walletDataOf(p),
  };
}

export function createCardsConnector(cfg: CardsConnectorConfig): Connector {
  const offered = cfg.baseUrl !== '';
  const client = createProcessorClient(cfg);

  const lookup = async (ref: string, wallet: WalletData, call?: WalletCall): Promise<PaymentLookupResult> => {
    const paymentId = typeof wallet.paymentId === 'string' ? wallet.paymentId : undefined;
    const a = await client.post('/v1/payments/lookup', paymentId ? { id: paymentId } : { order_id: ref }, call);
    const p = paymentIn(a);
    if (a.status === 200 && p) return lookupResultOf(p);
    // the processor never saw a card for this order: the customer has not paid yet
    if (a.status === 404)
      return {
        state: 'pending',
        agreementToken: null,
        rawStatus: 'no payment yet',
        amount: 0,
        refundedAmount: 0,
        refundableAmount: 0,
        actions: [],
      };
    throw refusal(a, 'a lookup');
  };

  return {
    id: 'cards',
    capabilities: offered ? CARD_METHODS : {},
    startPayment: (input) =>
      Promise.resolve({ ref: input.orderId, desktopUrl: '', mobileUrl: '', appUrl: null, wallet: { orderId: input.orderId } }),
    async payWithCard(input: CardPaymentInput, call?: WalletCall): Promise<CardPaymentResult> {
      const a = await client.post(
        '/v1/payments',
        {
          order_id: input.ref,
          amount: input.amount,
          currency: input.currency,
          description: input.itemName,
          card: {
            number: input.card.number,
            exp_month: input.card.expMonth,
            exp_year: input.card.expYear,
            cvc: input.card.cvc,
            holder_name: input.card.holderName,
          },
        },
        call,
      );
      const p = paymentIn(a);
      if (a.status === 201 && p) return approved(p);
      // the order was paid by an earlier call (a double submit, a retry after a lost answer): that payment stands
      if (a.status === 409 && p && p.status !== 'declined') return approved(p);
      if (a.status === 201)
        throw new ConnectorError('unknown', 'The card processor accepted the payment but did not show it', { httpStatus: 201 });
      throw refusal(a, 'the payment');
    },
    completePayment: () => Promise.reject(unsupported('send customers back through a return URL; the card is paid with payWithCard')),
    lookupPayment: lookup,
    async refund(input: RefundInput, wallet: WalletData, call?: WalletCall): Promise<RefundResult> {
      const paymentId = typeof wallet.paymentId === 'string' ? wallet.paymentId : undefined;
      const a = await client.post(
        '/v1/refunds',
        {
          ...(paymentId ? { payment_id: paymentId } : { order_id: input.ref }),
          amount: input.amount,
          reference: input.refundId,
        },
        call,
      );
      const refund = a.body.refund as { id?: unknown } | undefined;
      const p = paymentIn(a);
      if (a.status === 201 && p && typeof refund?.id === 'string')
        return { refundRef: refund.id, refundedTotal: p.refunded_amount, refundableAmount: p.amount - p.refunded_amount };
      throw refusal(a, 'the refund');
    },
    chargeAgreement: () => Promise.reject(unsupported('charge stored cards')),
    revokeAgreement: () => Promise.reject(unsupported('hold agreements')),
    agreementStatus: () => Promise.reject(unsupported('hold agreements')),
  };
}
