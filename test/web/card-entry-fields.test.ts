/**
 * The card form's server-side check (src/web/hosted-checkout/card-entry-fields.ts): a complete card
 * becomes what the connector takes; each wrong field gets the message a customer reads; what may be
 * shown again is the expiry and the name, never the number or the CVC.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readCardEntry } from '../../src/web/hosted-checkout/card-entry-fields.js';

const NOW = new Date('2026-12-02T03:00:00Z');
const form = (over: Record<string, string> = {}) => ({
  card_number: '4111 1111 1111 1111',
  card_expiry: '12/30',
  card_cvc: '123',
  card_name: ' Anna Schmidt ',
  ...over,
});
const errors = (over: Record<string, string>) => {
  const e = readCardEntry(form(over), NOW);
  assert.equal(e.ok, false);
  return e.ok ? {} : e.errors;
};

describe('card form fields', () => {
  it('a complete card: digits only, the expiry as numbers, the name trimmed', () => {
    assert.deepEqual(readCardEntry(form(), NOW), {
      ok: true,
      card: { number: '4111111111111111', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'Anna Schmidt' },
    });
    const amex = readCardEntry(form({ card_number: '3782 822463 10005', card_cvc: '1234', card_expiry: '1/2031' }), NOW);
    assert.ok(amex.ok && amex.card.cvc === '1234' && amex.card.expYear === 2031 && amex.card.expMonth === 1);
    // this month is still good
    assert.equal(readCardEntry(form({ card_expiry: '12/26' }), NOW).ok, true);
  });

  it('the number: missing, not digits, incomplete, too long, failing Luhn, a brand not taken', () => {
    assert.equal(errors({ card_number: '' }).number, 'Enter your card number.');
    assert.equal(errors({ card_number: '4111-abcd' }).number, 'A card number has only digits.');
    assert.equal(errors({ card_number: '4111 1111 1111' }).number, 'Your card number is incomplete.');
    assert.equal(errors({ card_number: '3782 8224 6310' }).number, 'Your card number is incomplete.');
    assert.equal(errors({ card_number: '4111 1111 1111 1111 1111' }).number, 'Your card number is too long.');
    assert.equal(errors({ card_number: '4111 1111 1111 1112' }).number, 'This is not a valid card number. Check it and try again.');
    assert.equal(errors({ card_number: '6011 1111 1111 1117' }).number, 'This page takes Visa, Mastercard and American Express cards.');
  });

  it('the expiry: missing, malformed, a month that is none, in the past, absurdly far', () => {
    assert.equal(errors({ card_expiry: '' }).expiry, 'Enter the expiry date as MM/YY.');
    assert.equal(errors({ card_expiry: '1230' }).expiry, 'Enter the expiry date as MM/YY, for example 08/29.');
    assert.equal(errors({ card_expiry: '13/30' }).expiry, 'The expiry month must be between 01 and 12.');
    assert.equal(errors({ card_expiry: '11/26' }).expiry, 'Your card has expired: the expiry date is in the past.');
    assert.equal(errors({ card_expiry: '01/2020' }).expiry, 'Your card has expired: the expiry date is in the past.');
    assert.equal(errors({ card_expiry: '01/2099' }).expiry, 'Check the expiry date: it is too far in the future.');
  });

  it("the CVC: the brand's length (4 for American Express), digits only; the name is required", () => {
    assert.equal(errors({ card_cvc: '12' }).cvc, 'Enter the 3-digit security code (CVC) on the back of your card.');
    assert.equal(errors({ card_cvc: '1234' }).cvc, 'Enter the 3-digit security code (CVC) on the back of your card.');
    assert.equal(errors({ card_cvc: '12a' }).cvc, 'Enter the 3-digit security code (CVC) on the back of your card.');
    assert.equal(
      errors({ card_number: '378282246310005', card_cvc: '123' }).cvc,
      'Enter the 4-digit security code on the front of your card.',
    );
    assert.equal(errors({ card_name: '   ' }).name, 'Enter the name as it appears on the card.');
  });

  it('a refused form keeps the expiry and the name, never the number or the CVC', () => {
    const e = readCardEntry(form({ card_cvc: '1' }), NOW);
    assert.ok(!e.ok);
    assert.deepEqual(e.kept, { expiry: '12/30', name: 'Anna Schmidt' });
    assert.ok(!JSON.stringify(e).includes('4111'));
    assert.deepEqual(Object.keys(e.errors), ['cvc']);
  });
});
