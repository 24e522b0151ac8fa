/**
 * The sweeper's decisions (src/core/reconcile/sweep-decisions.ts), case by case: every record
 * status, every wallet answer (and none), inside and past the in-flight grace, before and after the
 * record's lifetime and the abandon grace. The end-to-end behaviour is in test/flows/money-safety,
 * sweeper-races and sweeper-recurring-first-payments.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorOutcome, PaymentLookupResult, WalletPaymentState } from '../../src/core/ports/connector.js';
import { PAYMENT_STATUSES, PREAPPROVAL_STATUSES, REFUND_STATUSES, type ConnectorState } from '../../src/core/model.js';
import type { PaymentStatus, PreapprovalStatus, RefundStatus } from '../../src/core/model.js';
import {
  decideRetriedApproval,
  decideUnknownPayment,
  decideUnknownRefund,
  decideUnreferencedCharge,
  type ChargeSearch,
  decideWaitingPayment,
  decideWaitingPreapproval,
  stillInFlight,
  unknownPaymentAsksWallet,
  unknownRefundAsksWallet,
  waitingPaymentAsksWallet,
  waitingPreapprovalAsksWallet,
  type SweepClock,
  type WalletAnswer,
} from '../../src/core/reconcile/sweep-decisions.js';

const NOW = new Date('2026-11-25T06:00:00.000Z');
const GRACE = 60_000;
const ABANDON_GRACE = 10_000;
const clock: SweepClock = { now: NOW, inFlightGraceMs: GRACE, abandonGraceMs: ABANDON_GRACE };
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const RAW: Record<WalletPaymentState, string> = {
  pending: 'READY',
  awaiting_approval: 'AUTH_PASSWORD',
  agreement_issued: 'ISSUED_SID',
  succeeded: 'SUCCESS_PAYMENT',
  partially_refunded: 'PART_CANCEL_PAYMENT',
  refunded: 'CANCEL_PAYMENT',
  failed: 'FAIL_PAYMENT',
  abandoned: 'QUIT_PAYMENT',
};
const WALLET_STATES = Object.keys(RAW) as WalletPaymentState[];

function wallet(state: WalletPaymentState, over: Partial<PaymentLookupResult> = {}): PaymentLookupResult {
  const paid = state === 'succeeded' || state === 'partially_refunded' || state === 'refunded';
  return {
    state,
    rawStatus: RAW[state],
    agreementToken: null,
    amount: 7000,
    refundedAmount: 0,
    refundableAmount: paid ? 7000 : 0,
    actions: paid ? [{ kind: 'payment', ref: 'A-PAY', amount: 7000, payload: null, at: NOW }] : [],
    ...over,
  };
}
/** Every answer the sweeper can hold: none, or each wallet state. */
const ANSWERS: [string, WalletAnswer][] = [['no answer', null], ...WALLET_STATES.map((s): [string, WalletAnswer] => [s, wallet(s)])];

interface Rec {
  status: PaymentStatus;
  connectorState: ConnectorState;
  expiresAt: Date | null;
  updatedAt: Date;
}
const payment = (over: Partial<Rec> = {}): Rec => ({
  status: 'pending_customer',
  connectorState: { ref: 'T1234567890123456789' },
  expiresAt: new Date(NOW.getTime() + 60_000),
  updatedAt: ago(5_000),
  ...over,
});
const TIME_UP = { expiresAt: ago(1) };

describe('sweep decisions: in-flight grace', () => {
  it('a record updated less than the grace ago is still in flight; at the grace it is not', () => {
    assert.equal(stillInFlight({ updatedAt: ago(GRACE - 1) }, clock), true);
    assert.equal(stillInFlight({ updatedAt: ago(GRACE) }, clock), false);
    assert.equal(stillInFlight({ updatedAt: NOW }, { ...clock, inFlightGraceMs: 0 }), false);
  });
});

