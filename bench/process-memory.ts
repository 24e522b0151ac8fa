/** The resident memory of the bench's server processes, read from /proc (Linux); null elsewhere. */
import { readFile } from 'node:fs/promises';

export async function rssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** One process's RSS at the start and the end of one target. */
export interface RssRecord {
  target: string;
  process: string;
  startMb: number | null;
  endMb: number | null;
}
