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
  private readonly group: boolean;

  constructor(
    readonly where: string,
    command: string,
    args: string[],
    opts: {
      cwd: string;
      env: NodeJS.ProcessEnv;
      /** in a process group of its own, stopped with its children (default) */ group?: boolean;
    },
  ) {
    this.group = opts.group ?? true;
    this.child = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: this.group, stdio: ['ignore', 'pipe', 'pipe'] });
    // should this test process end without its after hooks (killed), do not leave the example running on its port
    const orphanGuard = () => this.signal('SIGKILL');
    process.once('exit', orphanGuard);
    this.child.once('exit', () => process.off('exit', orphanGuard));
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

  /** Sends a signal to it (and, in its own group, to everything it started); false when it is gone. */
  private signal(sig: NodeJS.Signals): boolean {
    try {
      process.kill(this.group ? -this.child.pid! : this.child.pid!, sig);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops it and everything it started: SIGTERM, then SIGKILL if it is still there after 5 s. */
  async stop(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    if (!this.signal('SIGTERM')) return;
    const killer = setTimeout(() => this.signal('SIGKILL'), 5_000);
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
