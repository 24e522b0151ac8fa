/**
 * The floor: the least a durable create-payment could cost on this machine. A Fastify server with
 * one better-sqlite3 file (WAL, synchronous=FULL, as walletgate's store) whose `POST /` inserts the
 * parsed request body in one transaction and answers a fixed JSON 201.
 *
 * Run as a child of create-payment.bench.ts, bundled (bundled-script.ts), with
 * BENCH_DATA_DIR set. Prints one JSON line `{"ready":true,"port":N}` on stdout when listening;
 * stops cleanly on SIGTERM or SIGINT.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { serveUntilStopped } from './serve-until-stopped.js';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is required');

const db = new BetterSqlite3(join(dataDir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
db.exec('create table if not exists floor_payments (id integer primary key, body text not null, created_at integer not null)');
const insert = db.prepare('insert into floor_payments (body, created_at) values (?, ?)');

const answer = { ReturnCode: 0, ReturnMessage: 'OK', Payment: { PaymentID: 'floor', StatusID: 1 } };

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/', async (req, reply) => {
  insert.run(JSON.stringify(req.body), Date.now());
  return reply.code(201).send(answer);
});

await app.listen({ host: '127.0.0.1', port: 0 });
serveUntilStopped(app, () => db.close());
