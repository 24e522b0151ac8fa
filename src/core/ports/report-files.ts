/**
 * Where report CSVs are kept (ADR 0025): `{dataDir}/reports/<folder>/<name>`, a folder per merchant
 * (`_all` for reports over every merchant). storage/report-files.ts implements it over the file system.
 */
import type { Readable } from 'node:stream';

export interface ReportFiles {
  /**
   * Writes `content` under a temporary name, then renames it to `name` (a reader never sees half a
   * file); the bytes written. Throws (and leaves nothing behind) when the content fails.
   */
  write(folder: string, name: string, content: AsyncIterable<string | Buffer>): Promise<{ bytes: number }>;
  /** The file, or undefined when it is not there (any more). */
  open(folder: string, name: string): Promise<Readable | undefined>;
}
