/**
 * Starts a bench server script (serve-floor.ts, serve-gateway.ts) as a child process, bundled as
 * `walletgate start` runs walletgate (bundled-script.ts), and waits for its `{"ready":true,"port":N}` line; stop() ends it with SIGTERM, then SIGKILL if it lingers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { scriptArgs } from './bundled-script.js';

export interface ChildServer {
  port: number;
  pid: number;
  /** The CPU it is pinned to (`taskset -c`); undefined when it may run on any. */
  cpu?: number;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** File name inside bench/, e.g. 'serve-floor.ts'. */
  script: string;
  env: Record<string, string>;
  /** Run under `taskset -c <cpu>`. */
  cpu?: number;
  readyTimeoutMs?: number;
  /** Extra flags for node, before the script (e.g. --cpu-prof for bench/profile-create.ts). */
  nodeFlags?: string[];
  /** The source tree whose bench/<script> runs (default: this checkout; profile-ab.ts runs two). */
  root?: string;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startChildServer(opts: ChildServerOptions): Promise<ChildServer> {
  const nodeArgs = [...(opts.nodeFlags ?? []), ...(await scriptArgs(opts.script, process.env, opts.root))];
  const [command, args] =
    opts.cpu === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(opts.cpu), process.execPath, ...nodeArgs]];
  const child = spawn(command, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };

  const port = await new Promise<number>((resolve, reject) => {
    const timeoutMs = opts.readyTimeoutMs ?? 60_000;
    const timer = setTimeout(() => fail(new Error(`${opts.script} was not ready within ${timeoutMs} ms`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    function fail(e: Error): void {
      clearTimeout(timer);
      lines.close();
      void stop().then(() => reject(e));
    }
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`${opts.script} exited before it was ready (code ${code}, signal ${signal})`)));
    lines.on('line', (line) => {
      let msg: { ready?: unknown; port?: unknown };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        process.stdout.write(`[${opts.script}] ${line}\n`);
        return;
      }
      if (msg.ready === true && typeof msg.port === 'number') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve(msg.port);
      }
    });
  });
  return { port, pid: child.pid!, ...(opts.cpu !== undefined ? { cpu: opts.cpu } : {}), stop };
}