describe('sweep decisions: payments waiting for the customer', () => {
  it('only an opened checkout (pending_customer with a wallet id) is asked about', () => {
    for (const status of PAYMENT_STATUSES) {
      assert.equal(waitingPaymentAsksWallet(payment({ status })), status === 'pending_customer', status);
    }
    assert.equal(waitingPaymentAsksWallet(payment({ connectorState: {} })), false);
  });

  it('created: its checkout was never recorded (a crash); inside the in-flight grace only its lifetime counts, past it it fails, whatever the wallet would say', () => {
    const inFlight = { status: 'created' as const, updatedAt: ago(GRACE - 1) };
    const stale = { status: 'created' as const, updatedAt: ago(GRACE) };
    const failed = {
      do: 'fail',
      code: 'unknown',
      message: 'walletgate stopped before the wallet opened the checkout; nothing was charged',
    };
    for (const [name, answer] of ANSWERS) {
      assert.deepEqual(decideWaitingPayment(payment(inFlight), clock, answer), { do: 'wait' }, name);
      assert.deepEqual(
        decideWaitingPayment(payment({ ...inFlight, ...TIME_UP }), clock, answer),
        { do: 'expire', message: 'The payment never reached the wallet' },
        name,
      );
      assert.deepEqual(decideWaitingPayment(payment(stale), clock, answer), failed, name);
      assert.deepEqual(decideWaitingPayment(payment({ ...stale, ...TIME_UP }), clock, answer), failed, name);
    }
    assert.deepEqual(decideWaitingPayment(payment({ ...inFlight, expiresAt: null }), clock, null), { do: 'wait' });
    assert.deepEqual(decideWaitingPayment(payment({ ...stale, expiresAt: null }), clock, null), failed);
  });

  it('pending_customer awaiting the choice of method (ADR 0016): never asked about, waits, expires when its lifetime runs out', () => {
    const awaiting = {
      status: 'pending_customer' as const,
      updatedAt: ago(GRACE),
      connectorState: { methodChoice: { include: null, exclude: [], prioritize: [] } },
    };
    assert.equal(waitingPaymentAsksWallet(payment(awaiting)), false);
    assert.deepEqual(decideWaitingPayment(payment(awaiting), clock, null), { do: 'wait' });
    assert.deepEqual(decideWaitingPayment(payment({ ...awaiting, ...TIME_UP }), clock, null), {
      do: 'expire',
      message: 'The customer did not finish in time',
    });
  });

  it('any status past waiting (settled meanwhile) is left alone, whatever the wallet says', () => {
    for (const status of PAYMENT_STATUSES.filter((s) => s !== 'created' && s !== 'pending_customer')) {
      for (const [name, answer] of ANSWERS) {
        assert.deepEqual(decideWaitingPayment(payment({ status, ...TIME_UP }), clock, answer), { do: 'wait' }, `${status} / ${name}`);
      }
    }
  });

  it('pending_customer: what each wallet answer leads to, within and past its lifetime', () => {
    const expireLate = { do: 'expire', message: 'The customer did not finish in time' };
    const succeed = (state: WalletPaymentState) => ({
      do: 'succeed',
      amount: 7000,
      approvalRef: 'A-PAY',
      agreementToken: null,
      code: RAW[state],
      message: 'The wallet reports the payment approved',
    });
    const expected: Record<string, [unknown, unknown]> = {
      // answer: [within its lifetime, past it]
      'no answer': [{ do: 'wait' }, expireLate],
      pending: [{ do: 'wait' }, expireLate],
      awaiting_approval: [{ do: 'wait' }, expireLate],
      agreement_issued: [{ do: 'wait' }, expireLate],
      succeeded: [succeed('succeeded'), succeed('succeeded')],
      partially_refunded: [succeed('partially_refunded'), succeed('partially_refunded')],
      refunded: [succeed('refunded'), succeed('refunded')],
      failed: [
        { do: 'fail', code: 'FAIL_PAYMENT', message: 'The wallet reports the payment failed' },
        { do: 'fail', code: 'FAIL_PAYMENT', message: 'The wallet reports the payment failed' },
      ],
      // the first sighting is recorded, then the customer's own return gets the abandon grace
      abandoned: [
        { do: 'note_abandoned', code: 'QUIT_PAYMENT' },
        { do: 'note_abandoned', code: 'QUIT_PAYMENT' },
      ],
    };
    assert.deepEqual(Object.keys(expected).sort(), ANSWERS.map(([n]) => n).sort());
    for (const [name, answer] of ANSWERS) {
      assert.deepEqual(decideWaitingPayment(payment(), clock, answer), expected[name]![0], `${name}, within its lifetime`);
      assert.deepEqual(decideWaitingPayment(payment(TIME_UP), clock, answer), expected[name]![1], `${name}, past it`);
    }
  });

  it('abandoned: waits out the abandon grace from the first sighting, then expires', () => {
    const quit = wallet('abandoned');
    const expire = { do: 'expire', message: 'The wallet timed the payment out (QUIT_PAYMENT)' };
    const seen = (ms: number) => payment({ connectorState: { ref: 'T1', abandonedSeenAt: ago(ms).toISOString() } });
    assert.deepEqual(decideWaitingPayment(seen(ABANDON_GRACE - 1), clock, quit), { do: 'wait' });
    assert.deepEqual(decideWaitingPayment(seen(ABANDON_GRACE), clock, quit), expire);
    assert.deepEqual(decideWaitingPayment(payment(), { ...clock, abandonGraceMs: 0 }, quit), expire, 'no grace: at once');
    // a sighting whose wallet no longer says abandoned is not enough on its own
    assert.deepEqual(decideWaitingPayment(seen(ABANDON_GRACE * 10), clock, null), { do: 'wait' });
  });

  it('a payment the wallet approved names the agreement token it issued', () => {
    const d = decideWaitingPayment(payment(), clock, wallet('succeeded', { agreementToken: 'S123' }));
    assert.equal(d.do === 'succeed' && d.agreementToken, 'S123');
    const noAction = decideWaitingPayment(payment(), clock, wallet('succeeded', { actions: [] }));
    assert.equal(noAction.do === 'succeed' && noAction.approvalRef, null);
  });
});

