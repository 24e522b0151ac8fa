/**
 * What the host charges for gaps between requests, measured without walletgate: one fixed unit of
 * JavaScript work (JSON and a Map, a few tenths of a millisecond), run back to back and then one
 * every `gapMs`, in a child process on the gateway's CPU; CPU a unit from process.cpuUsage. On a
 * machine whose core runs warm however the work is spaced the two are equal. On the virtual machines
 * this bench has run on, the spaced unit costs about twice as much (docs/benchmarks.md, 2026-12-07):
 * the open loop's lone requests pay that, the closed loop's, back to back, do not.
 *
 * Run as a script (by measureSpacedWork) it is the probe: argv[2] is its settings as JSON.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinSelf } from './pin-self.js';
import type { CpuRecord } from './process-cpu.js';
import { reported, skipped, type Verdict } from './verdicts.js';

export interface SpacedWorkSettings {
  /** ms between the spaced units' starts (setTimeout's, so at least 1) */
  gapMs: number;
  /** units in each back-to-back round, and in each spaced one */
  backToBackUnits: number;
  spacedUnits: number;
  /** rounds of each, alternated, after a warm-up */
  rounds: number;
  /** the CPU to run on; none: wherever the system puts it */
  cpu?: number;
}

export interface SpacedWork {
  gapMs: number;
  /** the measured time from one spaced unit's start to the next's */
  measuredGapMs: number;
  /** CPU ms a unit, back to back and spaced */
  backToBackMs: number;
  spacedMs: number;
  /** spacedMs ÷ backToBackMs */
  ratio: number;
  /** the CPUs the probe was allowed (/proc/self/status), as Linux lists them; null elsewhere */
  cpus: string | null;
}

const PAYMENT = {
  Payment: {
    MerchantTransactionID: 'spaced-work-0000000001',
    Amount: 15000,
    Currency: 'KRW',
    Customer: { Email: 'customer@example.com', Name: 'Kim' },
    Articles: Array.from({ length: 5 }, (_, i) => ({ Name: `item ${i}`, Quantity: i + 1, Price: 1000 * (i + 1) })),
  },
};

/** The unit: what a request's handling is made of (text in and out, objects, a map), always the same. */
function unit(): number {
  let sum = 0;
  for (let i = 0; i < 40; i++) {
    const parsed = JSON.parse(JSON.stringify(PAYMENT)) as typeof PAYMENT;
    sum += parsed.Payment.Amount;
    const m = new Map<string, number>();
    for (let j = 0; j < 50; j++) m.set(`k${j}`, j);
    sum += m.size;
  }
  return sum;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function probe(s: SpacedWorkSettings): Promise<SpacedWork> {
  if (s.cpu !== undefined && !pinSelf(s.cpu)) throw new Error(`could not pin the probe to CPU ${s.cpu}`);
  for (let i = 0; i < 1_000; i++) unit();
  let backCpu = 0;
  let spacedCpu = 0;
  let spacedWall = 0;
  for (let r = 0; r < s.rounds; r++) {
    const b = process.cpuUsage();
    for (let i = 0; i < s.backToBackUnits; i++) unit();
    backCpu += cpuMsSince(b);
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < s.spacedUnits; i++) {
      unit();
      await new Promise((resolve) => setTimeout(resolve, s.gapMs));
    }
    spacedWall += performance.now() - t;
    spacedCpu += cpuMsSince(c);
  }
  const backToBackMs = backCpu / (s.rounds * s.backToBackUnits);
  const spacedMs = spacedCpu / (s.rounds * s.spacedUnits);
  let cpus: string | null;
  try {
    cpus = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;
  } catch {
    cpus = null; // not Linux
  }
  return {
    gapMs: s.gapMs,
    measuredGapMs: spacedWall / (s.rounds * s.spacedUnits),
    backToBackMs,
    spacedMs,
    ratio: spacedMs / backToBackMs,
    cpus,
  };
}

/** What the probe sends its parent: its measurement, or why it could not make one. */
type ProbeAnswer = { ok: true; work: SpacedWork } | { ok: false; error: string };

/** Runs the probe in a child process of its own (so no other work of this one runs between its units). */
export function measureSpacedWork(s: SpacedWorkSettings): Promise<SpacedWork> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(s)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    let answer: ProbeAnswer | undefined;
    child.once('message', (m) => {
      answer = m as ProbeAnswer;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.ok) resolve(answer.work);
      else reject(new Error(answer ? answer.error : `the spaced-work probe exited with code ${code}`));
    });
  });
}

/** The gateway's CPU a success during a target, from the run's CPU records; null when not read. */
function gatewayMsPerOk(cpu: CpuRecord[], target: string): number | null {
  return cpu.find((c) => c.target === target && c.process === 'gateway')?.msPerOk ?? null;
}

/**
 * The report's two rows beside the open loop's p99, reported only: the probe's spaced unit against
 * its back-to-back one, and the gateway's CPU a create in the open loop against the peak's (`peak`
 * and `openLoop` name those targets). Read together: how much of the gateway's dearer lone create
 * the host charges any work spaced out so.
 */
export function spacedWorkVerdicts(w: SpacedWork | Error, cpu: CpuRecord[], peak: string, openLoop: string): Verdict[] {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const target = 'host: the same JS work, spaced out';
  // a probe that could not run is said in its row: a diagnostic never stops the run
  const probe: Verdict =
    w instanceof Error
      ? skipped(target, `not measured: ${w.message}`, false)
      : reported(
          target,
          `${ms(w.spacedMs)} a unit, one every ${ms(w.measuredGapMs)}`,
          `${ms(w.backToBackMs)} a unit back to back (spaced-work.ts${w.cpus ? `, CPU ${w.cpus}` : ''})`,
          w.ratio,
        );
  const open = gatewayMsPerOk(cpu, openLoop);
  const closed = gatewayMsPerOk(cpu, peak);
  const gatewayTarget = "gateway's CPU a create, open loop";
  const gateway: Verdict =
    open === null || closed === null || closed === 0
      ? skipped(gatewayTarget, 'not read', false)
      : reported(gatewayTarget, ms(open), `${ms(closed)} (${peak})`, open / closed);
  return [probe, gateway];
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const send = process.send.bind(process);
  const answer = (a: ProbeAnswer, code: number) => send(a, () => process.exit(code));
  probe(JSON.parse(process.argv[2]!) as SpacedWorkSettings).then(
    (work) => answer({ ok: true, work }, 0),
    (e: unknown) => answer({ ok: false, error: e instanceof Error ? e.message : String(e) }, 1),
  );
}
