/**
 * What each ratio target's threshold leaves every core of this machine, from this run's own numbers.
 * At the rate a threshold needs (threshold × floor), a core has `1000 ÷ rate` ms of CPU for each
 * success; the processes pinned to it spent what the CPU table says. A core whose processes spend
 * more than that is a bound the target cannot pass until they spend less. The machine as a whole
 * (every core, every process measured, PostgreSQL's included) is judged the same way.
 *
 * A place whose outside processes alone (the wallet sandbox, standing in for another company's
 * server, and the load generator with the merchant's receiver) spend more than it can give bounds
 * the target on this machine whatever the gateway costs: there, only a cheaper sandbox or load
 * generator, or more cores, moves it (docs/benchmarks.md, "How to read the report").
 */
import { BENCH_PROCESS, STOLEN, type CpuRecord } from './process-cpu.js';
import type { Verdict } from './verdicts.js';

/** The processes that stand for the world outside walletgate: the wallet's server, the customers and the merchant. */
const OUTSIDE: ReadonlySet<string> = new Set(['sandbox', BENCH_PROCESS]);

export interface BudgetRow {
  target: string;
  /** the rate the threshold needs, a second */
  neededPerSecond: number;
  /** "CPU 0", "CPU 1" or "N cores" (the machine) */
  where: string;
  /** the processes counted there */
  processes: string[];
  /** CPU ms a success the place can give at the needed rate */
  allowsMs: number;
  /** CPU ms a success its processes spent in this run */
  spentMs: number;
  /** of that, the outside processes' (sandbox, load generator, receiver) */
  outsideMs: number;
}

/**
 * One row for each core a target's pinned processes ran on, and one for the machine, for every
 * ratio verdict with a threshold whose target has CPU records (a target measured against another
 * target, such as two gateways ÷ one, has none under its own name). A process with an unknown CPU
 * makes the target's rows unknown: it gets none.
 */
export function cpuBudget(verdicts: readonly Verdict[], cpu: readonly CpuRecord[], cores: number): BudgetRow[] {
  const rows: BudgetRow[] = [];
  for (const v of verdicts) {
    const needed = v.neededPerSecond;
    if (needed === undefined || needed <= 0) continue;
    const records = cpu.filter((c) => c.target === v.target && c.process !== STOLEN);
    if (records.length === 0 || records.some((c) => c.msPerOk === null)) continue;
    const place = (where: string, of: readonly CpuRecord[], coreCount: number): BudgetRow => ({
      target: v.target,
      neededPerSecond: needed,
      where,
      processes: of.map((c) => c.process),
      allowsMs: (1000 * coreCount) / needed,
      spentMs: of.reduce((sum, c) => sum + c.msPerOk!, 0),
      outsideMs: of.filter((c) => OUTSIDE.has(c.process)).reduce((sum, c) => sum + c.msPerOk!, 0),
    });
    const pinnedCores = [...new Set(records.flatMap((c) => (c.core === undefined ? [] : [c.core])))].sort((a, b) => a - b);
    for (const core of pinnedCores)
      rows.push(
        place(
          `CPU ${core}`,
          records.filter((c) => c.core === core),
          1,
        ),
      );
    rows.push(place(`${cores} cores`, records, cores));
  }
  return rows;
}

/** Over its budget by this much or less is within the noise of one run: said as "at its limit". */
const AT_LIMIT = 1.05;

/** How a row's spending compares with what it is allowed. */
export function budgetVerdict(row: BudgetRow): string {
  if (row.outsideMs > row.allowsMs) return `${(row.outsideMs / row.allowsMs).toFixed(2)}× over by the outside processes alone`;
  const over = row.spentMs / row.allowsMs;
  if (over <= 1) return 'fits';
  if (over <= AT_LIMIT) return 'at its limit';
  return `${over.toFixed(2)}× over`;
}
