/**
 * `GET /sandbox/bank[?pay=<payment link>]`: the sandbox bank's transfer page, filled in from the
 * payment link's instructions when given; `POST /sandbox/bank` (the form) pays: in full (the
 * amount as typed), short (half of it), over (1.00 more) or late (a value date 8 days ahead, after
 * any payment's expiry: a TokenLifetime is at most 7 days). It sends the signed credit notice to the
 * gateway the payment link belongs to (else the one serving this page), over HTTP, and shows the
 * answer. Register under `/sandbox`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderBankPage, type BankForm, type BankOutcome } from './bank-page.js';
import { newTransactionId, readInstructions, sendNotice, TransferError } from './sandbox-transfer.js';

const FORM = 'application/x-www-form-urlencoded';
const HOW = ['full', 'short', 'over', 'late'] as const;
type How = (typeof HOW)[number];

const EMPTY: BankForm = { pay: '', iban: '', reference: '', amount: '', currency: 'EUR', payer: 'Sandbox Payer' };

/** minor units as the page shows them (two decimals) */
const major = (minor: number): string => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

function linkOf(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

async function filledFrom(pay: string, timeoutMs: number): Promise<{ form: BankForm; problem: string | null }> {
  const url = linkOf(pay);
  if (!url) return { form: { ...EMPTY, pay: '' }, problem: `Not a payment link: ${pay}` };
  try {
    const i = await readInstructions(url, timeoutMs);
    return { form: { ...EMPTY, pay, iban: i.iban, reference: i.reference, amount: major(i.amount), currency: i.currency }, problem: null };
  } catch (e) {
    return { form: { ...EMPTY, pay }, problem: e instanceof TransferError ? e.message : `Could not read ${pay}: ${(e as Error).message}` };
  }
}

function readForm(body: Record<string, string>): { form: BankForm; how: How; minor: number } | { form: BankForm; problem: string } {
  const text = (k: keyof BankForm, max: number) => (typeof body[k] === 'string' ? body[k] : '').trim().slice(0, max);
  const form: BankForm = {
    pay: text('pay', 2000),
    iban: text('iban', 64),
    reference: text('reference', 140),
    amount: text('amount', 20),
    currency: text('currency', 3).toUpperCase(),
    payer: text('payer', 140),
  };
  const how = (HOW as readonly string[]).includes(body.how ?? '') ? (body.how as How) : 'full';
  const m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(form.amount);
  if (!m) return { form, problem: `"${form.amount}" is not an amount: write it like 0.93` };
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  if (minor <= 0) return { form, problem: 'The amount must be more than zero.' };
  if (!/^[A-Z]{3}$/.test(form.currency)) return { form, problem: 'The currency is three letters, like EUR.' };
  if (form.reference === '') return { form, problem: 'Give the reference the payment page shows.' };
  if (form.iban === '') return { form, problem: 'Give the account to pay into (IBAN).' };
  return { form, how, minor };
}

function gatewayOf(req: FastifyRequest, pay: string): URL {
  return new URL('/connectors/banktransfer/transfers', linkOf(pay) ?? `${req.protocol}://${req.host}`);
}

function describe(how: How, sent: { amount: number; currency: string; valueDate: string }, status: number, body: unknown): BankOutcome {
  const received = (body as { received?: { outcome?: string; paymentId?: number | null }[] } | null)?.received?.[0];
  const ok = status === 200 && received !== undefined;
  const words: Record<How, string> = { full: 'in full', short: 'short', over: 'over', late: 'late' };
  return {
    ok,
    headline: ok
      ? `Sent ${major(sent.amount)} ${sent.currency} (${words[how]}): walletgate says "${received.outcome ?? '?'}"`
      : `walletgate refused the notice (HTTP ${status})`,
    rows: [
      ['Amount', `${major(sent.amount)} ${sent.currency}`],
      ['Value date', sent.valueDate],
      ...(ok ? ([['Outcome', received.outcome ?? '?']] as [string, string][]) : []),
      ...(ok && received.paymentId ? ([['Payment', String(received.paymentId)]] as [string, string][]) : []),
    ],
    answer: typeof body === 'string' ? body : JSON.stringify(body, null, 2),
  };
}

export async function sandboxBankPagePlugin(app: FastifyInstance, opts: { timeoutMs?: number }): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
  }
  app.get('/bank', async (req, reply) => {
    const pay = (req.query as { pay?: unknown }).pay;
    const { form, problem } = typeof pay === 'string' && pay !== '' ? await filledFrom(pay, timeoutMs) : { form: EMPTY, problem: null };
    return reply.type('text/html; charset=utf-8').send(renderBankPage(form, null, problem));
  });
  app.post('/bank', async (req, reply) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    const read = readForm(body);
    if ('problem' in read)
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(renderBankPage(read.form, null, read.problem));
    const { form, how, minor } = read;
    const amount = how === 'short' ? Math.max(1, Math.floor(minor / 2)) : how === 'over' ? minor + 100 : minor;
    const day = new Date(Date.now() + (how === 'late' ? 8 * 86_400_000 : 0)).toISOString().slice(0, 10);
    const sent = { reference: form.reference, amount, currency: form.currency, valueDate: day, account: form.iban };
    let gateway: URL;
    try {
      gateway = gatewayOf(req, form.pay);
    } catch {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(renderBankPage(form, null, `Not a walletgate to send the notice to: ${form.pay || String(req.host)}`));
    }
    try {
      const r = await sendNotice(gateway, newTransactionId(), sent, form.payer || 'Sandbox Payer', timeoutMs);
      return reply.type('text/html; charset=utf-8').send(renderBankPage(form, describe(how, sent, r.gateway.status, r.gateway.body), null));
    } catch (e) {
      return reply
        .code(502)
        .type('text/html; charset=utf-8')
        .send(renderBankPage(form, null, `The notice could not be sent: ${(e as Error).message}`));
    }
  });
}
