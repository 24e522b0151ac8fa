/**
 * No card number and no CVC is kept anywhere after card payments (approved, declined, a lost answer,
 * a form refused for a bad CVC): not in walletgate's store, not in the card processor sandbox's
 * state, not in the data folder's files, not in any log line at debug level, not in the pages the
 * customer is shown. On SQLite (the files, WAL included, read as bytes) and on PostgreSQL (every
 * row of the store's and the sandbox's schemas, as JSON text).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds, testPgUrl } from '../helpers/stores.js';

const PANS = ['4111111111111111', '5555555555554444', '4000000000000002', '4000000000000119'];
const CVC = '737';
/** A PAN as digits, and as the form groups it. */
const spellings = (pan: string) => [pan, pan.replace(/(\d{4})(?=\d)/g, '$1 '), pan.replace(/(\d{4})(?=\d)/g, '$1+')];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function schemaText(schemas: string[]): Promise<string> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    const tables = await client.query<{ s: string; t: string }>(
      `select table_schema as s, table_name as t from information_schema.tables where table_schema = any($1)`,
      [schemas],
    );
    assert.ok(tables.rows.length > 3, `tables found in ${schemas.join(', ')}`);
    let text = '';
    for (const { s, t } of tables.rows) {
      const rows = await client.query(`select row_to_json(x)::text as j from "${s}"."${t}" x`);
      text += rows.rows.map((r: { j: string }) => r.j).join('\n');
    }
    return text;
  } finally {
    await client.end();
  }
}

for (const kind of storeKinds) {
  describe(`card numbers are never kept, on ${kind}`, () => {
    let gw: Gateway;
    const logLines: string[] = [];
    const pages: string[] = [];
    before(async () => {
      const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
      gw = await startGateway(kind, { log });
    });
    after(async () => gw.close());

    const postCard = async (url: string, pan: string, cvc = CVC) => {
      const res = await fetch(`${url}/card`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ card_number: pan, card_expiry: '11/39', card_cvc: cvc, card_name: 'Anna Schmidt' }).toString(),
        redirect: 'manual',
      });
      pages.push(await res.text());
      return res;
    };

    it('after payments with several cards, no PAN or CVC in the stores, files, logs or pages', async () => {
      const ids: number[] = [];
      for (const pan of PANS) {
        const res = await gw.gp('POST', '/v1/payments', {
          Payment: {
            MerchantTransactionID: `pan-${ids.length}-${Date.now()}`,
            Amount: 990,
            Currency: 'EUR',
            ReturnURL: 'http://shop.example/back',
            MethodID: 69,
          },
        });
        assert.equal(res.status, 201, JSON.stringify(res.json));
        const url = res.json.Payment.RedirectURL as string;
        ids.push(res.json.Payment.ID as number);
        // a refused form first (a 2-digit CVC): shown again without the number
        const refused = await postCard(url, pan, '12');
        assert.equal(refused.status, 422);
        assert.match(pages.at(-1)!, /3-digit security code/);
        await postCard(url, pan);
        pages.push(await (await fetch(url, { redirect: 'manual' })).text());
      }
      // every outcome is settled (the lost answer by the sweeper) before looking
      for (const id of ids)
        await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === id && [2, 4].includes((n.json.Payment as any)?.Status?.ID));

      let stored: string;
      if (kind === 'sqlite') {
        const files = [...filesUnder(gw.services.config.dataDir), ...filesUnder(join(gw.storeLocation, '..'))];
        assert.ok(
          files.some((f) => f.endsWith('sandbox-cards.sqlite')),
          'the processor sandbox state is among them',
        );
        stored = files.map((f) => readFileSync(f).toString('latin1')).join('\n');
      } else {
        stored = await schemaText([gw.storeLocation, `${gw.storeLocation}_sandbox_cards`]);
      }
      assert.match(stored, /1111/, 'the last four are kept');
      const seen = { stored, logs: logLines.join('\n'), pages: pages.join('\n') };
      assert.ok(seen.logs.length > 0, 'the gateway logged');
      for (const [where, text] of Object.entries(seen)) {
        for (const pan of PANS) for (const s of spellings(pan)) assert.ok(!text.includes(s), `${pan} found in ${where}`);
        if (where !== 'pages') assert.ok(!text.includes(`"${CVC}"`) && !text.includes(`=${CVC}`), `the CVC found in ${where}`);
      }
    });
  });
}
