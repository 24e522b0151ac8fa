/**
 * Money is never lost or applied twice when walletgate dies: real `walletgate start` processes are
 * SIGKILLed at seeded random points of payment creation, the customer's approval, refunds and
 * notification delivery, restarted on the same data, and left to finish (the sweeper and the
 * dispatcher); then every answer the merchant got, every row, the KakaoPay sandbox's own record and
 * every notification received must agree (test/helpers/money-invariants.ts). Two processes sharing
 * one PostgreSQL database, one of them killed: crash-shared-database.test.ts.
 *
 * The seed picks the orders, the kill points and the delays; it is printed on failure, and
 * WALLETGATE_CRASH_SEED=… replays the same plan (timing on a busy machine still varies).
 */
import { after, before, describe, it } from 'node:test';
import { describeKill, killPoints, planOrders, roundWithKill, SEED } from '../helpers/crash-rounds.js';
import { openGatewayData, type GatewayData } from '../helpers/gateway-process.js';
import { describeOrders, resumeOrder, type Order } from '../helpers/merchant-orders.js';
import { checkMoneyInvariants, untilSettled } from '../helpers/money-invariants.js';
import { seeded, withSeed } from '../helpers/seeded-random.js';
import { storeKinds } from '../helpers/stores.js';

for (const kind of storeKinds) {
  describe(`crash recovery on ${kind}`, () => {
    let data: GatewayData;
    before(async () => {
      data = await openGatewayData(kind);
    });
    after(() => data.cleanup());

    it('four rounds of orders, each cut short by SIGKILL (creation, approval, refund, notification), then restarted: nothing lost, nothing twice', async () => {
      const all: Order[] = [];
      await withSeed(
        SEED,
        data,
        async () => {
          const rnd = seeded(SEED ^ (kind === 'sqlite' ? 0x51 : 0x9e));
          let gw = await data.start({ name: 'gateway' });
          for (const [i, kill] of killPoints(rnd).entries()) {
            const orders = planOrders(rnd, `crash-${kind}-${SEED}-${i + 1}`, 6);
            all.push(...orders);
            await roundWithKill(data, rnd, orders, kill, gw, () => data.publicUrl);
            gw = await data.start({ name: `gateway after kill ${i + 1} (${describeKill(kill)})` });
            const shop = new URL(data.receiver.url).origin;
            await Promise.all(orders.map((o) => resumeOrder(data.publicUrl, o, shop)));
          }
          await untilSettled(data, 60_000);
          await checkMoneyInvariants(data, all);
        },
        { context: () => describeOrders(all) },
      );
    });
  });
}
