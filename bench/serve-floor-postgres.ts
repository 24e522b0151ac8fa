/**
 * The PostgreSQL floor: the least a durable create-payment could cost over PostgreSQL here. A
 * Fastify server with a `pg` pool (10 connections, as walletgate's store) whose `POST /` inserts the
 * parsed request body, one autocommit insert (durable: synchronous_commit as the server has it,
 * `on` by default, as for walletgate), and answers a fixed JSON 201. Its table lives in the schema
 * BENCH_PG_SCHEMA, created here and dropped by the parent.
 *
 * Run as a child of create-payment.bench.ts with BENCH_PG_URL and BENCH_PG_SCHEMA. Prints one JSON
 * line `{"ready":true,"port":N}` on stdout when listening; stops cleanly on SIGTERM or SIGINT.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { serveUntilStopped } from './serve-until-stopped.js';

const url = process.env.BENCH_PG_URL;
const schema = process.env.BENCH_PG_SCHEMA;
if (!url || !schema) throw new Error('BENCH_PG_URL and BENCH_PG_SCHEMA are required');
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`BENCH_PG_SCHEMA must be a plain identifier, got "${schema}"`);

const pool = new pg.Pool({ connectionString: url, max: 10 });
await pool.query(`create schema if not exists "${schema}"`);
await pool.query(
  `create table if not exists "${schema}".floor_payments (id bigserial primary key, body text not null, created_at bigint not null)`,
);
const insert = `insert into "${schema}".floor_payments (body, created_at) values ($1, $2)`;

const answer = { ReturnCode: 0, ReturnMessage: 'OK', Payment: { PaymentID: 'floor', StatusID: 1 } };

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/', async (req, reply) => {
  await pool.query({ name: 'floor-insert', text: insert, values: [JSON.stringify(req.body), Date.now()] });
  return reply.code(201).send(answer);
});

await app.listen({ host: '127.0.0.1', port: 0 });
serveUntilStopped(app, () => pool.end());
