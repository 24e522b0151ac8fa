/**
 * What the connector contract suite (contract.test.ts) runs on: one walletgate with both sandboxes
 * (test/helpers/gateway-harness.ts, real HTTP), the two wallets described as data, and a stand-in
 * for the acquirer's notification address that keeps Alipay+'s notifyPayment so a scenario chooses
 * when (and how often) it reaches walletgate.
 *
 * The stand-in listens on the path walletgate's own notify route has (/connectors/alipayplus/notify):
 * the sandbox signs over the receiver's path, so the kept bytes and headers verify at walletgate.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connector, ConnectorRegistry } from '../../src/core/ports/connector.js';
import type { Payment } from '../../src/core/model.js';
import { startGateway, type Gateway, type StoreKind } from '../helpers/gateway-harness.js';

/** One wallet as the table sees it: how a merchant asks for it through GlobalPay, and what it does. */
export interface WalletProfile {
  name: string;
  connector: 'kakaopay' | 'alipayplus' | 'cards';
  methodId: number;
  currency: string;
  country: string;
  amount: number;
  /** Sends its own notifications about payments (Alipay+ notifyPayment). */
  notifies: boolean;
  /** Times out a checkout the customer walked away from (a wallet session); a card form has none. */
  timesOut: boolean;
  /** Holds agreements (preapprovals and charges on them). */
  recurring: boolean;
  /**
   * A card method: the test card the customer types for a scenario's magic value in the payment's
   * description ([decline], [slow], [lost]); the default card otherwise.
   */
  cardFor?: (description: string) => string | undefined;
}

/** The card processor sandbox's test cards (docs/sandbox.md) for the magic values the wallets' sandboxes read from descriptions. */
const CARD_MAGIC: Readonly<Record<string, string>> = {
  '[decline]': '4000000000000002',
  '[slow]': '4000000000000259',
  '[lost]': '4000000000000119',
};

export const WALLETS: readonly WalletProfile[] = [
  {
    name: 'KakaoPay',
    connector: 'kakaopay',
    methodId: 1135,
    currency: 'KRW',
    country: 'KR',
    amount: 15_000,
    notifies: false,
    timesOut: true,
    recurring: true,
  },
  {
    name: 'Alipay+ (AlipayHK)',
    connector: 'alipayplus',
    methodId: 1145,
    currency: 'HKD',
    country: 'HK',
    amount: 12_340,
    notifies: true,
    timesOut: true,
    recurring: true,
  },
  {
    name: 'Card processor (Credit Card)',
    connector: 'cards',
    methodId: 69,
    currency: 'EUR',
    country: 'DE',
    amount: 2_500,
    notifies: false,
    timesOut: false,
    recurring: false,
    cardFor: (description) => Object.entries(CARD_MAGIC).find(([magic]) => description.includes(magic))?.[1],
  },
];

export const NOTIFY_PATH = '/connectors/alipayplus/notify';

export interface KeptNotification {
  headers: Record<string, string>;
  rawBody: string;
  /** paymentRequestId: walletgate's payment id */
  orderId: string;
}

/** The acquirer's notify address as the sandbox sees it: acknowledges with S and keeps each delivery. */
export interface NotificationRelay {
  url: string;
  kept: KeptNotification[];
  /** The first notification (kept or to come) about walletgate's payment `id`. */
  waitFor(id: number): Promise<KeptNotification>;
  close(): Promise<void>;
}

const FORWARDED = ['content-type', 'client-id', 'request-time', 'signature'];

export async function startNotificationRelay(): Promise<NotificationRelay> {
  const kept: KeptNotification[] = [];
  const waiters: { id: string; resolve: (n: KeptNotification) => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || req.url !== NOTIFY_PATH) return void res.writeHead(404).end();
      const headers: Record<string, string> = {};
      for (const name of FORWARDED) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const orderId = String((JSON.parse(rawBody) as { paymentRequestId?: unknown }).paymentRequestId);
      const n = { headers, rawBody, orderId };
      kept.push(n);
      for (const w of waiters.filter((x) => x.id === orderId)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(n);
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${NOTIFY_PATH}`,
    kept,
    waitFor(id) {
      const found = kept.find((n) => n.orderId === String(id));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ id: String(id), resolve }));
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A promise the test opens when it chooses. */
export interface Gate {
  opened: Promise<void>;
  open(): void;
}
export function gate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

/** While set, the customer's return holds the wallet's answer back: `reached` opens when it got there. */
export interface ReturnHold {
  reached: Gate;
  release: Gate;
}

export interface ContractWorld {
  gw: Gateway;
  relay: NotificationRelay;
  /** Holds the next customer's return (completePayment) of a connector until released. */
  holdReturn(connector: WalletProfile['connector']): ReturnHold;
  close(): Promise<void>;
}

/**
 * One gateway for the whole table: the sweeper does not run on its own (scenarios sweep when they
 * mean to), the dispatcher delivers the merchant's notifications; wallet calls time out after 1 s
 * (the sandboxes answer [slow] calls after timeout + 5 s).
 */
export async function startContractWorld(kind: StoreKind): Promise<ContractWorld> {
  const relay = await startNotificationRelay();
  const holds = new Map<string, ReturnHold>();
  const holding = (real: Connector): Connector => {
    const wrapped = Object.create(real) as Connector;
    wrapped.completePayment = async (input) => {
      const answer = await real.completePayment(input);
      const h = holds.get(real.id);
      if (h) {
        holds.delete(real.id);
        h.reached.open();
        await h.release.opened;
      }
      return answer;
    };
    return wrapped;
  };
  let gw: Gateway;
  try {
    gw = await startGateway(kind, {
      env: {
        WALLETGATE_SWEEP_INTERVAL_MS: '0',
        WALLETGATE_ABANDON_GRACE_MS: '0',
        KAKAOPAY_TIMEOUT_MS: '1000',
        ALIPAYPLUS_TIMEOUT_MS: '1000',
        CARDS_TIMEOUT_MS: '1000',
        ALIPAYPLUS_NOTIFY_URL: relay.url,
      },
      wrapConnectors: (real: ConnectorRegistry) => ({
        ...real,
        kakaopay: holding(real.kakaopay!),
        alipayplus: holding(real.alipayplus!),
      }),
    });
  } catch (e) {
    await relay.close();
    throw e;
  }
  return {
    gw,
    relay,
    holdReturn(connector) {
      const h = { reached: gate(), release: gate() };
      holds.set(connector, h);
      return h;
    },
    async close() {
      await gw.close();
      await relay.close();
    },
  };
}

/** Delivers a kept notification to walletgate as the wallet would (the same bytes and headers). */
export async function deliver(gw: Gateway, n: KeptNotification): Promise<{ status: number; body: string }> {
  const res = await fetch(`${gw.base}${NOTIFY_PATH}`, { method: 'POST', headers: n.headers, body: n.rawBody });
  return { status: res.status, body: await res.text() };
}

/** The money fields of a payment, for one deepEqual. */
export function money(p: Payment): { status: string; amount: number; captured: number; refunded: number; reserved: number } {
  return { status: p.status, amount: p.amount, captured: p.capturedAmount, refunded: p.refundedAmount, reserved: p.refundReservedAmount };
}
