/**
 * Report CSVs on the file system (core/ports/report-files.ts): `{dataDir}/reports/<folder>/<name>`,
 * written under a temporary name in the same folder, flushed, then renamed, so a download never
 * meets half a file; a failed write leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReportFiles } from '../core/ports/report-files.js';

/** A folder or file name that stays inside the reports folder. */
function safeName(name: string): string {
  if (name !== basename(name) || name === '' || name.startsWith('.')) throw new RangeError(`not a report file name: ${name}`);
  return name;
}

export function reportFilesIn(dataDir: string): ReportFiles {
  const root = join(dataDir, 'reports');
  return {
    async write(folder, name, content) {
      const dir = join(root, safeName(folder));
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.${safeName(name)}.${randomBytes(6).toString('hex')}.tmp`);
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(Readable.from(content), counter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
        const handle = await open(temp, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, join(dir, name));
      } catch (e) {
        await rm(temp, { force: true });
        throw e;
      }
      return { bytes };
    },

    async open(folder, name) {
      const file = join(root, safeName(folder), safeName(name));
      try {
        const handle = await open(file, 'r');
        return handle.createReadStream();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}
