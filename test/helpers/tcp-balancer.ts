/**
 * A load balancer in front of several gateway processes, as a deployment has one: each incoming
 * connection goes to the next live backend (round robin), bytes are relayed untouched. A backend
 * that refuses the connection is skipped; with none left the connection is dropped. When a backend
 * dies mid-answer the client's connection is dropped too, so the client sees what it would see
 * without the balancer: no answer.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface Balancer {
  /** `http://127.0.0.1:{port}` */
  url: string;
  add(port: number): void;
  remove(port: number): void;
  close(): Promise<void>;
}

export async function startBalancer(): Promise<Balancer> {
  const backends: number[] = [];
  const sockets = new Set<Socket>();
  let next = 0;
  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };

  const server = createServer((client) => {
    track(client);
    client.pause();
    client.on('error', () => client.destroy());
    const tried = new Set<number>();
    const attempt = () => {
      const candidates = backends.filter((p) => !tried.has(p));
      if (candidates.length === 0 || client.destroyed) return client.destroy();
      const port = candidates[next++ % candidates.length]!;
      tried.add(port);
      const upstream = connect(port, '127.0.0.1');
      track(upstream);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        upstream.pipe(client);
        client.pipe(upstream);
        client.resume();
      });
      upstream.on('error', () => {
        if (connected) client.destroy();
        else attempt();
      });
      // a backend that went away without a word (SIGKILL): nothing more comes from it
      upstream.once('close', (hadError) => {
        if (connected && hadError) client.destroy();
      });
      client.once('close', () => upstream.destroy());
    };
    attempt();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    add: (p) => void (backends.includes(p) || backends.push(p)),
    remove: (p) => {
      const i = backends.indexOf(p);
      if (i >= 0) backends.splice(i, 1);
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
