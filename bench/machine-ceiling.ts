/**
 * The most a second gateway process could add on this machine, read off the one gateway's own
 * target: the machine's cores ÷ the cores every measured process kept busy during it (the gateway,
 * the sandbox, the load generator with the merchant's receiver, and PostgreSQL's processes when the
 * server runs here; not what the hypervisor took). A second process that cost nothing beyond the
 * creates it serves, on a machine whose every spare cycle it could use, would reach that ratio and
 * no more; its own costs (its connections and PostgreSQL's backends for them, more processes
 * switching on the same cores) only lower it. A ceiling near 1.0 says the machine was already full
 * with one gateway: there, two processes cannot beat one, whatever each costs (docs/benchmarks.md,
 * "How to read the report").
 */
import { STOLEN, type CpuRecord } from './process-cpu.js';
import { reported, skipped, type Verdict } from './verdicts.js';

/** The report's row beside `two gateways ÷ one`, reported only. `oneGateway` names the target the two are divided by. */
export function secondProcessCeiling(name: string, cpu: readonly CpuRecord[], oneGateway: string, cores: number): Verdict {
  const records = cpu.filter((c) => c.target === oneGateway && c.process !== STOLEN);
  if (records.length === 0 || records.some((c) => c.busyPercent === null)) return skipped(name, 'not read', false);
  const busyCores = records.reduce((sum, c) => sum + c.busyPercent!, 0) / 100;
  return reported(name, `${cores} cores`, `${busyCores.toFixed(2)} cores busy (${oneGateway})`, busyCores > 0 ? cores / busyCores : null);
}
