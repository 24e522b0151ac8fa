/**
 * The cache of what authentication reads (core/merchants/auth-cache.ts, ADR 0014), on a real SQLite
 * file and a real PostgreSQL schema: a key removed or a merchant changed by another store, by the
 * CLI in another process, or by a statement written by hand is seen by the very next
 * authentication; nothing changed, an authentication reads the version and nothing else; the cache
 * stays within its bounds whatever is sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Store } from '../../src/core/ports/store.js';
import type { DialectId } from '../../src/core/model.js';
import { AuthCache } from '../../src/core/merchants/auth-cache.js';
import { authCacheOf, authenticate, authenticateByKey } from '../../src/core/merchants/authenticate.js';
import { addCredential, createMerchant, setNotifyUrl } from '../../src/core/merchants/manage-merchants.js';
import { hashSecret } from '../../src/core/secrets.js';
import { byHand, openTestStore, storeKinds, testPgUrl, type TestStore } from '../helpers/stores.js';

const MASTER_KEY = 'auth cache test master key';
const run = promisify(execFile);
const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

let sites = 0;
/** A merchant with a GlobalPay site (one API key) and an Adyen merchant account (one API key). */
async function merchantWithKeys(store: Store) {
  const id = `ac_${randomBytes(4).toString('hex')}`;
  const siteId = String(46_000 + (sites += 1));
  await createMerchant(store, { id, name: `Shop ${id}`, notifyUrl: `https://shop.example/${id}` });
  const site = await addCredential(store, MASTER_KEY, { merchantId: id, dialect: 'globalpay', keyId: siteId });
  const adyen = await addCredential(store, MASTER_KEY, { merchantId: id, dialect: 'adyen', keyId: `Acct_${id}` });
  return { id, siteId, site, adyen };
}

/** `walletgate …` as a person runs it, in a process of its own, on the test's database. */
function cli(t: TestStore, kind: string, dataDir: string, args: string[]) {
  const databaseUrl = kind === 'sqlite' ? t.location : `${testPgUrl}?options=${encodeURIComponent(`-c search_path=${t.location}`)}`;
  return run(process.execPath, [bin, ...args], {
    env: {
      ...process.env,
      WALLETGATE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      WALLETGATE_MASTER_KEY: MASTER_KEY,
      WALLETGATE_LOG_LEVEL: 'silent',
      NO_COLOR: '1',
    },
  });
}

const loads = (store: Store): number => authCacheOf(store).stats.loads;

