/** The bank transfer connector's pure parts: references, the rate table, notices and its settings. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  creditorReference,
  isCreditorReference,
  normaliseReference,
  referenceForOrder,
} from '../../src/connectors/banktransfer/reference.js';
import { convert, rateTableProblems } from '../../src/core/exchange-rates.js';
import { SANDBOX_RATES } from '../../src/connectors/exchange-rates-setting.js';
import { parseNotice, signNotice } from '../../src/connectors/banktransfer/notice.js';
import { readBankTransferSettings } from '../../src/connectors/banktransfer/settings.js';
import { createBankTransferConnector } from '../../src/connectors/banktransfer/banktransfer-connector.js';

const env = (vars: Record<string, string>) => ({
  text: (n: string) => vars[n],
  int: (n: string, fallback: number) => (vars[n] ? Number(vars[n]) : fallback),
});

describe('bank transfer references (ISO 11649)', () => {
  it("makes the standard's own example, and checks check digits", () => {
    assert.equal(creditorReference('539007547034'), 'RF18539007547034');
    assert.ok(isCreditorReference('RF18 5390 0754 7034'));
    assert.ok(!isCreditorReference('RF19539007547034'), 'a wrong check digit');
    assert.ok(!isCreditorReference('RF18539007547043'), 'two digits swapped');
  });
  it('one per payment id, unique and valid', () => {
    const refs = ['4938078', '4938079', '4938087'].map(referenceForOrder);
    assert.equal(new Set(refs).size, 3);
    for (const r of refs) assert.ok(isCreditorReference(r) && r.endsWith('WG' + r.slice(6)), r);
    assert.equal(normaliseReference(' rf18 wg49 '), 'RF18WG49');
  });
});

describe('the rate table', () => {
  it("converts seed 004's 400 PLN minor units into 0.93 EUR, rounded half up, in integers", () => {
    assert.deepEqual(convert(SANDBOX_RATES, 400, 'PLN', 'EUR'), {
      amount: 93,
      rate: { value: '0.232829', date: '2018-11-07', source: SANDBOX_RATES.source },
    });
    assert.deepEqual(convert(SANDBOX_RATES, 1000, 'EUR', 'EUR'), { amount: 1000, rate: null });
    assert.equal(convert(SANDBOX_RATES, 100_000, 'HUF', 'PLN')?.amount, 1332);
    assert.equal(convert(SANDBOX_RATES, 1, 'BRL', 'EUR'), undefined, 'a currency the table lacks');
  });
  it('says what is wrong with a table file', () => {
    assert.deepEqual(rateTableProblems(SANDBOX_RATES), []);
    assert.deepEqual(rateTableProblems({ date: '7.11.2018', source: '', base: 'XXX', rates: { PLN: 4.29 } }), [
      '"date" must be YYYY-MM-DD',
      '"source" must say where the rates come from',
      '"base" must be a currency walletgate knows',
      'rate of PLN must be a positive decimal string',
    ]);
  });
});

describe('credit notices', () => {
  const body = JSON.stringify({
    transactions: [{ id: 'T1', reference: 'rf18 wg1', amount: 93, currency: 'EUR', valueDate: '2026-12-01' }],
  });
  it('reads a signed notice, normalising the reference', () => {
    const [t] = parseNotice('k', { 'x-bank-signature': signNotice('k', body) }, body);
    assert.deepEqual(t, {
      transactionId: 'T1',
      reference: 'RF18WG1',
      amount: 93,
      currency: 'EUR',
      valueDate: '2026-12-01',
      payer: null,
      account: null,
    });
  });
  it('refuses a wrong signature, no secret, and bad transactions', () => {
    assert.throws(() => parseNotice('k', { 'x-bank-signature': signNotice('other', body) }, body), /does not sign this body/);
    assert.throws(() => parseNotice(null, {}, body), /BANK_TRANSFER_NOTICE_SECRET/);
    const bad = JSON.stringify({ transactions: [{ id: 'T1', amount: 9.3, currency: 'EUR', valueDate: '2026-12-01' }] });
    assert.throws(() => parseNotice('k', { 'x-bank-signature': signNotice('k', bad) }, bad), /whole number of minor units/);
  });
});

describe('settings', () => {
  it('with the sandbox: the sandbox account for every merchant; without: not offered', () => {
    const sandbox = readBankTransferSettings(env({}), { sandbox: true, publicUrl: 'http://x', rates: SANDBOX_RATES });
    assert.equal(sandbox.settings.accounts['*']?.bic, 'INGBDEFF');
    const real = readBankTransferSettings(env({}), { sandbox: false, publicUrl: 'http://x', rates: null });
    assert.deepEqual(real, { settings: { accounts: {}, rates: null, noticeSecret: null }, problems: [] });
    assert.deepEqual(createBankTransferConnector(real.settings).capabilities, {});
  });
  it('reads per-merchant accounts from a file, converts with the gateway table, and names what is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-bt-'));
    try {
      const account = {
        bankName: 'B',
        accountHolder: 'H',
        iban: 'PL61 1090 1014 0000 0712 1981 2874',
        bic: 'WBKPPLPP',
        accountNumber: '1',
        currency: 'PLN',
      };
      writeFileSync(join(dir, 'a.json'), JSON.stringify({ shop: account, other: { bankName: 'B' } }));
      const accountsOnly = env({ BANK_TRANSFER_ACCOUNTS_FILE: join(dir, 'a.json') });
      const rates = { ...SANDBOX_RATES, date: '2026-12-01', source: 'ECB' };
      const r = readBankTransferSettings(accountsOnly, { sandbox: false, publicUrl: 'http://x', rates });
      assert.equal(r.settings.accounts.shop?.currency, 'PLN');
      assert.equal(r.settings.rates?.source, 'ECB');
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0]!, /the account of "other" lacks accountHolder, iban, bic, accountNumber, currency/);
      // accounts without any rate table: start-up is refused, naming the setting
      const none = readBankTransferSettings(accountsOnly, { sandbox: false, publicUrl: 'http://x', rates: null });
      assert.ok(
        none.problems.some((p) => /^EXCHANGE_RATES_FILE: set it to a rate table/.test(p)),
        none.problems.join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
