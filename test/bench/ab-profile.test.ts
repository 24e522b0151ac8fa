/**
 * The A/B profiler's parts (bench/profile-ab.ts): the order of its slices, its arithmetic, and a
 * bench server started from another source tree.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { abRounds, abSummary, type AbSlice } from '../../bench/ab-rounds.js';
import { startChildServer } from '../../bench/child-server.js';
import { preciseCpuSeconds } from '../../bench/process-cpu.js';

describe('A/B profile: the order of the slices', () => {
  it('loads A first in even rounds and B first in odd ones', () => {
    assert.deepEqual(
      abRounds(3).map((s) => `${s.round}${s.side}`),
      ['0A', '0B', '1B', '1A', '2A', '2B'],
    );
    assert.deepEqual(abRounds(0), []);
  });
});

describe('A/B profile: the summary', () => {
  const slice = (round: number, side: 'A' | 'B', cpuMsPerRequest: number, perSecond: number): AbSlice => ({
    round,
    side,
    cpuMsPerRequest,
    perSecond,
  });

  it("takes B ÷ A within each round, and the rounds' median and quartiles; a round without both sides is left out", () => {
    const summary = abSummary([
      // the host slows down from round to round: each round's ratio is still 0.9
      slice(0, 'A', 0.5, 2000),
      slice(0, 'B', 0.45, 2200),
      slice(1, 'B', 0.63, 1600),
      slice(1, 'A', 0.7, 1400),
      slice(2, 'A', 1.0, 1000),
      slice(2, 'B', 0.9, 1100),
      // one round met a step of the host's: B ÷ A of 2
      slice(3, 'A', 0.5, 2000),
      slice(3, 'B', 1.0, 1000),
      // cut short: no B
      slice(4, 'A', 0.1, 9000),
    ]);
    assert.equal(summary.rounds, 4);
    assert.equal(summary.cpuRatio.median, 0.9);
    assert.equal(summary.cpuRatio.q1, 0.9);
    assert.equal(summary.cpuRatio.q3, 1.175);
    assert.equal(summary.cpuRatio.min, 0.9);
    assert.equal(summary.cpuRatio.max, 2);
    assert.equal(summary.rateRatio.median, 1.1);
    assert.equal(summary.rateRatio.min, 0.5);
    assert.deepEqual(summary.cpuMsPerRequest, { A: 0.6, B: 0.765 });
  });

  it('refuses slices in which no round loaded both sides', () => {
    assert.throws(() => abSummary([slice(0, 'A', 0.5, 2000)]), /no round loaded both A and B/);
  });
});

describe('A/B profile: a bench server from another source tree', () => {
  it("bundles and runs that tree's bench/<script>, not this checkout's", async () => {
    // inside this checkout, as a worktree would be anywhere: the bundle sits in this checkout's bench/.build
    const root = fileURLToPath(new URL('../..', import.meta.url));
    mkdirSync(join(root, 'bench', '.build'), { recursive: true });
    const tree = mkdtempSync(join(root, 'bench', '.build', 'tree-'));
    try {
      mkdirSync(join(tree, 'bench'));
      writeFileSync(
        join(tree, 'bench', 'serve-other.ts'),
        'const port: number = 4321;\nconsole.log(JSON.stringify({ ready: true, port }));\nsetInterval(() => {}, 1000);\n',
      );
      const server = await startChildServer({ script: 'serve-other.ts', env: {}, root: tree });
      try {
        assert.equal(server.port, 4321);
        const cpu = await preciseCpuSeconds(server.pid);
        assert.ok(cpu !== null && cpu > 0, `its CPU is read to the nanosecond: ${cpu}`);
      } finally {
        await server.stop();
      }
      assert.equal(await preciseCpuSeconds(server.pid), null);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
