/**
 * The state machines of src/core/transitions.ts, checked pair by pair over every status: each move
 * listed below is allowed, every other one is refused with payment_state_conflict. The expectations
 * are written out here (not read from the tables under test), and the tables in
 * docs/architecture.md must say the same.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isCoreError } from '../../src/core/errors.js';
import { PAYMENT_STATUSES, PREAPPROVAL_STATUSES, REFUND_STATUSES } from '../../src/core/model.js';
import { PAID_STATUSES, assertPaymentTransition, assertPreapprovalTransition, assertRefundTransition } from '../../src/core/transitions.js';

const PAYMENT_MOVES = [
  'created → pending_customer',
  'created → processing',
  'created → failed',
  'created → cancelled',
  'created → expired',
  'pending_customer → processing',
  'pending_customer → succeeded',
  'pending_customer → failed',
  'pending_customer → cancelled',
  'pending_customer → expired',
  'processing → succeeded',
  'processing → failed',
  'processing → cancelled',
  'processing → expired',
  'succeeded → partially_refunded',
  'succeeded → refunded',
  'partially_refunded → partially_refunded',
  'partially_refunded → refunded',
];

const PREAPPROVAL_MOVES = [
  'pending → active',
  'pending → failed',
  'pending → expired',
  'pending → closed',
  'pending → closed_by_customer',
  'active → closed',
  'active → closed_by_customer',
];

const REFUND_MOVES = ['pending → succeeded', 'pending → failed'];

function pairs<S extends string>(statuses: readonly S[]): [S, S][] {
  return statuses.flatMap((from) => statuses.map((to): [S, S] => [from, to]));
}

function refusal(what: string, from: string, to: string) {
  return (e: unknown) =>
    isCoreError(e) &&
    e.code === 'payment_state_conflict' &&
    e.message === `A ${what} that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}.`;
}

function checkMachine<S extends string>(what: string, statuses: readonly S[], allowed: string[], assertMove: (from: S, to: S) => void) {
  const listed = new Set(allowed);
  assert.equal(listed.size, allowed.length, 'no move listed twice');
  for (const move of allowed) {
    const [from, to] = move.split(' → ') as [S, S];
    assert.ok(statuses.includes(from) && statuses.includes(to), `${move} names known statuses`);
  }
  let refused = 0;
  for (const [from, to] of pairs(statuses)) {
    if (listed.has(`${from} → ${to}`)) assert.doesNotThrow(() => assertMove(from, to), `${what}: ${from} → ${to} is allowed`);
    else {
      assert.throws(() => assertMove(from, to), refusal(what, from, to), `${what}: ${from} → ${to} is refused`);
      refused++;
    }
  }
  assert.equal(refused, statuses.length ** 2 - allowed.length);
}

describe('transition tables', () => {
  it(`payments: the ${PAYMENT_MOVES.length} listed moves of ${PAYMENT_STATUSES.length ** 2} pairs are allowed, every other one refused`, () => {
    checkMachine('payment', PAYMENT_STATUSES, PAYMENT_MOVES, assertPaymentTransition);
  });

  it('preapprovals: the listed moves are allowed, every other pair refused', () => {
    checkMachine('preapproval', PREAPPROVAL_STATUSES, PREAPPROVAL_MOVES, assertPreapprovalTransition);
    // every underscore reads as a space in the message
    assert.throws(() => assertPreapprovalTransition('closed_by_customer', 'active'), {
      message: 'A preapproval that is closed by customer cannot become active.',
    });
  });

  it('refunds: pending → succeeded | failed, nothing else', () => {
    checkMachine('refund', REFUND_STATUSES, REFUND_MOVES, assertRefundTransition);
  });

  it('paid statuses are exactly those money was taken in, and none leads back to an unpaid one', () => {
    assert.deepEqual([...PAID_STATUSES].sort(), ['partially_refunded', 'refunded', 'succeeded']);
    // a paid payment never becomes unpaid again
    for (const [from, to] of pairs(PAYMENT_STATUSES)) {
      if (PAID_STATUSES.has(from) && !PAID_STATUSES.has(to)) assert.throws(() => assertPaymentTransition(from, to), `${from} → ${to}`);
    }
  });

  it('docs/architecture.md lists the same moves', () => {
    const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### Statuses and transitions'), doc.indexOf('### One write path'));
    const table = (title: string): string[] => {
      const start = section.indexOf(`${title}:\n`);
      assert.ok(start >= 0, `a "${title}:" table`);
      const lines = section.slice(start).split('\n').slice(1);
      const first = lines.findIndex((l) => l.startsWith('|'));
      const rows = lines.slice(
        first,
        lines.findIndex((l, i) => i > first && !l.startsWith('|')),
      );
      // header and separator rows name no status; a parenthetical remark is not a move
      const names = (cell: string) => [...cell.replace(/\([^)]*\)/g, '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!);
      const moves = rows.flatMap((row) => {
        const [fromCell, toCell] = row.split('|').slice(1, 3) as [string, string];
        return names(fromCell).flatMap((from) => names(toCell).map((to) => `${from} → ${to}`));
      });
      return moves.sort();
    };
    assert.deepEqual(table('Payment'), [...PAYMENT_MOVES].sort());
    assert.deepEqual(table('Preapproval'), [...PREAPPROVAL_MOVES].sort());
    assert.match(section, /Refund: `pending → succeeded \| failed`\./);
  });
});
