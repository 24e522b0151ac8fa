/**
 * Alipay+ and a walletgate that dies at an exact point: real `walletgate start` processes
 * (test/helpers/gateway-process.ts) that SIGKILL themselves right after a named step
 * (WALLETGATE_TEST_CRASH_AFTER, src/crash-after.ts), restarted on the same data and left to finish.
 *
 * - after Alipay+ accepted a cashier pay (PAYMENT_IN_PROCESS), before walletgate wrote it;
 * - after Alipay+ charged an agreement (auto debit pay S), before walletgate wrote it (found by its order id);
 * - after a notifyPayment was kept in the inbox, before it was applied.
 *
 * Each time the wallet's own record (inquiryPayment by our request id), walletgate's tables and what
 * the merchant heard must agree: no money lost or taken twice, one state change, one notification.
 * On SQLite and on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/config-error.js';
import { AlipayPlusClient, type ApsBody } from '../../src/connectors/alipayplus/client.js';
import type { PortalCredentials } from '../../src/connectors/alipayplus/portal-credentials.js';
import { CustomerDriveError, driveCustomer } from '../../src/sandbox/customer-driver.js';
import { DEMO_AUTH } from '../helpers/gateway-harness.js';
import { openGatewayData, type GatewayData, type GatewayProcess } from '../helpers/gateway-process.js';
import { httpOnce } from '../helpers/http-once.js';
import { storeKinds } from '../helpers/stores.js';

interface PaymentRow {
  id: number;
  status: string;
  amount: number;
  captured_amount: number;
  refunded_amount: number;
  needs_sync: number;
  connector_ref: string | null;
  connector_state: string;
  failure_code: string | null;
}

const AMOUNT = 12_340;
const TIMEOUT_MS = 1500;
/** The sweeper's in-flight grace (services.ts): 2 × the longest wallet timeout, WALLETGATE_SWEEP_GRACE_MS being 0. */
const GRACE_MS = 2 * TIMEOUT_MS;

/** Waits (polling the tables, as untilSettled does) until `check` gives a value. */
async function until<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`${what}: not within ${deadlineMs} ms`);
    await sleep(100);
  }
}

/** The wallet's own word on walletgate's payment `id`: inquiryPayment by the request id walletgate sent. */
async function walletRecord(data: GatewayData, id: number): Promise<ApsBody> {
  const base = `${data.publicUrl}/sandbox/alipayplus`;
  const keys = (await (await fetch(`${base}/portal/credentials`)).json()) as PortalCredentials;
  const client = new AlipayPlusClient({ baseUrl: base, ...keys, timeoutMs: 5000, fetch });
  return client.call('payments/inquiryPayment', { paymentRequestId: String(id) });
}

const resultOf = (a: ApsBody) => a.paymentResult as { resultStatus: string; resultCode: string };

it('WALLETGATE_TEST_CRASH_AFTER names a step or stops start-up', () => {
  const env = { WALLETGATE_DATA_DIR: tmpdir(), WALLETGATE_MASTER_KEY: 'test-master-key' };
  assert.equal(loadConfig(env).testCrashAfter, null);
  assert.equal(loadConfig({ ...env, WALLETGATE_TEST_CRASH_AFTER: 'inbox.record' }).testCrashAfter, 'inbox.record');
  assert.equal(loadConfig({ ...env, WALLETGATE_TEST_CRASH_AFTER: 'alipayplus.refund' }).testCrashAfter, 'alipayplus.refund');
  for (const bad of ['alipayplus', 'alipayplus.parseNotification', 'inbox.markApplied', 'a.refund.x'])
    assert.throws(
      () => loadConfig({ ...env, WALLETGATE_TEST_CRASH_AFTER: bad }),
      (e: unknown) => e instanceof ConfigError && /leave it unset/.test(e.message),
      bad,
    );
});

