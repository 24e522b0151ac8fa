/**
 * Serves a Fastify app over HTTPS too: a plain node:https server hands every request to
 * `app.routing`, so the HTTP and HTTPS listeners share one app, one set of services and one set of
 * routes and hooks.
 */
import { createServer, type Server } from 'node:https';
import type { FastifyInstance } from 'fastify';

export function listenHttps(app: FastifyInstance, tls: { cert: string; key: string }, host: string, port: number): Promise<Server> {
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => app.routing(req, res));
  server.keepAliveTimeout = app.server.keepAliveTimeout;
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

export function closeHttps(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
