/**
 * Which loads run against which servers, in which order, and the verdict of each target
 * (thresholds in targets.ts):
 *
 * Each floor is measured before every target whose ratio is taken to it and once after the last, its
 * server idle on its core in between; a ratio is taken to the faster of the two readings around its
 * target (floor-readings.ts, ADR 0043).
 *
 * Every server gets an untimed first load of the creates its targets send before the first of them,
 * and a SQLite gateway untimed full flows and refunds of the payments they made once its creates are
 * measured, before the flow target: no target meets its paths cold.
 *
 * SQLite — one gateway with the sandbox in its own process: the four creates (GlobalPay's is the
 * peak create rate) and Adyen's with an idempotency key (reported), the open-loop latency load at a
 * share of that peak, the full flow, status lookups of the payments created, partial refunds of the
 * flows' succeeded payments; then a gateway with the sandbox in-process (GlobalPay create and full
 * flow, reported). PostgreSQL — one gateway's GlobalPay create; a second gateway process on the same
 * database, and the same load split across both; the one gateway again (two are divided by the
 * faster of its readings around them).
 */
import type { ChildServer } from './child-server.js';
import {
  ADYEN,
  ADYEN_KEYED,
  CHECKOUTCOM,
  ECOMMPAY,
  createCall,
  FLOOR,
  GLOBALPAY,
  GLOBALPAY_HEADERS,
  globalPayBody,
  globalPayPaymentId,
  lookupCall,
  refundCall,
  type CreateApi,
} from './bench-apis.js';
import type { NotificationReceiver } from './notification-receiver.js';
import { dropSchema } from './postgres-schema.js';
import { commandCpuByPid, POSTGRES_SERVER } from './process-cpu.js';
import type { ClosedSpec, FlowSpec, TargetRunner, Tracked } from './target-runner.js';
import { LATENCY_LOAD_SHARE_OF_PEAK, THRESHOLDS } from './targets.js';
import { floorAround, floorReadings, type PendingVerdict } from './floor-readings.js';
import { boundVerdict, ratioVerdict, skipped, type Verdict } from './verdicts.js';
import { measureSpacedWork, spacedWorkVerdicts } from './spaced-work.js';
import { secondProcessCeiling } from './machine-ceiling.js';

type Script = 'serve-floor.ts' | 'serve-floor-postgres.ts' | 'serve-gateway.ts' | 'serve-sandbox.ts';

/** A server the plan started, and the data folder it was given (BENCH_DATA_DIR). */
export type StartedServer = ChildServer & { dataDir: string };

export interface Servers {
  /** Starts a server script with its own data folder `name`; stopped by the caller of the plan. */
  start(script: Script, name: string, env: Record<string, string>, cpu: number | undefined): Promise<StartedServer>;
  onCleanup(f: () => Promise<void>): void;
}

/** CPU 0 for the server measured, CPU 1 for everything around it; neither when not pinning. */
export interface Placement {
  server?: number;
  outside?: number;
}

export interface Plan {
  runner: TargetRunner;
  servers: Servers;
  placement: Placement;
  receiver: NotificationReceiver;
  /** the KakaoPay sandbox in its own process (serve-sandbox.ts), shared by the gateways of the main arrangement */
  sandbox: ChildServer;
  /** the machine's cores, read before the bench pinned itself */
  cores: number;
}

const base = (s: ChildServer) => `http://127.0.0.1:${s.port}`;

/** Ids kept for the lookup target: enough to spread lookups, bounded in memory. */
const MAX_IDS = 50_000;

/** Creates through one API, spread over the gateways. */
function createSpec(api: CreateApi, gateways: ChildServer[]): ClosedSpec {
  return {
    bases: gateways.map(base),
    headers: api.headers,
    call: (_n, reference) => createCall(api, reference),
    expectStatus: api.expectStatus,
  };
}

/** A server's untimed first load: the creates of every API its targets call (BENCH_SETTLE_SECONDS). */
function settle(plan: Plan, label: string, server: ChildServer, apis: CreateApi[]): Promise<void> {
  return plan.runner.settle(
    label,
    apis.map((api) => createSpec(api, [server])),
  );
}

