/**
 * `walletgate bank apply` / `bank return` / `bank unmatched --all` as a person runs them, through
 * the real CLI on the gateway's database: readable output and --json, refusals said plainly, and
 * two people (two processes) resolving one transfer at once: one wins, the other is told.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { bankTransferRequest, gatewayCli } from '../helpers/bank-transfer-payments.js';
import { importStatement } from '../../src/core/transfers/import-statement.js';

interface GpPayment {
  ID: number;
  Status: { ID: number };
  ReferenceDetails: { ReferenceNumber: string };
}

const today = new Date().toISOString().slice(0, 10);

describe('walletgate bank apply / return / unmatched --all', () => {
  let gw: Gateway;
  let dir: string;
  let seq = 0;
  before(async () => {
    gw = await startGateway('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'wg-bank-resolve-'));
  });
  after(async () => {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (args: string[]) => gatewayCli(gw, dir)(args);
  const failing = async (args: string[]) => {
    const e = (await cli(args).then(
      () => assert.fail(`walletgate ${args.join(' ')} succeeded`),
      (err: unknown) => err,
    )) as { stderr: string; code: number };
    assert.equal(e.code, 1);
    return e.stderr;
  };
  const create = async (ref: string) => {
    const res = await gw.gp('POST', '/v1/payments', bankTransferRequest(ref, { ReturnURL: 'http://x.test/r' }));
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return res.json.Payment as GpPayment;
  };
  const credit = async (amount: string, reference: string, payer = 'Who Knows') => {
    const csv = `transaction_id,value_date,amount,currency,reference,payer,account\nCLI-RES-${++seq},${today},${amount},EUR,${reference},${payer},`;
    return (await importStatement(gw.services.deps, 'banktransfer', csv, 'cli.csv'))[0]!.transfer;
  };

  it('apply: partial, then paid; return with a note; the history shows both', async () => {
    const p = await create('cli-res-1');
    const a = await credit('0.50', 'TYPO-REF', 'Jane Roe');
    const b = await credit('0.43', '', 'Jane Roe');
    const c = await credit('7.00', 'NOBODY', 'Max Mustermann');
    const listed = await cli(['bank', 'unmatched']);
    assert.match(listed.stdout, /Resolve one: walletgate bank apply <#> --payment <id>/);

    const first = await cli(['bank', 'apply', `#${a.id}`, '--payment', String(p.ID)]);
    assert.match(first.stdout, new RegExp(`✔ Transfer #${a.id} applied to payment ${p.ID}`));
    assert.match(first.stdout, /0\.50 EUR from Jane Roe/);
    assert.match(first.stdout, /has 0\.50 EUR of 0\.93 EUR: it stays open for the rest/);

    const second = await cli(['bank', 'apply', String(b.id), '--payment', String(p.ID), '--json']);
    const json = JSON.parse(second.stdout) as {
      result: string;
      applied: number;
      transfer: { resolution: string };
      payment: { status: string };
    };
    assert.deepEqual([json.result, json.applied, json.transfer.resolution, json.payment.status], ['paid', 43, 'applied', 'succeeded']);
    const note = await gw.receiver.waitFor((n) => (n.json.Payment as GpPayment | undefined)?.ID === p.ID);
    assert.equal((note.json.Payment as GpPayment).Status.ID, 2);

    const back = await cli(['bank', 'return', String(c.id), '--note', 'Sent back on 2 Dec, ticket 41']);
    assert.match(back.stdout, new RegExp(`✔ Transfer #${c.id} is to be paid back to the payer`));
    assert.match(back.stdout, /Pay 7\.00 EUR back to Max Mustermann from the bank/);
    assert.match(back.stdout, /Note: Sent back on 2 Dec, ticket 41/);

    const waiting = await cli(['bank', 'unmatched', '--json']);
    const ids = (JSON.parse(waiting.stdout) as { id: number }[]).map((t) => t.id);
    for (const t of [a, b, c]) assert.ok(!ids.includes(t.id), `#${t.id} left the list`);
    const all = await cli(['bank', 'unmatched', '--all']);
    assert.match(all.stdout, /RESOLVED/);
    assert.match(all.stdout, new RegExp(`applied → ${p.ID}`));
    assert.match(all.stdout, /returned \d{4}-\d\d-\d\d Sent back on 2 Dec/);
  });

  it('refusals say what is wrong and change nothing', async () => {
    const paid = await create('cli-res-paid');
    const t = await credit('0.93', paid.ReferenceDetails.ReferenceNumber);
    assert.equal(t.outcome, 'paid');
    const loose = await credit('0.10', 'NOBODY');
    assert.match(
      await failing(['bank', 'apply', String(loose.id), '--payment', String(paid.ID)]),
      /is succeeded: only an open payment can take the money/,
    );
    assert.match(await failing(['bank', 'apply', String(t.id), '--payment', String(paid.ID)]), /nothing of it waits for a person/);
    assert.match(await failing(['bank', 'apply', String(loose.id)]), /needs --payment <id>/);
    assert.match(await failing(['bank', 'apply', 'abc', '--payment', '1']), /"abc" is not a transfer #id/);
    assert.match(await failing(['bank', 'return']), /needs the transfer's #id/);
    assert.match(await failing(['bank', 'return', '999999']), /No incoming transfer #999999/);
    await cli(['bank', 'return', String(loose.id)]);
    assert.match(await failing(['bank', 'return', String(loose.id)]), /already marked to be paid back to the payer on \d{4}-/);
  });

  it('two people at once, two processes, one transfer: one wins, the other is told', async () => {
    const [p, q] = await Promise.all([create('cli-race-a'), create('cli-race-b')]);
    const t = await credit('0.93', 'NOBODY');
    const results = await Promise.allSettled([
      cli(['bank', 'apply', String(t.id), '--payment', String(p.ID)]),
      cli(['bank', 'apply', String(t.id), '--payment', String(q.ID)]),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.match((lost.reason as { stderr: string }).stderr, /was already applied to payment \d+/);
    const statuses = await Promise.all(
      [p, q].map(async (x) => ((await gw.gp('GET', `/v1/payments/${x.ID}`)).json.Payment as GpPayment).Status.ID),
    );
    assert.deepEqual(statuses.sort(), [1, 2]);
  });
});