describe('sweep decisions: payments with an unknown outcome', () => {
  const unknown = (over: Partial<Rec> = {}) =>
    payment({ status: 'processing', connectorState: { ref: 'T1', needsSync: true }, updatedAt: ago(GRACE), ...over });

  it('the wallet is asked about a processing payment with a wallet id, once the in-flight grace is over', () => {
    assert.equal(unknownPaymentAsksWallet(unknown(), clock), true);
    assert.equal(unknownPaymentAsksWallet(unknown({ updatedAt: ago(GRACE - 1) }), clock), false);
    assert.equal(unknownPaymentAsksWallet(unknown({ connectorState: { needsSync: true } }), clock), false);
    assert.equal(unknownPaymentAsksWallet(unknown({ connectorState: { ref: 'T1' } }), clock), false);
    for (const status of PAYMENT_STATUSES.filter((s) => s !== 'processing')) {
      assert.equal(unknownPaymentAsksWallet(unknown({ status }), clock), false, status);
    }
  });

  it('nothing is decided inside the in-flight grace, or once the flag is cleared', () => {
    for (const [name, answer] of ANSWERS) {
      assert.deepEqual(decideUnknownPayment(unknown({ updatedAt: ago(GRACE - 1) }), clock, answer), { do: 'wait' }, name);
      assert.deepEqual(decideUnknownPayment(unknown({ connectorState: { ref: 'T1' } }), clock, answer), { do: 'wait' }, name);
    }
  });

  it('settled meanwhile (not processing any more): only the flag is cleared', () => {
    for (const status of PAYMENT_STATUSES.filter((s) => s !== 'processing')) {
      for (const [name, answer] of ANSWERS) {
        assert.deepEqual(decideUnknownPayment(unknown({ status }), clock, answer), { do: 'clear_sync' }, `${status} / ${name}`);
      }
    }
  });

  it('a charge with no wallet id cannot be looked up: flagged for a person, whatever else', () => {
    for (const [name, answer] of ANSWERS) {
      assert.deepEqual(decideUnknownPayment(unknown({ connectorState: { needsSync: true } }), clock, answer), { do: 'flag_review' }, name);
    }
  });

  it('processing: what each wallet answer leads to, with and without the kept return parameters', () => {
    const succeed = (state: WalletPaymentState) => ({
      do: 'succeed',
      amount: 7000,
      approvalRef: 'A-PAY',
      agreementToken: null,
      code: RAW[state],
      message: 'The wallet confirms the payment succeeded',
    });
    const fail = (state: WalletPaymentState) => ({
      do: 'fail',
      code: RAW[state],
      message: 'The wallet reports the payment did not complete',
    });
    const expected: Record<string, [unknown, unknown]> = {
      // answer: [without returnParams, with them]
      'no answer': [{ do: 'wait' }, { do: 'wait' }],
      pending: [{ do: 'wait' }, { do: 'wait' }],
      awaiting_approval: [{ do: 'wait' }, { do: 'retry_approve' }],
      agreement_issued: [{ do: 'wait' }, { do: 'wait' }],
      succeeded: [succeed('succeeded'), succeed('succeeded')],
      partially_refunded: [succeed('partially_refunded'), succeed('partially_refunded')],
      refunded: [succeed('refunded'), succeed('refunded')],
      failed: [fail('failed'), fail('failed')],
      abandoned: [fail('abandoned'), fail('abandoned')],
    };
    for (const [name, answer] of ANSWERS) {
      assert.deepEqual(decideUnknownPayment(unknown(), clock, answer), expected[name]![0], `${name}, no return parameters`);
      const kept = unknown({ connectorState: { ref: 'T1', needsSync: true, returnParams: { pg_token: 'x' } } });
      assert.deepEqual(decideUnknownPayment(kept, clock, answer), expected[name]![1], `${name}, return parameters kept`);
    }
  });
});

