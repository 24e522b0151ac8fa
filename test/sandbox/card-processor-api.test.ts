/**
 * The card processor sandbox's API on its own (src/sandbox/cards/), as another company's server:
 * the API key (a wrong or missing one refused, its own error shape), the test cards, Luhn and CVC
 * checks, lookups by id and by order, refunds (partial, the same reference twice, too much), a
 * second payment for a paid order refused, and no card number or CVC in its state. On SQLite and
 * PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { cardProcessorSandboxPlugin } from '../../src/sandbox/cards/plugin.js';
import type { SandboxStateLocation } from '../../src/sandbox/state/open-sandbox-db.js';
import { dropPgSchema, storeKinds, testPgUrl } from '../helpers/stores.js';

const KEY = 'sk_test_processor_key';
const NOW = new Date('2026-12-02T03:00:00Z');
/** The processor's JSON, read by the paths the assertions name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- vendor JSON whose shape is what the test asserts on
type Answer = Record<string, any>;

const card = (number: string, over: Record<string, unknown> = {}) => ({ number, exp_month: 12, exp_year: 2030, cvc: '123', ...over });

for (const kind of storeKinds) {
  describe(`card processor sandbox API on ${kind}`, () => {
    let app: FastifyInstance;
    let dir = '';
    let schema = '';
    let seq = 0;
    before(async () => {
      let state: SandboxStateLocation;
      if (kind === 'sqlite') {
        dir = mkdtempSync(join(tmpdir(), 'wg-cards-'));
        state = { kind: 'sqlite', file: join(dir, 'cards.sqlite') };
      } else {
        schema = `wg_cards_${randomBytes(5).toString('hex')}`;
        state = { kind: 'postgres', url: testPgUrl, schema };
      }
      app = Fastify();
      await app.register(cardProcessorSandboxPlugin, { prefix: '/cards', apiKeys: [KEY], state, now: () => NOW, slowMs: 10 });
      await app.ready();
    });
    after(async () => {
      await app.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (schema) await dropPgSchema(schema);
    });

    const call = async (path: string, body: unknown, key: string | null = KEY) => {
      const res = await app.inject({
        method: 'POST',
        url: `/cards/v1${path}`,
        headers: { 'content-type': 'application/json', ...(key !== null ? { authorization: `Bearer ${key}` } : {}) },
        payload: JSON.stringify(body),
      });
      return { status: res.statusCode, json: res.json() as Answer };
    };
    const pay = (number: string, over: Record<string, unknown> = {}) =>
      call('/payments', { order_id: `o-${++seq}`, amount: 2500, currency: 'EUR', card: card(number), ...over });

    it('refuses a missing, wrong or differently long key with 401 in its own shape', async () => {
      for (const key of [null, 'sk_test_processor_kez', 'short', `${KEY}x`]) {
        const res = await call('/payments/lookup', { order_id: 'x' }, key);
        assert.equal(res.status, 401);
        assert.deepEqual(Object.keys(res.json.error), ['type', 'code', 'message']);
        assert.equal(res.json.error.code, 'invalid_api_key');
      }
      const nowhere = await call('/nowhere', {});
      assert.equal(nowhere.status, 404);
      assert.equal(nowhere.json.error.code, 'no_such_route');
    });

    it('approves the good test cards and declines the bad ones with their codes', async () => {
      const visa = await pay('4111111111111111');
      assert.equal(visa.status, 201);
      assert.deepEqual(visa.json.payment.card, { brand: 'Visa', last4: '1111', exp_month: 12, exp_year: 2030 });
      assert.equal(visa.json.payment.status, 'captured');
      assert.equal((await pay('5555555555554444')).json.payment.card.brand, 'Mastercard');
      assert.equal((await pay('378282246310005', { card: card('378282246310005', { cvc: '1234' }) })).status, 201);
      for (const [number, code] of [
        ['4000000000000002', 'do_not_honour'],
        ['4000000000009995', 'insufficient_funds'],
        ['4000000000000069', 'expired_card'],
      ] as const) {
        const res = await pay(number);
        assert.equal(res.status, 402, number);
        assert.equal(res.json.error.code, code);
        assert.equal(res.json.payment.status, 'declined');
      }
      const past = await call('/payments', {
        order_id: `o-${++seq}`,
        amount: 1,
        currency: 'EUR',
        card: card('4111111111111111', { exp_month: 11, exp_year: 2026 }),
      });
      assert.equal(past.json.error.code, 'expired_card');
    });

    it('refuses a Luhn-invalid number, a wrong CVC length and malformed requests with 400', async () => {
      assert.equal((await pay('4111111111111112')).json.error.code, 'invalid_number');
      assert.equal((await pay('4111111111111111', { card: card('4111111111111111', { cvc: '1234' }) })).json.error.code, 'invalid_cvc');
      assert.equal((await pay('6011111111111117')).json.error.code, 'unsupported_brand');
      for (const bad of [{ amount: 0 }, { amount: 1.5 }, { currency: 'eur' }, { order_id: '' }, { card: 'x' }]) {
        const res = await pay('4111111111111111', bad);
        assert.equal(res.status, 400, JSON.stringify(bad));
        assert.equal(res.json.error.type, 'invalid_request_error');
      }
    });

    it('a paid order takes no second payment; a declined one may be tried again', async () => {
      const first = await call('/payments', { order_id: 'dup-1', amount: 100, currency: 'EUR', card: card('4111111111111111') });
      const again = await call('/payments', { order_id: 'dup-1', amount: 100, currency: 'EUR', card: card('5555555555554444') });
      assert.equal(again.status, 409);
      assert.equal(again.json.payment.id, first.json.payment.id);
      await call('/payments', { order_id: 'dup-2', amount: 100, currency: 'EUR', card: card('4000000000000002') });
      assert.equal(
        (await call('/payments', { order_id: 'dup-2', amount: 100, currency: 'EUR', card: card('4111111111111111') })).status,
        201,
      );
      const latest = await call('/payments/lookup', { order_id: 'dup-2' });
      assert.equal(latest.json.payment.status, 'captured');
    });

    it('lookups by id and by order; refunds partial, repeated and too much', async () => {
      const paid = (await call('/payments', { order_id: 'rf-1', amount: 1000, currency: 'EUR', card: card('4111111111111111') })).json
        .payment;
      assert.equal((await call('/payments/lookup', { id: paid.id })).json.payment.order_id, 'rf-1');
      assert.equal((await call('/payments/lookup', { order_id: 'nope' })).status, 404);
      assert.equal((await call('/payments/lookup', {})).status, 400);
      const r1 = await call('/refunds', { payment_id: paid.id, amount: 300, reference: 'r-1' });
      assert.equal(r1.status, 201);
      assert.equal(r1.json.payment.status, 'partially_refunded');
      const same = await call('/refunds', { order_id: 'rf-1', amount: 300, reference: 'r-1' });
      assert.equal(same.json.refund.id, r1.json.refund.id, 'the same reference is the same refund');
      assert.equal((await call('/refunds', { payment_id: paid.id, amount: 701 })).json.error.code, 'amount_too_large');
      const rest = await call('/refunds', { payment_id: paid.id, amount: 700, reference: 'r-2' });
      assert.equal(rest.json.payment.status, 'refunded');
      assert.equal(rest.json.payment.refunded_amount, 1000);
    });

    it('the lost-answer card is captured behind a 500, and so are its refunds', async () => {
      const lost = await call('/payments', { order_id: 'lost-1', amount: 500, currency: 'EUR', card: card('4000000000000119') });
      assert.equal(lost.status, 500);
      assert.equal(lost.json.error.type, 'api_error');
      const found = (await call('/payments/lookup', { order_id: 'lost-1' })).json.payment;
      assert.equal(found.status, 'captured');
      assert.equal((await call('/refunds', { order_id: 'lost-1', amount: 100, reference: 'lr' })).status, 500);
      assert.equal((await call('/payments/lookup', { order_id: 'lost-1' })).json.payment.refunded_amount, 100);
    });

    it('keeps no card number and no CVC in its state', async () => {
      await call('/payments', { order_id: 'pan-1', amount: 100, currency: 'EUR', card: card('5555555555554444', { cvc: '987' }) });
      let text: string;
      if (kind === 'sqlite') {
        text = readdirSync(dir)
          .map((f) => readFileSync(join(dir, f)).toString('latin1'))
          .join('\n');
      } else {
        const client = new pg.Client({ connectionString: testPgUrl });
        await client.connect();
        text = (await client.query(`select row_to_json(x)::text as j from "${schema}".card_payments x`)).rows
          .map((r) => r.j as string)
          .join('\n');
        await client.end();
      }
      assert.match(text, /4444/);
      for (const pan of ['5555555555554444', '4111111111111111', '4000000000000119']) assert.ok(!text.includes(pan), pan);
      assert.ok(!text.includes('"987"') && !text.includes('"cvc"'));
    });
  });
}
