/**
 * The last-owner rule under real concurrency: two stores on the same data (two processes' pools),
 * two owners, and two requests at once that would each leave the other as the only owner. Exactly
 * one may pass; the merchant always keeps an owner. Both databases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/core/ports/store.js';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { removeUser } from '../../src/core/dashboard/remove-user.js';
import { changeUserRole } from '../../src/core/dashboard/change-user-role.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const ROUNDS = 4;

for (const kind of storeKinds) {
  describe(`the last owner under concurrent requests (${kind})`, () => {
    let t: TestStore;
    let other: Store;
    const clock = () => new Date('2026-12-01T09:00:00Z');
    before(async () => {
      t = await openTestStore(kind);
      other = await t.openAnother();
    });
    after(() => t.cleanup());

    async function merchantWithTwoOwners(round: number): Promise<{ merchantId: string; a: string; b: string }> {
      const merchantId = `shop-${round}`;
      await t.store.merchants.insert({ id: merchantId, name: 'Shop', notifyUrl: null });
      const [a, b] = [`a${round}@shop.example`, `b${round}@shop.example`];
      for (const email of [a, b])
        assert.ok((await addUser({ store: t.store, clock }, { cli: 'cli' }, { email, merchantId, role: 'owner' })).ok);
      return { merchantId, a, b };
    }

    async function owners(merchantId: string): Promise<number> {
      return (await t.store.dashboardUsers.list(merchantId)).filter((u) => u.role === 'owner').length;
    }

    it('removing owner A and owner B at once removes one of them, never both', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { merchantId, a, b } = await merchantWithTwoOwners(round);
        const results = await Promise.all([
          removeUser({ store: t.store, clock }, { cli: 'cli' }, a, { merchantId }),
          removeUser({ store: other, clock }, { cli: 'cli' }, b, { merchantId }),
        ]);
        assert.deepEqual(results.map((r) => r.ok).sort(), [false, true], `round ${round}: exactly one removal passes`);
        assert.deepEqual(
          results.find((r) => !r.ok),
          { ok: false, problem: 'last_owner' },
        );
        assert.equal(await owners(merchantId), 1, `round ${round}: the merchant keeps an owner`);
      }
    });

    it('demoting owner A while removing owner B leaves one owner', async () => {
      assert.ok(
        (await addUser({ store: t.store, clock }, { cli: 'cli' }, { email: 'op@ops.example', merchantId: null, role: 'operator' })).ok,
      );
      const operator = await t.store.dashboardUsers.getByEmail('op@ops.example');
      assert.ok(operator);
      for (let round = ROUNDS; round < 2 * ROUNDS; round++) {
        const { merchantId, a, b } = await merchantWithTwoOwners(round);
        const results: { ok: boolean }[] = await Promise.all([
          changeUserRole({ store: t.store }, { user: operator, ip: null }, { merchantId, email: a, role: 'read-only' }),
          removeUser({ store: other, clock }, { cli: 'cli' }, b, { merchantId }),
        ]);
        assert.deepEqual(results.map((r) => r.ok).sort(), [false, true], `round ${round}: exactly one change passes`);
        assert.equal(await owners(merchantId), 1, `round ${round}: the merchant keeps an owner`);
      }
    });
  });
}
