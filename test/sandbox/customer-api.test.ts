import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { driveCustomer } from '../../src/sandbox/customer-driver.js';
import { CID, SUB_CID, startHarness } from './kakaopay-harness.js';
import type { Harness } from './kakaopay-harness.js';

/**
 * A tiny fake walletgate on the same server: /pay/:token sends phones to the wallet's mobile URL,
 * and the return handlers send the customer on to the merchant (another origin, never fetched).
 */
const links = new Map<string, { tid: string; mobileUrl: string }>();
const returns: Array<{ token: string; query: Record<string, string> }> = [];
let h: Harness;

/** the harness, with the customer API walking the wallet pages in process or not */
async function startFakeWalletgate(ownPages: boolean): Promise<Harness> {
  return startHarness({
    ownPages,
    extra: (app) => {
      app.get<{ Params: { token: string } }>('/pay/:token', async (req, reply) => {
        const link = links.get(req.params.token);
        if (!link) return reply.code(404).send('unknown payment');
        if (!/iPhone|Android/.test(req.headers['user-agent'] ?? '')) return reply.type('text/html').send('<p>desktop landing</p>');
        return reply.redirect(link.mobileUrl, 302);
      });
      for (const outcome of ['return', 'cancel', 'fail']) {
        app.get<{ Params: { token: string }; Querystring: Record<string, string> }>(`/pay/:token/${outcome}`, async (req, reply) => {
          returns.push({ token: req.params.token, query: req.query });
          const q = outcome === 'return' ? 'ok=1' : `${outcome}=1`;
          return reply.redirect(`http://merchant.example/return?${q}`, 302);
        });
      }
      app.get('/to-merchant', async (_req, reply) => reply.redirect('http://merchant.example/elsewhere', 302));
    },
  });
}

let counter = 0;
async function payLink(overrides: Record<string, unknown> = {}): Promise<{ url: string; tid: string; token: string; cid: string }> {
  const token = `tok${++counter}`;
  const r = await h.ready({
    approval_url: `${h.origin}/pay/${token}/return`,
    cancel_url: `${h.origin}/pay/${token}/cancel`,
    fail_url: `${h.origin}/pay/${token}/fail`,
    ...overrides,
  });
  links.set(token, { tid: r.tid, mobileUrl: r.next_redirect_mobile_url });
  return { url: `${h.origin}/pay/${token}`, tid: r.tid, token, cid: String(overrides.cid ?? CID) };
}

