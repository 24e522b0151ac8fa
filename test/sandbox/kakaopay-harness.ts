/**
 * Test harness: a real HTTP server with the KakaoPay sandbox at /sandbox/kakaopay (and the
 * customer API at /sandbox), a clock the test moves, and helpers that play the customer's pages.
 * Its state is a SQLite file in a fresh temp folder (removed by close), unless `state` names one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { kakaoPaySandboxPlugin } from '../../src/sandbox/kakaopay/plugin.js';
import type { SandboxStateLocation } from '../../src/sandbox/kakaopay/plugin.js';
import { sandboxCustomerApiPlugin } from '../../src/sandbox/customer-api.js';
import { OwnPages } from '../../src/sandbox/own-pages.js';

export const SECRET = 'DEVTESTSECRETKEY0001';
export const CID = 'TC0ONETIME';
export const SUB_CID = 'TCSUBSCRIP';
export const PREFIX = '/sandbox/kakaopay';

export interface Harness {
  app: FastifyInstance;
  origin: string;
  /** `{origin}/sandbox/kakaopay` */
  base: string;
  clock: { now: Date; advance(ms: number): void };
  call(path: string, body: unknown, opts?: { key?: string | null }): Promise<{ status: number; body: Record<string, unknown> }>;
  ready(overrides?: Record<string, unknown>): Promise<ReadyAnswer>;
  form(tid: string, step: string, fields?: Record<string, string>): Promise<Response>;
  /** confirm → code (→ agreement): returns where the wallet sent the customer */
  authenticate(tid: string): Promise<string>;
  /** the wallet pages answered in process, when started with `ownPages` */
  ownPages: OwnPages | undefined;
  close(): Promise<void>;
}

export interface ReadyAnswer {
  tid: string;
  next_redirect_pc_url: string;
  next_redirect_mobile_url: string;
  next_redirect_app_url: string;
  created_at: string;
  [k: string]: unknown;
}

export function readyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cid: CID,
    partner_order_id: 'order-1',
    partner_user_id: 'user-1',
    item_name: 'Iced americano',
    quantity: 1,
    total_amount: 5000,
    tax_free_amount: 0,
    approval_url: 'http://merchant.example/kakao/ok?order=order-1',
    cancel_url: 'http://merchant.example/kakao/cancel',
    fail_url: 'http://merchant.example/kakao/fail',
    ...overrides,
  };
}

export async function startHarness(
  opts: {
    slowMs?: number;
    tidTtlMs?: number;
    extra?: (app: FastifyInstance) => void;
    state?: SandboxStateLocation;
    /** the customer API walks the wallet pages in process (src/sandbox/own-pages.ts), as serve-sandbox.ts has it */
    ownPages?: boolean;
  } = {},
): Promise<Harness> {
  const clock = {
    now: new Date('2024-03-01T01:00:00Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const tempDir = opts.state ? null : mkdtempSync(join(tmpdir(), 'wg-sandbox-'));
  const state = opts.state ?? { kind: 'sqlite', file: join(tempDir!, 'sandbox-kakaopay.sqlite') };
  const app = Fastify({ logger: false });
  const ownPages = opts.ownPages ? new OwnPages() : undefined;
  await app.register(kakaoPaySandboxPlugin, {
    ...(ownPages ? { ownPages } : {}),
    state,
    prefix: PREFIX,
    secretKeys: [SECRET],
    cids: { oneTime: CID, subscription: SUB_CID },
    now: () => clock.now,
    ...(opts.slowMs !== undefined ? { slowMs: opts.slowMs } : {}),
    ...(opts.tidTtlMs !== undefined ? { tidTtlMs: opts.tidTtlMs } : {}),
  });
  await app.register(sandboxCustomerApiPlugin, { prefix: '/sandbox', ...(ownPages ? { ownPages } : {}) });
  opts.extra?.(app);
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `${origin}${PREFIX}`;

  const call: Harness['call'] = async (path, body, o = {}) => {
    const key = o.key === undefined ? SECRET : o.key;
    const res = await fetch(`${base}/online/v1/payment/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key !== null ? { authorization: `SECRET_KEY ${key}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ready: Harness['ready'] = async (overrides = {}) => {
    const r = await call('ready', readyBody(overrides));
    if (r.status !== 200) throw new Error(`ready failed: ${JSON.stringify(r.body)}`);
    return r.body as unknown as ReadyAnswer;
  };
  const form: Harness['form'] = (tid, step, fields = {}) =>
    fetch(`${base}/pg/${tid}/${step}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const authenticate: Harness['authenticate'] = async (tid) => {
    const page = await fetch(`${base}/pg/${tid}/mInfo`, { redirect: 'manual' });
    await page.text();
    await form(tid, 'confirm', { method: 'MONEY' });
    let res = await form(tid, 'code', { code: '654321' });
    let location = res.headers.get('location') ?? '';
    if (location.endsWith('/mInfo')) {
      res = await form(tid, 'agreement', { agree: 'yes' });
      location = res.headers.get('location') ?? '';
    }
    return location;
  };
  const close = async () => {
    await app.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  return { app, origin, base, clock, call, ready, form, authenticate, ownPages, close };
}

export function pgTokenOf(location: string): string {
  const t = new URL(location).searchParams.get('pg_token');
  if (!t) throw new Error(`no pg_token in ${location}`);
  return t;
}

/** The clock's time as KakaoPay writes it (KST, no offset). */
export function kstOf(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19);
}
