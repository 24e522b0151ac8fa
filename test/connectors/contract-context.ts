/**
 * What a scenario of the connector contract (contract.test.ts) gets: one wallet on the contract's
 * walletgate, and the merchant's, the customer's and the sweeper's moves in no wallet's words.
 */
import assert from 'node:assert/strict';
import { sweep } from '../../src/core/reconcile/sweep.js';
import type { Payment } from '../../src/core/model.js';
import type { Gateway, StoreKind } from '../helpers/gateway-harness.js';
import { deliver, type ContractWorld, type WalletProfile } from './contract-support.js';

export type Resource = 'Payment' | 'Refund' | 'Preapproval';

/** What a scenario gets: one wallet, and the merchant's and the customer's moves in no wallet's words. */
export interface Ctx {
  w: WalletProfile;
  world: ContractWorld;
  gw: Gateway;
  unique(what: string): string;
  /** A one-time payment through GlobalPay; `description` carries the sandboxes' magic values. */
  pay(description: string, amount?: number): Promise<{ id: number; url: string }>;
  walk(url: string, action: 'approve' | 'cancel' | 'fail' | 'abandon'): Promise<string>;
  payment(id: number): Promise<Payment>;
  /** Core operations that settled the payment (a move out of the waiting states). */
  settlements(id: number): Promise<string[]>;
  /** Sweeps (the sweeper's own code, in-flight grace 0) until `done` holds, at most 5 passes. */
  sweepUntil(done: () => Promise<boolean>): Promise<void>;
  /** For a wallet that notifies: its notification about the payment, delivered now; asserts it changes nothing. */
  walletNotifiesTooLate(id: number): Promise<void>;
  /** Waits for each expected notification, then asserts the merchant heard exactly those about each resource. */
  heard(expected: [Resource, number, number][]): Promise<void>;
  refund(paymentId: number, amount: number): ReturnType<Gateway['gp']>;
}

/** `next` numbers the merchant's references, unique across the file. */
export function scenarioContext(kind: StoreKind, world: ContractWorld, w: WalletProfile, next: () => number): Ctx {
  const gw = world.gw;
  const tag = `ct-${kind.slice(0, 2)}-${w.connector.slice(0, 3)}`;
  const settling = new Set(['approve', 'notification', 'sync', 'decline', 'cancel', 'expire', 'charge']);
  /** Each payment link's description, for a card method's test card. */
  const described = new Map<string, string>();
  return {
    w,
    world,
    gw,
    unique: (what) => `${tag}-${what}-${Date.now()}-${next()}`,
    async pay(description, amount = w.amount) {
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: {
          MerchantTransactionID: `${tag}-${Date.now()}-${next()}`,
          Amount: amount,
          Currency: w.currency,
          MethodID: w.methodId,
          ReturnURL: 'http://shop.example/r',
          Description: description,
          BillingAddress: { Country: w.country },
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      described.set(res.json.Payment.RedirectURL as string, description);
      return { id: res.json.Payment.ID as number, url: res.json.Payment.RedirectURL as string };
    },
    async walk(url, action) {
      const card = w.cardFor?.(described.get(url) ?? '');
      const res = card
        ? await fetch(`${gw.base}/sandbox/customer`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ url, action, card }),
          }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }))
        : await gw.customer(url, action);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return res.json.finalUrl as string;
    },
    payment: async (id) => (await gw.services.store.payments.getById(id))!,
    async settlements(id) {
      const ops = await gw.services.store.operations.listByPayment('demo', id);
      return ops.filter((o) => settling.has(o.kind) && o.status !== 'pending').map((o) => o.kind);
    },
    async sweepUntil(done) {
      for (let i = 0; i < 5 && !(await done()); i++) {
        const report = await sweep(gw.services.deps, { inFlightGraceMs: 0, abandonGraceMs: 0 });
        assert.equal(report.errors, 0);
      }
      assert.ok(await done(), 'settled by the sweeper');
    },
    async walletNotifiesTooLate(id) {
      if (!w.notifies) return;
      const ops = (await gw.services.store.operations.listByPayment('demo', id)).length;
      const before = await gw.services.store.payments.getById(id);
      assert.equal((await deliver(gw, await world.relay.waitFor(id))).status, 200);
      assert.equal((await gw.services.store.operations.listByPayment('demo', id)).length, ops, 'the late notification wrote nothing');
      assert.deepEqual(await gw.services.store.payments.getById(id), before);
    },
    async heard(expected) {
      type Notified = { ID?: number; Status?: { ID?: number } } | undefined;
      const about = (n: { json: Record<string, unknown> }, r: Resource): Notified => n.json[r] as Notified;
      const of = (r: Resource, id: number) => (n: { json: Record<string, unknown> }) => about(n, r)?.ID === id;
      for (const [r, id, status] of expected) await gw.receiver.waitFor((x) => of(r, id)(x) && about(x, r)?.Status?.ID === status);
      for (const [r, id] of Array.from(new Set(expected.map(([r, id]) => `${r}:${id}`)), (k) => k.split(':') as [Resource, string])) {
        const want = expected.filter(([er, eid]) => er === r && eid === Number(id)).map(([, , s]) => s);
        const got = gw.receiver.received.filter(of(r, Number(id))).map((x) => about(x, r)?.Status?.ID);
        assert.deepEqual([...got].sort(), [...want].sort(), `the merchant heard about ${r} ${id}`);
        const type = r.toLowerCase() as 'payment';
        assert.equal((await gw.services.store.outbox.list({ resources: [{ type, id: Number(id) }] })).length, want.length);
      }
    },
    refund: (paymentId, amount) =>
      gw.gp('POST', `/v1/payments/${paymentId}/refunds`, {
        Refund: { MerchantTransactionID: `refund-${Date.now()}-${next()}`, Amount: amount },
      }),
  };
}
