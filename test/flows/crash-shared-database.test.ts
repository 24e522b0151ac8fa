/**
 * Two `walletgate start` processes share one PostgreSQL database (and the KakaoPay sandbox's schema)
 * behind a balancer; the merchant's requests go to both. One is SIGKILLed at a seeded point of
 * creation, approval, refund or notification delivery: the survivor keeps serving, the merchant
 * retries through it, and its sweeper and dispatcher finish what the dead one left (after the
 * in-flight grace, and once the dead one's outbox leases run out). Then the other one's turn. Then every
 * answer, row, the sandbox's own record and every notification received must agree
 * (test/helpers/money-invariants.ts). WALLETGATE_CRASH_SEED=… replays a plan.
 */
import { after, before, describe, it } from 'node:test';
import { killPoints, planOrders, roundWithKill, SEED } from '../helpers/crash-rounds.js';
import { openGatewayData, type GatewayData } from '../helpers/gateway-process.js';
import { describeOrders, resumeOrder, type Order } from '../helpers/merchant-orders.js';
import { checkMoneyInvariants, untilSettled } from '../helpers/money-invariants.js';
import { seeded, withSeed } from '../helpers/seeded-random.js';

describe('two gateways on one PostgreSQL database, one killed mid-flow at a time', () => {
  let data: GatewayData;
  before(async () => {
    data = await openGatewayData('postgres');
  });
  after(() => data.cleanup());

  it('each process in turn is killed mid-flow: the survivor keeps serving, settles what the dead one left and delivers its notifications', async () => {
    const orders: Order[] = [];
    await withSeed(
      SEED,
      data,
      async () => {
        const rnd = seeded(SEED ^ 0x2b);
        const shop = new URL(data.receiver.url).origin;
        let gws = [await data.start({ name: 'A' }), await data.start({ name: 'B' })];
        for (const [round, kill] of killPoints(rnd).slice(0, 2).entries()) {
          const [victim, survivor] = round === 0 ? gws : [gws[1]!, gws[0]!];
          const mine = planOrders(rnd, `two-${SEED}-${round + 1}`, 8);
          orders.push(...mine);
          // half the merchant's requests go to each process; the customers' links go through the balancer to either
          await roundWithKill(data, rnd, mine, kill, victim!, (_o, i) => (i % 2 === 0 ? victim!.base : survivor!.base));
          await Promise.all(mine.map((o) => resumeOrder(survivor!.base, o, shop)));
          // the dead one comes back for the next round
          const back = await data.start({ name: `${victim!.name} again` });
          gws = round === 0 ? [back, survivor!] : [survivor!, back];
        }
        await untilSettled(data, 60_000);
        await checkMoneyInvariants(data, orders);
      },
      { context: () => describeOrders(orders) },
    );
  });
});
