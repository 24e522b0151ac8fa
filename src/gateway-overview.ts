/**
 * What this walletgate is, for people: each registered API's base URL and the vendor URL it replaces,
 * the sandbox's URLs, the demo merchant's published keys (sandbox on only). The start banner and the
 * home page (`GET /`) both say it, from this one description.
 */
import { httpsOrigin, type Config } from './config.js';
import { DEMO_MERCHANT_ID } from './core/merchants/demo-merchant.js';
import { DIALECTS, DIALECT_IDS } from './dialects/index.js';
import type { HomePageView } from './web/home-page.js';

export interface ApiEntry {
  title: string;
  /** Where to point the vendor's client: the HTTPS listener for APIs whose client insists on HTTPS, when it runs. */
  url: string;
  replaces: string;
}

export interface GatewayOverview extends HomePageView {
  apis: ApiEntry[];
  sandbox: { api: string; alipayplus: string; cards: string; customerApi: string } | null;
}

export function gatewayOverview(config: Config, opts: { httpsListening?: boolean } = {}): GatewayOverview {
  const apis = DIALECT_IDS.map((id) => {
    const d = DIALECTS[id];
    const httpsBase = d.https && opts.httpsListening && config.tls.port > 0 ? httpsOrigin(config) : config.publicUrl;
    return { title: d.title, url: `${httpsBase}/${id}`, replaces: d.replaces };
  });
  const sandbox = config.sandbox.enabled
    ? {
        api: `${config.publicUrl}/sandbox/kakaopay`,
        alipayplus: `${config.publicUrl}/sandbox/alipayplus`,
        cards: `${config.publicUrl}/sandbox/cards`,
        customerApi: `${config.publicUrl}/sandbox/customer`,
      }
    : null;
  const titles = DIALECT_IDS.map((id) => DIALECTS[id].title);
  const speaks = titles.length > 1 ? `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}` : (titles[0] ?? '');
  const withTryIt = DIALECT_IDS.find((id) => DIALECTS[id].demo.tryIt);
  const tryIt = (demoKeys: boolean) => (withTryIt ? DIALECTS[withTryIt].demo.tryIt!(`${config.publicUrl}/${withTryIt}`, demoKeys) : null);
  const alias = DIALECT_IDS.map((id) => DIALECTS[id].demo.alias).find((a) => a !== undefined) ?? null;
  return {
    speaks,
    apis,
    sandbox,
    urls: [
      ...DIALECT_IDS.map((id) => [`${DIALECTS[id].title} API`, `${config.publicUrl}/${id}`] as const),
      ...(sandbox
        ? ([
            ['KakaoPay sandbox', sandbox.api],
            ['Alipay+ sandbox', sandbox.alipayplus],
            ['Card processor sandbox', sandbox.cards],
            ['Sandbox customer API', sandbox.customerApi],
          ] as const)
        : []),
      ['Health', `${config.publicUrl}/health`],
      ['Documentation', `${config.publicUrl}/docs`],
    ],
    demo: sandbox
      ? { merchantId: DEMO_MERCHANT_ID, alias, shown: DIALECT_IDS.flatMap((id) => DIALECTS[id].demo.shown), tryIt: tryIt(true) }
      : null,
    tryIt: sandbox ? null : tryIt(false),
  };
}
