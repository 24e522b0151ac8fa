/** The reports' CSV (ADR 0025): formulas neutralised for every trigger character, decimal amounts on integers, quoting. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { csvText, decimalAmount } from '../../src/core/reports/report-csv.js';

describe('report CSV', () => {
  it('gives a cell starting with = + - @ TAB or CR a leading apostrophe, and leaves others alone', () => {
    const cells = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=b', 'plain', '', 'quote " and, comma'];
    const [row] = parse(csvText([cells]), { relax_quotes: true }) as string[][];
    assert.deepEqual(row, ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", 'a=b', 'plain', '', 'quote " and, comma']);
    assert.ok(csvText([['a', 'b']]).endsWith('\r\n'), 'CRLF records');
  });

  it('writes amounts in the currency’s exponent without floats', () => {
    assert.equal(decimalAmount(1050, 'EUR'), '10.50');
    assert.equal(decimalAmount(5, 'EUR'), '0.05');
    assert.equal(decimalAmount(0, 'EUR'), '0.00');
    assert.equal(decimalAmount(12345, 'KRW'), '12345');
    assert.equal(decimalAmount(999_999_999_999_99, 'USD'), '999999999999.99');
    assert.equal(decimalAmount(-250, 'EUR'), '-2.50');
  });
});
