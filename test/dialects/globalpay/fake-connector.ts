/** A scripted stand-in for the KakaoPay connector, for the GlobalPay route tests only. */
import {
  ConnectorError,
  type AgreementStatus,
  type ChargeAgreementInput,
  type ChargeAgreementResult,
  type CompletePaymentInput,
  type CompletePaymentResult,
  type Connector,
  type PaymentLookupResult,
  type RefundInput,
  type RefundResult,
  type StartPaymentInput,
  type StartPaymentResult,
} from '../../../src/core/ports/connector.js';
import { KAKAOPAY_CAPABILITIES } from '../../../src/connectors/kakaopay/capabilities.js';

export type FakeCall = 'startPayment' | 'completePayment' | 'refund' | 'chargeAgreement' | 'revokeAgreement';

export class FakeConnector implements Connector {
  readonly id = 'kakaopay' as const;
  /** It stands in for KakaoPay, so it can do what KakaoPay can. */
  readonly capabilities = KAKAOPAY_CAPABILITIES;
  readonly calls: { name: FakeCall; input: unknown }[] = [];
  /** The next call of that name throws this instead of answering. */
  readonly failNext = new Map<FakeCall, ConnectorError>();
  private seq = 0;

  private record(name: FakeCall, input: unknown): void {
    this.calls.push({ name, input });
    const failure = this.failNext.get(name);
    if (failure) {
      this.failNext.delete(name);
      throw failure;
    }
  }

  async startPayment(input: StartPaymentInput): Promise<StartPaymentResult> {
    this.record('startPayment', input);
    const ref = `T${++this.seq}`;
    return {
      ref,
      desktopUrl: `http://wallet.test/pc/${ref}`,
      mobileUrl: `http://wallet.test/mobile/${ref}`,
      appUrl: null,
      wallet: { recurring: input.recurring },
    };
  }

  async completePayment(input: CompletePaymentInput): Promise<CompletePaymentResult> {
    this.record('completePayment', input);
    return {
      approvalRef: `A${++this.seq}`,
      agreementToken: input.wallet.recurring === true ? `S${this.seq}` : null,
      amount: input.amount,
      instrument: 'MONEY',
      approvedAt: new Date(),
    };
  }

  async lookupPayment(): Promise<PaymentLookupResult> {
    return { state: 'pending', agreementToken: null, rawStatus: 'READY', amount: 0, refundedAmount: 0, refundableAmount: 0, actions: [] };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    this.record('refund', input);
    return { refundRef: `R${++this.seq}`, refundedTotal: input.amount, refundableAmount: 0 };
  }

  async chargeAgreement(input: ChargeAgreementInput): Promise<ChargeAgreementResult> {
    this.record('chargeAgreement', input);
    return {
      ref: `T${++this.seq}`,
      wallet: {},
      approvalRef: `A${this.seq}`,
      amount: input.amount,
      instrument: 'MONEY',
      approvedAt: new Date(),
    };
  }

  async revokeAgreement(token: string): Promise<void> {
    this.record('revokeAgreement', token);
  }

  async agreementStatus(): Promise<AgreementStatus> {
    return { active: true, rawStatus: 'ACTIVE' };
  }
}

export function declined(message = 'The customer has insufficient balance', providerCode = '-782'): ConnectorError {
  return new ConnectorError('declined', message, { providerCode });
}

export function timedOut(): ConnectorError {
  return new ConnectorError('unknown', 'KakaoPay did not answer within 3000 ms');
}
