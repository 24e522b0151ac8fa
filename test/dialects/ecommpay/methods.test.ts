/**
 * ecommpay's method table against the wallets walletgate really carries: every method a connector
 * declares (the sandbox's registry) has one ecommpay name for Gate and one for the Payment Page, and
 * every name maps back to it; KakaoPay keeps ecommpay's own names (`kakaopay`, `kakaopay-wallet`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config.js';
import { createConnectors } from '../../../src/connectors/index.js';
import { methodCodes } from '../../../src/core/method-capabilities.js';
import { ECOMMPAY_METHODS, methodByGateName, methodByPageName, methodOfCore } from '../../../src/dialects/ecommpay/methods.js';
import { createLogger } from '../../../src/logger.js';

describe('ecommpay methods', () => {
  const registry = createConnectors(loadConfig({ WALLETGATE_DATA_DIR: '/nonexistent-walletgate-test' }), {
    log: createLogger('silent', { pretty: false }),
  });

  it('every method a connector carries has ecommpay names, and only those', () => {
    // Bank Transfer and the card methods are GlobalPay's (seed 004); ecommpay's documents (seed 003) name neither, so
    // they are not offered there (ecommpay's own card method takes the card in the Gate request: another piece of work)
    const carried = methodCodes(registry)
      .filter((c) => !['bank_transfer', 'card', 'card_ru'].includes(c))
      .sort();
    assert.deepEqual(ECOMMPAY_METHODS.map((m) => m.core).sort(), carried);
  });

  it('each name is one method’s, both ways', () => {
    for (const m of ECOMMPAY_METHODS) {
      assert.equal(methodByGateName(m.gate), m);
      assert.equal(methodByPageName(m.page), m);
      assert.equal(methodOfCore(m.core), m);
      assert.match(m.gate, /^[a-z]+$/);
      assert.match(m.page, /^[a-z]+-wallet$/);
    }
    assert.equal(new Set(ECOMMPAY_METHODS.map((m) => m.providerId)).size, ECOMMPAY_METHODS.length);
    assert.equal(methodByGateName('kakaopay')?.page, 'kakaopay-wallet');
    assert.deepEqual(methodByGateName('kakaopay')?.currencies, ['KRW']);
    assert.equal(methodByGateName('kakaopay-wallet'), undefined);
    assert.equal(methodByPageName('kakaopay'), undefined);
  });
});
