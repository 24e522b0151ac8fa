/**
 * What a merchant API brings to walletgate. Each folder under src/dialects/ exports one `Dialect`
 * from its `dialect.ts`, and src/dialects/index.ts lists them: the app mounts the plugins, the
 * notifier renders with `notifications`, the customer pages send the customer back with
 * `returnUrl`, the CLI makes keys with `credentials` — nothing else names a dialect.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../core/deps.js';
import type { DemoKey } from '../core/merchants/demo-merchant.js';
import type { CustomerRecord, ReturnUrlRenderer } from '../core/payments/complete-customer-return.js';
import type { DialectNotifications } from '../core/ports/notify.js';

/**
 * The answer, in the API's own shape, to a request refused before any route runs: a URL Fastify
 * cannot decode, or one carrying %00 (a NUL character, which walletgate does not keep).
 */
export interface FrameworkAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * How the demo merchant's published key fills a security scheme of the API's OpenAPI description, so
 * /docs' "Try it out" answers at once (offered only while the sandbox is on): HTTP Basic, or a token
 * (an API key header, or an HTTP bearer scheme).
 */
export type DocsDemoAuth = { scheme: string; basic: { username: string; password: string } } | { scheme: string; token: string };

export interface Dialect {
  /** The vendor's name for people: "Adyen", as in "the Adyen API". */
  title: string;
  /** Fastify plugin serving the API, mounted under `/{id}`. */
  plugin: FastifyPluginAsync<{ deps: CoreDeps }>;
  notifications: DialectNotifications;
  returnUrl: ReturnUrlRenderer;
  /**
   * When the customer is done, show the outcome on walletgate's page before sending them to
   * `returnUrl` (a hosted payment page's own result step); without it, they go back at once.
   */
  showsResultFirst?: (rec: CustomerRecord) => boolean;
  /** A request refused before routing (`message` says why), in the API's own shape. */
  frameworkError: (message: string, requestId: string, url: string) => FrameworkAnswer;
  /** Also advertised on the HTTPS listener (the vendor's client library insists on https). */
  https: boolean;
  /**
   * The API's OpenAPI description, `file` in docs/openapi/, which /docs serves and renders (ADR 0030);
   * `note`: what a reader of /docs must know to try it (shown beside it on the /docs page).
   */
  openapi: { file: string; note?: string };
  /** The vendor's base URL that walletgate's `/{id}` replaces, for the banner: "https://paytest.smart2pay.com". */
  replaces: string;
  /** The demo merchant's published keys for this API (they exist only while the sandbox is on), and how to show them. */
  demo: {
    keys: readonly DemoKey[];
    /** label → value, in the order a person reads them on the home page and in the banner. */
    shown: readonly (readonly [label: string, value: string])[];
    /** How the demo merchant is known in this API, if people know it by that ("GlobalPay site 30201"). */
    alias?: string;
    /**
     * A first request to paste, against `apiBase` (`{publicUrl}/{id}`): with the demo merchant's keys,
     * or with `$…` placeholders for a merchant's own when `demoKeys` is false.
     */
    tryIt?: (apiBase: string, demoKeys: boolean) => string;
    /** The demo key pre-authorised in /docs' "Try it out" (sandbox on only). */
    docsAuth?: DocsDemoAuth;
  };
  /** How the API names a payment when not by its number (Adyen's WP… pspReference, Checkout.com's pay_…), for the operator's CLI. */
  paymentId?: {
    format(id: number): string;
    /** The payment's number, or undefined when `ref` is not one of this API's payment ids. */
    parse(ref: string): number | undefined;
  };
  credentials: {
    /** What the key id is, for people: "the GlobalPay SiteID". */
    keyIdMeaning: string;
    /** A fresh key id when the merchant has none for this API yet; undefined: the operator must name one. */
    newKeyId?: () => string;
    /** A fresh API key in the vendor's shape. */
    newApiKey: () => string;
    /** Notifications are signed with a signing key: none are sent until the merchant has one. */
    signsNotifications: boolean;
  };
}
