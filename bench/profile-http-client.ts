/**
 * The CPU of one outgoing request, walletgate's client (src/http-client/post.ts, ADR 0039) against
 * node:http's with a kept-alive Agent (what post.ts used before): PROF_CALLS POSTs of a KakaoPay
 * `ready`-sized body, PROF_CONCURRENCY in flight, to a node:http server in a child process on CPU 1
 * (this process belongs on CPU 0: `taskset -c 0 node --import tsx bench/profile-http-client.ts`).
 * Prints, per client and round (alternated), calls a second and this process's CPU a call.
 * Not part of npm run bench.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { httpPost } from '../src/http-client/post.js';

const calls = Number(process.env.PROF_CALLS ?? 40_000);
const concurrency = Number(process.env.PROF_CONCURRENCY ?? 16);
const rounds = Number(process.env.PROF_ROUNDS ?? 3);

const serverCode = `
const http = require('node:http');
const answer = JSON.stringify({ tid: 'T1234567890', next_redirect_pc_url: 'http://127.0.0.1/x', created_at: '2026-12-05T00:00:00' });
const s = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer));
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
const server = spawn('taskset', ['-c', '1', process.execPath, '-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
const url = `http://127.0.0.1:${portLine}/online/v1/payment/ready`;

const body = JSON.stringify({
  cid: 'TC0ONETIME',
  partner_order_id: 'order-1',
  partner_user_id: 'user',
  item_name: 'Order',
  quantity: 1,
  total_amount: 15000,
  tax_free_amount: 0,
  approval_url: 'http://x/a',
  cancel_url: 'http://x/c',
  fail_url: 'http://x/f',
});
const headers = { authorization: 'SECRET_KEY DEV1234567890', 'content-type': 'application/json' };

const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' });
function nodeHttpPost(): Promise<{ status: number; text: string }> {
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: Object.assign({}, headers, { 'content-length': String(payload.length) }) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
const clients: Record<string, () => Promise<{ status: number; text: string }>> = {
  'node:http': nodeHttpPost,
  walletgate: () => httpPost(url, headers, body, 5_000),
};

async function round(post: () => Promise<{ status: number; text: string }>, n: number) {
  let left = n;
  const worker = async () => {
    while (left-- > 0) {
      const r = await post();
      if (r.status !== 200) throw new Error(`answered ${r.status}`);
      JSON.parse(r.text);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: Math.round((n / (performance.now() - t0)) * 1000), cpuUs: (cpu.user + cpu.system) / n };
}

for (const post of Object.values(clients)) await round(post, 2_000); // warm-up
console.log(`${calls} POSTs a round, ${concurrency} in flight, server on CPU 1`);
for (let r = 1; r <= rounds; r++) {
  for (const [name, post] of Object.entries(clients)) {
    const { perSecond, cpuUs } = await round(post, calls);
    console.log(
      `round ${r}  ${name.padEnd(10)}  ${String(perSecond).padStart(6)} calls/s  ${cpuUs.toFixed(1).padStart(5)} µs of CPU a call`,
    );
  }
}
server.kill();
