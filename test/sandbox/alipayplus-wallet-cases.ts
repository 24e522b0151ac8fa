/**
 * The seven wallets of the Alipay+ sandbox as the wallet-page tests walk them: the currency each
 * takes, seed 004's test data for each step, and how to start a cashier payment or an auto debit
 * authorization on the sandbox, through the connector (which routes by walletgate's method code).
 */
import { createAlipayPlusConnector } from '../../src/connectors/alipayplus/alipayplus-connector.js';
import type { Connector } from '../../src/core/ports/connector.js';
import { CLIENT_ID } from './alipayplus-harness.js';
import type { ApsHarness } from './alipayplus-harness.js';

/** What a person types on one step, by field name (phone, code, pin), and whether there is a T&C box. */
export interface TypedStep {
  fields: Record<string, string>;
  terms?: boolean;
}

export interface WalletCase {
  /** walletgate's method code, which the connector routes by */
  method: string;
  type: string;
  name: string;
  lang: string;
  currency: string;
  amount: number;
  /** seed 004 documents a preapproval flow for it */
  preapproval: boolean;
  pay: TypedStep[];
  authorize: TypedStep[];
  /** a confirmation page before the way back (AlipayHK, Touch 'n Go) */
  confirmation: boolean;
  /** a wrong-length value for the first field of the first step, and the error it must show */
  wrong: { field: string; value: string; error: string; step: number };
}

const phone10 = { phone: '1234567812' };
const code = { code: '123456' };
const agree: TypedStep = { fields: {}, terms: true };
const review: TypedStep = { fields: {} };

export const WALLET_CASES: readonly WalletCase[] = [
  {
    method: 'alipay_hk',
    type: 'ALIPAY_HK',
    name: 'AlipayHK',
    lang: 'en',
    currency: 'HKD',
    amount: 8_800,
    preapproval: true,
    pay: [{ fields: phone10 }, { fields: code }, { fields: { pin: '123456' } }],
    authorize: [{ fields: phone10 }, { fields: code }, agree, { fields: { pin: '123456' } }],
    confirmation: true,
    wrong: { field: 'phone', value: '12345', error: 'Enter a 10-digit phone number', step: 0 },
  },
  {
    method: 'dana',
    type: 'DANA',
    name: 'DANA',
    lang: 'id',
    currency: 'IDR',
    amount: 15_000_000,
    preapproval: true,
    pay: [{ fields: { phone: '12345678123' } }, { fields: code }, { fields: { pin: '123456' } }],
    authorize: [{ fields: { phone: '12345678123' } }, { fields: code }, { fields: { pin: '123456' } }, agree],
    confirmation: false,
    wrong: { field: 'phone', value: '1234567812', error: 'Enter an 11-digit phone number', step: 0 },
  },
  {
    method: 'gcash',
    type: 'GCASH',
    name: 'GCash',
    lang: 'en',
    currency: 'PHP',
    amount: 49_900,
    preapproval: true,
    pay: [{ fields: phone10 }, { fields: code }, { fields: { pin: '1234' } }, review],
    authorize: [{ fields: phone10 }, { fields: code }, { fields: { pin: '1234' } }, review],
    confirmation: false,
    wrong: { field: 'code', value: '12345', error: 'Enter the 6-digit authentication code', step: 1 },
  },
  {
    method: 'truemoney',
    type: 'TRUEMONEY',
    name: 'TrueMoney',
    lang: 'th',
    currency: 'THB',
    amount: 29_900,
    preapproval: true,
    pay: [{ fields: { ...phone10, pin: '1234' } }, review],
    authorize: [{ fields: { ...phone10, pin: '1234' } }, agree],
    confirmation: false,
    wrong: { field: 'pin', value: '123', error: 'Enter your 4-digit password', step: 0 },
  },
  {
    method: 'tng',
    type: 'TNG',
    name: "Touch 'n Go eWallet",
    lang: 'en',
    currency: 'MYR',
    amount: 4_550,
    preapproval: true,
    pay: [{ fields: { ...phone10, pin: '123456' } }, review],
    authorize: [{ fields: { ...phone10, pin: '123456' } }, agree],
    confirmation: true,
    wrong: { field: 'pin', value: '1234', error: 'Enter your 6-digit PIN', step: 0 },
  },
  {
    method: 'kakaopay',
    type: 'KAKAOPAY',
    name: 'KakaoPay',
    lang: 'ko',
    currency: 'HKD',
    amount: 9_900,
    preapproval: true,
    pay: [review, { fields: code }],
    authorize: [review, { fields: code }, agree],
    confirmation: false,
    wrong: { field: 'code', value: '12', error: 'Enter the 6-digit verification code', step: 1 },
  },
  {
    method: 'alipay_cn',
    type: 'ALIPAY_CN',
    name: 'Alipay',
    lang: 'zh-CN',
    currency: 'CNY',
    amount: 6_800,
    preapproval: false,
    pay: [{ fields: { phone: '13800138000' } }, { fields: { pin: '123456' } }],
    authorize: [{ fields: { phone: '13800138000' } }, agree, { fields: { pin: '123456' } }],
    confirmation: false,
    wrong: { field: 'phone', value: '138001380', error: 'Enter an 11-digit phone number', step: 0 },
  },
];

export interface Started {
  url: string;
  /** where the wallet sends the customer back */
  back: string;
  /** the payment's state as the connector's lookupPayment reads it (cashier payments) */
  state(): Promise<string>;
}

export interface WalletStarter {
  aps: Connector;
  start(c: WalletCase, opts: { recurring: boolean; itemName?: string }): Promise<Started>;
}

export function walletStarter(h: ApsHarness): WalletStarter {
  const cfg = {
    baseUrl: h.base,
    clientId: CLIENT_ID,
    privateKeyPem: h.acquirer.privateKeyPem,
    alipayPublicKeyPem: h.sandboxPublicKeyPem,
    keyVersion: '1',
    timeoutMs: 5000,
  };
  const aps = createAlipayPlusConnector({ ...cfg, notifyUrl: h.notifyUrl });
  let n = 0;
  return {
    aps,
    async start(c, opts) {
      const orderId = `${c.type.toLowerCase()}-${opts.recurring ? 'auth' : 'pay'}-${Date.now()}-${++n}`;
      // the acquirer's receiver answers any path: the customer lands there after the wallet
      const back = new URL(`/acquirer/return/${orderId}`, h.notifyUrl).href;
      const itemName = opts.itemName ?? 'Dim sum';
      const started = await aps.startPayment({
        method: c.method,
        orderId,
        customerRef: 'c1',
        itemName,
        amount: opts.recurring ? 0 : c.amount,
        currency: c.currency,
        recurring: opts.recurring,
        returnUrls: { approve: back, cancel: back, fail: back },
      });
      return {
        url: started.mobileUrl,
        back,
        state: async () => (opts.recurring ? 'n/a' : (await aps.lookupPayment(started.ref, started.wallet)).state),
      };
    },
  };
}
