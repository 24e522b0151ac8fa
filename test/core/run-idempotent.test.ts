import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runIdempotent, requestHash } from '../../src/core/idempotency/run-idempotent.js';
import { isCoreError } from '../../src/core/errors.js';
import { answeringWith, recordMade, storeAnswer, type IdempotencyClaim } from '../../src/core/idempotency/claim.js';
import type { Payment } from '../../src/core/model.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const conflict = (e: unknown) => isCoreError(e) && e.code === 'idempotency_conflict' && /different request body/.test(e.message);

function counter(status = 200) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    compute: async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return { status, body: JSON.stringify({ pspReference: `psp-${calls}` }) };
    },
  };
}

describe('requestHash', () => {
  it('ignores key order at every level, not values or array order', () => {
    assert.equal(requestHash({ a: 1, b: { c: 2, d: [1, 2] } }), requestHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
    assert.notEqual(requestHash({ a: 1 }), requestHash({ a: 2 }));
    assert.notEqual(requestHash({ a: [1, 2] }), requestHash({ a: [2, 1] }));
  });
});

for (const kind of storeKinds) {
  describe(`runIdempotent (${kind})`, () => {
    let t: TestStore;
    before(async () => {
      t = await openTestStore(kind);
      await t.store.merchants.insert({ id: 'm1', name: 'One', notifyUrl: null });
      await t.store.merchants.insert({ id: 'm2', name: 'Two', notifyUrl: null });
    });
    after(() => t.cleanup());

    const body = { amount: { value: 1000, currency: 'KRW' }, reference: 'order-1' };

    it('computes the first time, replays afterwards without computing', async () => {
      const c = counter(201);
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-replay' };
      const first = await runIdempotent(t.store, key, body, c.compute);
      assert.deepEqual(first, { status: 201, body: '{"pspReference":"psp-1"}', replayed: false });
      const again = await runIdempotent(t.store, key, { reference: 'order-1', amount: { currency: 'KRW', value: 1000 } }, c.compute);
      assert.deepEqual(again, { status: 201, body: '{"pspReference":"psp-1"}', replayed: true });
      assert.equal(c.calls, 1);
    });

    if (kind === 'sqlite') {
      it('the claim is committed without waiting for the disk: the answer stored after it is the one log sync (ADR 0032)', async () => {
        const log = t.store.writeAheadLog?.bind(t.store);
        assert.ok(log, 'a SQLite store counts its log syncs');
        const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-one-sync' };
        const before = log();
        let during = before;
        const answer = await runIdempotent(t.store, key, body, async () => {
          during = log();
          return { status: 422, body: '{"errorCode":"bad"}' };
        });
        const after = log();
        assert.equal(answer.status, 422);
        assert.equal(during.transactions - before.transactions, 1, 'the claim was committed before compute ran');
        assert.equal(during.syncs - before.syncs, 0, 'and no log sync was waited for');
        assert.equal(after.transactions - during.transactions, 1, 'the stored answer');
        assert.equal(after.syncs - during.syncs, 1, 'one log sync, which makes the claim durable too');
        assert.equal((await t.store.idempotency.get(key.merchantId, key.dialect, key.key))?.responseStatus, 422);
      });
    }

    it('the same key with a different body is idempotency_conflict, and compute is not called', async () => {
      const c = counter();
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-conflict' };
      await runIdempotent(t.store, key, body, c.compute);
      await assert.rejects(runIdempotent(t.store, key, { ...body, reference: 'order-2' }, c.compute), conflict);
      assert.equal(c.calls, 1);
    });

    it('10 concurrent identical requests compute once and all get the same answer', async () => {
      const c = counter();
      const key = { merchantId: 'm1', dialect: 'checkoutcom' as const, key: 'k-concurrent' };
      const results = await Promise.all(Array.from({ length: 10 }, () => runIdempotent(t.store, key, body, c.compute)));
      assert.equal(c.calls, 1);
      assert.deepEqual(new Set(results.map((r) => r.body)), new Set(['{"pspReference":"psp-1"}']));
      assert.equal(results.filter((r) => !r.replayed).length, 1);
    });

    it('concurrent requests with the same key and a different body: one wins, the other conflicts', async () => {
      const c = counter();
      const key = { merchantId: 'm1', dialect: 'checkoutcom' as const, key: 'k-concurrent-conflict' };
      const [a, b] = await Promise.allSettled([
        runIdempotent(t.store, key, body, c.compute),
        runIdempotent(t.store, key, { ...body, reference: 'other' }, c.compute),
      ]);
      assert.equal(a.status, 'fulfilled');
      assert.equal(b.status, 'rejected');
      assert.ok(b.status === 'rejected' && conflict(b.reason));
      assert.equal(c.calls, 1);
    });

    it('a 5xx is not stored: the retry computes again', async () => {
      const failing = counter(500);
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-5xx' };
      assert.deepEqual(await runIdempotent(t.store, key, body, failing.compute), {
        status: 500,
        body: '{"pspReference":"psp-1"}',
        replayed: false,
      });
      assert.equal(await t.store.idempotency.get('m1', 'adyen', 'k-5xx'), undefined);
      const ok = counter(200);
      assert.equal((await runIdempotent(t.store, key, body, ok.compute)).replayed, false);
      assert.equal(ok.calls, 1);
      assert.equal((await runIdempotent(t.store, key, body, ok.compute)).replayed, true);
    });

    it('a 4xx is stored and replayed', async () => {
      const c = counter(422);
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-4xx' };
      await runIdempotent(t.store, key, body, c.compute);
      assert.deepEqual(await runIdempotent(t.store, key, body, c.compute), {
        status: 422,
        body: '{"pspReference":"psp-1"}',
        replayed: true,
      });
      assert.equal(c.calls, 1);
    });

    it('keys are scoped per merchant and per dialect', async () => {
      const c = counter();
      const scopes = [
        { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-scope' },
        { merchantId: 'm2', dialect: 'adyen' as const, key: 'k-scope' },
        { merchantId: 'm1', dialect: 'checkoutcom' as const, key: 'k-scope' },
      ];
      const results = [];
      for (const [i, key] of scopes.entries()) results.push(await runIdempotent(t.store, key, { ...body, reference: `r${i}` }, c.compute));
      assert.equal(c.calls, 3);
      assert.ok(results.every((r) => !r.replayed));
      assert.deepEqual(
        results.map((r) => r.body),
        ['{"pspReference":"psp-1"}', '{"pspReference":"psp-2"}', '{"pspReference":"psp-3"}'],
      );
    });

    it('while another process holds the key, an identical request is refused as in progress and computes nothing; then it replays', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-other-process' };
      const c = counter();
      const other = await t.openAnother();
      // Another walletgate (another Store on the same database) has claimed the key and is computing.
      assert.ok(
        (await other.idempotency.put({ ...key, requestHash: requestHash(body), responseStatus: 0, responseBody: '' })) instanceof Date,
      );
      await assert.rejects(
        runIdempotent(t.store, key, body, c.compute),
        (e) => isCoreError(e) && e.code === 'idempotency_conflict' && /still in progress/.test(e.message),
      );
      assert.equal(c.calls, 0);
      await other.idempotency.complete(key.merchantId, key.dialect, key.key, { status: 200, body: '{"winner":true}' });
      assert.deepEqual(await runIdempotent(t.store, key, body, c.compute), { status: 200, body: '{"winner":true}', replayed: true });
      assert.equal(c.calls, 0);
    });

    it('a claim left by a process that died before it made anything is taken over once stale, and computed afresh', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-stale' };
      const other = await t.openAnother();
      await other.idempotency.put({ ...key, requestHash: requestHash(body), responseStatus: 0, responseBody: '' });
      const c = counter(201);
      let made: unknown = 'not called';
      const result = await runIdempotent(
        t.store,
        key,
        body,
        async (claim) => {
          made = claim.made;
          return c.compute();
        },
        { staleAfterMs: 0 },
      );
      assert.deepEqual(result, { status: 201, body: '{"pspReference":"psp-1"}', replayed: false });
      assert.equal(made, null);
      assert.equal(c.calls, 1);
      assert.equal((await t.store.idempotency.get('m1', 'adyen', 'k-stale'))?.responseStatus, 201);
    });

    it('a claim whose request made a payment and then died: the retry gets that payment to resume, once the claim is stale', async () => {
      const key = { merchantId: 'm1', dialect: 'checkoutcom' as const, key: 'k-made' };
      const other = await t.openAnother();
      await other.idempotency.put({ ...key, requestHash: requestHash(body), responseStatus: 0, responseBody: '' });
      const claimedAt = (await other.idempotency.get('m1', 'checkoutcom', 'k-made'))!.createdAt;
      // the dead request's transaction noted the payment with its insert
      await other.transaction((tx) => recordMade(tx, { ...key, claimedAt, made: null }, { kind: 'payment', id: 4938078 }));
      const seen: unknown[] = [];
      const compute = async (claim: IdempotencyClaim) => {
        seen.push(claim.made);
        return { status: 202, body: `{"resumed":${claim.made?.id}}` };
      };
      // still young: in progress, nothing computed
      await assert.rejects(runIdempotent(t.store, key, body, compute, { staleAfterMs: 60_000 }), /still in progress/);
      assert.deepEqual(seen, []);
      const r = await runIdempotent(t.store, key, body, compute, { staleAfterMs: 0 });
      assert.deepEqual(r, { status: 202, body: '{"resumed":4938078}', replayed: false });
      assert.deepEqual(seen, [{ kind: 'payment', id: 4938078 }]);
      assert.deepEqual(await runIdempotent(t.store, key, body, compute), { status: 202, body: '{"resumed":4938078}', replayed: true });
    });

    it('a request that outlived its claim (a retry took it over) cannot note what it made: its transaction is rolled back', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-outlived' };
      assert.ok(
        (await t.store.idempotency.put({ ...key, requestHash: requestHash(body), responseStatus: 0, responseBody: '' })) instanceof Date,
      );
      const slow: IdempotencyClaim = {
        ...key,
        claimedAt: (await t.store.idempotency.get('m1', 'adyen', 'k-outlived'))!.createdAt,
        made: null,
      };
      const retry = await t.store.idempotency.takeOver('m1', 'adyen', 'k-outlived', slow.claimedAt);
      assert.ok(retry && retry > slow.claimedAt, 'the retry holds a claim of its own');
      assert.equal(await t.store.idempotency.takeOver('m1', 'adyen', 'k-outlived', slow.claimedAt), undefined, 'taken over once');
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await tx.merchants.insert({ id: 'm-outlived', name: 'written with the refund', notifyUrl: null });
          await recordMade(tx, slow, { kind: 'refund', id: 16405 });
        }),
        (e) => isCoreError(e) && e.code === 'idempotency_conflict' && /took it over/.test(e.message),
      );
      assert.equal(await t.store.merchants.get('m-outlived'), undefined, 'rolled back');
      const rec = await t.store.idempotency.get('m1', 'adyen', 'k-outlived');
      assert.equal(rec?.responseBody, '', 'the claim names nothing made');
    });

    it('a compute that throws after making something keeps the claim: a retry resumes it once stale, never makes another', async () => {
      const key = { merchantId: 'm1', dialect: 'checkoutcom' as const, key: 'k-made-then-threw' };
      await assert.rejects(
        runIdempotent(t.store, key, body, async (claim) => {
          await t.store.transaction((tx) => recordMade(tx, claim, { kind: 'refund', id: 16406 }));
          throw new Error('database went away while settling');
        }),
        /database went away/,
      );
      const rec = await t.store.idempotency.get('m1', 'checkoutcom', 'k-made-then-threw');
      assert.equal(rec?.responseStatus, 0, 'kept, in progress');
      const r = await runIdempotent(t.store, key, body, async (claim) => ({ status: 202, body: JSON.stringify(claim.made) }), {
        staleAfterMs: 0,
      });
      assert.deepEqual(JSON.parse(r.body), { kind: 'refund', id: 16406 });
    });

    it('a compute that throws releases the key: the retry runs', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-throws' };
      await assert.rejects(
        runIdempotent(t.store, key, body, async () => {
          throw new Error('wallet unreachable');
        }),
        /wallet unreachable/,
      );
      assert.equal(await t.store.idempotency.get('m1', 'adyen', 'k-throws'), undefined);
      const c = counter();
      assert.equal((await runIdempotent(t.store, key, body, c.compute)).replayed, false);
      assert.equal(c.calls, 1);
    });
    // ADR 0045: a use case that records a payment's outcome stores the request's answer for it in the same transaction
    const outcome = { id: 7, status: 'pending_customer' } as Payment;
    const answerOf = (p: Payment) => ({ status: 200, body: JSON.stringify({ id: p.id, status: p.status }) });
    /** What open-checkout.ts does: the outcome's transaction stores the answer; the claim notes it once committed. */
    const recordOutcome = async (claim: IdempotencyClaim, thenThrow = false) => {
      const answer = await t.store.transaction(async (tx) => {
        const stored = await storeAnswer(tx, claim, outcome);
        if (thenThrow) throw new Error('the outcome could not be recorded');
        return stored;
      });
      if (answer) claim.answered = answer;
    };

    it('an answer stored with the outcome is the one given and replayed, not what compute returns after it, and nothing writes it again', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-with-outcome' };
      let completes = 0;
      const complete = t.store.idempotency.complete.bind(t.store.idempotency);
      t.store.idempotency.complete = (...args) => {
        completes += 1;
        return complete(...args);
      };
      try {
        const first = await runIdempotent(t.store, key, body, async (claim) => {
          await recordOutcome(answeringWith(claim, answerOf)!);
          assert.equal(completes, 0, 'stored inside the transaction, not through the store outside one');
          return { status: 201, body: '{"computed":"after"}' };
        });
        assert.deepEqual(first, { status: 200, body: '{"id":7,"status":"pending_customer"}', replayed: false });
        assert.equal(completes, 0, 'runIdempotent does not store it a second time');
      } finally {
        t.store.idempotency.complete = complete;
      }
      const again = await runIdempotent(t.store, key, body, counter().compute);
      assert.deepEqual(again, { status: 200, body: '{"id":7,"status":"pending_customer"}', replayed: true });
    });

    it('an outcome whose transaction rolls back stores no answer: the key is released and the retry runs', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-outcome-rolled-back' };
      await assert.rejects(
        runIdempotent(t.store, key, body, async (claim) => {
          await recordOutcome(answeringWith(claim, answerOf)!, true);
          return { status: 200, body: '{}' };
        }),
        /could not be recorded/,
      );
      assert.equal(await t.store.idempotency.get('m1', 'adyen', key.key), undefined);
      const c = counter();
      assert.equal((await runIdempotent(t.store, key, body, c.compute)).body, '{"pspReference":"psp-1"}');
      assert.equal(c.calls, 1);
    });

    it('an answer of 500 or more is not stored with the outcome: the claim is released as for any 5xx', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'k-outcome-5xx' };
      const r = await runIdempotent(t.store, key, body, async (claim) => {
        await recordOutcome(answeringWith(claim, () => ({ status: 502, body: '{"error":"wallet"}' }))!);
        assert.equal(claim.answered, undefined);
        return { status: 502, body: '{"error":"wallet"}' };
      });
      assert.equal(r.status, 502);
      assert.equal(await t.store.idempotency.get('m1', 'adyen', key.key), undefined);
    });
  });
}