describe('sweep decisions: a charge whose wallet id was never written', () => {
  const charge = (over: Partial<Rec> = {}) =>
    payment({ status: 'processing', connectorState: { needsSync: true }, updatedAt: ago(GRACE), ...over });
  const found = (state: WalletPaymentState): ChargeSearch => ({ ...wallet(state), ref: 'APS-PAY-1', wallet: { mode: 'agreement' } });
  const SEARCHES: [string, ChargeSearch][] = [
    ['no answer', null],
    ['not found', 'not_found'],
    ['no lookup', 'no_lookup'],
    ...WALLET_STATES.map((s): [string, ChargeSearch] => [s, found(s)]),
  ];

  it('nothing is decided inside the in-flight grace or once the flag is cleared; settled meanwhile, only the flag is cleared', () => {
    for (const [name, search] of SEARCHES) {
      assert.deepEqual(decideUnreferencedCharge(charge({ updatedAt: ago(GRACE - 1) }), clock, search), { do: 'wait' }, name);
      assert.deepEqual(decideUnreferencedCharge(charge({ connectorState: {} }), clock, search), { do: 'wait' }, name);
      assert.deepEqual(decideUnreferencedCharge(charge({ status: 'succeeded' }), clock, search), { do: 'clear_sync' }, name);
    }
  });

  it('a wallet with no lookup by order id: a person must look; no answer: wait; never received: failed', () => {
    assert.deepEqual(decideUnreferencedCharge(charge(), clock, 'no_lookup'), { do: 'flag_review' });
    assert.deepEqual(decideUnreferencedCharge(charge(), clock, null), { do: 'wait' });
    assert.deepEqual(decideUnreferencedCharge(charge(), clock, 'not_found'), {
      do: 'fail',
      code: 'not_found',
      message: 'The charge never reached the wallet',
    });
  });

  it("the wallet's word on a charge it has: paid succeeds with the wallet's ids, failed fails, pending waits", () => {
    for (const state of ['succeeded', 'partially_refunded', 'refunded'] as const) {
      const d = decideUnreferencedCharge(charge(), clock, found(state));
      assert.equal(d.do, 'succeed', state);
      assert.deepEqual(d.do === 'succeed' && d.found, { ref: 'APS-PAY-1', wallet: { mode: 'agreement' } }, state);
    }
    for (const state of ['failed', 'abandoned'] as const)
      assert.equal(decideUnreferencedCharge(charge(), clock, found(state)).do, 'fail', state);
    for (const state of ['pending', 'awaiting_approval', 'agreement_issued'] as const)
      assert.equal(decideUnreferencedCharge(charge(), clock, found(state)).do, 'wait', state);
  });
});

