/**
 * Fastify wiring of the customer's wallet pages: GET `/pg/{tid}/info` (PC, QR code),
 * `/pg/{tid}/mInfo` · `/aInfo` · `/order` (phone), the form posts of each step, and GET `/`
 * (what the sandbox is and its magic values). Each request reads and changes its payment in one
 * transaction of the sandbox state; the page is rendered after the commit.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { publicBase } from './api-routes.js';
import { CustomerFlow } from './customer-flow.js';
import type { FlowOutcome } from './customer-flow.js';
import { agreementPage, codePage, confirmPage, desktopPage, indexPage, statePage } from './pages.js';
import { PENDING_STATUSES } from './model.js';
import type { SandboxPayment } from './model.js';
import type { SandboxState } from './state/sandbox-state.js';
import { isKeptText } from './stored-text.js';

const FORM = 'application/x-www-form-urlencoded';

interface TidParams {
  tid: string;
}
type FormBody = Record<string, string | undefined> | undefined;
/** The desktop page's payment, rendered with its QR code once the transaction is over. */
type Desktop = { kind: 'desktop'; p: SandboxPayment };

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

export async function kakaoPayPageRoutes(app: FastifyInstance, opts: { state: SandboxState }): Promise<void> {
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
  }
  const base = app.prefix;

  /** Runs `act` on the payment named in the path in one transaction; no such payment (a tid no state keeps included): the 404 page. */
  const decide = <T>(tid: string, act: (p: SandboxPayment, flow: CustomerFlow) => T): Promise<T | FlowOutcome> =>
    opts.state.run(async (session) => {
      const flow = new CustomerFlow(session, base);
      const p = isKeptText(tid) ? await session.payment(tid) : undefined;
      return p ? act(p, flow) : flow.notFound();
    });

  app.get('/', async (req, reply) => reply.type('text/html; charset=utf-8').send(indexPage(base, publicBase(app, req))));

  app.get<{ Params: TidParams }>('/pg/:tid/info', async (req, reply) => {
    const out = await decide(req.params.tid, (p, flow): FlowOutcome | Desktop =>
      !PENDING_STATUSES.has(p.status) || p.step !== 'confirm' || p.status === 'AUTH_PASSWORD' ? flow.open(p) : { kind: 'desktop', p },
    );
    if (out.kind !== 'desktop') return send(reply, out, base);
    const mobileUrl = `${publicBase(app, req)}/pg/${out.p.tid}/mInfo`;
    const svg = await QRCode.toString(mobileUrl, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
      color: { dark: '#191919', light: '#ffffff' },
    });
    return reply
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(desktopPage(out.p, base, svg));
  });
  for (const page of ['mInfo', 'aInfo', 'order']) {
    app.get<{ Params: TidParams }>(`/pg/:tid/${page}`, async (req, reply) =>
      send(reply, await decide(req.params.tid, (p, flow) => flow.open(p)), base),
    );
  }
  const post = (path: string, act: (flow: CustomerFlow, p: SandboxPayment, body: FormBody) => FlowOutcome) =>
    app.post<{ Params: TidParams; Body: FormBody }>(`/pg/:tid/${path}`, async (req, reply) =>
      send(reply, await decide(req.params.tid, (p, flow) => act(flow, p, req.body)), base),
    );
  post('confirm', (flow, p, body) => flow.confirm(p, body?.method));
  post('code', (flow, p, body) => flow.submitCode(p, body?.code));
  post('agreement', (flow, p) => flow.agree(p));
  post('cancel', (flow, p) => flow.cancel(p));
  post('decline', (flow, p) => flow.decline(p));
  post('abandon', (flow, p) => flow.abandon(p));
}
