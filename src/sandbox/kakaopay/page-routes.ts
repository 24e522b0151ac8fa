/**
 * Fastify wiring of the customer's wallet pages: GET `/pg/{tid}/info` (PC, QR code),
 * `/pg/{tid}/mInfo` · `/aInfo` · `/order` (phone), the form posts of each step, and GET `/`
 * (what the sandbox is and its magic values).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { publicBase } from './api-routes.js';
import { CustomerFlow } from './customer-flow.js';
import type { FlowOutcome } from './customer-flow.js';
import { agreementPage, codePage, confirmPage, desktopPage, indexPage, statePage } from './pages.js';
import { PENDING_STATUSES } from './store.js';
import type { SandboxPayment, SandboxStore } from './store.js';

const FORM = 'application/x-www-form-urlencoded';

interface TidParams {
  tid: string;
}
type FormBody = Record<string, string | undefined> | undefined;

function send(reply: FastifyReply, out: FlowOutcome, base: string): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (out.kind === 'redirect') return reply.code(303).header('location', out.location).send();
  const v = out.view;
  const html =
    v.kind === 'confirm'
      ? confirmPage(v.p, base)
      : v.kind === 'code'
        ? codePage(v.p, base, v.error)
        : v.kind === 'agreement'
          ? agreementPage(v.p, base)
          : statePage(v.view);
  return reply.code(out.httpStatus).type('text/html; charset=utf-8').send(html);
}

export async function kakaoPayPageRoutes(app: FastifyInstance, opts: { store: SandboxStore }): Promise<void> {
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
  }
  const base = app.prefix;
  const flow = new CustomerFlow(opts.store, base);

  /** Runs `act` on the payment named in the path (or answers the 404 page); a string is a finished HTML page. */
  const withPayment = async (reply: FastifyReply, tid: string, act: (p: SandboxPayment) => FlowOutcome | Promise<string | FlowOutcome>) => {
    const p = opts.store.payment(tid);
    const out = p ? await act(p) : flow.notFound();
    if (typeof out !== 'string') return send(reply, out, base);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(out);
  };

  app.get('/', async (req, reply) => reply.type('text/html; charset=utf-8').send(indexPage(base, publicBase(app, req))));

  app.get<{ Params: TidParams }>('/pg/:tid/info', async (req, reply) =>
    withPayment(reply, req.params.tid, async (p) => {
      if (!PENDING_STATUSES.has(p.status) || p.step !== 'confirm' || p.status === 'AUTH_PASSWORD') return flow.open(p);
      const mobileUrl = `${publicBase(app, req)}/pg/${p.tid}/mInfo`;
      const svg = await QRCode.toString(mobileUrl, {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
        color: { dark: '#191919', light: '#ffffff' },
      });
      return desktopPage(p, base, svg);
    }),
  );
  for (const page of ['mInfo', 'aInfo', 'order']) {
    app.get<{ Params: TidParams }>(`/pg/:tid/${page}`, async (req, reply) => withPayment(reply, req.params.tid, (p) => flow.open(p)));
  }
  const post = (path: string, act: (p: SandboxPayment, body: FormBody) => FlowOutcome) =>
    app.post<{ Params: TidParams; Body: FormBody }>(`/pg/:tid/${path}`, async (req, reply) =>
      withPayment(reply, req.params.tid, (p) => act(p, req.body)),
    );
  post('confirm', (p, body) => flow.confirm(p, body?.method));
  post('code', (p, body) => flow.submitCode(p, body?.code));
  post('agreement', (p) => flow.agree(p));
  post('cancel', (p) => flow.cancel(p));
  post('decline', (p) => flow.decline(p));
  post('abandon', (p) => flow.abandon(p));
}