describe('sweep decisions: a retried approve', () => {
  const error = (kind: 'declined' | 'invalid' | 'unknown', providerCode?: string, outcome: ConnectorOutcome = kind) => ({
    ok: false as const,
    error: { kind, outcome, providerCode, message: `wallet said ${providerCode ?? kind}` },
  });

  it('approved → succeeded with what approve answered, agreement token included', () => {
    assert.deepEqual(decideRetriedApproval({ status: 'processing' }, { ok: true, approvalRef: 'A9', amount: 3000, agreementToken: 'S9' }), {
      do: 'succeed',
      amount: 3000,
      approvalRef: 'A9',
      agreementToken: 'S9',
      code: 'A9',
      message: 'Approved on retry after an unanswered approve call',
    });
  });

  it('unknown again, or already approved (KakaoPay -702): never a failure on a payment the wallet may have charged', () => {
    assert.deepEqual(decideRetriedApproval({ status: 'processing' }, error('unknown')), { do: 'wait' });
    assert.deepEqual(decideRetriedApproval({ status: 'processing' }, error('unknown', '-1')), { do: 'wait' });
    assert.deepEqual(decideRetriedApproval({ status: 'processing' }, error('invalid', '-702', 'already_done')), { do: 'wait' });
  });

  it('a refusal fails the payment with the wallet code (or the kind when there is none)', () => {
    assert.deepEqual(decideRetriedApproval({ status: 'processing' }, error('declined', '-780')), {
      do: 'fail',
      code: '-780',
      message: 'wallet said -780',
    });
    assert.deepEqual(decideRetriedApproval({ status: 'processing' }, error('invalid')), {
      do: 'fail',
      code: 'invalid',
      message: 'wallet said invalid',
    });
  });

  it('a payment settled meanwhile is left as it is, whatever the retry answered', () => {
    for (const status of PAYMENT_STATUSES.filter((s) => s !== 'processing')) {
      assert.deepEqual(decideRetriedApproval({ status }, { ok: true, approvalRef: 'A', amount: 1, agreementToken: null }), { do: 'wait' });
      assert.deepEqual(decideRetriedApproval({ status }, error('declined', '-780')), { do: 'wait' });
    }
  });
});

