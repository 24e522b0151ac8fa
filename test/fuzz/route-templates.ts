/**
 * A well-formed request for each route the app registers, as the vendors' guides (seeds 000–004) and
 * the existing suites write them, for the fuzzer to start from: real ids for the path parameters,
 * the query, the body. `"__REF__"` in a body is replaced by a fresh merchant reference at send time,
 * so a request left intact creates something new instead of bouncing off a duplicate.
 * A route without a template is still fuzzed, with made-up parameters and bodies.
 */
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { DEMO_ECOMMPAY } from '../../src/dialects/ecommpay/demo.js';
import { ecommpay as ecommpayPackage } from '../helpers/ecommpay-package.js';
import { sign } from '../../src/dialects/ecommpay/signature.js';
import type { World } from './fuzz-world.js';

export const REF = '__REF__';

export interface RouteTemplate {
  /** Valid values for the path parameters, by name. */
  params?: Record<string, string[]>;
  query?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A form body (the sandbox wallet's pages). */
  form?: Record<string, string>;
}

type Templates = Record<string, RouteTemplate>;

function globalpay(w: World): Templates {
  const { paidId, pendingId, preapprovalId, refundId } = w.fx.globalpay;
  const payments = { id: [String(paidId), String(pendingId)] };
  return {
    'POST /globalpay/v1/payments': {
      json: {
        Payment: {
          MerchantTransactionID: REF,
          Amount: 1000,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: `${w.returnUrl}/gp`,
          Description: 'Coffee beans',
          TokenLifetime: 10,
          Customer: { FirstName: 'John', LastName: 'Doe', Email: 'jdoe@example.com' },
          BillingAddress: { Country: 'KR', City: 'Seoul' },
          Articles: [{ MerchantArticleID: '1', Name: 'Beans', Quantity: 1, Price: 1000, VAT: 0, Discount: 0, Type: 1 }],
        },
      },
    },
    'POST /globalpay/v1/payments/recurrent': {
      json: { Payment: { PreapprovalID: preapprovalId, MerchantTransactionID: REF, Amount: 1000, Currency: 'KRW', MethodID: 1135 } },
    },
    'GET /globalpay/v1/payments/:id': { params: payments },
    'GET /globalpay/v1/payments': {
      query: { pageIndex: '1', pageSize: '10', currency: 'KRW', methodID: '1135', sortBy: 'amount', sortDirection: 'desc' },
    },
    'POST /globalpay/v1/payments/:id/refunds': {
      params: payments,
      // a refund by articles: one unit of the fuzz world's priced article (fuzz-world.ts), at its price
      json: {
        Refund: { MerchantTransactionID: REF, Amount: 100, Description: 'refund', Articles: [{ MerchantArticleID: '1', Quantity: 1 }] },
      },
    },
    'GET /globalpay/v1/payments/:id/refunds': { params: payments },
    'GET /globalpay/v1/payments/:id/refunds/types': { params: payments },
    'GET /globalpay/v1/payments/:id/refunds/:refundId': { params: { ...payments, refundId: [String(refundId)] } },
    'POST /globalpay/v1/preapprovals': {
      json: {
        Preapproval: {
          MerchantPreapprovalID: REF,
          Currency: 'KRW',
          Description: '1 year subscription',
          ReturnURL: `${w.returnUrl}/gp-pre`,
          MethodID: 1135,
          Customer: { FirstName: 'John', LastName: 'Doe', Email: 'jdoe@example.com' },
          BillingAddress: { Country: 'KR' },
        },
      },
    },
    'GET /globalpay/v1/preapprovals': { query: { pageIndex: '1', pageSize: '5', statusID: '2' } },
    'GET /globalpay/v1/preapprovals/:id': { params: { id: [String(preapprovalId)] } },
    'GET /globalpay/v1/preapprovals/:id/payments': { params: { id: [String(preapprovalId)] } },
    'DELETE /globalpay/v1/preapprovals/:id': { params: { id: [String(preapprovalId)] } },
  };
}

function adyen(w: World): Templates {
  const { paidPsp, pendingPsp, token, shopper, pendingRedirectResult, paidReference } = w.fx.adyen;
  const merchantAccount = DEMO_ADYEN.merchantAccount;
  const version = ['v71', 'v68', 'v49'];
  const base = '/adyen/:version(^v\\d+$)';
  const recurring = '/adyen/pal/servlet/Recurring/:version(^v\\d+$)';
  return {
    [`POST ${base}/payments`]: {
      params: { version },
      json: {
        merchantAccount,
        reference: REF,
        amount: { currency: 'KRW', value: 1000 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: `${w.returnUrl}/adyen`,
        shopperReference: shopper,
        shopperStatement: 'walletgate',
        countryCode: 'KR',
        lineItems: [{ description: 'Beans', quantity: 1, amountIncludingTax: 1000 }],
        metadata: { order: '42' },
      },
    },
    [`POST ${base}/payments/details`]: { params: { version }, json: { details: { redirectResult: pendingRedirectResult } } },
    [`POST ${base}/payments/:psp/refunds`]: {
      params: { version, psp: [paidPsp] },
      json: { merchantAccount, amount: { currency: 'KRW', value: 10 }, reference: REF },
    },
    [`POST ${base}/payments/:psp/cancels`]: { params: { version, psp: [pendingPsp, paidPsp] }, json: { merchantAccount, reference: REF } },
    [`POST ${base}/cancels`]: { params: { version }, json: { merchantAccount, paymentReference: paidReference, reference: REF } },
    [`POST ${base}/paymentMethods`]: {
      params: { version },
      json: { merchantAccount, countryCode: 'KR', amount: { currency: 'KRW', value: 1000 }, shopperReference: shopper },
    },
    [`GET ${base}/storedPaymentMethods`]: { params: { version }, query: { merchantAccount, shopperReference: shopper } },
    [`DELETE ${base}/storedPaymentMethods/:id`]: {
      params: { version, id: [token] },
      query: { merchantAccount, shopperReference: shopper },
    },
    [`POST ${recurring}/listRecurringDetails`]: {
      params: { version: ['v68', 'v49'] },
      json: { merchantAccount, shopperReference: shopper, recurring: { contract: 'RECURRING' } },
    },
    [`POST ${recurring}/disable`]: {
      params: { version: ['v68', 'v49'] },
      json: { merchantAccount, shopperReference: shopper, recurringDetailReference: token },
    },
  };
}

function checkoutcom(w: World): Templates {
  const { paidId, pendingId, source } = w.fx.checkoutcom;
  const payments = { id: [paidId, pendingId] };
  return {
    'POST /checkoutcom/payments': {
      json: {
        source: { type: 'kakaopay' },
        amount: 1000,
        currency: 'KRW',
        reference: REF,
        description: 'Coffee beans',
        payment_type: 'Regular',
        capture: true,
        processing: { terminal_type: 'WEB', os_type: 'ANDROID' },
        processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
        success_url: `${w.returnUrl}/cko-success`,
        failure_url: `${w.returnUrl}/cko-failure`,
        customer: { email: 'kim@shop.example', name: 'Kim Minji', phone: { country_code: '+82', number: '1012345678' } },
        items: [{ reference: 'beans', name: 'Beans', quantity: 1, unit_price: 1000 }],
        metadata: { order: '42' },
      },
    },
    'GET /checkoutcom/payments': { query: { reference: `fx-cko-paid-${w.kind}`, limit: '5', skip: '0' } },
    'GET /checkoutcom/payments/:id': { params: payments },
    'GET /checkoutcom/payments/:id/actions': { params: payments },
    'POST /checkoutcom/payments/:id/refunds': { params: payments, json: { amount: 10, reference: REF, metadata: { why: 'fuzz' } } },
    // a charge on the stored source: its own template under the same route, chosen by the fuzzer
    'POST /checkoutcom/payments#source': {
      json: {
        source: { type: 'id', id: source },
        amount: 1000,
        currency: 'KRW',
        reference: REF,
        payment_type: 'Recurring',
        merchant_initiated: true,
        processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
      },
    },
  };
}

function customerAndSandbox(w: World): Templates {
  const token = { token: [w.fx.pendingToken] };
  const tid = { tid: [w.fx.pendingTid] };
  const kakaoPay = '/sandbox/kakaopay/online/v1/payment';
  const cid = 'TC0ONETIME';
  return {
    'GET /pay/:token': { params: token, query: { device: 'mobile' } },
    'GET /pay/:token/status': { params: token },
    'GET /pay/:token/done': { params: token },
    'GET /pay/:token/return': { params: token, query: { pg_token: 'abc' } },
    'GET /pay/:token/cancel': { params: token },
    'GET /pay/:token/fail': { params: token },
    // the hosted checkout's method choice (a payment made without its method); on a payment that has one it changes nothing
    'POST /pay/:token/method': { params: token, form: { method: 'kakaopay' } },
    // the currency step (an Alipay POS payment); on any other payment it changes nothing
    'POST /pay/:token/currency': { params: token, form: { currency: 'EUR' } },
    // the card form; on a payment that is not paid by card it charges nothing and shows the payment as it is
    'POST /pay/:token/card': {
      params: token,
      form: { card_number: '4111 1111 1111 1111', card_expiry: '12/35', card_cvc: '123', card_name: 'Fuzz' },
    },
    'POST /connectors/:id/notify': {
      params: { id: ['alipayplus', 'kakaopay'] },
      json: {
        paymentResult: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
        paymentRequestId: String(w.fx.globalpay.pendingId),
        paymentId: '2026000000000001',
        paymentAmount: { currency: 'HKD', value: '1000' },
      },
    },
    // the bank's credit notice, unsigned (the template takes no headers): refused with 400 in walletgate's JSON, whatever the fuzzer makes of it
    'POST /connectors/:id/transfers': {
      params: { id: ['banktransfer'] },
      json: {
        transactions: [{ id: 'FUZZ-TX-1', reference: 'RF00FUZZ', amount: 93, currency: 'EUR', valueDate: '2026-01-02', payer: 'Fuzz' }],
      },
    },
    'POST /sandbox/customer': { json: { url: `${w.gw.base}/pay/${w.fx.pendingToken}`, action: 'abandon' } },
    [`POST ${kakaoPay}/ready`]: {
      json: {
        cid,
        partner_order_id: REF,
        partner_user_id: 'u1',
        item_name: 'Beans',
        quantity: 1,
        total_amount: 1000,
        tax_free_amount: 0,
        approval_url: `${w.returnUrl}/ok`,
        cancel_url: `${w.returnUrl}/cancel`,
        fail_url: `${w.returnUrl}/fail`,
      },
    },
    [`POST ${kakaoPay}/approve`]: { json: { cid, tid: w.fx.pendingTid, partner_order_id: 'x', partner_user_id: 'u1', pg_token: 'abc' } },
    [`POST ${kakaoPay}/order`]: { json: { cid, tid: w.fx.pendingTid } },
    [`POST ${kakaoPay}/cancel`]: { json: { cid, tid: w.fx.pendingTid, cancel_amount: 10, cancel_tax_free_amount: 0 } },
    [`POST ${kakaoPay}/subscription`]: {
      json: {
        cid: 'TCSUBSCRIP',
        sid: 'S1234567890123456789',
        partner_order_id: REF,
        partner_user_id: 'u1',
        quantity: 1,
        total_amount: 10,
        tax_free_amount: 0,
      },
    },
    [`POST ${kakaoPay}/manage/subscription/inactive`]: { json: { cid: 'TCSUBSCRIP', sid: 'S1234567890123456789' } },
    [`POST ${kakaoPay}/manage/subscription/status`]: { json: { cid: 'TCSUBSCRIP', sid: 'S1234567890123456789' } },
    'GET /sandbox/kakaopay/pg/:tid/info': { params: tid },
    'GET /sandbox/kakaopay/pg/:tid/mInfo': { params: tid },
    'GET /sandbox/kakaopay/pg/:tid/aInfo': { params: tid },
    'GET /sandbox/kakaopay/pg/:tid/order': { params: tid },
    'POST /sandbox/kakaopay/pg/:tid/confirm': { params: tid, form: { method: 'MONEY' } },
    'POST /sandbox/kakaopay/pg/:tid/code': { params: tid, form: { code: '123456' } },
    'POST /sandbox/kakaopay/pg/:tid/agreement': { params: tid, form: {} },
    'POST /sandbox/kakaopay/pg/:tid/cancel': { params: tid, form: {} },
    'POST /sandbox/kakaopay/pg/:tid/decline': { params: tid, form: {} },
    'POST /sandbox/kakaopay/pg/:tid/abandon': { params: tid, form: {} },
    ...alipayPlusSandbox(w),
    ...cardProcessorSandbox(),
    ...sandboxBank(),
  };
}

/** The sandbox bank's page: its form pays into a collection account, quoting a reference no payment has (the money is kept for a person). */
function sandboxBank(): Templates {
  return {
    'GET /sandbox/bank': {},
    'POST /sandbox/bank': {
      form: {
        pay: '',
        iban: 'DE89370400440532013000',
        reference: 'RF18WGFUZZ',
        amount: '1.00',
        currency: 'EUR',
        payer: 'Fuzz',
        how: 'full',
      },
    },
  };
}

/** The card processor sandbox's API: a fuzzed request carries no API key, so each is refused in the processor's own shape. */
function cardProcessorSandbox(): Templates {
  const api = '/sandbox/cards/v1';
  return {
    [`POST ${api}/payments`]: {
      json: {
        order_id: REF,
        amount: 1000,
        currency: 'EUR',
        card: { number: '4111111111111111', exp_month: 12, exp_year: 2035, cvc: '123' },
      },
    },
    [`POST ${api}/payments/lookup`]: { json: { order_id: REF } },
    [`POST ${api}/refunds`]: { json: { order_id: REF, amount: 10, reference: REF } },
  };
}

/** The Alipay+ sandbox: its signed API (a fuzzed request never carries a valid signature), its portal and its wallet pages. */
function alipayPlusSandbox(w: World): Templates {
  const api = '/sandbox/alipayplus/aps/api/v1';
  const { pendingPaymentId, authorizationId } = w.fx.alipayplus;
  const amount = { currency: 'HKD', value: '8800' };
  const wallet = { id: [pendingPaymentId] };
  const authorization = { id: [authorizationId] };
  return {
    'GET /sandbox/alipayplus/portal/credentials': {},
    'GET /sandbox/alipayplus/public-key': {},
    [`POST ${api}/payments/pay`]: {
      json: {
        paymentRequestId: REF,
        paymentAmount: amount,
        paymentMethod: { paymentMethodType: 'ALIPAY_HK' },
        paymentFactor: { isCashierPayment: 'true' },
        order: { referenceOrderId: REF, orderDescription: 'Dim sum', orderAmount: amount, env: { terminalType: 'WEB' } },
        paymentRedirectUrl: `${w.returnUrl}/aps`,
      },
    },
    [`POST ${api}/payments/inquiryPayment`]: { json: { paymentId: pendingPaymentId } },
    [`POST ${api}/payments/cancelPayment`]: { json: { paymentId: pendingPaymentId } },
    [`POST ${api}/payments/refund`]: { json: { paymentId: pendingPaymentId, refundRequestId: REF, refundAmount: amount } },
    [`POST ${api}/authorizations/prepare`]: {
      json: {
        authClientId: 'WALLETGATE_SANDBOX_ACQUIRER',
        customerBelongsTo: 'ALIPAY_HK',
        authRedirectUrl: `${w.returnUrl}/aps`,
        scopes: ['AGREEMENT_PAY'],
        authState: REF,
      },
    },
    [`POST ${api}/authorizations/applyToken`]: {
      json: { authClientId: 'WALLETGATE_SANDBOX_ACQUIRER', grantType: 'AUTHORIZATION_CODE', authCode: 'CODE1' },
    },
    [`POST ${api}/authorizations/cancelToken`]: { json: { accessToken: 'TOKEN1', authClientId: 'WALLETGATE_SANDBOX_ACQUIRER' } },
    'GET /sandbox/alipayplus/wallet/:id': { params: wallet },
    'POST /sandbox/alipayplus/wallet/:id': { params: wallet, form: { step: '0', phone: '1234567812' } },
    // abandon only: cancel and decline settle the payment, and the sandbox's notification would reach walletgate later, during another request
    'POST /sandbox/alipayplus/wallet/:id/:action': { params: { ...wallet, action: ['abandon'] }, form: {} },
    'GET /sandbox/alipayplus/authorize/:id': { params: authorization },
    'POST /sandbox/alipayplus/authorize/:id': { params: authorization, form: { step: '0', phone: '1234567812' } },
    'POST /sandbox/alipayplus/authorize/:id/:action': { params: { ...authorization, action: ['cancel'] }, form: {} },
  };
}

/** The ecommpay Payment Page: a link the package signed (a fuzzed one fails the signature), its choice posted back. */
function ecommpayPaymentPage(w: World): Templates {
  const signed = (paymentId: string) => {
    const p = new ecommpayPackage.Payment(String(DEMO_ECOMMPAY.projectId), DEMO_ECOMMPAY.secretKey, {}, `${w.gw.base}/ecommpay`);
    p.paymentId = paymentId;
    p.paymentAmount = 1000;
    p.paymentCurrency = 'KRW';
    p.customerId = 'fuzz-customer';
    p.paymentDescription = 'Coffee beans';
    p.merchantSuccessUrl = `${w.returnUrl}/ecp-ok`;
    p.merchantFailUrl = `${w.returnUrl}/ecp-fail`;
    return Object.fromEntries(new URL(p.getUrl()).searchParams);
  };
  return {
    'GET /ecommpay/payment': { query: signed('fz-page-choice') },
    'POST /ecommpay/payment': { form: { ...signed('fz-page-chosen'), walletgate_method: 'kakaopay-wallet' } },
  };
}

/** Every template, by "METHOD url" as the app registered the route (HEAD routes use their GET's); a "#name" suffix is another template of the same route. */
/** An ecommpay Gate body signed with the demo project's secret, as the `ecommpay` package's signer signs it. */
function ecpSigned(body: { general: Record<string, unknown> } & Record<string, unknown>) {
  return { ...body, general: { ...body.general, signature: sign(body, DEMO_ECOMMPAY.secretKey) } };
}

/**
 * ecommpay Gate: every body is signed, so a mutated one is refused at the signature (403) and an
 * intact one is the fuzz world's own sale (the first makes it, the rest replay its answer), a refund
 * of it, or its status. The payment_id is fixed, since a fresh one would need a fresh signature.
 */
function ecommpay(w: World): Templates {
  const general = { project_id: DEMO_ECOMMPAY.projectId, payment_id: `fz-ecp-${w.kind}` };
  return {
    'POST /ecommpay/v2/payment/wallet/:method/sale': {
      params: { method: ['kakaopay'] },
      json: ecpSigned({
        general: { ...general, merchant_callback_url: `${w.returnUrl}/ecp-callbacks` },
        payment: { amount: 1000, currency: 'KRW', description: 'Coffee beans' },
        customer: { id: 'customer123', ip_address: '192.0.2.0', email: 'kim@shop.example' },
        return_url: { success: `${w.returnUrl}/ecp-success`, decline: `${w.returnUrl}/ecp-decline`, return: `${w.returnUrl}/ecp` },
      }),
    },
    'POST /ecommpay/v2/payment/wallet/:method/refund': {
      params: { method: ['kakaopay'] },
      json: ecpSigned({ general, payment: { description: 'fuzz refund', amount: 10, currency: 'KRW' } }),
    },
    'POST /ecommpay/v2/payment/:method/refund': {
      params: { method: ['kakaopay'] },
      json: ecpSigned({ general, payment: { description: 'fuzz refund' } }),
    },
    'POST /ecommpay/v2/payment/status': { json: ecpSigned({ general, destination: 'merchant' }) },
  };
}

/** The dashboard (ADR 0022): its forms as a browser posts them (the fuzzer holds no session, so the POSTs are refused as pages). */
function dashboard(): Templates {
  const csrf = 'x'.repeat(43);
  return {
    'GET /dashboard': {},
    'GET /dashboard/login': { query: { signed_out: '1' } },
    'POST /dashboard/login': { form: { email: 'demo@walletgate.test', password: 'correct horse battery staple', csrf } },
    'GET /dashboard/password': {},
    'POST /dashboard/password': {
      form: { csrf, current: 'correct horse battery staple', next: 'a new long password', repeated: 'a new long password' },
    },
    'POST /dashboard/logout': { form: { csrf } },
    // payments and the Data API (ADR 0023)
    'GET /dashboard/payments': {
      query: {
        api: 'globalpay',
        method: 'kakaopay',
        status: 'succeeded',
        from: '2026-01-01',
        to: '2026-12-31',
        min: '100',
        max: '100000',
        currency: 'KRW',
        customer: 'jdoe@example.com',
      },
    },
    'GET /dashboard/payments#search': { query: { q: '4938078' } },
    'GET /dashboard/payments/:id': { params: { id: ['4938078'] } },
    'GET /dashboard/data-api': {},
    'POST /dashboard/data-api/tokens': { form: { csrf, name: 'fuzz export' } },
    'POST /dashboard/data-api/tokens/:id/revoke': { params: { id: ['1'] }, form: { csrf } },
    'GET /dashboard/api/v1/payments': { query: { status: 'succeeded', limit: '10', currency: 'KRW' } },
    'GET /dashboard/api/v1/payments/:id': { params: { id: ['4938078'] } },
    ...settings(csrf),
  };
}

/** The dashboard's reports and analytics (ADR 0025): without a session the pages redirect and the POSTs are refused; the assets answer. */
function dashboardReports(): Templates {
  const csrf = 'x'.repeat(43);
  return {
    'GET /dashboard/reports': { query: { queued: '1' } },
    'POST /dashboard/reports': { form: { csrf, kind: 'payments', from: '2026-01-01', to: '2026-02-01', merchant: 'demo' } },
    'GET /dashboard/reports/:id/download': { params: { id: ['1', '4938078'] } },
    'POST /dashboard/reports/schedules': { form: { csrf, kind: 'refunds', period: 'monthly', merchant: '' } },
    'POST /dashboard/reports/schedules/:id/delete': { params: { id: ['1'] }, form: { csrf } },
    'GET /dashboard/analytics': { query: { from: '2026-01-01', to: '2026-02-01', merchant: 'demo' } },
    'GET /dashboard/assets/chart.umd.min.js': {},
    'GET /dashboard/assets/analytics.js': {},
  };
}

/** Dashboard refunds (ADR 0024): the refund form of a paid payment, mass-refund batches (no session: refused as pages). */
function dashboardRefunds(w: World): Templates {
  const csrf = 'x'.repeat(43);
  const payment = { id: [String(w.fx.globalpay.paidId), '1'] };
  const batch = { id: ['1', '999999'] };
  return {
    'GET /dashboard/payments/:id/refund': { params: payment },
    'POST /dashboard/payments/:id/refund': { params: payment, form: { csrf, amount: '1000', reason: 'fuzz', 'qty:tea-1': '1' } },
    'POST /dashboard/payments/:id/refund/confirm': { params: payment, form: { csrf, confirmation: 'e30.x' } },
    'GET /dashboard/mass-refunds': {},
    'POST /dashboard/mass-refunds': { form: { csrf, merchant: 'demo' } },
    'GET /dashboard/mass-refunds/:id': { params: batch, query: { after: '0', note: 'submitted' } },
    'POST /dashboard/mass-refunds/:id/submit': { params: batch, form: { csrf } },
    'GET /dashboard/mass-refunds/:id/result.csv': { params: batch },
  };
}

/** The settings and the TOTP second factor (ADR 0026): without a session every one answers a page (the sign-in's redirect). */
function settings(csrf: string): Templates {
  const merchant = 'demo';
  const key = { id: ['1'] };
  return {
    'GET /dashboard/settings': { query: { merchant } },
    'POST /dashboard/settings/notify-url': { form: { csrf, merchant, dialect: 'globalpay', url: 'https://shop.example/notifications' } },
    'POST /dashboard/settings/keys': { form: { csrf, merchant, dialect: 'globalpay', kind: 'api_key', key_id: '', label: 'shop' } },
    'POST /dashboard/settings/keys/:id/rotate': { params: key, form: { csrf, merchant, overlap: '24h' } },
    'POST /dashboard/settings/keys/:id/revoke': { params: key, form: { csrf, merchant } },
    'POST /dashboard/settings/users': { form: { csrf, merchant, email: 'new@shop.example', role: 'read-only' } },
    'POST /dashboard/settings/users/role': { form: { csrf, merchant, email: 'new@shop.example', role: 'refunds' } },
    'POST /dashboard/settings/users/remove': { form: { csrf, merchant, email: 'new@shop.example' } },
    'POST /dashboard/settings/users/reset': { form: { csrf, merchant, email: 'new@shop.example' } },
    'POST /dashboard/settings/test-notification': { form: { csrf, merchant, dialect: 'globalpay' } },
    'GET /dashboard/settings/test-notification/:id': { params: key, query: { merchant } },
    'GET /dashboard/settings/security': {},
    'POST /dashboard/settings/security/totp/start': { form: { csrf } },
    'POST /dashboard/settings/security/totp/confirm': { form: { csrf, code: '123456' } },
    'POST /dashboard/settings/security/totp/disable': { form: { csrf, code: '123456' } },
    'GET /dashboard/login/code': {},
    'POST /dashboard/login/code': { form: { csrf, code: '123456' } },
  };
}

export function routeTemplates(w: World): Templates {
  return {
    ...globalpay(w),
    ...adyen(w),
    ...checkoutcom(w),
    ...ecommpay(w),
    ...ecommpayPaymentPage(w),
    ...customerAndSandbox(w),
    ...dashboard(),
    ...dashboardReports(),
    ...dashboardRefunds(w),
  };
}

/** The templates of one route: its own and any "#name" variants. */
export function templatesOf(all: Templates, method: string, url: string): RouteTemplate[] {
  const key = `${method === 'HEAD' ? 'GET' : method} ${url}`;
  return Object.entries(all)
    .filter(([k]) => k === key || k.startsWith(`${key}#`))
    .map(([, t]) => t);
}
