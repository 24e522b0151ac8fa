/**
 * An example that runs until stopped (a listener, a server), as a person runs it in a second
 * terminal: started in its own process group, awaited until its port accepts connections, its
 * output kept for the test to read, and stopped, children included, after the document.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

export class BackgroundProcess {
  private readonly child: ChildProcess;
  private output = '';
  private exit: { code: number | null; signal: string | null } | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly where: string,
    command: string,
    args: string[],
    opts: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    this.child = spawn(command, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (d: Buffer) => this.changed(() => (this.output += d.toString()));
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.child.on('exit', (code, signal) => this.changed(() => (this.exit = { code, signal })));
  }

  private changed(change: () => void): void {
    change();
    for (const l of this.listeners) l();
  }

  /** Everything it printed so far (stdout and stderr). */
  get printed(): string {
    return this.output;
  }

  /** Resolves once `done()` holds, checked whenever it prints or exits; rejects when it exits first or time runs out. */
  private until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (done()) return finish();
        if (this.exit) finish(new Error(`${this.where} exited (${JSON.stringify(this.exit)}) before ${what}. It printed:\n${this.output}`));
      };
      const timer = setTimeout(
        () => finish(new Error(`${this.where}: no ${what} within ${timeoutMs} ms. It printed:\n${this.output}`)),
        timeoutMs,
      );
      const finish = (e?: Error) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (e) reject(e);
        else resolve();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits until it has printed something matching `pattern`. */
  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    await this.until(() => pattern.test(this.output), `output matching ${pattern}`, timeoutMs);
    return this.output;
  }

  /** Waits until the port accepts connections (tried again each time the process prints, and every 100 ms). */
  async waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
    let open = false;
    let trying = false;
    const attempt = () => {
      if (trying || open) return;
      trying = true;
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        open = true;
        socket.destroy();
        for (const l of this.listeners) l();
      });
      socket.once('error', () => {
        trying = false;
        socket.destroy();
      });
    };
    const retry = setInterval(attempt, 100);
    try {
      attempt();
      await this.until(() => open, `connection on port ${port}`, timeoutMs);
    } finally {
      clearInterval(retry);
    }
  }

  /** Stops it and everything it started. */
  async stop(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    try {
      process.kill(-this.child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5_000);
    await exited;
    clearTimeout(killer);
  }
}

/** Whether something already listens on 127.0.0.1:port (then an example that needs the port cannot run). */
export async function portInUse(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}
