/**
 * One bash session, as a person has one terminal open for a document: blocks are pasted into it
 * one after another, so variables set by one block are there for the next. Strict where a person
 * would notice: the first failing command, an unset variable or an HTTP error answer (curl runs
 * with --fail-with-body) stops the session and fails the block.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BlockRun {
  stdout: string;
  stderr: string;
}

export class BlockFailed extends Error {
  constructor(
    readonly where: string,
    readonly run: BlockRun & { exitCode: number | null },
  ) {
    super(`${where} failed (exit code ${run.exitCode}):\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`);
  }
}

const PRELUDE = `set -euo pipefail
# an HTTP error answer fails the command, as a person reading it would count it as failed; the body is still printed
curl() { command curl --fail-with-body "$@"; }
`;

export class ShellSession {
  private readonly bash: ChildProcessWithoutNullStreams;
  private stdout = '';
  private stderr = '';
  private exited: { code: number | null } | undefined;
  private wake: (() => void) | undefined;
  private count = 0;

  constructor(
    private readonly dir: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: 'pipe' });
    this.bash.stdout.on('data', (d: Buffer) => this.note(() => (this.stdout += d.toString())));
    this.bash.stderr.on('data', (d: Buffer) => this.note(() => (this.stderr += d.toString())));
    this.bash.on('exit', (code) => this.note(() => (this.exited = { code })));
    this.bash.stdin.write(PRELUDE);
  }

  private note(change: () => void): void {
    change();
    this.wake?.();
  }

  /** Runs a shell block in the session (from a file, with stdin from /dev/null, so nothing reads the session's input). */
  async run(code: string, where: string, timeoutMs: number): Promise<BlockRun> {
    if (this.exited) throw new Error(`${where}: the shell session ended with an earlier block`);
    const n = ++this.count;
    const file = join(this.dir, `block-${n}.sh`);
    writeFileSync(file, code);
    const done = `__walletgate_docs_block_${n}_done__`;
    const [outStart, errStart] = [this.stdout.length, this.stderr.length];
    this.bash.stdin.write(`source '${file}' < /dev/null\nprintf '%s\\n' '${done}'; printf '%s\\n' '${done}' >&2\n`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out = this.stdout.slice(outStart);
      const err = this.stderr.slice(errStart);
      if (out.includes(`${done}\n`) && err.includes(`${done}\n`)) {
        return { stdout: out.replace(`${done}\n`, ''), stderr: err.replace(`${done}\n`, '') };
      }
      const exited = this.ended();
      if (exited) throw new BlockFailed(where, { stdout: out, stderr: err, exitCode: exited.code });
      const left = deadline - Date.now();
      if (left <= 0) {
        this.close();
        throw new BlockFailed(`${where} (still running after ${timeoutMs} ms)`, { stdout: out, stderr: err, exitCode: null });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** How the session ended, if it has (read afresh: it changes while a block runs). */
  private ended(): { code: number | null } | undefined {
    return this.exited;
  }

  close(): void {
    if (!this.exited) this.bash.kill('SIGKILL');
  }
}
