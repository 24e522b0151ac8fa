/**
 * The sandbox customer API: `POST /customer` with `{"url": "<a payment link walletgate gave a
 * merchant>", "action": "approve" | "cancel" | "fail" | "abandon"}` plays the customer over real
 * HTTP (see customer-driver.ts; this server's own wallet pages in process, own-pages.ts) and answers `{finalUrl, steps, action}`; `"action": "transfer"`
 * pays a bank transfer payment through the sandbox bank (bank/transfer-action.ts). Register under `/sandbox`.
 */
import type { FastifyInstance } from 'fastify';
import { CUSTOMER_ACTIONS, CustomerDriveError, driveCustomer } from './customer-driver.js';
import type { CustomerAction } from './customer-driver.js';
import { readTransferBody, transferAction } from './bank/transfer-action.js';
import type { OwnPages } from './own-pages.js';

export interface SandboxCustomerApiOptions {
  /** per-request timeout of the simulated browser; default 10 s */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** the wallet pages of this server, which the customer walks in process (own-pages.ts) */
  ownPages?: OwnPages;
}

function badRequest(message: string, extra: object = {}): object {
  return { error: 'bad_request', message, ...extra };
}

function readBody(body: unknown): { url: string; action: CustomerAction; card?: string } | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object {"url": …, "action": …}';
  const { url, action, card } = body as { url?: unknown; action?: unknown; card?: unknown };
  if (typeof url !== 'string' || url === '') return '"url" must be the payment link walletgate gave the merchant';
  if (typeof action !== 'string' || !(CUSTOMER_ACTIONS as readonly string[]).includes(action))
    return `"action" must be one of ${[...CUSTOMER_ACTIONS, 'transfer'].join(', ')}`;
  if (card !== undefined && (typeof card !== 'string' || !/^[\d ]{12,23}$/.test(card)))
    return '"card" must be a card number (digits, spaces allowed), such as one of the test cards in docs/sandbox.md';
  return { url, action: action as CustomerAction, ...(typeof card === 'string' ? { card } : {}) };
}

export async function sandboxCustomerApiPlugin(app: FastifyInstance, opts: SandboxCustomerApiOptions): Promise<void> {
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    return status < 500
      ? reply.code(400).send(badRequest(err.message))
      : reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  app.post('/customer', async (req, reply) => {
    if ((req.body as { action?: unknown } | null)?.action === 'transfer') {
      const transfer = readTransferBody(req.body as Record<string, unknown>);
      if (typeof transfer === 'string') return reply.code(400).send(badRequest(transfer));
      return transferAction(transfer, reply, opts.timeoutMs);
    }
    const input = readBody(req.body);
    if (typeof input === 'string') return reply.code(400).send(badRequest(input));
    try {
      // the origin this request came to names this server: its wallet pages there are answered in process
      const origin = `${req.protocol}://${req.host}`;
      const own = opts.ownPages;
      const result = await driveCustomer({
        ...input,
        ...(own ? { ownPages: (method, url, body) => own.answer(origin, method, url, body) } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
      return { finalUrl: result.finalUrl, steps: result.steps, action: input.action };
    } catch (e) {
      if (!(e instanceof CustomerDriveError)) throw e;
      return reply.code(400).send(badRequest(e.message, { steps: e.steps }));
    }
  });
}