async function customer(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${h.origin}/sandbox/customer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const statusOf = async (link: { tid: string; cid: string }) => (await h.call('order', { cid: link.cid, tid: link.tid })).body.status;
type Step = { method: string; url: string; status: number };

for (const mode of ['over HTTP', 'in process'] as const) {
  describe(`POST /sandbox/customer, the wallet pages ${mode}`, () => {
    /** requests that reached the server for a wallet page (/pg/) over HTTP */
    let pageHits = 0;
    before(async () => {
      h = await startFakeWalletgate(mode === 'in process');
      h.app.server.on('request', (req: { url?: string }) => {
        if (req.url?.includes('/pg/')) pageHits++;
      });
    });
    after(async () => h.close());

    it('approve: confirm → SMS code → back through walletgate to the merchant, with a pg_token', async () => {
      const link = await payLink();
      const r = await customer({ url: link.url, action: 'approve' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.finalUrl, 'http://merchant.example/return?ok=1');
      assert.equal(r.body.action, 'approve');
      const steps = r.body.steps as Step[];
      assert.deepEqual(
        steps.map((s) => `${s.method} ${new URL(s.url).pathname} ${s.status}`),
        [
          `GET /pay/${link.token} 302`,
          `GET /sandbox/kakaopay/pg/${link.tid}/mInfo 200`,
          `POST /sandbox/kakaopay/pg/${link.tid}/confirm 303`,
          `GET /sandbox/kakaopay/pg/${link.tid}/mInfo 200`,
          `POST /sandbox/kakaopay/pg/${link.tid}/code 303`,
          `GET /pay/${link.token}/return 302`,
        ],
      );
      assert.equal(await statusOf(link), 'AUTH_PASSWORD');
      const back = returns.find((x) => x.token === link.token);
      assert.match(back?.query.pg_token ?? '', /^[0-9a-f]{20}$/);
    });

    it(
      mode === 'in process' ? 'walks the wallet pages without a request to them over HTTP' : 'walks the wallet pages over HTTP',
      async () => {
        const link = await payLink();
        const before = pageHits;
        const r = await customer({ url: link.url, action: 'approve' });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(pageHits - before, mode === 'in process' ? 0 : 4);
      },
    );

    it('a wallet page this sandbox does not keep is asked for over HTTP, and its 404 page seen', async () => {
      const token = `tok${++counter}`;
      links.set(token, { tid: 'T0000000000000000000', mobileUrl: `${h.base}/pg/T0000000000000000000/mInfo` });
      const before = pageHits;
      const r = await customer({ url: `${h.origin}/pay/${token}`, action: 'approve' });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(String(r.body.message), /offers no way to approve \(HTTP 404\)/);
      assert.equal(pageHits - before, 1);
    });

    it('approve on a subscription CID also accepts the auto-debit agreement', async () => {
      const link = await payLink({ cid: SUB_CID, total_amount: 0 });
      const r = await customer({ url: link.url, action: 'approve' });
      assert.equal(r.body.finalUrl, 'http://merchant.example/return?ok=1');
      assert.ok((r.body.steps as Step[]).some((s) => s.method === 'POST' && s.url.endsWith('/agreement')));
      assert.equal(await statusOf(link), 'AUTH_PASSWORD');
    });

    it('cancel: the Cancel button, then cancel_url', async () => {
      const link = await payLink();
      const r = await customer({ url: link.url, action: 'cancel' });
      assert.equal(r.body.finalUrl, 'http://merchant.example/return?cancel=1');
      assert.equal(await statusOf(link), 'QUIT_PAYMENT');
    });

    it('fail: the decline button, then fail_url', async () => {
      const link = await payLink();
      const r = await customer({ url: link.url, action: 'fail' });
      assert.equal(r.body.finalUrl, 'http://merchant.example/return?fail=1');
      assert.equal(await statusOf(link), 'FAIL_PAYMENT');
    });

    it('abandon: the payment times out and the customer never returns', async () => {
      const link = await payLink();
      const r = await customer({ url: link.url, action: 'abandon' });
      assert.equal(r.body.finalUrl, `${h.base}/pg/${link.tid}/mInfo`);
      const steps = r.body.steps as Step[];
      assert.equal(steps.at(-1)?.status, 410);
      assert.ok(!steps.some((s) => s.url.includes('/pay/') && s.url.includes('/return')));
      assert.equal(await statusOf(link), 'QUIT_PAYMENT');
    });

    it('follows a magic [cancel] straight through to the merchant', async () => {
      const link = await payLink({ item_name: 'Tea [cancel]' });
      const r = await customer({ url: link.url, action: 'approve' });
      assert.equal(r.body.finalUrl, 'http://merchant.example/return?cancel=1');
    });

    it('answers 400 for a bad body', async () => {
      for (const body of ['{oops', { url: 'http://x.example/' }, { url: 'http://x.example/', action: 'pay' }, { action: 'approve' }, [1]]) {
        const r = await customer(body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(typeof r.body.message, 'string');
      }
    });

    it('answers 400 when the URL never reaches a KakaoPay sandbox page', async () => {
      for (const url of [`${h.origin}/pay/unknown`, `${h.origin}/to-merchant`, 'not-a-url']) {
        const r = await customer({ url, action: 'approve' });
        assert.equal(r.status, 400, url);
        assert.match(String(r.body.message), /never reached a KakaoPay sandbox wallet page|not an absolute URL/);
      }
    });

    it('approve again after the way back to the shop was interrupted: the wallet\'s "Return to the shop" link, with the same pg_token', async () => {
      const link = await payLink();
      // the customer's connection drops on the way back from the wallet: the shop never hears of it
      const dropping: typeof fetch = async (input, init) => {
        if (String(input).includes('/return?')) throw new TypeError('fetch failed (connection reset)');
        return fetch(input, init);
      };
      await assert.rejects(driveCustomer({ url: link.url, action: 'approve', fetch: dropping }), /connection reset/);
      assert.equal(await statusOf(link), 'AUTH_PASSWORD');
      assert.equal(
        returns.find((x) => x.token === link.token),
        undefined,
      );
      const r = await customer({ url: link.url, action: 'approve' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.finalUrl, 'http://merchant.example/return?ok=1');
      assert.deepEqual(
        (r.body.steps as Step[]).map((s) => `${s.method} ${new URL(s.url).pathname} ${s.status}`),
        [`GET /pay/${link.token} 302`, `GET /sandbox/kakaopay/pg/${link.tid}/mInfo 200`, `GET /pay/${link.token}/return 302`],
      );
      assert.match(returns.find((x) => x.token === link.token)?.query.pg_token ?? '', /^[0-9a-f]{20}$/);
    });

    it('answers 400 when the wallet page offers no way to approve (expired)', async () => {
      const link = await payLink({ item_name: 'Tea [abandon]' });
      const r = await customer({ url: link.url, action: 'approve' });
      assert.equal(r.status, 400);
      assert.match(String(r.body.message), /offers no way to approve/);
    });

    describe('driveCustomer', () => {
      it('starts from the PC page too, continuing on the same device', async () => {
        const link = await payLink();
        const ready = links.get(link.token);
        assert.ok(ready);
        const result = await driveCustomer({ url: ready.mobileUrl.replace(/\/mInfo$/, '/info'), action: 'approve' });
        assert.equal(result.finalUrl, 'http://merchant.example/return?ok=1');
        assert.equal(await statusOf(link), 'AUTH_PASSWORD');
      });
    });

    if (mode === 'in process') {
      describe('OwnPages', () => {
        it('answers a wallet page with the HTML its HTTP route sends', async () => {
          const link = await payLink();
          const page = new URL(`${h.base}/pg/${link.tid}/mInfo`);
          // the first open moves the payment on (READY → OPEN_PAYMENT); both reads below see the same state
          await (await fetch(page)).text();
          const overHttp = await fetch(page);
          const own = await h.ownPages!.answer(h.origin, 'GET', page, undefined);
          assert.ok(own);
          assert.equal(own.status, overHttp.status);
          assert.equal(own.text, await overHttp.text());
          assert.match(own.text, /data-intent="pay"/);
          const pressed = await h.ownPages!.answer(h.origin, 'POST', new URL(`${h.base}/pg/${link.tid}/confirm`), 'method=MONEY');
          assert.equal(pressed?.status, 303);
          assert.equal(pressed?.headers.get('Location'), `/sandbox/kakaopay/pg/${link.tid}/mInfo`);
          assert.equal(pressed?.text, '');
        });

        it('leaves to HTTP what is not one of its pages here', async () => {
          const link = await payLink();
          const ask = (origin: string, method: 'GET' | 'POST', path: string) =>
            h.ownPages!.answer(origin, method, new URL(path, h.origin), undefined);
          assert.equal(await ask('http://127.0.0.2:1', 'GET', `/sandbox/kakaopay/pg/${link.tid}/mInfo`), undefined);
          assert.equal(await ask(h.origin, 'GET', `/sandbox/kakaopay/pg/${link.tid}/mInfo?x=1`), undefined);
          assert.equal(await ask(h.origin, 'GET', `/sandbox/kakaopay/pg/${link.tid}/info`), undefined);
          assert.equal(await ask(h.origin, 'GET', `/sandbox/kakaopay/pg/${link.tid}/confirm`), undefined);
          assert.equal(await ask(h.origin, 'POST', `/sandbox/kakaopay/pg/${link.tid}/mInfo`), undefined);
          assert.equal(await ask(h.origin, 'GET', `/sandbox/kakaopay/pg/%E0%A4%A/mInfo`), undefined);
          assert.equal(await ask(h.origin, 'GET', `/sandbox/kakaopay/pg/T0000000000000000000/mInfo`), undefined);
          assert.equal(await ask(h.origin, 'GET', `/pay/${link.token}`), undefined);
          // none of those touched the payment: it is still as ready left it
          assert.equal(await statusOf(link), 'READY');
        });
      });
    }
  });
}
