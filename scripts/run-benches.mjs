#!/usr/bin/env node
// `npm run bench`: the payment targets (bench/create-payment.bench.ts), then the dashboard list at a
// million payments (bench/dashboard-list.bench.ts), one after the other so neither measures the
// other's load. Both always run; the exit code is non-zero when either bench missed a target.
// BENCH_SOAK=1 runs the soak alone (the dashboard list has nothing to soak).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const benches = ['bench/create-payment.bench.ts', ...(process.env.BENCH_SOAK === '1' ? [] : ['bench/dashboard-list.bench.ts'])];
let failed = 0;
for (const bench of benches) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', bench], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed = run.status ?? 1;
}
process.exit(failed);
