/**
 * The hosted checkout's currency step (ADR 0021): which currencies it offers and at what price (the
 * gateway's rate table; the payment's own currency first), what the landing page then shows, the
 * page's HTML (every given text escaped, a labelled radio group, nothing from elsewhere), and where
 * the gateway's table comes from (EXCHANGE_RATES_FILE, its older name, the sandbox's, none).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExchangeRates, SANDBOX_RATES } from '../../src/connectors/exchange-rates-setting.js';
import type { EnvReader } from '../../src/connectors/wallet-settings.js';
import type { RateTable } from '../../src/core/exchange-rates.js';
import {
  awaitsCurrencyChoice,
  currenciesToShow,
  priceInShownCurrency,
  pricesInOtherCurrencies,
} from '../../src/core/payments/choose-shown-currency.js';
import { renderCurrencyChoice, type CurrencyChoiceView } from '../../src/web/hosted-checkout/currency-choice-page.js';

const EVIL = `<script>alert("x")</script>&'"`;
const TABLE: RateTable = {
  date: '2026-11-30',
  source: 'Test table',
  base: 'EUR',
  rates: { CNY: '7.5000', KRW: '1500.0000', USD: '1.0500' },
};
const rates = { rates: TABLE };

describe('which currencies the price is shown in', () => {
  it("the payment's own first, then every currency the table converts into, alphabetically, with the price rounded half up", () => {
    const p = { amount: 7500, currency: 'CNY' }; // 75.00 CNY = 10.00 EUR
    assert.deepEqual(currenciesToShow(rates, p), ['CNY', 'EUR', 'KRW', 'USD']);
    assert.deepEqual(pricesInOtherCurrencies(rates, p), [
      { currency: 'EUR', amount: 1000 },
      { currency: 'KRW', amount: 15000 },
      { currency: 'USD', amount: 1050 },
    ]);
    assert.deepEqual(
      currenciesToShow(rates, { amount: 100, currency: 'JPY' }),
      ['JPY'],
      'a currency the table lacks converts into nothing',
    );
    assert.deepEqual(currenciesToShow({ rates: null }, p), ['CNY'], 'no table: the payment’s own only');
  });

  it('the landing page shows the chosen price beside the amount charged; none for the own currency, none before a choice', () => {
    const chosen = (shown: string | null) => ({ amount: 7500, currency: 'CNY', connectorState: { currencyChoice: { shown } } });
    assert.deepEqual(priceInShownCurrency(rates, chosen('KRW')), {
      amount: 15000,
      currency: 'KRW',
      rate: { value: '200.000000', date: '2026-11-30', source: 'Test table' },
    });
    assert.equal(priceInShownCurrency(rates, chosen('CNY')), null);
    assert.equal(priceInShownCurrency(rates, chosen(null)), null);
    assert.equal(priceInShownCurrency({ rates: null }, chosen('KRW')), null, 'the table was removed since: nothing is made up');
  });

  it('the step waits only while the customer may still pay and has not chosen', () => {
    const state = (shown: string | null) => ({ currencyChoice: { shown } });
    assert.equal(awaitsCurrencyChoice({ status: 'pending_customer', connectorState: state(null) }), true);
    assert.equal(awaitsCurrencyChoice({ status: 'pending_customer', connectorState: state('EUR') }), false);
    assert.equal(awaitsCurrencyChoice({ status: 'pending_customer', connectorState: {} }), false, 'a payment that asked for no step');
    for (const status of ['created', 'processing', 'succeeded', 'failed', 'expired'] as const)
      assert.equal(awaitsCurrencyChoice({ status, connectorState: state(null) }), false, status);
  });
});

const view = (over: Partial<CurrencyChoiceView> = {}): CurrencyChoiceView => ({
  merchantName: 'Palace Mall',
  amount: 7500,
  currency: 'CNY',
  methodName: 'Wallet A',
  description: 'Scarf',
  reference: 'pos-1',
  others: [
    { currency: 'EUR', amount: 1000 },
    { currency: 'KRW', amount: 15000 },
  ],
  rates: { date: '2026-11-30', source: 'Test table' },
  form: { action: '/pay/t/currency', field: 'currency' },
  backUrl: 'https://shop.example/cart',
  ...over,
});

describe('renderCurrencyChoice', () => {
  it('one labelled radio group: the charged currency first and checked, each other with its price, the table named, one submit', () => {
    const html = renderCurrencyChoice(view());
    assert.match(html, /<form method="post" action="\/pay\/t\/currency">/);
    assert.match(html, /<legend>Select your preferred currency<\/legend>/);
    const radios = [...html.matchAll(/<input type="radio" id="([^"]+)" name="currency" value="([A-Z]{3})"( checked)?>/g)];
    assert.deepEqual(
      radios.map((r) => [r[2], r[3] === ' checked']),
      [
        ['CNY', true],
        ['EUR', false],
        ['KRW', false],
      ],
    );
    for (const [, id] of radios) assert.match(html, new RegExp(`<label class="currency" for="${id}">`), 'each radio has its label');
    assert.match(html, /75\.00 CNY<span class="charged">charged by Wallet A<\/span>/);
    assert.match(html, /≈ 10\.00 EUR/);
    assert.match(html, /≈ 15,000 KRW/);
    assert.match(
      html,
      /Wallet A charges 75\.00 CNY\. Other currencies are shown for your information, at the rates of 2026-11-30 \(Test table\)/,
    );
    assert.equal([...html.matchAll(/<button type="submit"/g)].length, 1);
    assert.doesNotMatch(renderCurrencyChoice(view({ others: [], rates: null })), /for your information/, 'no table: no rate note');
  });

  it('escapes every given text and loads nothing from elsewhere', () => {
    const html = renderCurrencyChoice(
      view({
        merchantName: EVIL,
        description: EVIL,
        reference: EVIL,
        methodName: EVIL,
        rates: { date: EVIL, source: EVIL },
        backUrl: `javascript:"${EVIL}`,
      }),
    );
    assert.equal(html.includes('<script>alert'), false);
    assert.equal(html.includes('javascript:'), false);
    assert.equal(/<(script|link|img|iframe)\b/.test(renderCurrencyChoice(view())), false);
  });
});

describe('the gateway’s rate table (EXCHANGE_RATES_FILE)', () => {
  const env = (vars: Record<string, string>): EnvReader => ({ text: (n) => vars[n] || undefined, int: (_n, f) => f });
  it('the sandbox’s fixed table with the sandbox on; none with real wallets', () => {
    assert.deepEqual(readExchangeRates(env({}), true), { rates: SANDBOX_RATES, problems: [] });
    assert.deepEqual(readExchangeRates(env({}), false), { rates: null, problems: [] });
  });
  it('a file under the new name or the older BANK_TRANSFER_RATES_FILE; a bad one is named with what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-rates-'));
    try {
      writeFileSync(join(dir, 'good.json'), JSON.stringify(TABLE));
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...TABLE, rates: { CNY: '-1' } }));
      writeFileSync(join(dir, 'torn.json'), '{"date":');
      assert.deepEqual(readExchangeRates(env({ EXCHANGE_RATES_FILE: join(dir, 'good.json') }), false).rates, TABLE);
      assert.deepEqual(readExchangeRates(env({ BANK_TRANSFER_RATES_FILE: join(dir, 'good.json') }), false).rates, TABLE);
      const bad = readExchangeRates(env({ EXCHANGE_RATES_FILE: join(dir, 'bad.json') }), true);
      assert.equal(bad.rates, null);
      assert.match(bad.problems.join('\n'), /^EXCHANGE_RATES_FILE .*bad\.json: rate of CNY must be a positive decimal string$/);
      assert.match(readExchangeRates(env({ EXCHANGE_RATES_FILE: join(dir, 'torn.json') }), true).problems[0]!, /cannot be read as JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
