/**
 * The bad-input suites' collector: every failed expectation of a test is kept, so one run lists every
 * case that failed (not just the first); `finish` then checks that the store was left as it was and
 * throws with all of them. Each dialect passes its own error assertion.
 */
import assert from 'node:assert/strict';

export class CheckCollector<R, A extends unknown[]> {
  private readonly failures: string[] = [];
  private count = 0;

  constructor(private readonly assertError: (res: R, ...args: A) => void) {}

  /** The dialect's error envelope, with what `args` say (status, codes, type…). */
  error(label: string, res: R, ...args: A): void {
    this.that(label, () => this.assertError(res, ...args));
  }

  that(label: string, fn: () => void): void {
    this.count += 1;
    try {
      fn();
    } catch (e) {
      this.failures.push(`${label}: ${(e as Error).message}`);
    }
  }

  /** Checks that the store is as it was, then fails with every failed case. */
  async finish(w: { assertNothingWritten(): Promise<void> }): Promise<void> {
    this.that('the store after these requests', () => undefined);
    try {
      await w.assertNothingWritten();
    } catch (e) {
      this.failures.push(`the store changed: ${(e as Error).message}`);
    }
    assert.ok(this.count > 1, 'the test checked something');
    if (this.failures.length > 0) {
      assert.fail(`${this.failures.length} of ${this.count} checks failed:\n- ${this.failures.join('\n- ')}`);
    }
  }
}
