/**
 * Work a use case starts and does not wait for (a Checkout.com merchant-initiated charge answers 202
 * Pending while the wallet is asked). Tracked so that shutdown can wait for it; a failure is logged,
 * never lost: the records it was writing carry needsSync, so the sweeper settles them either way.
 */
import type { BackgroundWork, Logger } from './deps.js';

export function createBackgroundWork(log: Logger): BackgroundWork {
  const inFlight = new Set<Promise<unknown>>();
  return {
    run(what, task, taskLog = log) {
      const p: Promise<unknown> = Promise.resolve()
        .then(task)
        .catch((e: unknown) =>
          taskLog.error({ err: (e as Error).message, task: what }, 'background work failed; the sweeper will settle it'),
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
