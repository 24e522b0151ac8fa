/**
 * The neutral hosted checkout (src/web/hosted-checkout/): which methods it offers and in what order,
 * and the HTML it writes — every merchant- or customer-given text escaped, every method a labelled
 * submit button of one form, nothing loaded from elsewhere, and no wallet or API named in its code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connector, ConnectorRegistry } from '../../src/core/ports/connector.js';
import type { MethodCapabilities } from '../../src/core/methods.js';
import { methodsForCheckout } from '../../src/web/hosted-checkout/methods-for-checkout.js';
import { checkoutOption, renderMethodChoice, type MethodChoiceView } from '../../src/web/hosted-checkout/method-choice-page.js';
import { checkoutErrorPage } from '../../src/web/hosted-checkout/checkout-error-page.js';
import { renderCheckoutResult } from '../../src/web/hosted-checkout/checkout-result-page.js';

const caps = (name: string, currencies: string[], over: Partial<MethodCapabilities> = {}): MethodCapabilities => ({
  name,
  countries: ['KR', 'PH'],
  currencies,
  flows: ['redirect', 'qr'],
  recurring: false,
  partialRefunds: true,
  minAmount: 1,
  maxAmount: 1_000_000,
  defaultLifetimeMinutes: 15,
  ...over,
});

// only the declarations are read: the connectors are never called
const connector = (id: string, capabilities: Connector['capabilities']) => ({ id, capabilities }) as unknown as Connector;
const REGISTRY: ConnectorRegistry = {
  first: connector('first', { wallet_a: caps('Wallet A', ['KRW']), wallet_b: caps('Wallet B', ['KRW'], { maxAmount: 5_000 }) }),
  second: connector('second', {
    wallet_c: caps('Wallet C', ['KRW', 'PHP']),
    wallet_d: caps('Wallet D', ['PHP']),
    wallet_a: caps('Wallet A', ['PHP']),
  }),
};

const codes = (q: Parameters<typeof methodsForCheckout>[1]) => methodsForCheckout(REGISTRY, q).map((m) => m.code);

describe('methodsForCheckout', () => {
  it('offers what fits the currency, country and amount, each once, in registry order', () => {
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000 }), ['wallet_a', 'wallet_b', 'wallet_c']);
    assert.deepEqual(codes({ currency: 'KRW', amount: 10_000 }), ['wallet_a', 'wallet_c'], 'above Wallet B’s maximum');
    assert.deepEqual(codes({ currency: 'PHP', amount: 1000 }), ['wallet_a', 'wallet_c', 'wallet_d']);
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, country: 'JP' }), []);
    assert.deepEqual(codes({ currency: 'EUR', amount: 1000 }), []);
    assert.deepEqual(codes({ currency: 'KRW', amount: 0 }), [], 'no method takes a zero amount');
  });

  it('include narrows (an empty list offers nothing, null no restriction), exclude removes, unknown codes are ignored', () => {
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, include: ['wallet_c', 'wallet_a', 'nope'] }), ['wallet_a', 'wallet_c']);
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, include: [] }), []);
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, include: null }), ['wallet_a', 'wallet_b', 'wallet_c']);
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, exclude: ['wallet_b', 'nope'] }), ['wallet_a', 'wallet_c']);
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, include: ['wallet_a', 'wallet_b'], exclude: ['wallet_a'] }), ['wallet_b']);
  });

  it('prioritize puts those first in its own order; the rest keep registry order; it never adds a method', () => {
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, prioritize: ['wallet_c', 'wallet_b'] }), ['wallet_c', 'wallet_b', 'wallet_a']);
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, prioritize: ['wallet_d', 'wallet_c', 'wallet_c'] }), [
      'wallet_c',
      'wallet_a',
      'wallet_b',
    ]);
    assert.deepEqual(codes({ currency: 'KRW', amount: 1000, prioritize: ['wallet_b'], exclude: ['wallet_b'] }), ['wallet_a', 'wallet_c']);
  });
});

const EVIL = `<script>alert("x")</script>&'"`;

function view(over: Partial<MethodChoiceView> = {}): MethodChoiceView {
  const [a, c] = methodsForCheckout(REGISTRY, { currency: 'KRW', amount: 12_345, include: ['wallet_a', 'wallet_c'] });
  return {
    merchantName: 'Corner Shop',
    amount: 12_345,
    currency: 'KRW',
    description: 'Two coffees',
    reference: 'order-77',
    methods: [checkoutOption(a!, 'api-name-a'), checkoutOption(c!, 'api-name-c')],
    form: {
      action: '/api/payment',
      methodField: 'chosen',
      hidden: [
        ['signed', 'v1'],
        ['other', 'v2'],
      ],
    },
    ...over,
  };
}

describe('renderMethodChoice', () => {
  it('shows merchant, amount in major units, description and reference, and one submit button per method', () => {
    const html = renderMethodChoice(view());
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h1 class="merchant">Corner Shop<\/h1>/);
    assert.match(html, /12,345 KRW/);
    assert.match(html, /Two coffees/);
    assert.match(html, /order-77/);
    assert.match(html, /<form method="post" action="\/api\/payment">/);
    assert.match(html, /<legend>Choose how to pay<\/legend>/);
    const buttons = [...html.matchAll(/<button type="submit" class="method" name="chosen" value="([^"]+)" aria-describedby="([^"]+)">/g)];
    assert.deepEqual(
      buttons.map((b) => b[1]),
      ['api-name-a', 'api-name-c'],
    );
    for (const [, , hint] of buttons) assert.match(html, new RegExp(`id="${hint}"`), 'each description exists');
    assert.match(html, /<span class="name">Pay with Wallet A<\/span>/, 'the accessible name says what the button does');
    assert.match(html, /<input type="hidden" name="signed" value="v1"><input type="hidden" name="other" value="v2">/);
    assert.equal(renderMethodChoice(view({ amount: 1050, currency: 'EUR' })).includes('10.50 EUR'), true);
  });

  it('escapes every given text: merchant, description, reference, method names and values, hidden fields, URLs', () => {
    const html = renderMethodChoice(
      view({
        merchantName: EVIL,
        description: EVIL,
        reference: EVIL,
        methods: [{ value: EVIL, name: EVIL, flows: ['redirect'] }],
        form: { action: `/x?a=1&b="2"`, methodField: EVIL, hidden: [[EVIL, EVIL]] },
        backUrl: `javascript:"${EVIL}`,
      }),
    );
    assert.equal(html.includes('<script>alert'), false);
    assert.equal(html.includes(`"x")`), false);
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&#39;&quot;/);
    assert.match(html, /action="\/x\?a=1&amp;b=&quot;2&quot;"/);
    assert.equal(html.includes('javascript:'), false, 'a back link that is not a web address is left out');
    assert.match(renderMethodChoice(view({ backUrl: 'https://shop.example/a?b="c"' })), /href="https:\/\/shop.example\/a\?b=%22c%22"/);
  });

  it('loads nothing from elsewhere and has no script', () => {
    const html = renderMethodChoice(view({ backUrl: 'https://shop.example/cart' }));
    assert.equal(/<(script|link|img|iframe)\b/.test(html), false);
    assert.deepEqual(
      [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]),
      ['https://shop.example/cart'],
      'the only link is the merchant’s own page',
    );
  });

  it('says so, as an alert, when no method can take the payment', () => {
    const html = renderMethodChoice(view({ methods: [] }));
    assert.match(html, /role="alert">No payment method can take this payment/);
    assert.equal(html.includes('<button'), false);
  });
});

describe('checkoutErrorPage', () => {
  it('a 4xx page with a heading, the reason for the developer, escaped, and no-store', () => {
    const a = checkoutErrorPage({ status: 400, detail: `parameter payment_amount: ${EVIL}` });
    assert.equal(a.status, 400);
    assert.equal(a.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(a.headers['cache-control'], 'no-store');
    assert.match(a.body, /<h1 id="problem-title">This payment link is not valid<\/h1>/);
    assert.match(a.body, /Nothing has been charged/);
    assert.match(a.body, /parameter payment_amount: &lt;script&gt;/);
    const b = checkoutErrorPage({ status: 409, title: 'Already paid', message: 'This order was paid.' });
    assert.equal(b.status, 409);
    assert.match(b.body, /<h1 id="problem-title">Already paid<\/h1>/);
    assert.equal(b.body.includes('class="problem"'), false);
  });
});

describe('the hosted checkout names no wallet and no API', () => {
  it('src/web/hosted-checkout/ has no wallet or dialect name in code or comments', () => {
    const dir = fileURLToPath(new URL('../../src/web/hosted-checkout', import.meta.url));
    const found: string[] = [];
    for (const f of readdirSync(dir)) {
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/kakao|alipay|gcash|dana|truemoney|ecommpay|globalpay|adyen|checkout\.?com|smart2pay/i.test(line))
            found.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(found, []);
  });

  it('the result step: the outcome, the amount, a button and a timed move-on to the merchant page, every given text escaped', () => {
    const view = {
      amount: 15000,
      currency: 'KRW',
      description: '<b>beans</b>',
      reference: 'ord"1',
      continueUrl: 'https://shop.example/ok?a=1&b="2"',
      seconds: 4,
    };
    const paid = renderCheckoutResult({ ...view, ok: true });
    assert.match(paid, /<h1>Payment complete<\/h1>/);
    assert.match(paid, /15,000/);
    assert.ok(paid.includes('<meta http-equiv="refresh" content="4;url=https://shop.example/ok?a=1&amp;b=&quot;2&quot;">'));
    assert.ok(paid.includes('href="https://shop.example/ok?a=1&amp;b=&quot;2&quot;">Back to the shop now</a>'));
    assert.ok(paid.includes('&lt;b&gt;beans&lt;/b&gt;') && !paid.includes('<b>beans'));
    assert.ok(paid.includes('ord&quot;1'));
    const unpaid = renderCheckoutResult({ ...view, ok: false });
    assert.match(unpaid, /<h1>Payment not completed<\/h1>/);
    assert.match(unpaid, /Nothing has been charged/);
  });
});
