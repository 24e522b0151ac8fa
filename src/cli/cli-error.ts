/**
 * A mistake the person at the terminal can fix (a missing argument, an unknown merchant, a bad
 * URL): the CLI prints the message and the hint, each on one line, and exits 1 — never a stack.
 */
export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}
