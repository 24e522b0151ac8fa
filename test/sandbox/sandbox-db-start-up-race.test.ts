/**
 * Several processes opening one new sandbox state file at once, as several gateways started together
 * on a fresh data folder do: every one of them opens it. SQLite may refuse a switch to WAL mode at
 * once, without waiting, while another process makes the same switch; the sandbox now asks again
 * (src/sqlite-wal/switch-to-wal.ts), as walletgate's own store did. Without that, a CI run failed
 * test/flows/several-gateways.test.ts with "database is locked" (2026-12-04), and this file failed
 * 1 round of 12 in three runs: the race is narrow, so each round makes it as likely as it can (the
 * processes spin on the two cores until one shared moment).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReadyGoWorker } from '../helpers/ready-go-worker.js';

const WORKER = fileURLToPath(new URL('./sandbox-db-open-worker.ts', import.meta.url));
const PROCESSES = 5;
const ROUNDS = 4;

function startWorker(file: string) {
  const worker = startReadyGoWorker(WORKER, [file]);
  const done = worker.exited.then(({ code, out, err }) =>
    code === 0 && out.includes('opened\n') ? 'opened' : `exited with ${String(code)}: ${err.trim().split('\n')[0] ?? ''}`,
  );
  return { ready: worker.ready, go: (at: number) => worker.go(String(at)), done };
}

describe(`${PROCESSES} processes opening one new sandbox state file at once`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every process opens it`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'wg-sandbox-race-'));
      try {
        const file = join(dir, 'sandbox.sqlite');
        const workers = Array.from({ length: PROCESSES }, () => startWorker(file));
        // every process loaded and waiting, then all told the same moment, far enough ahead that they all spin on the two cores meanwhile (which is when the switch races)
        await Promise.all(workers.map((w) => w.ready));
        const at = Date.now() + 1_500;
        for (const w of workers) w.go(at);
        assert.deepEqual(await Promise.all(workers.map((w) => w.done)), Array<string>(PROCESSES).fill('opened'));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
