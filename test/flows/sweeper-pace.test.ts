/**
 * The sweeper's wallet calls go as its pace lets them (ADR 0049): one wait before each call, and a
 * pace that says stop ends the pass there, with what was settled kept and nothing after it asked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { sweep } from '../../src/core/reconcile/sweep.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the sweeper's pace on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind, { workers: false, env: { WALLETGATE_ABANDON_GRACE_MS: '60000' } });
    });
    after(() => gw.close());

    it('waits on the pace before each wallet call; a pace that says stop ends the pass, the rest left for the next', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await gw.gp('POST', '/v1/payments', {
          // [abandon]: the wallet reports QUIT_PAYMENT, so each lookup leaves a mark (the first sighting)
          Payment: {
            MerchantTransactionID: `pace-${kind}-${Date.now()}-${i}`,
            Amount: 1000,
            Currency: 'KRW',
            MethodID: 1135,
            ReturnURL: 'http://shop.example/r',
            Description: 'Tea [abandon]',
          },
        });
        assert.equal(res.status, 201, JSON.stringify(res.json));
        ids.push(res.json.Payment.ID);
      }
      const seen = async () =>
        Promise.all(ids.map(async (id) => Boolean((await gw.services.store.payments.getById(id))!.connectorState.abandonedSeenAt)));

      let asked = 0;
      const report = await sweep(gw.services.deps, { inFlightGraceMs: 0, pace: async () => ++asked <= 2 });
      assert.equal(asked, 3, 'one wait before each wallet call, the third told to stop');
      assert.deepEqual(
        await seen(),
        [true, true, false],
        'the two calls let go were made and their answers recorded; the third was not asked',
      );
      assert.deepEqual(report, { checked: 3, settled: 0, errors: 0 }, 'a stopped pass is not an error');

      // the next pass asks about the payment left over
      const next = await sweep(gw.services.deps, { inFlightGraceMs: 0, pace: async () => true });
      assert.equal(next.errors, 0);
      assert.deepEqual(await seen(), [true, true, true]);
    });
  });
}