describe('sweep decisions: refunds with an unknown outcome', () => {
  const refund = (over: Partial<{ status: RefundStatus; needsSync: boolean; updatedAt: Date }> = {}) => ({
    id: 16405,
    status: 'pending' as RefundStatus,
    needsSync: true,
    updatedAt: ago(GRACE),
    ...over,
  });
  const withCancel = (payload: string | null) =>
    wallet('partially_refunded', {
      actions: [
        { kind: 'payment', ref: 'A-PAY', amount: 7000, payload: null, at: NOW },
        { kind: 'refund', ref: 'A-CANCEL', amount: 500, payload, at: NOW },
      ],
    });

  it('asked only when pending, flagged and past the in-flight grace', () => {
    assert.equal(unknownRefundAsksWallet(refund(), clock), true);
    assert.equal(unknownRefundAsksWallet(refund({ updatedAt: ago(GRACE - 1) }), clock), false);
    assert.equal(unknownRefundAsksWallet(refund({ needsSync: false }), clock), false);
    for (const status of REFUND_STATUSES.filter((s) => s !== 'pending'))
      assert.equal(unknownRefundAsksWallet(refund({ status }), clock), false);
  });

  it('a cancel carrying the refund id → succeeded with its reference; none → failed, nothing refunded', () => {
    assert.deepEqual(decideUnknownRefund(refund(), clock, withCancel('16405')), { do: 'succeed', refundRef: 'A-CANCEL' });
    const none = { do: 'fail', code: 'not_at_wallet', message: 'The wallet has no record of this refund; nothing was refunded' };
    assert.deepEqual(decideUnknownRefund(refund(), clock, withCancel('16406')), none, 'another refund’s cancel');
    assert.deepEqual(decideUnknownRefund(refund(), clock, withCancel(null)), none, 'a cancel made elsewhere');
    for (const state of WALLET_STATES) assert.deepEqual(decideUnknownRefund(refund(), clock, wallet(state)), none, state);
  });

  it('no answer, inside the grace, or no longer pending: wait', () => {
    assert.deepEqual(decideUnknownRefund(refund(), clock, null), { do: 'wait' });
    assert.deepEqual(decideUnknownRefund(refund({ updatedAt: ago(GRACE - 1) }), clock, withCancel('16405')), { do: 'wait' });
    for (const status of REFUND_STATUSES.filter((s) => s !== 'pending')) {
      assert.deepEqual(decideUnknownRefund(refund({ status }), clock, withCancel('16405')), { do: 'wait' }, status);
    }
  });
});

