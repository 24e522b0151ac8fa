/**
 * Rounds of orders cut short by a SIGKILL, for the crash suites (test/flows/crash-*.test.ts): a
 * seeded plan of orders (GlobalPay and Checkout.com, amounts, refunds, the customer's choice) and of
 * kill points (`delayMs` into payment creation, the customer's approval or a refund, or at the n-th
 * notification, before or after the merchant's answer), and the round that carries them out.
 *
 * The seed is WALLETGATE_CRASH_SEED, or random; withSeed prints it on failure.
 */
import type { GatewayData, GatewayProcess } from './gateway-process.js';
import { newOrder, placeOrder, type Order } from './merchant-orders.js';
import type { Random } from './seeded-random.js';

export const SEED = Number(process.env.WALLETGATE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

type KillPhase = 'create' | 'approve' | 'refund' | 'notify';
const PHASES: readonly KillPhase[] = ['create', 'approve', 'refund', 'notify'];

/** Where a round's kill lands: `delayMs` after the first request of `phase`, or at the n-th notification. */
export interface KillPoint {
  phase: KillPhase;
  delayMs: number;
  /** notify: which notification of the round, and whether the merchant's 204 gets out first */
  nth: number;
  afterAnswer: boolean;
}

export function planOrders(rnd: Random, tag: string, count: number): Order[] {
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
export async function roundWithKill(
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

export function killPoints(rnd: Random): KillPoint[] {
  return rnd.shuffle([...PHASES]).map((phase) => ({ phase, delayMs: rnd.int(0, 60), nth: rnd.int(1, 4), afterAnswer: rnd.chance(0.5) }));
}

export const describeKill = (k: KillPoint) =>
  k.phase === 'notify'
    ? `notification #${k.nth}, ${k.afterAnswer ? 'after' : 'before'} the merchant's answer`
    : `${k.delayMs} ms into ${k.phase}`;
