/**
 * The sweeper's wallet calls, spread out (ADR 0049). A pass may ask the wallet about a hundred
 * records of each kind; asked back to back, those calls were a burst every pass, on the gateway's
 * event loop (a pass of 100 lookups: about 90 ms of CPU in under 90 ms) and against the wallet's
 * rate limit, which live checkouts share. Paced, they cost the same, spread evenly:
 * at most `perSecond` calls a second, whatever the number of passes.
 */

/** Resolves when the next wallet call may start: true, or false once the sweeper is stopping (the pass ends there). */
export type WalletCallPace = () => Promise<boolean>;

export interface WalletCallPacer {
  pace: WalletCallPace;
  /** Every waiting and later call gets false at once (and its timer is cleared): a stopping gateway does not wait out the pace. */
  stop(): void;
}

/** No pacing: every call may start at once (a pass run by hand, `walletgate sweep`, or a test). */
export const UNPACED: WalletCallPace = () => Promise.resolve(true);

/**
 * A pace of `perSecond` wallet calls a second, shared by every pass of one sweeper: the first call
 * starts at once, each later one `1000 / perSecond` ms after the one before it was let go (or at
 * once, after a longer pause). `perSecond` 0 means unpaced.
 */
export function walletCallPacer(perSecond: number, now: () => number = () => performance.now()): WalletCallPacer {
  if (!(perSecond > 0) || perSecond === Infinity) return { pace: UNPACED, stop: () => {} };
  const spacingMs = 1000 / perSecond;
  let nextAt = -Infinity;
  let stopped = false;
  const waiting = new Map<NodeJS.Timeout, (go: boolean) => void>();
  return {
    pace() {
      if (stopped) return Promise.resolve(false);
      const t = now();
      const at = Math.max(t, nextAt);
      nextAt = at + spacingMs;
      if (at <= t) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const wait = (ms: number) => {
          const timer = setTimeout(() => {
            waiting.delete(timer);
            if (stopped) return resolve(false);
            // a timer may fire before its time by this clock (Node counts its delay from the event
            // loop's cached time, and in whole milliseconds): the call waits out the rest of its turn
            const left = at - now();
            if (left > 0) wait(left);
            else resolve(true);
          }, ms);
          waiting.set(timer, resolve);
        };
        wait(at - t);
      });
    },
    stop() {
      stopped = true;
      for (const [timer, resolve] of waiting) {
        clearTimeout(timer);
        resolve(false);
      }
      waiting.clear();
    },
  };
}
