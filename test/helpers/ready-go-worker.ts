/**
 * A child process for the race tests (`node --import tsx <script> …args`): it loads, prints "ready",
 * waits for one line on stdin, then does its work and exits. Start several, wait until every one is
 * ready, then send each its line: they set off together, their start-up (tsx, imports) done.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ReadyGoWorker {
  /** Resolves once it has printed "ready", or has exited without. */
  ready: Promise<void>;
  /** Sends its line (default "go") and closes its stdin. */
  go(line?: string): void;
  /** Its exit: the code, and all it printed on stdout and stderr. */
  exited: Promise<{ code: number | null; out: string; err: string }>;
}

export function startReadyGoWorker(script: string, args: readonly string[], env?: NodeJS.ProcessEnv): ReadyGoWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, out, err }));
  return { ready: Promise.race([ready, exited.then(() => {})]), go: (line = 'go') => child.stdin.end(`${line}\n`), exited };
}