/** Partial refunds of `paid`, a GlobalPay refund each, all at `gateway`. */
function refundSpec(gateway: ChildServer, paid: number[]): ClosedSpec {
  return {
    bases: [base(gateway)],
    headers: GLOBALPAY_HEADERS,
    call: (n, reference) => refundCall(paid[n % paid.length]!, reference),
    expectStatus: 201,
  };
}

/**
 * A gateway's untimed full flows and then refunds of the payments they made (settle for the flow's
 * and the refund's paths, which the creates do not reach), before the targets that measure them.
 */
async function settleFlowsAndRefunds(plan: Plan, label: string, gateway: ChildServer, flow: FlowSpec): Promise<void> {
  const paid = await plan.runner.settleFlows(label, flow);
  if (paid.length > 0) await plan.runner.settle(`${label}: refunds`, [refundSpec(gateway, paid)]);
}

function create(plan: Plan, name: string, tracked: Tracked[], api: CreateApi, gateways: ChildServer[], ids?: number[]) {
  return plan.runner.closed(name, tracked, {
    ...createSpec(api, gateways),
    ...(ids
      ? {
          onAnswer: (body: string) => {
            const id = globalPayPaymentId(body);
            if (id !== null && ids.length < MAX_IDS) ids.push(id);
          },
        }
      : {}),
  });
}

