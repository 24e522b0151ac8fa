/**
 * `walletgate start`: migrate, ensure the demo merchant (sandbox on) or revoke its published keys (a
 * real wallet), listen, run the workers, print the banner.
 * The same Fastify app is served over HTTP and, unless HTTPS_PORT=0, over HTTPS (tls/https-listener.ts).
 */
import type { Server as HttpsServer } from 'node:https';
import { listenHttps } from '../tls/https-listener.js';
import { handleShutdownSignals } from './graceful-shutdown.js';
import { isAbsolute, relative } from 'node:path';
import type { Config } from '../config.js';
import { buildApp } from '../app.js';
import { createServices } from '../services.js';
import { createLogger } from '../logger.js';
import type { Merchant } from '../core/model.js';
import { getDemoMerchant } from '../core/merchants/demo-merchant.js';
import { httpsOrigin } from '../config.js';
import { gatewayOverview, type GatewayOverview } from '../gateway-overview.js';
import { ensureCertificate, readCertificate, type Certificate } from '../tls/self-signed-certificate.js';
import { bold, cyan, dim, green, yellow } from './terminal-style.js';
import { DEMO_USER_EMAIL } from '../core/dashboard/dashboard-policy.js';

/** What the banner says about HTTPS: where it listens, or why it does not. */
export type HttpsStatus = { url: string; certFile: string; selfSigned: boolean } | { skipped: string } | null;

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function httpsLine(https: HttpsStatus): string[] {
  if (https === null) return [];
  if ('skipped' in https) return [`  ${yellow('!')}  HTTPS             ${dim(https.skipped)}`];
  const what = https.selfSigned ? 'self-signed' : 'certificate';
  return [`  ${green('➜')}  HTTPS             ${cyan(https.url)}   ${dim(`(${what}: ${displayPath(https.certFile)})`)}`];
}

/** The demo merchant's part of the banner: its published keys (sandbox on only) and where its notifications go now. */
function demoMerchantLines(demo: NonNullable<GatewayOverview['demo']>, stored: Merchant | undefined): string[] {
  const width = Math.max(...demo.shown.map(([label]) => label.length));
  return [
    `  ${bold(`Demo merchant ${demo.merchantId}${demo.alias ? ` (${demo.alias})` : ''}`)} ${dim('— published test keys, sandbox only')}`,
    ...demo.shown.map(([label, value]) => `    ${label.padEnd(width)}  ${value}`),
    `    ${'Notify'.padEnd(width)}  ${stored?.notifyUrl ?? dim(`not set — WALLETGATE_DEMO_NOTIFY_URL=… or walletgate merchant set-notify-url ${demo.merchantId} <url>`)}`,
  ];
}

/** Where the dashboard is and how the demo user gets a password: never a password itself (ADR 0022). */
function dashboardLines(publicUrl: string): string[] {
  return [
    `  ${bold('Dashboard')}  ${cyan(`${publicUrl}/dashboard`)}   ${dim(`user ${DEMO_USER_EMAIL}`)}`,
    `    first sign-in: npx walletgate user reset ${DEMO_USER_EMAIL}   ${dim('(prints a one-time password)')}`,
  ];
}

/**
 * What `walletgate start` prints. With the sandbox on: the sandbox's URLs and the demo merchant
 * (`demo` as stored now). With a real wallet: where KakaoPay is, and no key of any kind.
 */
