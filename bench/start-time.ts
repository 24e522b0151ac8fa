/**
 * Start time and memory of `walletgate start` (ADR 0029): from spawn to the first 200 from /health,
 * and the process's RSS and CPU time (user + system) at that moment, for the compiled build (`node bin/walletgate.mjs start`,
 * dist/cli.js) and for the sources through tsx (the same bin with WALLETGATE_FROM_SOURCE=1, as
 * before the build existed). Runs alternate between the two so a busy machine weighs on both; one
 * unmeasured run of each goes first (tsx's transform cache, the disk cache). Each run gets a new
 * data folder (SQLite, migrations applied) and a free port, HTTPS off, logging silent. On a busy
 * machine the CPU time says more than the wall time: it leaves out the waits for a core (and
 * tsx's esbuild, a process of its own).
 *
 *   node --import tsx bench/start-time.ts            5 runs of each, medians
 *   START_RUNS=9 node --import tsx bench/start-time.ts
 *
 * dist/ is built first when it is missing or older than src/ (scripts/build.mjs --if-stale).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds } from './process-cpu.js';
import { rssMb } from './process-memory.js';
import { freePort } from './free-port.js';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.env.START_RUNS ?? 5);
const POLL_MS = 5;

type Variant = 'tsx' | 'dist';
interface Sample {
  ms: number;
  rssMb: number;
  cpuMs: number;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

async function startOnce(variant: Variant): Promise<Sample> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wg-start-time-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, WALLETGATE_DATA_DIR: dataDir, HTTPS_PORT: '0', WALLETGATE_LOG_LEVEL: 'silent' };
  delete env.WALLETGATE_FROM_SOURCE;
  delete env.DATABASE_URL;
  if (variant === 'tsx') env.WALLETGATE_FROM_SOURCE = '1';
  const began = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'walletgate.mjs'), 'start', '--port', String(port)], { env, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    // polling is the measurement here: the first answer a balancer's health check would get
    while (!(await healthy(`http://127.0.0.1:${port}/health`))) {
      if (exited) throw new Error(`walletgate (${variant}) exited before answering /health`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const ms = performance.now() - began;
    const [cpu, rss] = await Promise.all([cpuSeconds(child.pid!), rssMb(child.pid!)]);
    if (cpu === null || rss === null) throw new Error('no /proc/<pid>/stat or status: Linux only');
    return { ms, rssMb: rss, cpuMs: cpu * 1000 };
  } finally {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
const variants: Variant[] = ['tsx', 'dist'];
for (const v of variants) await startOnce(v); // warm-up, not counted
const samples: Record<Variant, Sample[]> = { tsx: [], dist: [] };
for (let i = 0; i < runs; i++) {
  for (const v of variants) {
    const s = await startOnce(v);
    samples[v].push(s);
    console.log(`${v.padEnd(4)} run ${i + 1}: ${s.ms.toFixed(0)} ms, ${s.rssMb.toFixed(0)} MB, ${s.cpuMs.toFixed(0)} ms CPU`);
  }
}
console.log(`\nmedians of ${runs} runs (spawn → first 200 from /health; RSS and CPU time then), Node ${process.version}:`);
for (const v of variants) {
  const label = v === 'tsx' ? 'src through tsx' : 'dist/cli.js';
  const m = (pick: (s: Sample) => number): string => median(samples[v].map(pick)).toFixed(0);
  console.log(`  ${label.padEnd(16)} ${m((s) => s.ms)} ms  ${m((s) => s.rssMb)} MB  ${m((s) => s.cpuMs)} ms CPU`);
}
