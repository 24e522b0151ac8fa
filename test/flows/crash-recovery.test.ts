/**
 * Money is never lost or applied twice when walletgate dies: real `walletgate start` processes are
 * SIGKILLed at seeded random points of payment creation, the customer's approval, refunds and
 * notification delivery, restarted on the same data, and left to finish (the sweeper and the
 * dispatcher); then every answer the merchant got, every row, the KakaoPay sandbox's own record and
 * every notification received must agree (test/helpers/money-invariants.ts). On PostgreSQL, two
 * processes also share the database and one is killed while the other keeps serving.
 *
 * The seed picks the orders, the kill points and the delays; it is printed on failure, and
 * WALLETGATE_CRASH_SEED=… replays the same plan (timing on a busy machine still varies).
 */
import { after, before, describe, it } from 'node:test';
import { openGatewayData, type GatewayData, type GatewayProcess } from '../helpers/gateway-process.js';
import { describeOrders, newOrder, placeOrder, resumeOrder, type Order } from '../helpers/merchant-orders.js';
import { checkMoneyInvariants, untilSettled } from '../helpers/money-invariants.js';
import { seeded, withSeed, type Random } from '../helpers/seeded-random.js';
import { storeKinds } from '../helpers/stores.js';

const SEED = Number(process.env.WALLETGATE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

type KillPhase = 'create' | 'approve' | 'refund' | 'notify';
const PHASES: readonly KillPhase[] = ['create', 'approve', 'refund', 'notify'];

/** Where a round's kill lands: `delayMs` after the first request of `phase`, or at the n-th notification. */
interface KillPoint {
  phase: KillPhase;
  delayMs: number;
  /** notify: which notification of the round, and whether the merchant's 204 gets out first */
  nth: number;
  afterAnswer: boolean;
}

function planOrders(rnd: Random, tag: string, count: number): Order[] {
  return Array.from({ length: count }, (_, i) => {
    const amount = rnd.int(10, 90) * 100;
    const first = rnd.int(1, amount / 100 - 1) * 100;
    // now and then the second refund asks for more than is left: it must be refused, and change nothing
    const second = rnd.chance(0.2) ? amount - first + 100 : rnd.int(1, (amount - first) / 100) * 100;
    return newOrder({
      api: i % 3 === 2 ? 'checkoutcom' : 'globalpay',
      ref: `${tag}-${i + 1}`,
      amount,
      customer: rnd.chance(0.85) ? 'approve' : 'cancel',
      refunds: rnd.chance(0.7) ? [first, second] : [first],
    });
  });
}

/**
 * Places the orders at once (each through the process `via` picks), and kills `victim` at the kill
 * point. Orders placed through a survivor carry on; the victim's stop at their first unanswered request.
 */
async function roundWithKill(
  data: GatewayData,
  rnd: Random,
  orders: Order[],
  kill: KillPoint,
  victim: GatewayProcess,
  via: (o: Order, i: number) => string,
): Promise<void> {
  let armed = true;
  const fire = () => {
    if (!armed) return;
    armed = false;
    void victim.kill();
  };
  let notified = 0;
  if (kill.phase === 'notify') {
    const at = async () => {
      if (++notified === kill.nth) {
        armed = false;
        await victim.kill();
      }
    };
    data.receiver.intercept(kill.afterAnswer ? { after: () => void at() } : { before: at });
  }
  const onPhase = (phase: string) => {
    if (armed && phase === kill.phase) {
      armed = false;
      setTimeout(() => void victim.kill(), kill.delayMs);
    }
  };
  const shop = new URL(data.receiver.url).origin;
  const stagger = orders.map(() => rnd.int(0, 40));
  await Promise.all(
    orders.map(async (o, i) => {
      await new Promise((r) => setTimeout(r, stagger[i]));
      await placeOrder(via(o, i), o, shop, { onPhase });
    }),
  );
  // the kill point was never reached (every order cancelled, say): the process dies idle
  fire();
  await victim.exited;
  data.receiver.intercept(null);
}

function killPoints(rnd: Random): KillPoint[] {
  return rnd.shuffle([...PHASES]).map((phase) => ({ phase, delayMs: rnd.int(0, 60), nth: rnd.int(1, 4), afterAnswer: rnd.chance(0.5) }));
}

const describeKill = (k: KillPoint) =>
  k.phase === 'notify'
    ? `notification #${k.nth}, ${k.afterAnswer ? 'after' : 'before'} the merchant's answer`
    : `${k.delayMs} ms into ${k.phase}`;

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

describe('two gateways on one PostgreSQL database, one killed mid-flow', () => {
  let data: GatewayData;
  before(async () => {
    data = await openGatewayData('postgres');
  });
  after(() => data.cleanup());

  it('the survivor keeps serving, settles what the dead one left and delivers its notifications', async () => {
    let orders: Order[] = [];
    await withSeed(
      SEED,
      data,
      async () => {
        const rnd = seeded(SEED ^ 0x2b);
        const a = await data.start({ name: 'A' });
        const b = await data.start({ name: 'B' });
        const [kill] = killPoints(rnd);
        orders = planOrders(rnd, `two-${SEED}`, 8);
        // half the merchant's requests go to A, half to B; the customers' links go through the balancer to either
        await roundWithKill(data, rnd, orders, kill!, a, (_o, i) => (i % 2 === 0 ? a.base : b.base));
        const shop = new URL(data.receiver.url).origin;
        await Promise.all(orders.map((o) => resumeOrder(b.base, o, shop)));
        await untilSettled(data, 60_000);
        await checkMoneyInvariants(data, orders);
      },
      { context: () => describeOrders(orders) },
    );
  });
});