export function banner(config: Config, storeKind: string, https: HttpsStatus = null, demo?: Merchant): string {
  const overview = gatewayOverview(config, { httpsListening: https !== null && 'url' in https });
  const db = storeKind === 'postgres' ? config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@') : config.databaseUrl;
  const kakaopay = (note: string) => `  ${green('➜')}  KakaoPay          ${cyan(config.kakaopay.baseUrl)}   ${dim(note)}`;
  const wallet = overview.sandbox
    ? [
        `  ${green('➜')}  KakaoPay sandbox  ${cyan(overview.sandbox.api)}`,
        `  ${green('➜')}  Alipay+ sandbox   ${cyan(overview.sandbox.alipayplus)}   ${dim("(AlipayHK, DANA, GCash, TrueMoney, Touch 'n Go, Alipay, KakaoPay abroad)")}`,
        `  ${green('➜')}  Card processor    ${cyan(overview.sandbox.cards)}   ${dim('(Credit Card, Cards Russia; test cards in docs/sandbox.md)')}`,
        `  ${green('➜')}  Customer API      ${cyan(`POST ${overview.sandbox.customerApi}`)}`,
        // a sandbox elsewhere (walletgate sandbox serve): say where the connector really goes
        ...(config.kakaopay.baseUrl === overview.sandbox.api ? [] : [kakaopay('(the connector goes here: a sandbox elsewhere)')]),
      ]
    : [kakaopay(`(real; CID ${config.kakaopay.cidOneTime})`)];
  const merchants = overview.demo
    ? [...demoMerchantLines(overview.demo, demo), '', ...dashboardLines(config.publicUrl)]
    : [
        `  ${bold('Merchants')}   ${dim('sandbox off: no demo merchant, and its published keys do not work')}`,
        `    npx walletgate merchant create <id>   then   npx walletgate merchant show <id>`,
      ];
  return [
    '',
    `  ${bold('walletgate')} ${dim(overview.sandbox ? '— KakaoPay and Alipay+ gateway, offline sandboxes included' : '— KakaoPay and Alipay+ gateway')}`,
    '',
    `  ${green('➜')}  Gateway           ${cyan(config.publicUrl)}`,
    `  ${green('➜')}  Docs              ${cyan(`${config.publicUrl}/docs`)}   ${dim('(API references with Try it out, and the guides)')}`,
    ...httpsLine(https),
    ...overview.apis.map((api) => `  ${green('➜')}  ${`${api.title} API`.padEnd(18)}${cyan(api.url)}   ${dim(`(was ${api.replaces})`)}`),
    ...wallet,
    '',
    ...merchants,
    '',
    `  ${dim(`Data: ${db}  ·  Ctrl+C to stop`)}`,
    '',
  ].join('\n');
}

async function certificateFor(config: Config): Promise<Certificate> {
  const { certFile, keyFile } = config.tls;
  if (certFile && keyFile) return readCertificate(certFile, keyFile);
  return ensureCertificate(config.dataDir, [config.host, new URL(config.publicUrl).hostname]);
}

export async function startCommand(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  // Before anything listens: a certificate problem should stop the start, not half of it.
  const cert = config.tls.port > 0 ? await certificateFor(config) : null;
  const services = await createServices(config, { log });
  const app = await buildApp(services);
  await app.listen({ host: config.host, port: config.port });
  let httpsServer: HttpsServer | null = null;
  let httpsStatus: HttpsStatus = null;
  if (cert) {
    try {
      httpsServer = await listenHttps(app, cert, config.host, config.tls.port);
      httpsStatus = { url: httpsOrigin(config), certFile: cert.certFile, selfSigned: !config.tls.certFile };
    } catch (e) {
      // The default port being taken (say, by another walletgate) only costs HTTPS; a port the
      // user asked for is an error.
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || config.tls.portExplicit) {
        await app.close();
        await services.close();
        throw e;
      }
      log.warn({ port: config.tls.port }, 'HTTPS port in use; serving HTTP only');
      httpsStatus = { skipped: `port ${config.tls.port} is in use — HTTPS off (set HTTPS_PORT=… to choose another)` };
    }
  }
  services.startWorkers();
  const demo = config.sandbox.enabled ? await getDemoMerchant(services.store) : undefined;
  process.stdout.write(banner(config, services.store.kind, httpsStatus, demo) + '\n');
  handleShutdownSignals({ app, https: httpsServer, services, log, timeoutMs: config.shutdownTimeoutMs });
}