for (const kind of storeKinds) {
  describe(`authentication cache (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let other: Store;
    let dataDir: string;

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      other = await t.openAnother();
      dataDir = mkdtempSync(join(tmpdir(), 'wg-auth-cache-'));
    });
    after(async () => {
      await t.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('the version changes with every write to merchants or credentials, committed; not with other writes or a rollback', async () => {
      const v0 = await store.authVersion();
      assert.equal(typeof v0, 'number');
      const m = await merchantWithKeys(store);
      const v1 = await store.authVersion();
      assert.notEqual(v1, v0, 'merchant and keys added');
      await store.idempotency.put({
        merchantId: m.id,
        dialect: 'globalpay',
        key: 'k1',
        requestHash: 'h',
        responseStatus: 0,
        responseBody: '',
      });
      assert.equal(await store.authVersion(), v1, 'a write elsewhere leaves it');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.merchants.update(m.id, { name: 'never' });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(await store.authVersion(), v1, 'a rolled-back change leaves it');
      assert.equal(await other.authVersion(), v1, 'the same for another store on the database');
      await other.merchants.update(m.id, { name: 'renamed' });
      const v2 = await store.authVersion();
      assert.notEqual(v2, v1, "another store's update is seen by this one");
      await other.credentials.delete(m.id, m.adyen.credential.id);
      assert.notEqual(await store.authVersion(), v2, "another store's delete is seen by this one");
    });

    it('the calls of one turn share one read of the version, sent after the last of them; a call after it reads again, and sees a change made meanwhile', async () => {
      let reads = 0;
      const poolQuery = pg.Pool.prototype.query;
      pg.Pool.prototype.query = function (this: pg.Pool, config: unknown, ...rest: unknown[]) {
        if ((config as { name?: string } | null)?.name === 'walletgate_auth_version') reads += 1;
        return (poolQuery as (...a: unknown[]) => unknown).call(this, config, ...rest);
      } as typeof poolQuery;
      try {
        const v0 = await store.authVersion();
        reads = 0;
        const turn = await Promise.all(Array.from({ length: 8 }, () => store.authVersion()));
        assert.deepEqual(turn, Array(8).fill(v0));
        if (kind === 'postgres') assert.equal(reads, 1, 'one read for the eight calls of a turn');
        if (kind === 'sqlite') {
          // a change committed by hand between two calls of one turn: on SQLite byHand commits before
          // it first awaits (better-sqlite3 is synchronous). The one read goes out after the second
          // call, so the first sees the change too
          const first = store.authVersion();
          const changed = byHand(t, kind, ["update cache_versions set version = version + 1 where name = 'auth'", []]);
          const second = store.authVersion();
          await changed;
          const [a, b] = await Promise.all([first, second]);
          assert.equal(a, b, 'both calls of the turn got the one read');
          assert.notEqual(a, v0, 'sent after the last call of the turn: the change made between them is seen');
        }
        // a call whose read has gone out (the turn ended), then a change, then a call: that call reads again
        const early = store.authVersion();
        await new Promise((resolve) => setImmediate(resolve));
        await merchantWithKeys(other);
        const late = await store.authVersion();
        assert.notEqual(late, v0, 'the change committed before the call is seen');
        assert.equal(typeof (await early), 'number');
        if (kind === 'postgres') assert.equal(reads, 3);
      } finally {
        pg.Pool.prototype.query = poolQuery;
      }
    });

    it('nothing changed: an authentication reads the version only, and a wrong secret is refused without reading more', async () => {
      const m = await merchantWithKeys(store);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.id, m.id);
      assert.equal((await authenticateByKey(store, 'adyen', m.adyen.secret))?.merchant.id, m.id);
      assert.equal(await authenticateByKey(store, 'adyen', m.site.secret), undefined, 'a GlobalPay key is no Adyen key');
      const { versionReads, hits } = authCacheOf(store).stats;
      const loaded = loads(store);
      for (let i = 0; i < 5; i += 1) {
        const merchant = await authenticate(store, 'globalpay', m.siteId, m.site.secret);
        assert.equal(merchant?.notifyUrl, `https://shop.example/${m.id}`);
        assert.deepEqual(await authenticateByKey(store, 'adyen', m.adyen.secret).then((r) => [r?.merchant.id, r?.keyId]), [
          m.id,
          `Acct_${m.id}`,
        ]);
      }
      assert.equal(await authenticate(store, 'globalpay', m.siteId, `${m.site.secret}x`), undefined);
      assert.equal(await authenticateByKey(store, 'adyen', m.site.secret), undefined);
      assert.equal(loads(store), loaded, 'no row read again');
      assert.equal(authCacheOf(store).stats.versionReads, versionReads + 12, 'one version read per authentication');
      assert.equal(authCacheOf(store).stats.hits, hits + 22);
    });

    it('a merchant handed out is a copy: changing it changes nothing cached', async () => {
      const m = await merchantWithKeys(store);
      const first = await authenticate(store, 'globalpay', m.siteId, m.site.secret);
      assert.ok(first);
      first.notifyUrl = 'https://attacker.example/';
      first.createdAt.setTime(0);
      const again = await authenticate(store, 'globalpay', m.siteId, m.site.secret);
      assert.equal(again?.notifyUrl, `https://shop.example/${m.id}`);
      assert.notEqual(again?.createdAt.getTime(), 0);
    });

    it('a key removed, and a merchant changed, through a second store are seen by the very next authentication', async () => {
      const m = await merchantWithKeys(store);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.notifyUrl, `https://shop.example/${m.id}`);
      assert.equal((await authenticateByKey(store, 'adyen', m.adyen.secret))?.merchant.id, m.id);
      await setNotifyUrl(other, m.id, 'https://shop.example/moved');
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.notifyUrl, 'https://shop.example/moved');
      assert.equal((await authenticateByKey(store, 'adyen', m.adyen.secret))?.merchant.notifyUrl, 'https://shop.example/moved');
      assert.ok(await other.credentials.delete(m.id, m.site.credential.id));
      assert.equal(await authenticate(store, 'globalpay', m.siteId, m.site.secret), undefined, 'the removed GlobalPay key');
      assert.ok(await other.credentials.delete(m.id, m.adyen.credential.id));
      assert.equal(await authenticateByKey(store, 'adyen', m.adyen.secret), undefined, 'the removed Adyen key');
      // a new key under the same site works at once, also after the site was known to have no key
      const rotated = await addCredential(other, MASTER_KEY, { merchantId: m.id, dialect: 'globalpay', keyId: m.siteId });
      assert.equal((await authenticate(store, 'globalpay', m.siteId, rotated.secret))?.id, m.id, 'the rotated key');
    });

    it('a key removed by `walletgate merchant remove-key` in another process is refused at the very next authentication', async () => {
      const m = await merchantWithKeys(store);
      // a first command: start-up's own writes (the demo merchant) happen here, not in the one under test
      await cli(t, kind, dataDir, ['merchant', 'show', m.id]);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.id, m.id);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.id, m.id);
      const loaded = loads(store);
      const { stdout } = await cli(t, kind, dataDir, ['merchant', 'remove-key', m.id, String(m.site.credential.id)]);
      assert.match(stdout, /removed/);
      assert.equal(await authenticate(store, 'globalpay', m.siteId, m.site.secret), undefined);
      assert.equal(loads(store), loaded + 1, 'read again once');
      assert.equal((await authenticateByKey(store, 'adyen', m.adyen.secret))?.merchant.id, m.id, 'its other key still works');
    });

    it('rows changed by hand, outside walletgate, are seen: the triggers bump the version for any writer', async () => {
      const m = await merchantWithKeys(store);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.name, `Shop ${m.id}`);
      assert.equal((await authenticateByKey(store, 'adyen', m.adyen.secret))?.merchant.name, `Shop ${m.id}`);
      await byHand(t, kind, ['update merchants set name = $1 where id = $2', ['Renamed by hand', m.id]]);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.name, 'Renamed by hand');
      await byHand(t, kind, ['update credentials set kind = $1 where id = $2', ['signing_key', m.adyen.credential.id]]);
      assert.equal(await authenticateByKey(store, 'adyen', m.adyen.secret), undefined, 'no longer an API key');
      await byHand(t, kind, ['delete from credentials where id = $1', [m.site.credential.id]]);
      assert.equal(await authenticate(store, 'globalpay', m.siteId, m.site.secret), undefined, 'deleted');
    });

    it('a merchant removed by hand while its key is cached is not handed out', async () => {
      const m = await merchantWithKeys(store);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.id, m.id);
      await byHand(
        t,
        kind,
        ['delete from credentials where merchant_id = $1 and dialect = $2', [m.id, 'adyen']],
        ['delete from dialect_identities where merchant_id = $1 and dialect = $2', [m.id, 'adyen']],
      );
      // the merchant goes, its GlobalPay key stays: the foreign keys are off for this one
      // connection, as a careless DBA might have them (SQLite), or the merchant goes with all it has
      if (kind === 'sqlite') {
        const db = new BetterSqlite3(t.location);
        try {
          db.pragma('foreign_keys = OFF');
          db.prepare('delete from merchants where id = ?').run(m.id);
        } finally {
          db.close();
        }
      } else {
        await byHand(
          t,
          kind,
          ['delete from credentials where merchant_id = $1', [m.id]],
          ['delete from dialect_identities where merchant_id = $1', [m.id]],
          ['delete from merchants where id = $1', [m.id]],
        );
      }
      assert.equal(await authenticate(store, 'globalpay', m.siteId, m.site.secret), undefined);
    });

    it('bounded: a flood of unknown key ids and secrets fills its own map only, and the keys in use stay cached', async () => {
      const m = await merchantWithKeys(store);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.id, m.id);
      const cache = authCacheOf(store);
      for (let i = 0; i < 1100; i += 1) {
        assert.equal(await authenticate(store, 'globalpay', String(900_000_000 + i), 'nope'), undefined);
        if (i % 10 === 0) assert.equal(await authenticateByKey(store, 'adyen', `unknown-key-${i}`), undefined);
      }
      assert.equal(cache.size.unknown, 1024, 'unknown look-ups kept: at most their limit');
      const loaded = loads(store);
      assert.equal((await authenticate(store, 'globalpay', m.siteId, m.site.secret))?.id, m.id);
      assert.equal(loads(store), loaded, 'the key in use was not pushed out');
    });

    it('bounded: at most `known` entries per kind, least recently used out first', async () => {
      const small = new AuthCache(store, { known: 2, unknown: 3 });
      const ms = [await merchantWithKeys(store), await merchantWithKeys(store), await merchantWithKeys(store)];
      const lookUp = async (dialect: DialectId, keyId: string) => (await small.reads()).findByKeyId(dialect, keyId);
      for (const m of ms) assert.equal((await lookUp('globalpay', m.siteId)).length, 1);
      assert.equal(small.size.known, 2);
      const loaded = small.stats.loads;
      await lookUp('globalpay', ms[2]!.siteId);
      await lookUp('globalpay', ms[1]!.siteId);
      assert.equal(small.stats.loads, loaded, 'the two most recent are kept');
      await lookUp('globalpay', ms[0]!.siteId);
      assert.equal(small.stats.loads, loaded + 1, 'the oldest was dropped');
      for (let i = 0; i < 10; i += 1) assert.equal(await (await small.reads()).findBySecretHash(hashSecret(`unknown ${i}`)), undefined);
      assert.deepEqual(small.size, { known: 2, unknown: 3 });
    });
  });
}
