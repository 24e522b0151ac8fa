/** `walletgate start`: migrate, ensure the demo merchant, listen, run the workers, print the banner. */
import type { Config } from '../config.js';
import { buildApp } from '../app.js';
import { createServices } from '../services.js';
import { createLogger } from '../logger.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../core/merchants/demo-merchant.js';
import { apiBaseUrls } from '../web/home-page.js';
import { bold, cyan, dim, green } from './terminal-style.js';

export function banner(config: Config, storeKind: string): string {
  const urls = apiBaseUrls(config.publicUrl);
  const db = storeKind === 'postgres' ? config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@') : config.databaseUrl;
  return [
    '',
    `  ${bold('walletgate')} ${dim('— KakaoPay gateway, offline sandbox included')}`,
    '',
    `  ${green('➜')}  Gateway           ${cyan(config.publicUrl)}`,
    `  ${green('➜')}  GlobalPay API     ${cyan(urls.globalpay)}   ${dim('(was https://paytest.smart2pay.com)')}`,
    `  ${green('➜')}  KakaoPay sandbox  ${cyan(urls.sandbox)}`,
    `  ${green('➜')}  Customer API      ${cyan(`POST ${urls.customerApi}`)}`,
    '',
    `  ${bold('Demo merchant')}  GlobalPay SiteID ${bold(DEMO_SITE_ID)}`,
    `    ApiKey  ${DEMO_GLOBALPAY_KEYS[0]}`,
    `    ApiKey  ${DEMO_GLOBALPAY_KEYS[1]}`,
    `    Notify  ${config.demo.notifyUrl ?? dim('not set — WALLETGATE_DEMO_NOTIFY_URL=… or walletgate merchant set-notify-url demo <url>')}`,
    '',
    `  ${dim(`Data: ${db}  ·  Ctrl+C to stop`)}`,
    '',
  ].join('\n');
}

export async function startCommand(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const services = await createServices(config, { log });
  const app = await buildApp(services);
  await app.listen({ host: config.host, port: config.port });
  services.startWorkers();
  process.stdout.write(banner(config, services.store.kind) + '\n');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
