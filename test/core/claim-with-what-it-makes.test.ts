/**
 * ADR 0047: a create's idempotency claim is written by the transaction that makes its payment, with
 * what it made, first writer wins; nothing is written under the key before. Every outcome a claim
 * written first gave must stay: one payment a key, the first answer replayed (even when the retry
 * itself would now fail), a different body refused, a dead process's payment resumed, on both
 * databases and across two stores (two gateway processes) racing with one key.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runIdempotent, requestHash, type RunIdempotentOptions } from '../../src/core/idempotency/run-idempotent.js';
import { CoreError, isCoreError } from '../../src/core/errors.js';
import { answeringWith, recordMade, storeAnswer, type IdempotencyClaim } from '../../src/core/idempotency/claim.js';
import type { Payment } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const CREATE: RunIdempotentOptions = { claimWithWhatItMakes: true };
const inProgress = (e: unknown) => isCoreError(e) && e.code === 'idempotency_conflict' && /still in progress/.test(e.message);
const differentBody = (e: unknown) => isCoreError(e) && e.code === 'idempotency_conflict' && /different request body/.test(e.message);

for (const kind of storeKinds) {
  describe(`a create's claim written with what it makes (${kind})`, () => {
    let t: TestStore;
    let other: Store;
    before(async () => {
      t = await openTestStore(kind);
      other = await t.openAnother();
      await t.store.merchants.insert({ id: 'm1', name: 'One', notifyUrl: null });
    });
    after(() => t.cleanup());

    const body = { amount: { value: 1000, currency: 'KRW' }, reference: 'order-1' };
    let nextId = 1;
    /** The merchants named `made-<key>-…`: what a key's creates made (a merchant row stands in for a payment). */
    const madeUnder = async (key: string) => {
      const found: string[] = [];
      for (let id = 1; id < nextId; id++) if (await t.store.merchants.get(`made-${key}-${id}`)) found.push(`made-${key}-${id}`);
      return found;
    };

    /**
     * What createPayment and open-checkout.ts do: one transaction makes the payment and notes it on
     * the claim (which writes an unwritten claim); the next records the outcome with the answer
     * stored under the key (ADR 0045). `opened` runs first inside the first, `gate` after the payment's insert;
     * `dies`: the second never comes.
     */
    const create =
      (
        store: Store,
        key: string,
        opts: { gate?: () => Promise<void>; opened?: () => Promise<void>; before?: () => Promise<void>; dies?: boolean } = {},
      ) =>
      async (claim: IdempotencyClaim) => {
        await opts.before?.();
        const id = nextId++;
        answeringWith(claim, (p) => ({ status: 200, body: JSON.stringify({ id: p.id }) }));
        const made = await store.transaction(async (tx) => {
          await opts.opened?.();
          await tx.merchants.insert({ id: `made-${key}-${id}`, name: 'a payment', notifyUrl: null });
          await opts.gate?.();
          await recordMade(tx, claim, { kind: 'payment', id });
          return { id, status: 'pending_customer' } as Payment;
        });
        if (opts.dies) return { status: 500, body: 'never sent' };
        const answer = await store.transaction((tx) => storeAnswer(tx, claim, made));
        if (answer) claim.answered = answer;
        return { status: 201, body: '{"not":"this"}' };
      };

    it('writes nothing under the key before the payment, then the claim naming it in the same transaction, and the answer with the outcome', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-first' };
      const log = t.store.writeAheadLog?.bind(t.store);
      const before = log?.();
      let seenFirst: unknown = 'not looked';
      let seenInside: unknown = 'not looked';
      const r = await runIdempotent(
        t.store,
        key,
        body,
        create(t.store, 'c-first', {
          before: async () => void (seenFirst = await t.store.idempotency.get('m1', 'adyen', 'c-first')),
          gate: async () => void (seenInside = await other.idempotency.get('m1', 'adyen', 'c-first')),
        }),
        CREATE,
      );
      assert.equal(seenFirst, undefined, 'nothing is written under the key before the payment is made');
      assert.equal(seenInside, undefined, 'nor committed while its transaction runs');
      const [made] = await madeUnder('c-first');
      assert.ok(made);
      const id = Number(made.split('-').pop());
      assert.deepEqual(r, { status: 200, body: JSON.stringify({ id }), replayed: false });
      const rec = await t.store.idempotency.get('m1', 'adyen', 'c-first');
      assert.equal(rec?.responseStatus, 200);
      assert.equal(rec?.requestHash, requestHash(body));
      if (before && log) {
        const after = log();
        assert.equal(after.transactions - before.transactions, 2, 'the payment with its claim, then the outcome with the answer');
        assert.equal(after.syncs - before.syncs, 2, 'each committed durably here (the use cases choose durable-with-the-next-commit)');
      }
    });

    it('a retry replays the first answer, and what it made meanwhile is rolled back: one payment a key', async () => {
      const key = { merchantId: 'm1', dialect: 'checkoutcom' as const, key: 'c-retry' };
      const first = await runIdempotent(t.store, key, body, create(t.store, 'c-retry'), CREATE);
      const again = await runIdempotent(
        t.store,
        key,
        { reference: 'order-1', amount: { currency: 'KRW', value: 1000 } },
        create(t.store, 'c-retry'),
        CREATE,
      );
      assert.deepEqual(again, { status: first.status, body: first.body, replayed: true });
      assert.equal((await madeUnder('c-retry')).length, 1);
    });

    it('a retry that would itself fail now (its checks, or its reference taken) still gets the first answer', async () => {
      const key = { merchantId: 'm1', dialect: 'ecommpay' as const, key: 'c-fails-now' };
      const first = await runIdempotent(t.store, key, body, create(t.store, 'c-fails-now'), CREATE);
      const failing = async () => {
        throw new CoreError('request_invalid', 'This method is switched off for the merchant now.');
      };
      assert.deepEqual(await runIdempotent(t.store, key, body, failing, CREATE), {
        status: first.status,
        body: first.body,
        replayed: true,
      });
    });

    it('the same key with another body is refused, and nothing is made', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-other-body' };
      await runIdempotent(t.store, key, body, create(t.store, 'c-other-body'), CREATE);
      await assert.rejects(
        runIdempotent(t.store, key, { ...body, reference: 'order-2' }, create(t.store, 'c-other-body'), CREATE),
        differentBody,
      );
      assert.equal((await madeUnder('c-other-body')).length, 1);
    });

    it('a request that fails before making anything leaves nothing under the key, and its retry runs for real', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-invalid' };
      await assert.rejects(
        runIdempotent(
          t.store,
          key,
          body,
          async () => {
            throw new CoreError('request_invalid', 'amount too small');
          },
          CREATE,
        ),
        /amount too small/,
      );
      assert.equal(await t.store.idempotency.get('m1', 'adyen', 'c-invalid'), undefined);
      const r = await runIdempotent(t.store, key, body, create(t.store, 'c-invalid'), CREATE);
      assert.equal(r.replayed, false);
      assert.equal((await madeUnder('c-invalid')).length, 1);
    });

    it('a transaction that wrote the claim and then rolled back leaves the key unwritten: its error stands and the retry runs', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-rolled-back' };
      await assert.rejects(
        runIdempotent(
          t.store,
          key,
          body,
          create(t.store, 'c-rolled-back', {
            gate: async () => {
              throw new Error('the agreement could not be opened');
            },
          }),
          CREATE,
        ),
        /could not be opened/,
      );
      assert.equal(await t.store.idempotency.get('m1', 'adyen', 'c-rolled-back'), undefined);
      assert.equal((await madeUnder('c-rolled-back')).length, 0);
      assert.equal((await runIdempotent(t.store, key, body, create(t.store, 'c-rolled-back'), CREATE)).replayed, false);
      assert.equal((await madeUnder('c-rolled-back')).length, 1);
    });

    it('ten identical requests at once in one process: one payment, one answer for all', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-ten' };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => runIdempotent(t.store, key, body, create(t.store, 'c-ten'), CREATE)),
      );
      assert.equal((await madeUnder('c-ten')).length, 1);
      assert.equal(new Set(results.map((r) => r.body)).size, 1);
      assert.equal(results.filter((r) => !r.replayed).length, 1);
    });

    it('two processes racing with one key, both past their checks: one payment; the other is told it is in progress, then gets the replay', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-race' };
      // each waits, inside its transaction, until both have opened theirs (on SQLite one writer at a time:
      // the second gets there once the first has committed); the stand-in payment's insert bumps the auth
      // cache's version (a trigger), which PostgreSQL lets one transaction at a time hold, so after it no one waits
      let arrived = 0;
      let bothThere!: () => void;
      const both = new Promise<void>((resolve) => (bothThere = resolve));
      const gate = async () => {
        arrived += 1;
        if (arrived === 2) bothThere();
        if (kind === 'postgres') await both;
      };
      const results = await Promise.allSettled([
        runIdempotent(t.store, key, body, create(t.store, 'c-race', { opened: gate }), CREATE),
        runIdempotent(other, key, body, create(other, 'c-race', { opened: gate }), CREATE),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal((await madeUnder('c-race')).length, 1, 'one payment');
      assert.equal(won.length + lost.length, 2);
      for (const r of lost) assert.ok(inProgress(r.reason), String(r.reason));
      for (const r of won) assert.equal(r.value.status, 200);
      const answers = new Set(won.map((r) => r.value.body));
      assert.equal(answers.size, 1, 'every answer given is the one stored');
      const replay = await runIdempotent(other, key, body, create(other, 'c-race'), CREATE);
      assert.equal(replay.replayed, true);
      assert.ok(answers.has(replay.body));
      assert.equal((await madeUnder('c-race')).length, 1);
    });

    it('a process that died after making its payment: once stale, the retry resumes that payment and makes none of its own', async () => {
      const key = { merchantId: 'm1', dialect: 'ecommpay' as const, key: 'c-died' };
      // the dead request: its payment and its claim, written together; its process died before the outcome
      await assert.rejects(
        runIdempotent(
          other,
          key,
          body,
          async (claim) => {
            await create(other, 'c-died', { dies: true })(claim);
            throw new Error('SIGKILL');
          },
          CREATE,
        ),
        /SIGKILL/,
      );
      const left = await t.store.idempotency.get('m1', 'ecommpay', 'c-died');
      assert.equal(left?.responseStatus, 0, 'kept in progress, naming its payment');
      const [made] = await madeUnder('c-died');
      const id = Number(made!.split('-').pop());
      await assert.rejects(runIdempotent(t.store, key, body, create(t.store, 'c-died'), { ...CREATE, staleAfterMs: 60_000 }), inProgress);
      const seen: unknown[] = [];
      const resume = async (claim: IdempotencyClaim) => {
        if (claim.made) {
          seen.push(claim.made);
          return { status: 200, body: JSON.stringify({ resumed: claim.made.id }) };
        }
        return create(t.store, 'c-died')(claim);
      };
      const r = await runIdempotent(t.store, key, body, resume, { ...CREATE, staleAfterMs: 0 });
      assert.deepEqual(r, { status: 200, body: JSON.stringify({ resumed: id }), replayed: false });
      assert.deepEqual(seen, [{ kind: 'payment', id }]);
      assert.equal((await madeUnder('c-died')).length, 1, 'no second payment');
    });

    it('a request that makes nothing and answers below 500 writes its answer under the key, which a retry replays', async () => {
      const key = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-nothing' };
      let calls = 0;
      const answerOnly = async () => ({ status: 422, body: JSON.stringify({ call: ++calls }) });
      assert.deepEqual(await runIdempotent(t.store, key, body, answerOnly, CREATE), { status: 422, body: '{"call":1}', replayed: false });
      assert.deepEqual(await runIdempotent(t.store, key, body, answerOnly, CREATE), { status: 422, body: '{"call":1}', replayed: true });
      const fiveHundred = { merchantId: 'm1', dialect: 'adyen' as const, key: 'c-nothing-5xx' };
      assert.equal((await runIdempotent(t.store, fiveHundred, body, async () => ({ status: 503, body: '{}' }), CREATE)).status, 503);
      assert.equal(await t.store.idempotency.get('m1', 'adyen', 'c-nothing-5xx'), undefined, 'a 5xx is not kept');
    });
  });
}
