/**
 * Keeps docs/openapi/dashboard-data-api.yaml true (ADR 0023): its operations are exactly the Data
 * API routes under /dashboard/api/v1, and real answers — a page, a payment with refunds and
 * operations, each error — match the schemas. The validator bites: a changed answer fails. On
 * SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createDataApiToken } from '../../src/core/dashboard/create-data-api-token.js';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { loadOpenApi, type OpenApiCheck } from '../helpers/openapi-check.js';
import { storeKinds } from '../helpers/stores.js';
import { newOperation, newPayment, newRefund } from '../storage/sample-records.js';

const SPEC = fileURLToPath(new URL('../../docs/openapi/dashboard-data-api.yaml', import.meta.url));

for (const kind of storeKinds) {
  describe(`docs/openapi/dashboard-data-api.yaml against walletgate on ${kind}`, () => {
    let gw: Gateway;
    let api: OpenApiCheck;
    let secret: string;
    let paymentId: number;
    before(async () => {
      api = loadOpenApi(SPEC);
      gw = await startGateway(kind, { workers: false });
      const store = gw.services.store;
      const added = await addUser(
        { store, clock: () => new Date() },
        { cli: 'cli' },
        { email: 'owner@demo.example', merchantId: 'demo', role: 'owner' },
      );
      assert.ok(added.ok);
      const made = await createDataApiToken({ store }, { user: added.user, ip: null }, { name: 'openapi' });
      assert.ok(made.ok);
      secret = made.secret;
      const p = await store.payments.insert(
        newPayment('demo', {
          status: 'partially_refunded',
          capturedAmount: 10_000,
          refundedAmount: 1000,
          customer: { email: 'a@b.example', firstName: 'A' },
        }),
      );
      paymentId = p.id;
      await store.refunds.insert(newRefund('demo', p.id, { status: 'succeeded' }));
      await store.operations.append(newOperation('demo', p.id));
      await store.payments.insert(newPayment('demo'));
    });
    after(() => gw.close());

    const get = async (path: string, token: string | null = secret) => {
      const r = await fetch(`${gw.base}/dashboard/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };

    it('describes exactly the Data API routes', () => {
      api.assertRoutesMatch(gw.routes, '/dashboard/api/v1');
    });

    it('every answer matches the description, and the validator bites', async () => {
      const page = await get('/payments?limit=1');
      assert.equal(page.status, 200);
      api.assertResponse('GET', '/payments', 200, page.json);
      const next = await get(`/payments?limit=1&cursor=${String(page.json.next)}`);
      api.assertResponse('GET', '/payments', 200, next.json);
      const one = await get(`/payments/${paymentId}`);
      api.assertResponse('GET', '/payments/{id}', 200, one.json);
      for (const [path, status] of [
        ['/payments?min=x', 400],
        ['/payments?cursor=nope', 400],
        ['/payments/1', 404],
      ] as const) {
        const r = await get(path);
        assert.equal(r.status, status, path);
        api.assertResponse('GET', path.startsWith('/payments/') ? '/payments/{id}' : '/payments', status, r.json);
      }
      const unauthorized = await get('/payments', null);
      assert.equal(unauthorized.status, 401);
      api.assertResponse('GET', '/payments', 401, unauthorized.json);
      assert.throws(() => api.assertResponse('GET', '/payments/{id}', 200, { ...one.json, amount: '10000' }));
      assert.throws(() => api.assertResponse('GET', '/payments', 401, { error: 'unauthorized' }));
    });
  });
}
