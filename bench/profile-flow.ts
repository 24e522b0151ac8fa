/**
 * Profile helper (not part of npm run bench): the full flow with each phase timed. Starts the
 * sandbox (CPU 1), a notification receiver and a gateway on SQLite (CPU 0), --cpu-prof to PROF_DIR
 * for the gateway (or, with PROF_TARGET=sandbox, the sandbox) unless PROF_CPU=0, runs PROF_CONCURRENCY flows at a time for PROF_SECONDS after
 * PROF_WARMUP_SECONDS, and prints per phase (create; the customer's approval through the sandbox;
 * the wait from the approval's answer to the notification) p50 and p99, flows a second and each
 * process's CPU a flow, and the gateway's group commit and log syncs a flow. PROF_REFUNDS=1: then, for PROF_SECONDS more, partial refunds of the payments
 * those flows made succeed (as the bench's refund target), and the gateway's CPU a refund.
 * PROF_STATEMENTS=1: the gateway counts its SQLite statements and prints, on stderr, each one's runs
 * and µs a flow over the measured flows (statement-counts.ts), as profile-create.ts does a create.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer } from './child-server.js';
import { GLOBALPAY_HEADERS, globalPayBody, refundCall } from './bench-apis.js';
import { keepAliveAgent, loopbackBase, send } from './http-call.js';
import { startNotificationReceiver } from './notification-receiver.js';
import { logRecord, sqliteLogCounts } from './sqlite-log-counts.js';
import { pinSelf } from './pin-self.js';
import { STATEMENT_COUNTER, statementSnapshot, statementsPerRequest } from './statement-counts.js';

// the load and the notification receiver on CPU 1, beside the sandbox, as in npm run bench
pinSelf(1);
const dir = mkdtempSync(join(tmpdir(), 'wg-prof-flow-'));
const profDir = process.env.PROF_DIR ?? '/tmp/prof/out';
const receiver = await startNotificationReceiver();
const profileSandbox = process.env.PROF_TARGET === 'sandbox';
const sandbox = await startChildServer({
  script: 'serve-sandbox.ts',
  env: { BENCH_DATA_DIR: dir },
  cpu: 1,
  nodeFlags: profileSandbox && process.env.PROF_CPU !== '0' ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
});
const extraFlags = process.env.PROF_FLAGS ? process.env.PROF_FLAGS.split(' ') : [];
// PROF_STATEMENTS=1: the gateway counts its SQLite statements, written to this file when asked (statement-counts.ts)
const statements = process.env.PROF_STATEMENTS === '1' ? join(dir, 'statements.json') : undefined;
const nodeFlags = [
  ...extraFlags,
  ...(statements ? ['--require', STATEMENT_COUNTER] : []),
  ...(process.env.PROF_CPU === '0' || profileSandbox ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`]),
];
const gw = await startChildServer({
  script: 'serve-gateway.ts',
  env: {
    BENCH_DATA_DIR: dir,
    BENCH_STORE: 'sqlite',
    BENCH_KAKAOPAY_BASE_URL: `http://127.0.0.1:${sandbox.port}/sandbox/kakaopay`,
    BENCH_NOTIFY_URL: receiver.url,
    ...(statements ? { PROF_STATEMENTS_OUT: statements } : {}),
  },
  cpu: 0,
  nodeFlags,
});
const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const concurrency = Number(process.env.PROF_CONCURRENCY ?? 32);
const gateway = loopbackBase(`http://127.0.0.1:${gw.port}`);
const customer = loopbackBase(`http://127.0.0.1:${sandbox.port}`);
const gwAgent = keepAliveAgent(concurrency);
const sbAgent = keepAliveAgent(concurrency);
const phases = { create: [] as number[], approve: [] as number[], notify: [] as number[], total: [] as number[] };
let n = 0;
const paid: number[] = [];
const flow = async (record: boolean): Promise<void> => {
  const ref = `pf-${process.pid}-${n++}`;
  const t0 = performance.now();
  const created = await send(
    gwAgent,
    gateway,
    GLOBALPAY_HEADERS,
    { method: 'POST', path: '/globalpay/v1/payments', body: globalPayBody(ref) },
    10_000,
  );
  const t1 = performance.now();
  const url = (JSON.parse(created.body) as { Payment: { RedirectURL: string } }).Payment.RedirectURL;
  const approved = await send(
    sbAgent,
    customer,
    {},
    { method: 'POST', path: '/sandbox/customer', body: JSON.stringify({ url, action: 'approve' }) },
    10_000,
  );
  if (approved.status !== 200) throw new Error(`approve ${approved.status} ${approved.body}`);
  if (process.env.PROF_SHOW_STEPS && ref.endsWith('-0')) console.log(approved.body);
  const t2 = performance.now();
  paid.push(await receiver.succeeded(ref));
  const t3 = performance.now();
  if (!record) return;
  phases.create.push(t1 - t0);
  phases.approve.push(t2 - t1);
  phases.notify.push(t3 - t2);
  phases.total.push(t3 - t0);
};
const runFor = async (ms: number, record: boolean): Promise<number> => {
  const end = performance.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await flow(record);
        done++;
      }
    }),
  );
  return done;
};
await runFor(Number(process.env.PROF_WARMUP_SECONDS ?? 3) * 1000, false);
const seconds = Number(process.env.PROF_SECONDS ?? 6);
const log0 = await sqliteLogCounts(gw.port);
const statementsBefore = statements ? await statementSnapshot(gw.pid, statements) : undefined;
const [g0, s0, t0] = [cpuMs(gw.pid), cpuMs(sandbox.pid), performance.now()];
const done = await runFor(seconds * 1000, true);
const elapsed = (performance.now() - t0) / 1000;
const [g1, s1] = [cpuMs(gw.pid), cpuMs(sandbox.pid)];
const statementsAfter = statements ? await statementSnapshot(gw.pid, statements) : undefined;
const log = logRecord('flow', 'gateway', log0, await sqliteLogCounts(gw.port), done);
const pct = (a: number[], q: number) => {
  const s = [...a].sort((x, y) => x - y);
  return Number((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0).toFixed(1));
};
const summary = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, { p50: pct(v, 0.5), p99: pct(v, 0.99) }]));
console.log(
  JSON.stringify({
    flowsPerSecond: Math.round(done / elapsed),
    gatewayCpuPerFlowMs: Number(((g1 - g0) / done).toFixed(2)),
    gatewayBusy: Number(((g1 - g0) / 10 / elapsed).toFixed(0)),
    sandboxCpuPerFlowMs: Number(((s1 - s0) / done).toFixed(2)),
    sandboxBusy: Number(((s1 - s0) / 10 / elapsed).toFixed(0)),
    ...summary,
    // the gateway's group commit and log (sqlite-log-counts.ts): transactions a COMMIT, log syncs a flow
    log,
  }),
);
if (statementsBefore && statementsAfter) console.error(statementsPerRequest(statementsBefore, statementsAfter, done).join('\n'));
if (process.env.PROF_REFUNDS === '1') {
  const end = performance.now() + seconds * 1000;
  const [g0r, t0r] = [cpuMs(gw.pid), performance.now()];
  let refunds = 0;
  let k = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const i = k++;
        const answer = await send(
          gwAgent,
          gateway,
          GLOBALPAY_HEADERS,
          refundCall(paid[i % paid.length]!, `pr-${process.pid}-${i}`),
          10_000,
        );
        if (answer.status !== 201) throw new Error(`refund ${answer.status} ${answer.body}`);
        refunds++;
      }
    }),
  );
  const elapsedR = (performance.now() - t0r) / 1000;
  const g1r = cpuMs(gw.pid);
  console.log(
    JSON.stringify({
      refundsPerSecond: Math.round(refunds / elapsedR),
      gatewayCpuPerRefundMs: Number(((g1r - g0r) / refunds).toFixed(2)),
      gatewayBusy: Number(((g1r - g0r) / 10 / elapsedR).toFixed(0)),
    }),
  );
}
gwAgent.closeIdle();
sbAgent.closeIdle();
await gw.stop();
await sandbox.stop();
await receiver.close();
