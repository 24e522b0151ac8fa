/**
 * What every bench server (serve-*.ts) does once it listens: says so on stdout as one JSON line
 * `{"ready":true,"port":N}` (child-server.ts waits for it), and on SIGTERM or SIGINT closes the app
 * and then its own resources, once, before exiting.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function serveUntilStopped(app: FastifyInstance, closeResources: () => unknown = () => undefined): void {
  const { port } = app.server.address() as AddressInfo;
  process.stdout.write(JSON.stringify({ ready: true, port }) + '\n');
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await closeResources();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
