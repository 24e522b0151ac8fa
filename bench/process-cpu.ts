/**
 * The CPU the bench's processes spend during a target, read from /proc/{pid}/stat (Linux; null
 * elsewhere): which process a target saturates is what bounds it (docs/benchmarks.md).
 */
import { readdir, readFile } from 'node:fs/promises';

/** Clock ticks a second in /proc/{pid}/stat (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** A process's user + system CPU seconds so far, every thread included; null when unreadable. */
export async function cpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/**
 * The CPU seconds of each process of this machine whose command is `command` (`postgres`: the
 * server, its backends and its background workers), by pid; empty when there is none (a server on
 * another machine, or not Linux).
 */
export async function commandCpuByPid(command: string): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  await Promise.all(
    pids.map(async (pid) => {
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      if (comm.trim() !== command) return;
      const seconds = await cpuSeconds(Number(pid));
      if (seconds !== null) found.set(Number(pid), seconds);
    }),
  );
  return found;
}

/**
 * The CPU seconds a group of processes spent between two readings: each one's growth, all of one
 * that started in between; one that ended in between takes its share with it (counted as nothing,
 * never less). null when neither reading found a process.
 */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number | null {
  if (before.size === 0 && after.size === 0) return null;
  let spent = 0;
  for (const [pid, seconds] of after) spent += Math.max(0, seconds - (before.get(pid) ?? 0));
  return spent;
}

/**
 * A process's CPU time so far in seconds, to the nanosecond: the sum of its threads' run time in
 * /proc/{pid}/task/{tid}/schedstat (the scheduler's own count, where /proc/{pid}/stat counts in
 * 10 ms ticks). A thread that ended since the last read no longer counts: for comparing short slices
 * of a long-running server (profile-ab.ts), whose threads live as long as it does. Null when unreadable.
 */
export async function preciseCpuSeconds(pid: number): Promise<number | null> {
  try {
    let ns = 0;
    for (const tid of await readdir(`/proc/${pid}/task`)) {
      try {
        ns += Number((await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')).split(' ')[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return Number.isFinite(ns) ? ns / 1e9 : null;
  } catch {
    return null;
  }
}

/** The CPU table's row for the PostgreSQL server during the PostgreSQL targets, when it runs on this machine. */
export const POSTGRES_SERVER = 'PostgreSQL (its processes, this machine)';

/**
 * CPU seconds the hypervisor took from this machine's cores since boot (the `steal` column of
 * /proc/stat's `cpu` line, all cores together): time a core wanted to run and another guest ran.
 * On a shared host it is what makes two runs of the same code disagree; null when unreadable.
 */
export async function stolenSeconds(): Promise<number | null> {
  try {
    return stolenSecondsOf(await readFile('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

/** The CPU table's row for this process: the load generator and the notification receiver. */
export const BENCH_PROCESS = 'bench (load, receiver)';

/** The CPU table's row for the time the hypervisor took from the machine during a target. */
export const STOLEN = 'host: taken by the hypervisor';

/** The steal column of a /proc/stat text's `cpu` line, in seconds; null without one. */
export function stolenSecondsOf(procStat: string): number | null {
  const line = /^cpu\s+(.*)$/m.exec(procStat)?.[1];
  // user nice system idle iowait irq softirq steal …
  const steal = line === undefined ? NaN : Number(line.trim().split(/\s+/)[7]);
  return Number.isFinite(steal) ? steal / TICKS_PER_SECOND : null;
}

/** One process's CPU during one target's measured seconds. */
export interface CpuRecord {
  target: string;
  process: string;
  /** share of one core, in percent (100 = one core busy all the time) */
  busyPercent: number | null;
  /** CPU milliseconds for each successful request (or completed flow) */
  msPerOk: number | null;
  /** The CPU the process was pinned to; absent when it could run on any (PostgreSQL, an unpinned run). */
  core?: number;
}

/** The record from readings before and after `seconds` of load that had `ok` successes. */
export function cpuRecord(
  target: string,
  process: string,
  before: number | null,
  after: number | null,
  seconds: number,
  ok: number,
  core?: number,
): CpuRecord {
  const spent = before === null || after === null ? null : after - before;
  return {
    target,
    process,
    busyPercent: spent === null ? null : (100 * spent) / seconds,
    msPerOk: spent === null || ok === 0 ? null : (1000 * spent) / ok,
    ...(core !== undefined ? { core } : {}),
  };
}
