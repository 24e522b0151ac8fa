/**
 * How `walletgate start` stops on SIGTERM or SIGINT (issue 14, docs/deployment.md): within a bound
 * (WALLETGATE_SHUTDOWN_TIMEOUT_MS), in this order —
 * 1. no new connection is accepted (the listeners close; idle keep-alive connections are closed);
 *    a request still arriving on an open connection is answered 503 with `Connection: close` by
 *    Fastify (`return503OnClosing`), so a balancer tries another process;
 * 2. requests in flight finish, each answer saying `Connection: close` so its connection ends with it;
 * 3. the sweeper, report and housekeeping timers stop (a pass under way finishes), background work
 *    drains, the dispatcher stops after its deliveries in flight, the store closes;
 * then the process exits 0. Past the bound it logs what was still running and exits 1. A second
 * signal exits at once (1).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { Services } from '../services.js';
import { closeHttps } from '../tls/https-listener.js';

interface ShutdownParts {
  app: FastifyInstance;
  https: HttpsServer | null;
  services: Pick<Services, 'close'>;
  log: PinoLogger;
  timeoutMs: number;
}

/** Requests whose answer is not yet fully sent, on every listener. */
function trackRequests(servers: readonly (Server | HttpsServer)[]) {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  };
  for (const s of servers) s.on('request', onRequest);
  return {
    count: () => inFlight.size,
    /** From now on every answer ends its connection: the answers not yet started say so too. */
    drain() {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    },
  };
}

/** Installs the SIGTERM/SIGINT handlers. */
export function handleShutdownSignals(parts: ShutdownParts): void {
  const { app, https, services, log, timeoutMs } = parts;
  const exit = (code: number) => process.exit(code);
  const requests = trackRequests(https ? [app.server, https] : [app.server]);
  let step = 'not started';
  let closing = false;

  const stopInOrder = async (): Promise<void> => {
    step = 'answering the requests in flight';
    requests.drain();
    const idleClosing = setInterval(() => {
      // a connection whose answer went out before the drain began may sit idle in keep-alive
      app.server.closeIdleConnections();
      https?.closeIdleConnections();
    }, 100);
    try {
      await Promise.all([app.close(), https ? closeHttps(https) : undefined]);
    } finally {
      clearInterval(idleClosing);
    }
    log.info('shutting down: listeners closed, every request answered');
    step = 'draining background work, the dispatcher and the store';
    await services.close();
  };

  const shutdown = async (signal: string): Promise<void> => {
    if (closing) {
      log.warn({ signal }, `second ${signal}: exiting now, without waiting (${step})`);
      exit(1);
      return;
    }
    closing = true;
    const started = Date.now();
    log.info({ signal, inFlight: requests.count(), timeoutMs }, `shutting down: ${requests.count()} requests in flight`);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([stopInOrder().then(() => 'stopped' as const), bound]);
      if (outcome === 'timeout') {
        log.error(
          { step, inFlight: requests.count(), timeoutMs },
          `shutdown took longer than ${timeoutMs} ms: exiting while ${step} (${requests.count()} requests in flight)`,
        );
        exit(1);
        return;
      }
      log.info({ ms: Date.now() - started }, `stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      exit(0);
    } catch (e) {
      log.error({ err: (e as Error).message, step }, 'shutdown failed');
      exit(1);
    } finally {
      clearTimeout(timer);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
