/**
 * The fenced code blocks of a Markdown file, and what the examples test does with each one, read
 * from its info string (the words after the opening fence). Every block says it:
 *
 *   ```sh   / ```bash                 pasted into the document's shell session (variables carry over)
 *   ```js   / ```mjs                  saved as an ES module in the repository and run with node
 *   ```sh background port=9999        started on its own (a second terminal), stopped after the document;
 *   ```js background port=9999        the next block runs once the port accepts connections
 *   ```sh no-run <why>                not run, for the reason given (also ```js no-run …)
 *   ```text / ```json                 output or data samples, never run
 *
 * A block with no info string, an unknown language or an unknown marker is an error: a new
 * example cannot escape the test by accident.
 */

export type BlockAction =
  | { kind: 'shell' }
  | { kind: 'node' }
  | { kind: 'background'; runtime: 'shell' | 'node'; port: number }
  | { kind: 'no-run'; reason: string }
  | { kind: 'sample' };

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence */
  line: number;
  info: string;
  code: string;
  action: BlockAction;
}

export interface BlockProblem {
  file: string;
  line: number;
  problem: string;
}

const RUNTIMES: Record<string, 'shell' | 'node'> = { sh: 'shell', bash: 'shell', js: 'node', mjs: 'node' };
const SAMPLES = new Set(['text', 'json']);

/** What the info string asks for, or why it cannot be followed. */
export function blockAction(info: string): BlockAction | { problem: string } {
  const [lang = '', ...words] = info.trim().split(/\s+/).filter(Boolean);
  if (lang === '')
    return { problem: 'the block has no language: write ```sh / ```js for an example to run, ```text or ```json for a sample' };
  if (SAMPLES.has(lang)) {
    return words.length === 0
      ? { kind: 'sample' }
      : { problem: `\`\`\`${lang} blocks are never run, so "${words.join(' ')}" means nothing` };
  }
  const runtime = RUNTIMES[lang];
  if (!runtime) return { problem: `unknown language "${lang}": run it as sh or js, mark it "${lang} no-run <why>", or make it text` };
  if (words.length === 0) return { kind: runtime };
  if (words[0] === 'no-run') {
    const reason = words.slice(1).join(' ');
    return reason ? { kind: 'no-run', reason } : { problem: '"no-run" needs a reason after it, e.g. ```sh no-run needs the real KakaoPay' };
  }
  if (words[0] === 'background') {
    const port = /^port=(\d{2,5})$/.exec(words[1] ?? '');
    if (!port || words.length !== 2) return { problem: '"background" takes exactly "port=N", the port the example listens on' };
    return { kind: 'background', runtime, port: Number(port[1]) };
  }
  return { problem: `unknown marker "${words.join(' ')}" (known: background port=N, no-run <why>)` };
}

/** Every fenced block of a Markdown text, in order; problems for the blocks whose info string cannot be followed. */
export function readBlocks(file: string, markdown: string): { blocks: CodeBlock[]; problems: BlockProblem[] } {
  const blocks: CodeBlock[] = [];
  const problems: BlockProblem[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    const closes = (l: string) => new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(l);
    while (j < lines.length && !closes(lines[j]!)) body.push(lines[j++]!.replace(new RegExp(`^ {0,${indent.length}}`), ''));
    if (j >= lines.length) {
      problems.push({ file, line: i + 1, problem: 'the block is never closed' });
      break;
    }
    const action = blockAction(info);
    if ('problem' in action) problems.push({ file, line: i + 1, problem: action.problem });
    else blocks.push({ file, line: i + 1, info: info.trim(), code: body.join('\n') + '\n', action });
    i = j;
  }
  return { blocks, problems };
}