export async function measureSqlite(plan: Plan): Promise<Verdict[]> {
  const { runner, servers, placement, receiver, sandbox } = plan;
  const verdicts: (Verdict | PendingVerdict)[] = [];

  // the floor is read before each target whose ratio is taken to it and once after the last (it
  // waits, idle, on its core in between): each ratio is taken to the faster of the two readings
  // around its target (floor-readings.ts)
  const floorServer = await servers.start('serve-floor.ts', 'floor', {}, placement.server);
  const floorTracked = [{ label: 'floor', server: floorServer }];
  await settle(plan, 'floor (sqlite)', floorServer, [FLOOR]);
  const floor = floorReadings('sqlite', (label) => create(plan, label, floorTracked, FLOOR, [floorServer]));
  const vsFloor = floor.vs;

  // the main arrangement: the sandbox in its own process
  const ARR = '(sqlite)';
  const gateway = await servers.start(
    'serve-gateway.ts',
    'gateway-sqlite',
    { BENCH_STORE: 'sqlite', BENCH_KAKAOPAY_BASE_URL: `${base(sandbox)}/sandbox/kakaopay`, BENCH_NOTIFY_URL: receiver.url },
    placement.server,
  );
  const tracked: Tracked[] = [
    { label: 'gateway', server: gateway },
    { label: 'sandbox', server: sandbox },
  ];
  await settle(plan, `gateway ${ARR}`, gateway, [GLOBALPAY, CHECKOUTCOM, ADYEN, ECOMMPAY]);
  const created: number[] = [];
  await floor.measure();
  const gp = await create(plan, `create GlobalPay ${ARR}`, tracked, GLOBALPAY, [gateway], created);
  verdicts.push(vsFloor(gp.name, gp, THRESHOLDS.createVsFloor));
  for (const api of [CHECKOUTCOM, ADYEN, ECOMMPAY]) {
    await floor.measure();
    const s = await create(plan, `create ${api.label} ${ARR}`, tracked, api, [gateway]);
    verdicts.push(vsFloor(s.name, s, THRESHOLDS.createVsFloor));
  }
  // reported only: what an idempotency key costs, beside the same create without one
  await floor.measure();
  const keyed = await create(plan, `create ${ADYEN_KEYED.label} ${ARR}`, tracked, ADYEN_KEYED, [gateway]);
  verdicts.push(vsFloor(keyed.name, keyed, null));

  const rate = gp.throughput * LATENCY_LOAD_SHARE_OF_PEAK;
  const latencyName = `create p99, open loop at ${LATENCY_LOAD_SHARE_OF_PEAK}× peak ${ARR}`;
  if (rate >= 1) {
    const latency = await runner.openLoop(`create GlobalPay, open loop at ${rate.toFixed(0)}/s ${ARR}`, tracked, {
      base: base(gateway),
      headers: GLOBALPAY.headers,
      call: (_n, reference) => createCall(GLOBALPAY, reference),
      expectStatus: GLOBALPAY.expectStatus,
      rate,
    });
    // the floor under the same open loop: the p99 one durable insert a request has on this disk at this rate
    const floorLatency = await runner.openLoop(`floor, open loop at ${rate.toFixed(0)}/s ${ARR}`, floorTracked, {
      base: base(floorServer),
      headers: FLOOR.headers,
      call: (_n, reference) => createCall(FLOOR, reference),
      expectStatus: FLOOR.expectStatus,
      rate,
    });
    verdicts.push(
      boundVerdict(latencyName, latency.latencyMs.p99, THRESHOLDS.latencyP99Ms, {
        unit: 'ms',
        reference: { value: floorLatency.latencyMs.p99, label: "the floor's p99 at the same rate" },
      }),
    );
    // what the host charges for the open loop's gaps, beside what the gateway's lone creates cost (reported only)
    const spaced = await measureSpacedWork({
      gapMs: Math.max(1, Math.round(1000 / rate)),
      backToBackUnits: 1_500,
      spacedUnits: 300,
      rounds: 2,
      ...(placement.server !== undefined ? { cpu: placement.server } : {}),
    }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    verdicts.push(...spacedWorkVerdicts(spaced, runner.cpu, gp.name, latency.name));
  } else {
    verdicts.push(skipped(latencyName, 'no peak rate to take half of', true));
  }

  // the flow's and the refund's paths settled after the creates were measured, so that the creates
  // meet the gateway as they always have, and just before the targets that need them
  const flowSpec: FlowSpec = {
    gateway: base(gateway),
    headers: GLOBALPAY_HEADERS,
    createBody: globalPayBody,
    customerApi: base(sandbox),
    receiver,
  };
  await settleFlowsAndRefunds(plan, `gateway ${ARR}`, gateway, flowSpec);
  await floor.measure();
  const flow = await runner.flow(`full flow ${ARR}`, tracked, flowSpec);
  verdicts.push(vsFloor(flow.name, flow, THRESHOLDS.flowVsFloor, 'flows'));
  verdicts.push(
    boundVerdict(`full flow: lost of ${flow.started} started ${ARR}`, flow.lost, THRESHOLDS.maxLostFlows, {
      unit: '',
      inclusive: true,
      digits: 0,
    }),
  );

  const lookupName = `status lookup ${ARR}`;
  if (created.length > 0) {
    await floor.measure();
    const lookup = await runner.closed(lookupName, tracked, {
      bases: [base(gateway)],
      headers: GLOBALPAY_HEADERS,
      call: (n) => lookupCall(created[n % created.length]!),
      expectStatus: 200,
    });
    verdicts.push(vsFloor(lookup.name, lookup, THRESHOLDS.lookupVsFloor));
  } else {
    verdicts.push(skipped(lookupName, 'no payment was created to look up', true));
  }

  const refundName = `refund ${ARR}`;
  const paid = flow.paymentIds;
  if (paid.length > 0) {
    await floor.measure();
    const refund = await runner.closed(refundName, tracked, refundSpec(gateway, paid));
    verdicts.push(vsFloor(refund.name, refund, THRESHOLDS.refundVsFloor));
  } else {
    verdicts.push(skipped(refundName, 'no flow succeeded: nothing to refund', true));
  }
  await gateway.stop();

  // the second arrangement, reported only: walletgate's built-in sandbox in the gateway's own process
  const IN = '(sqlite, sandbox in-process)';
  const inProcess = await servers.start(
    'serve-gateway.ts',
    'gateway-sqlite-inprocess',
    { BENCH_STORE: 'sqlite', BENCH_NOTIFY_URL: receiver.url },
    placement.server,
  );
  await settle(plan, `gateway ${IN}`, inProcess, [GLOBALPAY]);
  const inFlowSpec: FlowSpec = {
    gateway: base(inProcess),
    headers: GLOBALPAY_HEADERS,
    createBody: globalPayBody,
    customerApi: base(inProcess),
    receiver,
  };
  const inTracked = [{ label: 'gateway', server: inProcess }];
  await floor.measure();
  const inCreate = await create(plan, `create GlobalPay ${IN}`, inTracked, GLOBALPAY, [inProcess]);
  verdicts.push(vsFloor(inCreate.name, inCreate, null));
  await plan.runner.settleFlows(`gateway ${IN}`, inFlowSpec);
  await floor.measure();
  const inFlow = await runner.flow(`full flow ${IN}`, inTracked, inFlowSpec);
  verdicts.push(vsFloor(inFlow.name, inFlow, null, 'flows'));
  await inProcess.stop();

  await floor.measure();
  await floorServer.stop();
  return floor.settle(verdicts);
}

export async function measurePostgres(plan: Plan, pgUrl: string, schemaPrefix: string): Promise<Verdict[]> {
  // the server's own CPU beside the processes' (none when it runs elsewhere: then no row)
  const local = (await commandCpuByPid('postgres')).size > 0;
  plan.runner.alsoCpu = local ? [{ label: POSTGRES_SERVER, read: () => commandCpuByPid('postgres') }] : [];
  try {
    return await measurePostgresTargets(plan, pgUrl, schemaPrefix);
  } finally {
    plan.runner.alsoCpu = [];
  }
}

async function measurePostgresTargets(plan: Plan, pgUrl: string, schemaPrefix: string): Promise<Verdict[]> {
  const { servers, placement, sandbox } = plan;
  const verdicts: (Verdict | PendingVerdict)[] = [];
  const floorSchema = `${schemaPrefix}_floor`;
  servers.onCleanup(() => dropSchema(pgUrl, floorSchema));
  const floorServer = await servers.start(
    'serve-floor-postgres.ts',
    'floor-postgres',
    { BENCH_PG_URL: pgUrl, BENCH_PG_SCHEMA: floorSchema },
    placement.server,
  );
  const floorTracked = [{ label: 'floor', server: floorServer }];
  await settle(plan, 'floor (postgres)', floorServer, [FLOOR]);
  // read around the one target whose ratio is taken to it, as on SQLite
  const floor = floorReadings('postgres', (label) => create(plan, label, floorTracked, FLOOR, [floorServer]));

  const ARR = '(postgres)';
  const schema = `${schemaPrefix}_gw`;
  servers.onCleanup(() => dropSchema(pgUrl, schema));
  const env = {
    BENCH_STORE: 'postgres',
    BENCH_PG_URL: pgUrl,
    BENCH_PG_SCHEMA: schema,
    BENCH_KAKAOPAY_BASE_URL: `${base(sandbox)}/sandbox/kakaopay`,
  };
  const first = await servers.start('serve-gateway.ts', 'gateway-postgres-1', env, placement.server);
  await settle(plan, `gateway ${ARR}`, first, [GLOBALPAY]);
  await floor.measure();
  const oneTracked = [
    { label: 'gateway', server: first },
    { label: 'sandbox', server: sandbox },
  ];
  const one = await create(plan, `create GlobalPay ${ARR}`, oneTracked, GLOBALPAY, [first]);
  verdicts.push(floor.vs(one.name, one, THRESHOLDS.postgresCreateVsFloor));
  // the floor's reading after the one gateway, before a second one starts
  await floor.measure();

  // started after the first has migrated the schema; on CPU 1 (beside the load generator) when pinned
  const second = await servers.start('serve-gateway.ts', 'gateway-postgres-2', env, placement.outside);
  await settle(plan, `second gateway ${ARR}`, second, [GLOBALPAY]);
  const two = await create(
    plan,
    `create GlobalPay, two gateway processes ${ARR}`,
    [
      { label: 'gateway 1', server: first },
      { label: 'gateway 2', server: second },
      { label: 'sandbox', server: sandbox },
    ],
    GLOBALPAY,
    [first, second],
  );
  // one gateway again, the second stopped: two are divided by the faster of the one gateway's
  // readings around them, as a target by the floor's (floor-readings.ts)
  await second.stop();
  const oneAgain = await create(plan, `create GlobalPay ${ARR}, one gateway again`, oneTracked, GLOBALPAY, [first]);
  const oneFaster = floorAround([one, oneAgain], 0);
  verdicts.push(
    ratioVerdict(`two gateways ÷ one ${ARR}`, two, oneFaster, {
      min: THRESHOLDS.twoProcessesVsOne,
      strictlyMore: true,
      floorLabel: 'one gateway, faster of the 2 around it',
    }),
    // how far the machine's spare cores could take a second process at best (machine-ceiling.ts)
    secondProcessCeiling(`two gateways ÷ one, the most ${plan.cores} cores allow ${ARR}`, plan.runner.cpu, oneFaster.name, plan.cores),
  );
  await first.stop();

  await floorServer.stop();
  return floor.settle(verdicts);
}
