/** Small ANSI helpers for friendly CLI output; plain text when stdout is not a terminal or NO_COLOR is set. */
const on = process.stdout.isTTY && !process.env.NO_COLOR;
const wrap = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = wrap('1');
export const dim = wrap('2');
export const green = wrap('32');
export const yellow = wrap('33');
export const red = wrap('31');
export const cyan = wrap('36');

export function table(rows: string[][]): string {
  // eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
  const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => strip(r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - strip(c).length)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
