/**
 * The sweeper's wallet calls, spread out (ADR 0049): the pacer lets the first call go at once and
 * each later one a spacing after the one before; stopped, it lets nothing more go, waiting or not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UNPACED, walletCallPacer } from '../../src/core/reconcile/wallet-call-pace.js';

/** Whether `p` has settled once the microtasks queued now have run, and with what. */
async function settledNow<T>(p: Promise<T>): Promise<{ settled: boolean; value?: T }> {
  let out: { settled: boolean; value?: T } = { settled: false };
  void p.then((value) => (out = { settled: true, value }));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return out;
}

describe('walletCallPacer', () => {
  it('unpaced (0 a second, or the UNPACED pace): every call goes at once', async () => {
    const { pace } = walletCallPacer(0);
    const all = await Promise.all(Array.from({ length: 50 }, () => settledNow(pace())));
    assert.ok(all.every((r) => r.settled && r.value === true));
    assert.deepEqual(await settledNow(UNPACED()), { settled: true, value: true });
  });

  it('the first call goes at once, the next ones wait their turn, in order', async () => {
    let t = 0;
    const pacer = walletCallPacer(100, () => t); // 10 ms apart, on a clock the test moves
    assert.deepEqual(await settledNow(pacer.pace()), { settled: true, value: true });
    const order: number[] = [];
    const second = pacer.pace().then((go) => (order.push(2), go));
    const third = pacer.pace().then((go) => (order.push(3), go));
    assert.equal((await settledNow(second)).settled, false, 'the second waits for its turn');
    t += 20; // the clock reaches both turns
    assert.deepEqual(await Promise.all([second, third]), [true, true]);
    assert.deepEqual(order, [2, 3]);
    // after a pause longer than the spacing, the next call goes at once again
    t += 1_000;
    assert.deepEqual(await settledNow(pacer.pace()), { settled: true, value: true });
    pacer.stop();
  });

  it('a call whose timer fires before its turn by the clock waits out the rest of it', async () => {
    let t = 0;
    const pacer = walletCallPacer(100, () => t); // 10 ms apart
    assert.equal(await pacer.pace(), true);
    const second = pacer.pace(); // its turn: at 10 by the clock, a timer of 10 ms
    t = 5; // the clock lags the timer: when it fires, half the turn is left
    // not an event to await: the 10 ms timer has fired once this later 30 ms one has (timers fire in the order they are due)
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal((await settledNow(second)).settled, false, 'let go before its turn by the clock');
    t = 10;
    assert.equal(await second, true);
    pacer.stop();
  });

  it('n calls at r a second take at least (n − 1) / r seconds', async () => {
    const pacer = walletCallPacer(50); // 20 ms apart
    const started = performance.now();
    for (let i = 0; i < 5; i++) assert.equal(await pacer.pace(), true);
    // a lower bound only: a loaded machine may take longer, never shorter
    assert.ok(performance.now() - started >= 4 * 20 - 1, `${performance.now() - started} ms`);
    pacer.stop();
  });

  it('stopped, it gives false to the calls waiting (at once, not after their turn) and to every later one', async () => {
    const pacer = walletCallPacer(1); // a second apart: a waiting call would otherwise wait that long
    assert.equal(await pacer.pace(), true);
    const waiting = [pacer.pace(), pacer.pace()];
    assert.equal((await settledNow(waiting[0]!)).settled, false);
    pacer.stop();
    assert.deepEqual(await settledNow(Promise.all(waiting)), { settled: true, value: [false, false] });
    assert.deepEqual(await settledNow(pacer.pace()), { settled: true, value: false });
  });
});
