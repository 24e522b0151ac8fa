/**
 * Fastify wiring of the customer's wallet pages: GET `/pg/{tid}/info` (PC, QR code),
 * `/pg/{tid}/mInfo` · `/aInfo` · `/order` (phone), the form posts of each step, and GET `/`
 * (what the sandbox is and its magic values). Each request reads and changes its payment in one
 * transaction of the sandbox state; the page is rendered after the commit. The phone pages and the
 * posts are also answered in process for the sandbox customer (kakaoPayOwnPages, ../own-pages.ts),
 * by the same code.
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
import type { OwnPageAnswer, OwnPageHandler, OwnPages } from '../own-pages.js';

const FORM = 'application/x-www-form-urlencoded';

interface TidParams {
  tid: string;
}
type FormBody = Record<string, string | undefined> | undefined;
/** The desktop page's payment, rendered with its QR code once the transaction is over. */
type Desktop = { kind: 'desktop'; p: SandboxPayment };
type Act<T> = (p: SandboxPayment, flow: CustomerFlow) => T;

/** The phone pages (GET): the payment's current step. */
const PHONE_PAGES: readonly string[] = ['mInfo', 'aInfo', 'order'];
const open: Act<FlowOutcome> = (p, flow) => flow.open(p);

/** The form posts of each step, by the last segment of their path. */
const ACTIONS = new Map<string, (flow: CustomerFlow, p: SandboxPayment, body: FormBody) => FlowOutcome>([
  ['confirm', (flow, p, body) => flow.confirm(p, body?.method)],
  ['code', (flow, p, body) => flow.submitCode(p, body?.code)],
  ['agreement', (flow, p) => flow.agree(p)],
  ['cancel', (flow, p) => flow.cancel(p)],
  ['decline', (flow, p) => flow.decline(p)],
  ['abandon', (flow, p) => flow.abandon(p)],
]);

/** A decision as its answer: a 303 to where the flow goes next, or the page of the view. */
function answerOf(out: FlowOutcome, base: string): OwnPageAnswer {
  if (out.kind === 'redirect') return { status: 303, location: out.location, html: '' };
  const v = out.view;
  const html =
    v.kind === 'confirm'
      ? confirmPage(v.p, base)
      : v.kind === 'code'
        ? codePage(v.p, base, v.error)
        : v.kind === 'agreement'
          ? agreementPage(v.p, base)
          : statePage(v.view);
  return { status: out.httpStatus, location: null, html };
}

function send(reply: FastifyReply, answer: OwnPageAnswer): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (answer.location !== null) return reply.code(answer.status).header('location', answer.location).send();
  return reply.code(answer.status).type('text/html; charset=utf-8').send(answer.html);
}

/**
 * Runs `act` on the payment `tid` in one transaction; a payment the state does not keep (a tid it
 * could not keep included) gets `missing`.
 */
function decider(state: SandboxState, base: string) {
  return <T, M>(tid: string, act: Act<T>, missing: (flow: CustomerFlow) => M): Promise<T | M> =>
    state.run(async (session) => {
      const flow = new CustomerFlow(session, base);
      const p = isKeptText(tid) ? await session.payment(tid) : undefined;
      return p ? act(p, flow) : missing(flow);
    });
}

/**
 * The phone pages and the posts, answered in process (../own-pages.ts). A path no page takes, and a
 * payment this sandbox does not keep, are left to HTTP (undefined).
 */
export function kakaoPayOwnPages(state: SandboxState, base: string): OwnPageHandler {
  const decide = decider(state, base);
  return async (method, path, form) => {
    const m = /^\/pg\/([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (!m) return undefined;
    let tid: string;
    try {
      tid = decodeURIComponent(m[1]!);
    } catch {
      return undefined;
    }
    const page = m[2]!;
    const action = method === 'POST' ? ACTIONS.get(page) : undefined;
    const act: Act<FlowOutcome> | undefined =
      method === 'GET' ? (PHONE_PAGES.includes(page) ? open : undefined) : action && ((p, flow) => action(flow, p, form));
    if (!act) return undefined;
    const out = await decide(tid, act, () => undefined);
    return out && answerOf(out, base);
  };
}

export async function kakaoPayPageRoutes(app: FastifyInstance, opts: { state: SandboxState; ownPages?: OwnPages }): Promise<void> {
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
  }
  const base = app.prefix;
  const decide = decider(opts.state, base);
  const notFound = (flow: CustomerFlow) => flow.notFound();
  opts.ownPages?.add(base, kakaoPayOwnPages(opts.state, base));

  app.get('/', async (req, reply) => reply.type('text/html; charset=utf-8').send(indexPage(base, publicBase(app, req))));

  app.get<{ Params: TidParams }>('/pg/:tid/info', async (req, reply) => {
    const out = await decide(
      req.params.tid,
      (p, flow): FlowOutcome | Desktop =>
        !PENDING_STATUSES.has(p.status) || p.step !== 'confirm' || p.status === 'AUTH_PASSWORD' ? flow.open(p) : { kind: 'desktop', p },
      notFound,
    );
    if (out.kind !== 'desktop') return send(reply, answerOf(out, base));
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
  for (const page of PHONE_PAGES) {
    app.get<{ Params: TidParams }>(`/pg/:tid/${page}`, async (req, reply) =>
      send(reply, answerOf(await decide(req.params.tid, open, notFound), base)),
    );
  }
  for (const [path, action] of ACTIONS) {
    app.post<{ Params: TidParams; Body: FormBody }>(`/pg/:tid/${path}`, async (req, reply) =>
      send(reply, answerOf(await decide(req.params.tid, (p, flow) => action(flow, p, req.body), notFound), base)),
    );
  }
}
