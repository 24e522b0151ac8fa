/**
 * The input limits on request bodies (docs/errors.md, "Input limits"), each case once, on SQLite and
 * PostgreSQL:
 * - a JSON body nested deeper than 32 levels is refused by every API's parser, in its own error,
 *   before anything recurses into it (it used to be a 500: a RangeError in GlobalPay's key
 *   normaliser, Adyen's JSON columns, the idempotency hash);
 * - a NUL character or a lone UTF-16 surrogate in a body string is refused in the API's own error,
 *   naming the field (PostgreSQL used to answer 500 `invalid byte sequence for encoding "UTF8": 0x00`);
 * - a character outside the BMP (a surrogate pair) is kept and given back as it was.
 * Every refused request writes nothing and logs nothing at warn or above. URLs: url-limits.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { storeKinds } from '../helpers/stores.js';
import { startWorld, type World } from './fuzz-world.js';
import { demoHeaders, expectRefused, type RefusalCase } from './refusal-cases.js';

const deep = (levels: number, inner = '1') => '['.repeat(levels) + inner + ']'.repeat(levels);
/** A JSON object whose total nesting (the object itself included) is exactly `levels`. */
const objectNesting = (levels: number) => `{"a":${deep(levels - 1)}}`;

for (const kind of storeKinds) {
  describe(`input limits on bodies, on ${kind}`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(kind);
    });
    after(async () => {
      await w?.close();
    });

    const gp = () => demoHeaders(w).globalpay;
    const adyen = () => demoHeaders(w).adyen;
    const cko = () => demoHeaders(w).checkoutcom;
    const gpPayment = (fields: string) =>
      `{"Payment":{"MerchantTransactionID":"lim-${kind}","Amount":1000,"Currency":"KRW","MethodID":1135,${fields}}}`;
    const adyenPayment = (fields: string) =>
      `{"merchantAccount":"${DEMO_ADYEN.merchantAccount}","reference":"lim-${kind}","amount":{"currency":"KRW","value":1000},"paymentMethod":{"type":"kakaopay"},"returnUrl":"${w.returnUrl}",${fields}}`;
    const ckoPayment = (fields: Record<string, unknown>) =>
      JSON.stringify({
        source: { type: 'kakaopay' },
        amount: 1000,
        currency: 'KRW',
        reference: `lim-${kind}`,
        processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
        success_url: `${w.returnUrl}/s`,
        failure_url: `${w.returnUrl}/f`,
        customer: { email: 'lim@shop.example', name: 'Kim' },
        ...fields,
      });

    const expectAll = (cases: RefusalCase[]) => expectRefused(w, cases);

    it('a body nested deeper than 32 levels is refused by every API, in its own error, before any walk over it', async () => {
      await expectAll([
        {
          label: 'GlobalPay ReturnURL 3,000 arrays deep',
          method: 'POST',
          path: '/globalpay/v1/payments',
          headers: gp(),
          body: gpPayment(`"ReturnURL":${deep(3000, '')}`),
          status: 400,
          says: /"Code":"2","Info":"Validation failed - body \(nested deeper than 32 levels\)"/,
        },
        {
          label: 'GlobalPay preapproval 33 levels',
          method: 'POST',
          path: '/globalpay/v1/preapprovals',
          headers: gp(),
          body: objectNesting(33),
          status: 400,
          says: /nested deeper than 32 levels/,
        },
        {
          label: 'Adyen metadata 5,000 deep',
          method: 'POST',
          path: '/adyen/v71/payments',
          headers: adyen(),
          body: adyenPayment(`"metadata":{"a":${deep(5000)}}`),
          status: 400,
          says: /"errorCode":"702".*nests deeper than 32 levels/,
        },
        {
          label: 'Adyen metadata 5,000 deep, under an Idempotency-Key',
          method: 'POST',
          path: '/adyen/v71/payments',
          headers: { ...adyen(), 'idempotency-key': `deep-${kind}` },
          body: adyenPayment(`"metadata":{"a":${deep(5000)}}`),
          status: 400,
          says: /nests deeper than 32 levels/,
        },
        {
          label: 'Adyen 33 levels without credentials',
          method: 'POST',
          path: '/adyen/v71/paymentMethods',
          headers: { 'content-type': 'application/json' },
          body: objectNesting(33),
          status: 401,
        },
        {
          label: 'Checkout.com metadata 5,000 deep, under a Cko-Idempotency-Key',
          method: 'POST',
          path: '/checkoutcom/payments',
          headers: { ...cko(), 'cko-idempotency-key': `deep-${kind}` },
          body: ckoPayment({}).replace(/}$/, `,"metadata":{"a":${deep(5000)}}}`),
          status: 422,
          says: /"error_codes":\["request_body_malformed"\]/,
        },
        {
          label: 'Checkout.com refund 33 levels',
          method: 'POST',
          path: `/checkoutcom/payments/${w.fx.checkoutcom.paidId}/refunds`,
          headers: cko(),
          body: objectNesting(33),
          status: 422,
          says: /request_body_malformed/,
        },
      ]);
    });

    it('32 levels are read as usual, and brackets inside strings do not count', async () => {
      const paymentMethods = (extra: string) =>
        w.send(
          'POST',
          '/adyen/v71/paymentMethods',
          adyen(),
          `{"merchantAccount":"${DEMO_ADYEN.merchantAccount}","countryCode":"KR","amount":{"currency":"KRW","value":1000},${extra}}`,
        );
      const at32 = await paymentMethods(`"additionalData":${deep(31)}`);
      assert.equal(at32.status, 200, at32.text);
      const at33 = await paymentMethods(`"additionalData":${deep(32)}`);
      assert.equal(at33.status, 400, at33.text);
      assert.match(at33.json.message, /nests deeper than 32 levels/);
      const inString = await paymentMethods(`"shopperReference":"${'['.repeat(100)}${'{'.repeat(100)}\\"["`);
      assert.equal(inString.status, 200, inString.text);
    });

    it('a NUL character or a lone surrogate in a body field is refused in the API’s own error, naming the field (the sandbox wallet’s too)', async () => {
      const { paidId } = w.fx.globalpay;
      await expectAll([
        {
          label: 'GlobalPay Description',
          method: 'POST',
          path: '/globalpay/v1/payments',
          headers: gp(),
          body: gpPayment(`"ReturnURL":"${w.returnUrl}","Description":"tea\\u0000"`),
          status: 400,
          says: /"Code":"2","Info":"Validation failed - Payment.Description contains a NUL character \(U\+0000\)/,
        },
        {
          label: 'GlobalPay refund reference',
          method: 'POST',
          path: `/globalpay/v1/payments/${paidId}/refunds`,
          headers: gp(),
          body: '{"Refund":{"MerchantTransactionID":"r\\u0000","Amount":10}}',
          status: 400,
          says: /Refund.MerchantTransactionID contains a NUL character/,
        },
        {
          label: 'GlobalPay preapproval Description, a lone surrogate',
          method: 'POST',
          path: '/globalpay/v1/preapprovals',
          headers: gp(),
          body: '{"Preapproval":{"Description":"x\\ud800y"}}',
          status: 400,
          says: /Preapproval.Description contains a lone UTF-16 surrogate \(U\+D800\)/,
        },
        {
          label: 'Adyen reference',
          method: 'POST',
          path: '/adyen/v71/payments',
          headers: adyen(),
          body: adyenPayment('"shopperReference":"s"').replace(`lim-${kind}`, 'a\\u0000'),
          status: 422,
          says: /"errorCode":"702".*reference contains a NUL character/,
        },
        {
          label: 'Adyen shopperStatement',
          method: 'POST',
          path: '/adyen/v71/payments',
          headers: adyen(),
          body: adyenPayment('"shopperStatement":"\\u0000"'),
          status: 422,
          says: /shopperStatement contains a NUL character/,
        },
        {
          label: 'Adyen redirectResult',
          method: 'POST',
          path: '/adyen/v71/payments/details',
          headers: adyen(),
          body: '{"details":{"redirectResult":"\\u0000"}}',
          status: 422,
          says: /details.redirectResult contains a NUL character/,
        },
        {
          label: 'Adyen listRecurringDetails shopperReference, a lone low surrogate',
          method: 'POST',
          path: '/adyen/pal/servlet/Recurring/v68/listRecurringDetails',
          headers: adyen(),
          body: `{"merchantAccount":"${DEMO_ADYEN.merchantAccount}","shopperReference":"\\udc00"}`,
          status: 422,
          says: /shopperReference contains a lone UTF-16 surrogate \(U\+DC00\)/,
        },
        {
          label: 'Checkout.com reference',
          method: 'POST',
          path: '/checkoutcom/payments',
          headers: cko(),
          body: ckoPayment({ reference: 'r\u0000' }),
          status: 422,
          says: /\["reference_invalid"\]/,
        },
        {
          label: 'Checkout.com description',
          method: 'POST',
          path: '/checkoutcom/payments',
          headers: cko(),
          body: ckoPayment({ description: '\u0000' }),
          status: 422,
          says: /\["description_invalid"\]/,
        },
        {
          label: 'Checkout.com customer.name',
          method: 'POST',
          path: '/checkoutcom/payments',
          headers: cko(),
          body: ckoPayment({ customer: { email: 'a@b.example', name: 'K\u0000' } }),
          status: 422,
          says: /\["customer_name_invalid"\]/,
        },
        {
          label: 'Checkout.com customer.email',
          method: 'POST',
          path: '/checkoutcom/payments',
          headers: cko(),
          body: ckoPayment({ customer: { email: 'a\u0000@b.example' } }),
          status: 422,
          says: /\["customer_email_invalid"\]/,
        },
        {
          label: 'Checkout.com success_url',
          method: 'POST',
          path: '/checkoutcom/payments',
          headers: cko(),
          body: ckoPayment({ success_url: `${w.returnUrl}/\u0000` }),
          status: 422,
          says: /\["success_url_invalid"\]/,
        },
        {
          label: 'Checkout.com a metadata key with a lone surrogate',
          method: 'POST',
          path: '/checkoutcom/payments',
          headers: cko(),
          body: ckoPayment({}).replace(/}$/, ',"metadata":{"\\ud83d":"x"}}'),
          status: 422,
          says: /\["metadata_invalid"\]/,
        },
        {
          label: 'Checkout.com refund reference',
          method: 'POST',
          path: `/checkoutcom/payments/${w.fx.checkoutcom.paidId}/refunds`,
          headers: cko(),
          body: '{"amount":10,"reference":"\\u0000"}',
          status: 422,
          says: /\["reference_invalid"\]/,
        },
        {
          label: 'the sandbox wallet API, a NUL in the tid',
          method: 'POST',
          path: '/sandbox/kakaopay/online/v1/payment/order',
          headers: { authorization: `SECRET_KEY ${w.keys.sandbox}`, 'content-type': 'application/json' },
          body: JSON.stringify({ cid: 'TC0ONETIME', tid: 'T\u0000' }),
          status: 400,
          says: /"error_code":-2,"error_message":"tid contains a NUL character/,
        },
      ]);
    });

    it('a character outside the BMP (a surrogate pair) is kept and given back as it was', async () => {
      const description = 'Coffee ☕ and cake 🍰';
      const created = await w.send('POST', '/checkoutcom/payments', cko(), ckoPayment({ reference: `astral-${kind}`, description }));
      assert.equal(created.status, 202, created.text);
      const read = await w.send('GET', `/checkoutcom/payments/${created.json.id}`, cko());
      assert.equal(read.status, 200, read.text);
      assert.equal(read.json.description, description);
      assert.deepEqual(w.takeLogLines(), []);
    });
  });
}
