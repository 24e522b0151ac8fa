/**
 * This process, all its threads, on one CPU (`taskset -a -p`): where `npm run bench` and the
 * profilers put the load generator and the notification receiver (CPU 1), beside the sandbox and
 * away from the server measured (CPU 0). False when it cannot be done (one CPU, no taskset).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export function pinSelf(cpu: number): boolean {
  if (availableParallelism() <= cpu) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