describe('sweep decisions: preapprovals waiting for the customer', () => {
  const pre = (
    over: Partial<{ status: PreapprovalStatus; connectorState: ConnectorState; expiresAt: Date | null; updatedAt: Date }> = {},
  ) => ({
    status: 'pending' as PreapprovalStatus,
    connectorState: { ref: 'T1' } as ConnectorState,
    expiresAt: new Date(NOW.getTime() + 60_000),
    updatedAt: ago(GRACE),
    ...over,
  });
  const unknown = (over: ConnectorState = {}) => pre({ connectorState: { ref: 'T1', needsSync: true, ...over } });
  const issued = wallet('agreement_issued', { agreementToken: 'S77' });

  it('asked about when pending with a wallet id; an unknown approve only past the grace and until flagged', () => {
    assert.equal(waitingPreapprovalAsksWallet(pre(), clock), true);
    assert.equal(waitingPreapprovalAsksWallet(pre({ updatedAt: NOW }), clock), true, 'no call in flight: asked at once');
    assert.equal(waitingPreapprovalAsksWallet(pre({ connectorState: {} }), clock), false, 'an agreement opened with a payment');
    assert.equal(waitingPreapprovalAsksWallet(unknown(), clock), true);
    assert.equal(waitingPreapprovalAsksWallet({ ...unknown(), updatedAt: ago(GRACE - 1) }, clock), false);
    assert.equal(waitingPreapprovalAsksWallet(unknown({ needsReview: true }), clock), false);
    for (const status of PREAPPROVAL_STATUSES.filter((s) => s !== 'pending')) {
      assert.equal(waitingPreapprovalAsksWallet(pre({ status }), clock), false, status);
    }
  });

  it('no longer pending: left alone, whatever the wallet says', () => {
    for (const status of PREAPPROVAL_STATUSES.filter((s) => s !== 'pending')) {
      for (const [name, answer] of [...ANSWERS, ['issued', issued] as [string, WalletAnswer]]) {
        assert.deepEqual(
          decideWaitingPreapproval(pre({ status, expiresAt: ago(1) }), clock, answer),
          { do: 'wait' },
          `${status} / ${name}`,
        );
      }
    }
  });

  it('an unknown approve: the SID the wallet names activates it; anything else flags it once; inside the grace, wait', () => {
    assert.deepEqual(decideWaitingPreapproval(unknown(), clock, issued), {
      do: 'activate',
      agreementToken: 'S77',
      code: 'ISSUED_SID',
      message: 'The wallet confirms the customer agreed (approve answer was lost)',
    });
    for (const [name, answer] of ANSWERS) {
      assert.deepEqual(decideWaitingPreapproval(unknown(), clock, answer), { do: 'flag_review' }, name);
      assert.deepEqual(decideWaitingPreapproval(unknown({ needsReview: true }), clock, answer), { do: 'wait' }, `${name}, flagged`);
      assert.deepEqual(
        decideWaitingPreapproval({ ...unknown(), updatedAt: ago(GRACE - 1) }, clock, answer),
        { do: 'wait' },
        `${name}, young`,
      );
      assert.deepEqual(
        decideWaitingPreapproval({ ...unknown(), expiresAt: ago(1) }, clock, answer),
        { do: 'flag_review' },
        `${name}, never expired`,
      );
    }
    assert.deepEqual(decideWaitingPreapproval({ ...unknown(), updatedAt: ago(GRACE - 1) }, clock, issued), { do: 'wait' });
  });

  it('waiting for the customer: what each wallet answer leads to, within and past its lifetime', () => {
    const late = { do: 'expire', message: 'The customer did not finish in time' };
    const quit = (raw: string) => ({ do: 'expire', message: `The wallet timed the agreement out (${raw})` });
    const expected: Record<string, [unknown, unknown]> = {
      'no answer': [{ do: 'wait' }, late],
      pending: [{ do: 'wait' }, late],
      awaiting_approval: [{ do: 'wait' }, late],
      // ISSUED_SID without a SID named: never expired over the wallet's word
      agreement_issued: [{ do: 'wait' }, { do: 'wait' }],
      succeeded: [{ do: 'wait' }, late],
      partially_refunded: [{ do: 'wait' }, late],
      refunded: [{ do: 'wait' }, late],
      failed: [{ do: 'note_abandoned', code: 'FAIL_PAYMENT' }, quit('FAIL_PAYMENT')],
      abandoned: [{ do: 'note_abandoned', code: 'QUIT_PAYMENT' }, quit('QUIT_PAYMENT')],
    };
    for (const [name, answer] of ANSWERS) {
      assert.deepEqual(decideWaitingPreapproval(pre(), clock, answer), expected[name]![0], `${name}, within its lifetime`);
      assert.deepEqual(decideWaitingPreapproval(pre({ expiresAt: ago(1) }), clock, answer), expected[name]![1], `${name}, past it`);
    }
    const reported = { do: 'activate', agreementToken: 'S77', code: 'ISSUED_SID', message: 'The wallet reports the agreement issued' };
    assert.deepEqual(decideWaitingPreapproval(pre(), clock, issued), reported);
    assert.deepEqual(decideWaitingPreapproval(pre({ expiresAt: ago(1) }), clock, issued), reported);
  });

  it('abandoned within its lifetime: the abandon grace from the first sighting, then expired', () => {
    const quit = wallet('abandoned');
    const expire = { do: 'expire', message: 'The wallet timed the agreement out (QUIT_PAYMENT)' };
    const seen = (ms: number) => pre({ connectorState: { ref: 'T1', abandonedSeenAt: ago(ms).toISOString() } });
    assert.deepEqual(decideWaitingPreapproval(seen(ABANDON_GRACE - 1), clock, quit), { do: 'wait' });
    assert.deepEqual(decideWaitingPreapproval(seen(ABANDON_GRACE), clock, quit), expire);
    assert.deepEqual(decideWaitingPreapproval(pre(), { ...clock, abandonGraceMs: 0 }, quit), expire);
  });

  it('an agreement opened with a payment (no wallet id, no lifetime) waits for its payment', () => {
    assert.deepEqual(decideWaitingPreapproval(pre({ connectorState: {}, expiresAt: null }), clock, null), { do: 'wait' });
  });
});
