/**
 * The running sweeper looks at every waiting payment in turn, however many are open (ADR 0051).
 * Before, each pass listed the waiting payments least recently updated, and a look that found the
 * checkout still open wrote nothing: with more open than a pass's limit, the same oldest ones were
 * asked about on every pass, and a newer one settled at the wallet, whose customer's return was
 * lost, waited until they left: its merchant heard nothing meanwhile.
 *
 * The same holds for payments whose wallet call had an unknown outcome: those the wallet never
 * answers about are still listed oldest first, and the running sweeper reads on past them from where
 * its last pass ended.
 *
 * Here a pass's limit is 2 and five checkouts are open; the newest was declined at the wallet's last
 * step and its customer's return lost (KakaoPay then says FAIL_AUTH_PASSWORD when asked). Passes run one at a time (no background workers), as the running sweeper runs them
 * (`onlyDue`), with the in-flight grace 0 because every wallet call has been answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { customerWhoseReturnIsLost } from '../helpers/lost-return.js';
import { sweep, type SweepResume } from '../../src/core/reconcile/sweep.js';
import { ConnectorError, type Connector } from '../../src/core/ports/connector.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the running sweeper looks at every waiting payment in turn, on ${kind}`, () => {
    let gw: Gateway;
    /** the wallet references the sweeper asked about, in order */
    const asked: string[] = [];
    /** wallet references the wallet gives no answer about */
    const unanswered = new Set<string>();
    before(async () => {
      gw = await startGateway(kind, {
        workers: false,
        wrapConnectors: (real) => {
          const k = real.kakaopay!;
          const spy: Connector = Object.create(k) as Connector;
          spy.lookupPayment = (ref, wallet, call) => {
            asked.push(ref);
            if (unanswered.has(ref)) return Promise.reject(new ConnectorError('unknown', 'the wallet gave no answer (timeout)'));
            return k.lookupPayment(ref, wallet, call);
          };
          return { ...real, kakaopay: spy };
        },
      });
    });
    after(() => gw.close());

    /** One pass of the running sweeper at `at` (the sweeper's clock, fixed for the pass: no timing a slow host can break). */
    const passAt = (at: number) =>
      sweep({ ...gw.services.deps, clock: () => new Date(at) }, { onlyDue: true, limit: 2, inFlightGraceMs: 0 });
    const open = async (i: number, description = 'Tea') => {
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: {
          MerchantTransactionID: `turn-${kind}-${i}-${Date.now()}`,
          Amount: 1000,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: 'http://shop.example/r',
          Description: description,
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return { id: res.json.Payment.ID as number, url: res.json.Payment.RedirectURL as string };
    };
    const refOf = async (id: number) => (await gw.services.store.payments.getById(id))!.connectorState.ref!;

    it('the newest, declined at the wallet with its return lost, is settled on the third pass; none is asked twice before all are asked once', async () => {
      const opened = [];
      for (let i = 0; i < 4; i++) opened.push(await open(i));
      // [fail]: the wallet declines at the customer's last step
      const declined = await open(4, 'Tea [fail]');
      opened.push(declined);
      await customerWhoseReturnIsLost(declined.url);
      assert.equal((await gw.services.store.payments.getById(declined.id))!.status, 'pending_customer');

      const t0 = Date.now();
      const reports = [await passAt(t0), await passAt(t0), await passAt(t0)];
      assert.deepEqual(
        reports.map((r) => [r.checked, r.settled, r.errors]),
        [
          [2, 0, 0],
          [2, 0, 0],
          [1, 1, 0],
        ],
      );
      const refs = await Promise.all(opened.map((o) => refOf(o.id)));
      assert.deepEqual(asked, refs, 'each asked once, oldest first');
      const settled = (await gw.services.store.payments.getById(declined.id))!;
      assert.equal(settled.status, 'failed');
      assert.equal(settled.failureCode, 'FAIL_AUTH_PASSWORD');

      // none is due again yet (the next look is at least 5 s later): a pass at the same time asks nothing
      assert.equal((await passAt(t0)).checked, 0);
      assert.equal(asked.length, 5);
      // ten minutes on (the most between two looks), the four still open are all due: two a pass
      const again = await passAt(t0 + 10 * 60_000);
      assert.equal(again.checked, 2);
      const askedAgain = asked.slice(5);
      assert.equal(new Set(askedAgain).size, 2);
      for (const ref of askedAgain) assert.ok(refs.slice(0, 4).includes(ref), 'one of the four still open');
      for (const o of opened.slice(0, 4)) assert.equal((await gw.services.store.payments.getById(o.id))!.status, 'pending_customer');
    });

    it('payments with an unknown outcome the wallet never answers about cannot hold the head of the list: the running sweeper reads on', async () => {
      const stuck = [await open(10), await open(11)];
      const declined = await open(12, 'Tea [fail]');
      await customerWhoseReturnIsLost(declined.url);
      for (const o of [...stuck, declined]) {
        const p = (await gw.services.store.payments.getById(o.id))!;
        // as an approve whose answer was lost leaves it
        await gw.services.store.payments.update(o.id, { status: 'processing', connectorState: { ...p.connectorState, needsSync: true } });
      }
      for (const o of stuck) unanswered.add(await refOf(o.id));
      const status = async (id: number) => (await gw.services.store.payments.getById(id))!.status;
      const unknownPass = (resume?: SweepResume) =>
        sweep(gw.services.deps, { onlyDue: true, limit: 2, inFlightGraceMs: 0, ...(resume ? { resume } : {}) });

      // from the oldest every pass, the same two unanswered ones are asked about again and again
      await unknownPass();
      await unknownPass();
      assert.equal(await status(declined.id), 'processing');

      // the running sweeper keeps its place: the second pass reads on to the third, the third starts over
      const resume: SweepResume = {};
      await unknownPass(resume);
      assert.equal(resume.payments?.id, stuck[1]!.id, 'a full page: the next pass reads on after its last');
      const before = asked.length;
      await unknownPass(resume);
      assert.ok(asked.slice(before).includes(await refOf(declined.id)));
      assert.equal(await status(declined.id), 'failed');
      assert.equal(resume.payments, undefined, 'a short page: the next pass starts from the oldest again');
      for (const o of stuck) assert.equal(await status(o.id), 'processing', 'never failed over money the wallet may hold');
    });
  });
}