for (const kind of storeKinds) {
  describe(`Alipay+ crash points on ${kind}`, () => {
    let data: GatewayData;
    before(async () => {
      // in-flight grace 2 × 1.5 s: the restarted sweeper judges the dead process's calls and notifications 3 s on
      data = await openGatewayData(kind, {
        env: { ALIPAYPLUS_TIMEOUT_MS: String(TIMEOUT_MS), KAKAOPAY_TIMEOUT_MS: String(TIMEOUT_MS), CARDS_TIMEOUT_MS: String(TIMEOUT_MS) },
      });
    });
    after(() => data.cleanup());

    const armed = (point: string, env: Record<string, string> = {}) =>
      data.start({ name: `gateway dying after ${point}`, env: { WALLETGATE_TEST_CRASH_AFTER: point, ...env } });
    const gp = (gw: GatewayProcess | string, path: string, body: unknown) =>
      httpOnce(`${typeof gw === 'string' ? gw : gw.base}/globalpay${path}`, { headers: { authorization: DEMO_AUTH }, body });
    const payment = async (where: string) => (await data.rows<PaymentRow>(`select * from payments where ${where}`))[0];
    const heard = (id: number) => data.receiver.received.filter((n) => (n.json.Payment as { ID?: number } | undefined)?.ID === id);
    const statusOf = (n: { json: Record<string, unknown> }) => (n.json.Payment as { Status: { ID: number } }).Status.ID;
    const settlements = (id: number) =>
      data.rows<{ kind: string }>(
        `select kind from operations where payment_id = ${id} and status = 'ok' and kind in ('approve', 'notification', 'sync', 'charge')`,
      );

    it('dies after Alipay+ accepted a cashier pay, before walletgate wrote it: the payment fails as never opened, the wallet took nothing', async () => {
      const ref = `aps-crash-pay-${kind}-${Date.now()}`;
      const gw = await armed('alipayplus.startPayment');
      const created = await gp(gw, '/v1/payments', {
        Payment: {
          MerchantTransactionID: ref,
          Amount: AMOUNT,
          Currency: 'HKD',
          MethodID: 1145,
          ReturnURL: 'http://shop.example/r',
          BillingAddress: { Country: 'HK' },
        },
      });
      assert.equal(created.answered, false, 'the merchant got no answer');
      await gw.exited;
      const left = (await payment(`reference = '${ref}'`))!;
      assert.equal(left.status, 'created', 'the checkout the wallet opened was never written');

      const after = await data.start({ name: 'gateway after the crash' });
      try {
        // the wallet has it, waiting for a customer nobody sent: no money moved
        const atWallet = await walletRecord(data, left.id);
        assert.equal(resultOf(atWallet).resultStatus, 'U');
        assert.equal(resultOf(atWallet).resultCode, 'PAYMENT_IN_PROCESS');
        const settled = await until('the sweeper settles it', async () => {
          const p = await payment(`id = ${left.id}`);
          return p && p.status !== 'created' ? p : undefined;
        });
        assert.equal(settled.status, 'failed');
        assert.equal(settled.captured_amount, 0);
        await data.receiver.waitFor((n) => heard(left.id).includes(n) && statusOf(n) === 4);
        assert.deepEqual(heard(left.id).map(statusOf), [4], 'the merchant hears Failed once');
        assert.notEqual(resultOf(await walletRecord(data, left.id)).resultStatus, 'S', 'and the wallet never took the money');
      } finally {
        await after.stop();
      }
    });

    it('dies after Alipay+ charged an agreement, before walletgate wrote it: found by its order id, settled Success once; charged once', async () => {
      const ref = `aps-crash-charge-${kind}-${Date.now()}`;
      const gw = await armed('alipayplus.chargeAgreement');
      const pre = await gp(gw, '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: ref,
          Currency: 'HKD',
          Description: 'Monthly tea',
          ReturnURL: 'http://shop.example/r',
          MethodID: 1145,
          Customer: { FirstName: 'Min', LastName: 'Kim', Email: 'min@example.com' },
          BillingAddress: { Country: 'HK' },
        },
      });
      assert.ok(pre.answered && pre.status === 201, JSON.stringify(pre));
      const walked = await httpOnce(`${data.publicUrl}/sandbox/customer`, {
        body: { url: pre.json.Preapproval.RedirectURL, action: 'approve' },
      });
      assert.ok(walked.answered && walked.status === 200, JSON.stringify(walked));
      const charge = await gp(gw, '/v1/payments/recurrent', {
        Payment: {
          PreapprovalID: pre.json.Preapproval.ID,
          MerchantTransactionID: `${ref}-1`,
          Amount: AMOUNT,
          Currency: 'HKD',
          MethodID: 1145,
        },
      });
      assert.equal(charge.answered, false, 'the merchant got no answer');
      await gw.exited;
      const left = (await payment(`reference = '${ref}-1'`))!;
      assert.deepEqual(
        [left.status, left.needs_sync, left.connector_ref],
        ['processing', 1, null],
        'the charge is written as unknown, without the wallet id',
      );

      const after = await data.start({ name: 'gateway after the crash' });
      try {
        assert.equal(resultOf(await walletRecord(data, left.id)).resultStatus, 'S', 'the wallet charged the customer');
        // Alipay+ is asked by our order id (Connector.findCharge): its word settles the charge
        const settled = await until('the sweeper settles it from the wallet', async () => {
          const p = await payment(`id = ${left.id}`);
          return p && p.status !== 'processing' ? p : undefined;
        });
        assert.equal(settled.status, 'succeeded');
        assert.ok(settled.connector_ref, 'the wallet id is written, for refunds');
        assert.equal(Number(settled.captured_amount), AMOUNT);
        await data.receiver.waitFor((n) => heard(left.id).includes(n) && statusOf(n) === 2);
        assert.deepEqual(heard(left.id).map(statusOf), [2], 'the merchant hears Success once');
        assert.equal(resultOf(await walletRecord(data, left.id)).resultStatus, 'S', 'still one charge: nothing retried it');
        // and it can be refunded through the wallet id found
        const refund = await gp(after, `/v1/payments/${left.id}/refunds`, { Refund: { MerchantTransactionID: `${ref}-r`, Amount: 1 } });
        assert.ok(refund.answered && refund.status === 201, JSON.stringify(refund));
      } finally {
        await after.stop();
      }
    });

    it('dies after a notifyPayment was kept, before it was applied: the restarted walletgate applies it once, the merchant hears once', async () => {
      const ref = `aps-crash-inbox-${kind}-${Date.now()}`;
      // no sweeper in the dying process: its wallet lookup could settle the payment before the notification arrives
      const gw = await armed('inbox.record', { WALLETGATE_SWEEP_INTERVAL_MS: '0' });
      const created = await gp(gw, '/v1/payments', {
        Payment: {
          MerchantTransactionID: ref,
          Amount: AMOUNT,
          Currency: 'HKD',
          MethodID: 1145,
          ReturnURL: 'http://shop.example/r',
          BillingAddress: { Country: 'HK' },
        },
      });
      assert.ok(created.answered && created.status === 201, JSON.stringify(created));
      const id = created.json.Payment.ID as number;
      // the customer pays in the wallet and closes the browser before coming back: only notifyPayment tells walletgate
      await driveCustomer({
        url: created.json.Payment.RedirectURL as string,
        action: 'approve',
        fetch: async (input, init) =>
          /\/pay\/[^/]+\/return/.test(new URL(String(input)).pathname)
            ? new Response('<p>closed</p>', { status: 200 })
            : fetch(input, init),
      }).catch((e: unknown) => {
        // the sandbox lives in the process its own notification killed: the customer's next page may find it gone
        if (!(e instanceof CustomerDriveError) || !e.steps.some((s) => s.method === 'POST' && s.status === 303)) throw e;
      });
      await gw.exited;
      const kept = await data.rows<{ id: number; status: string }>(
        `select id, status from inbox where body like '%"paymentRequestId":"${id}"%'`,
      );
      assert.deepEqual(
        kept.map((e) => e.status),
        ['received'],
        'kept, not applied',
      );
      assert.equal((await payment(`id = ${id}`))!.status, 'pending_customer');

      // The restarted sweeper's first pass takes the inbox before it asks the wallet about waiting
      // payments, but leaves rows younger than the in-flight grace alone: start it once the row is older,
      // so that the kept notification, not the sweeper's lookup, is what settles the payment.
      const receivedAt = (await data.rows<{ received_at: number }>(`select received_at from inbox where id = ${kept[0]!.id}`))[0]!
        .received_at;
      await sleep(Math.max(0, receivedAt + GRACE_MS + 100 - Date.now()));
      const after = await data.start({ name: 'gateway after the crash' });
      try {
        const settled = await until('applied after the restart', async () => {
          const p = await payment(`id = ${id}`);
          return p?.status === 'succeeded' ? p : undefined;
        });
        assert.deepEqual([settled.captured_amount, settled.refunded_amount], [AMOUNT, 0]);
        await until('the inbox row applied', async () => {
          const rows = await data.rows<{ status: string }>(`select status from inbox where id = ${kept[0]!.id}`);
          return rows[0]?.status === 'applied' ? true : undefined;
        });
        assert.equal(
          (await data.rows(`select id from inbox where body like '%"paymentRequestId":"${id}"%'`)).length,
          1,
          "the wallet's retries were kept once",
        );
        assert.deepEqual(await settlements(id), [{ kind: 'notification' }], 'one state change, by the kept notification');
        await data.receiver.waitFor((n) => heard(id).includes(n) && statusOf(n) === 2);
        assert.equal((await data.rows(`select id from outbox where resource_type = 'payment' and resource_id = ${id}`)).length, 1);
        assert.deepEqual(heard(id).map(statusOf), [2], 'the merchant hears Success once');
        assert.equal(resultOf(await walletRecord(data, id)).resultStatus, 'S');
      } finally {
        await after.stop();
      }
    });
  });
}
