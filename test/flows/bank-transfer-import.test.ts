/**
 * Statements imported (CSV and ISO 20022 camt.053): every credit matched to its payment by
 * reference — full, short, over, late (after the payment expired), unmatched — with the
 * notifications the merchant receives; the same statement imported again applies nothing; a
 * statement with a bad line records nothing. On SQLite and PostgreSQL through the core use case, and
 * once through `walletgate bank import` / `bank unmatched` as a person runs them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { bankTransferRequest, gatewayCli } from '../helpers/bank-transfer-payments.js';
import { storeKinds } from '../helpers/stores.js';
import { importStatement } from '../../src/core/transfers/import-statement.js';

const today = new Date().toISOString().slice(0, 10);

function camt053(entries: { id: string; amount: string; ccy: string; ref: string; payer: string; credit?: boolean }[]): string {
  const ntry = entries
    .map(
      (
        e,
      ) => `<Ntry><Amt Ccy="${e.ccy}">${e.amount}</Amt><CdtDbtInd>${e.credit === false ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>${today}</Dt></BookgDt><ValDt><Dt>${today}</Dt></ValDt><BkTxCd/>
<NtryDtls><TxDtls><Refs><AcctSvcrRef>${e.id}</AcctSvcrRef></Refs><Amt Ccy="${e.ccy}">${e.amount}</Amt>
<RltdPties><Dbtr><Nm>${e.payer}</Nm></Dbtr></RltdPties><RmtInf><Strd><CdtrRefInf><Ref>${e.ref}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>STMT-1</MsgId><CreDtTm>${today}T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>1</Id><Acct><Id><IBAN>DE72500210000010126423</IBAN></Id></Acct>
${ntry}
</Stmt></BkToCstmrStmt></Document>`;
}

for (const kind of storeKinds) {
  describe(`bank statements imported, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    const create = async (ref: string, extra: Record<string, unknown> = {}) => {
      const res = await gw.gp('POST', '/v1/payments', bankTransferRequest(ref, extra));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.Payment as Record<string, any>;
    };
    const status = async (id: number) => (await gw.gp('GET', `/v1/payments/${id}`)).json.Payment as Record<string, any>;
    const importing = (content: string, name: string) => importStatement(gw.services.deps, 'banktransfer', content, name);

    it('CSV: full, short, over, late, unmatched; imported again, nothing twice', async () => {
      const [full, short, over, late] = await Promise.all(['csv-full', 'csv-short', 'csv-over', 'csv-late'].map((r) => create(r)));
      await gw.services.store.payments.update(late!.ID, { status: 'expired' });
      const ref = (p: Record<string, any>) => p.ReferenceDetails.ReferenceNumber as string;
      const csv = [
        'transaction_id,value_date,amount,currency,reference,payer,account',
        `CSV-1,${today},0.93,EUR,${ref(full!)},"Doe, John",DE72500210000010126423`,
        `CSV-2,${today},0.50,EUR,${ref(short!)
          .toLowerCase()
          .replace(/(.{4})/g, '$1 ')},Jane Roe,`,
        `CSV-3,${today},1.00,EUR,${ref(over!)},Max Mustermann,`,
        `CSV-4,${today},0.93,EUR,${ref(late!)},Late Payer,`,
        `CSV-5,${today},12.00,EUR,UNKNOWN-REF,Somebody,`,
      ].join('\n');
      const first = await importing(csv, 'statement.csv');
      assert.deepEqual(
        first.map((r) => [r.transfer.transactionId, r.transfer.outcome, r.duplicate]),
        [
          ['CSV-1', 'paid', false],
          ['CSV-2', 'partial', false],
          ['CSV-3', 'overpaid', false],
          ['CSV-4', 'late', false],
          ['CSV-5', 'unmatched', false],
        ],
      );
      assert.equal(first[0]!.transfer.payer, 'Doe, John');
      assert.equal((await status(full!.ID)).Status.ID, 2);
      assert.deepEqual([(await status(short!.ID)).Status.ID, (await status(short!.ID)).Details.PaidAmount], [1, '50']);
      assert.equal((await status(over!.ID)).Status.ID, 2);
      assert.equal((await status(late!.ID)).Status.ID, 5, 'expired stays expired');
      for (const p of [full!, over!]) {
        const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID);
        assert.equal((note.json.Payment as any).Status.ID, 2);
      }
      const again = await importing(csv, 'statement.csv');
      assert.ok(again.every((r) => r.duplicate));
      assert.equal((await status(short!.ID)).Details.PaidAmount, '50', 'not applied twice');
    });

    it('camt.053: credits matched, debits ignored, imported twice applies once', async () => {
      const p = await create('camt-full');
      const xml = camt053([
        { id: 'CAMT-1', amount: '0.93', ccy: 'EUR', ref: p.ReferenceDetails.ReferenceNumber, payer: 'John Doe' },
        { id: 'CAMT-2', amount: '5.00', ccy: 'EUR', ref: 'RF00NOPE', payer: 'Bank fee', credit: false },
        { id: 'CAMT-3', amount: '2.00', ccy: 'USD', ref: p.ReferenceDetails.ReferenceNumber, payer: 'John Doe' },
      ]);
      const first = await importing(xml, 'camt053.xml');
      assert.deepEqual(
        first.map((r) => [r.transfer.transactionId, r.transfer.outcome, r.transfer.account]),
        [
          ['CAMT-1', 'paid', 'DE72500210000010126423'],
          ['CAMT-3', 'wrong_currency', 'DE72500210000010126423'],
        ],
      );
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID);
      assert.equal((note.json.Payment as any).Status.ID, 2);
      assert.ok((await importing(xml, 'camt053.xml')).every((r) => r.duplicate));
    });

    it('a bad line records nothing and names the line; XML that is not camt.053 is refused', async () => {
      const p = await create('csv-bad');
      const csv = [
        'transaction_id,value_date,amount,currency,reference,payer,account',
        `BAD-1,${today},0.93,EUR,${p.ReferenceDetails.ReferenceNumber},x,`,
        `BAD-2,${today},0.931,EUR,x,x,`,
      ].join('\n');
      await assert.rejects(importing(csv, 'bad.csv'), /bad\.csv: line 3: "0\.931" is not a positive amount in EUR/);
      assert.equal((await status(p.ID)).Status.ID, 1);
      await assert.rejects(importing('transaction_id,amount\n', 'x.csv'), /line 1: the header lacks value_date/);
      await assert.rejects(importing('<Document><Other/></Document>', 'x.xml'), /not a camt\.053 statement/);
      await assert.rejects(importing('<Document><Unclosed></Document>', 'x.xml'), /not well-formed XML/);
    });
  });
}

describe('walletgate bank import / bank unmatched, as a person runs them', () => {
  let gw: Gateway;
  let dir: string;
  before(async () => {
    gw = await startGateway('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'wg-bank-'));
  });
  after(async () => {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (args: string[]) => gatewayCli(gw, dir)(args);

  it('prints a summary, then lists what waits for a person', async () => {
    const p = (await gw.gp('POST', '/v1/payments', bankTransferRequest('cli-1'))).json.Payment;
    const file = join(dir, 'march.csv');
    writeFileSync(
      file,
      [
        'transaction_id,value_date,amount,currency,reference,payer,account',
        `CLI-1,${today},0.93,EUR,${p.ReferenceDetails.ReferenceNumber},John Doe,`,
        `CLI-2,${today},7.00,EUR,,Who Knows,`,
      ].join('\n'),
    );
    const { stdout } = await cli(['bank', 'import', file]);
    assert.match(stdout, /march\.csv: 2 credits read/);
    assert.match(stdout, /✔ +1 paid its payment +0\.93 EUR/);
    assert.match(stdout, /! +1 matches no payment +7\.00 EUR/);
    assert.match(stdout, /1 waits for a person: walletgate bank unmatched/);
    const again = await cli(['bank', 'import', file]);
    assert.match(again.stdout, /2 imported before: nothing applied again/);
    const listed = await cli(['bank', 'unmatched']);
    assert.match(listed.stdout, /CLI-2|Who Knows/);
    assert.match(listed.stdout, /unmatched/);
    const bad = await cli(['bank', 'import', join(dir, 'missing.csv')]).catch((e: { stderr: string }) => e);
    assert.match((bad as { stderr: string }).stderr, /Cannot read/);
  });
});
