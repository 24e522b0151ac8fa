/**
 * KakaoPay error codes → the neutral kind and outcome the core decides on, exhaustive over the codes
 * the connector's table knows (a code added there without a line here fails).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_KINDS, errorKind, errorOutcome } from '../../src/connectors/kakaopay/mapping.js';
import type { ConnectorErrorKind, ConnectorOutcome } from '../../src/core/ports/connector.js';

const EXPECTED: Record<number, [ConnectorErrorKind, ConnectorOutcome]> = {
  [-2]: ['invalid', 'invalid'],
  [-3]: ['invalid', 'invalid'],
  [-4]: ['declined', 'declined'],
  [-5]: ['invalid', 'invalid'],
  [-8]: ['invalid', 'invalid'],
  [-10]: ['declined', 'declined'],
  [-401]: ['invalid', 'invalid'],
  [-701]: ['invalid', 'invalid'],
  [-702]: ['invalid', 'already_done'],
  [-703]: ['declined', 'declined'],
  [-704]: ['invalid', 'invalid'],
  [-705]: ['declined', 'declined'],
  [-706]: ['invalid', 'invalid'],
  [-707]: ['invalid', 'invalid'],
  [-708]: ['invalid', 'invalid'],
  [-710]: ['declined', 'declined'],
  [-721]: ['invalid', 'invalid'],
  [-722]: ['invalid', 'invalid'],
  [-723]: ['declined', 'declined'],
  [-724]: ['invalid', 'invalid'],
  [-725]: ['invalid', 'invalid'],
  [-726]: ['invalid', 'invalid'],
  [-730]: ['invalid', 'invalid'],
  [-731]: ['invalid', 'invalid'],
  [-732]: ['invalid', 'invalid'],
  [-733]: ['invalid', 'invalid'],
  [-750]: ['invalid', 'agreement_gone'],
  [-751]: ['declined', 'agreement_gone'],
  [-752]: ['declined', 'declined'],
  [-753]: ['invalid', 'invalid'],
  [-761]: ['declined', 'declined'],
  [-780]: ['declined', 'declined'],
  [-781]: ['declined', 'declined'],
  [-782]: ['declined', 'declined'],
  [-783]: ['declined', 'declined'],
  [-784]: ['declined', 'declined'],
  [-785]: ['declined', 'declined'],
  [-798]: ['invalid', 'invalid'],
  [-799]: ['invalid', 'invalid'],
  [-803]: ['invalid', 'invalid'],
};

describe('KakaoPay error codes → neutral outcomes', () => {
  it('every code in the connector table has its expected kind and outcome, and no other code is listed', () => {
    assert.deepEqual(Object.keys(ERROR_KINDS).map(Number).sort(), Object.keys(EXPECTED).map(Number).sort());
    for (const [code, [kind, outcome]] of Object.entries(EXPECTED)) {
      assert.equal(errorKind(Number(code)), kind, `kind of ${code}`);
      assert.equal(errorOutcome(Number(code)), outcome, `outcome of ${code}`);
    }
  });

  it('codes it does not know, and the "try again" ones, are unknown: ask the wallet later', () => {
    for (const code of [-1, -7, -9798, -999, 0]) {
      assert.equal(errorKind(code), 'unknown');
      assert.equal(errorOutcome(code), 'unknown');
    }
  });
});
