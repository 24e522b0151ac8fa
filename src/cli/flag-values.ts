/** Reads the values people type after options and as ids, refusing malformed ones with a UsageError that says what fits. */
import { UsageError } from './cli-error.js';

/** A record's number as typed: `42` or `#42` (as the CLI prints it). undefined when it is not one. */
export function idNumber(raw: string | undefined): number | undefined {
  const m = raw === undefined ? null : /^#?(\d{1,15})$/.exec(raw);
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** --limit N: a whole number from 1 to 1000, or the default. */
export function limitFlag(raw: string | boolean | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 1000))
    throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${String(raw)}".`, 'For example --limit 20.');
  return n;
}

/** An option whose value is one of a few words. */
export function oneOf<T extends string>(option: string, raw: string | boolean | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`Unknown ${option} "${String(raw)}".`, `It is one of ${allowed.join(', ')}.`);
}

/** Like oneOf, for a comma-separated list of the words. */
export function someOf<T extends string>(option: string, raw: string | boolean | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined;
  return String(raw)
    .split(',')
    .map((word) => oneOf(option, word.trim(), allowed)!);
}
