/**
 * Runs a Markdown document's examples as a person pasting them would: in order, shell blocks in
 * one bash session, JavaScript blocks as ES modules saved in the repository (so its packages
 * resolve) and run with node from that session, background blocks in their own processes until the
 * document is done. Blocks marked no-run and samples are skipped.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { BackgroundProcess, portInUse } from './background-process.js';
import type { CodeBlock } from './markdown-blocks.js';
import { ShellSession, type BlockRun } from './shell-session.js';

export interface DocumentRun {
  /** What a block printed: the first run block whose code contains `snippet`. */
  output(snippet: string): BlockRun;
  /** The background process started by the block whose code contains `snippet`. */
  background(snippet: string): BackgroundProcess;
  /** Runs more shell in the document's session, after its blocks (for checks a document describes in words). */
  shell(code: string): Promise<BlockRun>;
  /** The file a JavaScript block was saved as, to run it again. */
  moduleOf(snippet: string): string;
}

export interface RunOptions {
  repoRoot: string;
  /** scratch space for this document: shell block files, its JavaScript modules (inside the repository) */
  workDir: string;
  env: NodeJS.ProcessEnv;
  blockTimeoutMs: number;
}

const find = <T>(entries: [CodeBlock, T][], snippet: string, what: string): T => {
  const hit = entries.find(([b]) => b.code.includes(snippet));
  if (!hit) throw new Error(`no ${what} block contains ${JSON.stringify(snippet)}`);
  return hit[1];
};

/** Runs the blocks, then `check` while background examples still run; stops everything afterwards. */
export async function runDocument(blocks: CodeBlock[], opts: RunOptions, check: (run: DocumentRun) => Promise<void>): Promise<void> {
  mkdirSync(opts.workDir, { recursive: true });
  const session = new ShellSession(opts.workDir, opts.repoRoot, opts.env);
  const outputs: [CodeBlock, BlockRun][] = [];
  const backgrounds: [CodeBlock, BackgroundProcess][] = [];
  const modules: [CodeBlock, string][] = [];
  const where = (b: CodeBlock) => `${b.file}:${b.line} (\`\`\`${b.info})`;
  const saveModule = (b: CodeBlock) => {
    const file = join(opts.workDir, `${basename(b.file, '.md')}-line-${b.line}.mjs`);
    writeFileSync(file, b.code);
    modules.push([b, file]);
    return file;
  };
  try {
    for (const b of blocks) {
      const a = b.action;
      if (a.kind === 'shell') outputs.push([b, await session.run(b.code, where(b), opts.blockTimeoutMs)]);
      if (a.kind === 'node') {
        const file = relative(opts.repoRoot, saveModule(b));
        outputs.push([b, await session.run(`node '${file}'\n`, where(b), opts.blockTimeoutMs)]);
      }
      if (a.kind === 'background') {
        if (await portInUse(a.port))
          throw new Error(`${where(b)} listens on port ${a.port}, which something else already uses: free it and run again.`);
        const [command, args] = a.runtime === 'shell' ? ['bash', ['-c', b.code]] : [process.execPath, [saveModule(b)]];
        const proc = new BackgroundProcess(where(b), command, args as string[], { cwd: opts.repoRoot, env: opts.env });
        backgrounds.push([b, proc]);
        await proc.waitForPort(a.port, opts.blockTimeoutMs);
      }
    }
    await check({
      output: (snippet) => find(outputs, snippet, 'run'),
      background: (snippet) => find(backgrounds, snippet, 'background'),
      moduleOf: (snippet) => find(modules, snippet, 'JavaScript'),
      shell: (code) => session.run(code, `check after ${blocks[0]?.file ?? 'the document'}`, opts.blockTimeoutMs),
    });
  } finally {
    session.close();
    await Promise.all(backgrounds.map(([, p]) => p.stop()));
  }
}
