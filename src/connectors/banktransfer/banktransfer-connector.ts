/**
 * Bank transfer: the payer pays by themselves into walletgate's collection account for the merchant,
 * quoting a reference. Opening a "checkout" calls no one: it computes the instructions (account,
 * reference, amount in the account's currency at the configured rate). Money arriving is read from
 * the bank's credit notices or from a statement file; the core matches it to payments by reference.
 */
import { MAX_AMOUNT_MINOR } from '../../core/money.js';
import { ConnectorError, type Connector, type StartPaymentInput, type StartPaymentResult } from '../../core/ports/connector.js';
import type { MethodCapabilities } from '../../core/methods.js';
import { convert, tableCurrencies } from '../../core/exchange-rates.js';
import { normaliseReference, referenceForOrder } from './reference.js';
import { parseNotice } from './notice.js';
import { parseStatement } from './statement.js';
import type { BankTransferSettings } from './settings.js';

const BANK_TRANSFER_METHOD = 'bank_transfer';

/** Where SEPA credit transfers reach (EEA, Switzerland, the UK). */
const SEPA_COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'LI',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

const unsupported = (what: string) => new ConnectorError('invalid', `Bank transfers do not ${what}.`);

export function createBankTransferConnector(settings: BankTransferSettings): Connector {
  const { rates } = settings;
  const offered = Object.keys(settings.accounts).length > 0 && rates !== null;
  const capabilities: Record<string, MethodCapabilities> = offered
    ? {
        [BANK_TRANSFER_METHOD]: {
          name: 'Bank Transfer',
          countries: SEPA_COUNTRIES,
          currencies: tableCurrencies(rates),
          flows: ['redirect'],
          recurring: false,
          partialRefunds: false,
          minAmount: 1,
          maxAmount: MAX_AMOUNT_MINOR,
          // a payer's bank takes up to a few working days
          defaultLifetimeMinutes: 7 * 24 * 60,
        },
      }
    : {};
  const accountFor = (merchantId: string | undefined) =>
    (merchantId !== undefined && Object.hasOwn(settings.accounts, merchantId) ? settings.accounts[merchantId] : undefined) ??
    settings.accounts['*'];

  return {
    id: 'banktransfer',
    capabilities,
    startPayment(input: StartPaymentInput): Promise<StartPaymentResult> {
      const account = accountFor(input.merchantId);
      if (!account) return Promise.reject(new ConnectorError('declined', 'No collection account is configured for this merchant.'));
      const converted = rates && convert(rates, input.amount, input.currency, account.currency);
      if (!converted)
        return Promise.reject(
          new ConnectorError(
            'declined',
            `The rate table${rates ? ` of ${rates.date}` : ''} cannot convert ${input.currency} into ${account.currency}.`,
          ),
        );
      const reference = input.payerReference ?? referenceForOrder(input.orderId);
      return Promise.resolve({
        ref: normaliseReference(reference),
        desktopUrl: '',
        mobileUrl: '',
        appUrl: null,
        wallet: { account: account.iban },
        instructions: {
          bankName: account.bankName,
          accountHolder: account.accountHolder,
          iban: account.iban,
          bic: account.bic,
          accountNumber: account.accountNumber,
          accountCurrency: account.currency,
          reference,
          amountToPay: converted.amount,
          rate: converted.rate,
        },
      });
    },
    completePayment: () => Promise.reject(unsupported('come back through a return URL; money arrives by transfer')),
    // the bank knows nothing of a payment before money arrives: it waits until it does or expires
    lookupPayment: (ref) =>
      Promise.resolve({
        state: 'pending',
        agreementToken: null,
        rawStatus: `awaiting transfer ${ref}`,
        amount: 0,
        refundedAmount: 0,
        refundableAmount: 0,
        actions: [],
      }),
    refund: () => Promise.reject(unsupported('refund automatically; a person pays the money back from the collection account')),
    chargeAgreement: () => Promise.reject(unsupported('charge agreements')),
    revokeAgreement: () => Promise.reject(unsupported('hold agreements')),
    agreementStatus: () => Promise.reject(unsupported('hold agreements')),
    parseTransferNotice: (headers, rawBody) => parseNotice(settings.noticeSecret, headers, rawBody),
    parseStatement,
  };
}
