/** How record values become column values and back: Date ↔ epoch ms, objects ↔ JSON text, boolean ↔ 0/1. */

export function toMs(d: Date): number {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  return ms;
}

export function toMsOrNull(d: Date | null): number | null {
  return d === null ? null : toMs(d);
}

export function fromMs(ms: number): Date {
  return new Date(Number(ms));
}

export function fromMsOrNull(ms: number | null): Date | null {
  return ms === null ? null : fromMs(ms);
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function toJsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toFlag(b: boolean | undefined): number {
  return b === true ? 1 : 0;
}

export function fromFlag(n: number): boolean {
  return Number(n) === 1;
}
