/**
 * Validation and the method listing read what the method's connector declares (Connector.capabilities),
 * not facts written in the core: the same KakaoPay connector object with other capabilities
 * changes what is accepted and listed, and a connector that does not carry a method makes it unknown.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKakaoPayConnector } from '../../src/connectors/kakaopay/kakaopay-connector.js';
import { KAKAOPAY_CAPABILITIES } from '../../src/connectors/kakaopay/capabilities.js';
import type { ConnectorRegistry, Connector } from '../../src/core/ports/connector.js';
import type { MethodCapabilities } from '../../src/core/methods.js';
import { validateMethodRequest } from '../../src/core/validate-method.js';
import { listAvailableMethods } from '../../src/core/list-available-methods.js';
import { resolveMethod } from '../../src/core/method-capabilities.js';
import { isCoreError } from '../../src/core/errors.js';

// never called: only its declarations are read
const kakao = createKakaoPayConnector({ baseUrl: 'http://127.0.0.1:9', secretKey: 'k', cids: { oneTime: 'a', subscription: 'b' } });

function registry(capabilities: Connector['capabilities']): ConnectorRegistry {
  return { kakaopay: { ...kakao, capabilities }, alipayplus: { ...kakao, id: 'alipayplus', capabilities: {} } };
}

const declared = (over: Partial<MethodCapabilities>): ConnectorRegistry =>
  registry({ kakaopay: { ...KAKAOPAY_CAPABILITIES.kakaopay!, ...over } });

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isCoreError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('capability-driven method validation', () => {
  it("KakaoPay's declared capabilities: KRW in KR, 1 to 100,000,000, agreements, partial refunds", () => {
    const real = registry(KAKAOPAY_CAPABILITIES);
    assert.equal(
      validateMethodRequest(real, { method: 'kakaopay', currency: 'KRW', country: 'KR', amount: 100, recurring: true }).name,
      'KakaoPay',
    );
    assert.match(
      refusal(() => validateMethodRequest(real, { method: 'kakaopay', currency: 'EUR' })),
      /^currency_unsupported: KakaoPay does not take EUR; it takes KRW\./,
    );
    assert.match(
      refusal(() => validateMethodRequest(real, { method: 'kakaopay', currency: 'KRW', country: 'JP' })),
      /^country_unsupported/,
    );
    assert.match(
      refusal(() => validateMethodRequest(real, { method: 'kakaopay', currency: 'KRW', amount: 100_000_001 })),
      /between 1 and 100000000/,
    );
    assert.equal(resolveMethod(real, 'kakaopay')?.partialRefunds, true);
  });

  it('other declared currencies, countries, limits and no agreements change what is accepted', () => {
    const other = declared({
      currencies: ['KRW', 'USD'],
      countries: ['KR', 'US'],
      maxAmount: 500,
      recurring: false,
      partialRefunds: false,
    });
    assert.equal(
      refusal(() => validateMethodRequest(other, { method: 'kakaopay', currency: 'USD', country: 'US', amount: 500 })),
      'accepted',
    );
    assert.match(
      refusal(() => validateMethodRequest(other, { method: 'kakaopay', currency: 'USD', amount: 501 })),
      /^amount_invalid: KakaoPay takes amounts between 1 and 500\./,
    );
    assert.match(
      refusal(() => validateMethodRequest(other, { method: 'kakaopay', currency: 'KRW', recurring: true })),
      /^recurring_unsupported: KakaoPay does not support recurring payments\./,
    );
    assert.equal(resolveMethod(other, 'kakaopay')?.partialRefunds, false);
  });

  it('the listing offers exactly what validation accepts, on the declared capabilities', () => {
    const other = declared({ currencies: ['USD'], countries: ['US'], recurring: false });
    assert.deepEqual(
      listAvailableMethods(other, { currency: 'USD', country: 'US' }).map((m) => m.code),
      ['kakaopay'],
    );
    assert.deepEqual(listAvailableMethods(other, { currency: 'KRW', country: 'KR' }), []);
    assert.deepEqual(listAvailableMethods(other, { currency: 'USD', recurring: true }), []);
    assert.deepEqual(
      listAvailableMethods(registry(KAKAOPAY_CAPABILITIES), { currency: 'KRW', country: 'KR' }).map((m) => m.code),
      ['kakaopay'],
    );
  });

  it('a method no connector carries is unavailable and never listed', () => {
    const none = registry({});
    assert.match(
      refusal(() => validateMethodRequest(none, { method: 'kakaopay', currency: 'KRW' })),
      /^method_unavailable: Payment method kakaopay is not available: no wallet configured in this gateway carries it/,
    );
    assert.deepEqual(listAvailableMethods(none, {}), []);
  });

  it('a registry is read once per method: the same frozen declaration every time, and no other registry sees it', () => {
    const real = registry(KAKAOPAY_CAPABILITIES);
    const first = resolveMethod(real, 'kakaopay', { currency: 'KRW', country: 'KR' });
    assert.ok(first);
    assert.equal(resolveMethod(real, 'kakaopay', { currency: 'KRW' }), first);
    assert.ok(Object.isFrozen(first));
    assert.throws(() => {
      (first as { maxAmount: number }).maxAmount = 1;
    }, TypeError);
    // another registry (another declaration) is worked out on its own
    assert.equal(resolveMethod(declared({ maxAmount: 5_000 }), 'kakaopay')!.maxAmount, 5_000);
    assert.equal(resolveMethod(real, 'kakaopay')!.maxAmount, KAKAOPAY_CAPABILITIES.kakaopay!.maxAmount);
    // a code no connector carries stays unknown, however often it is asked
    for (let i = 0; i < 3; i++) assert.equal(resolveMethod(real, `no-such-method-${i}`), undefined);
  });
});
