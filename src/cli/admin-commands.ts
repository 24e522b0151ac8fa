/** `walletgate merchant …`, `notifications …` and `sweep`: administration against the configured database. */
import type { Config } from '../config.js';
import { httpsOrigin } from '../config.js';
import { CREDENTIAL_KINDS, type CredentialKind } from '../core/model.js';
import { DEMO_CREDENTIALS, DIALECTS, DIALECT_IDS, isRegisteredDialect } from '../dialects/index.js';
import { addCredential, createMerchant, resolveMerchant, setNotifyUrl, showMerchant } from '../core/merchants/manage-merchants.js';
import { startUp } from '../core/start-up.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../core/ports/store.js';
import { bold, dim, green, red, table, yellow } from './terminal-style.js';
import { UsageError } from './cli-error.js';
import { isNetworkError, systemErrorIn } from './explain-error.js';
import { idNumber, limitFlag, oneOf } from './flag-values.js';

const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed'] as const;

export async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.databaseUrl, { poolSize: config.databasePoolSize }).catch((e: unknown) =>
    Promise.reject(unreachableDatabase(config, e)),
  );
  try {
    await startUp(store, {
      masterKey: config.masterKey,
      sandbox: config.sandbox.enabled,
      demoNotifyUrl: config.demo.notifyUrl,
      demoCredentials: DEMO_CREDENTIALS,
      warn: (message) => console.error(`${yellow('!')} ${message}`),
    }).catch((e: unknown) => Promise.reject(unreachableDatabase(config, e)));
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A database that cannot be reached is the user's to fix (start it, or fix DATABASE_URL); anything else goes on as it was. */
function unreachableDatabase(config: Config, e: unknown): unknown {
  const sys = systemErrorIn(e);
  if (!isNetworkError(sys)) return e;
  const url = config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@');
  return new UsageError(
    `Cannot reach the database ${url} (${sys.code}).`,
    'Is PostgreSQL running there? Check DATABASE_URL (unset, walletgate uses SQLite in ./data).',
  );
}

export async function merchantOrFail(store: Store, ref: string | undefined): Promise<string> {
  if (!ref)
    throw new UsageError('Name the merchant: its id or a key id such as GlobalPay site 30201.', 'walletgate merchant list shows them.');
  const m = await resolveMerchant(store, ref, DIALECT_IDS);
  if (!m) throw new UsageError(`No merchant "${ref}".`, 'walletgate merchant list shows the merchants and their key ids.');
  return m.id;
}

export async function merchantCommand(config: Config, args: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const [sub, ref, extra] = args;
  await withStore(config, async (store) => {
    switch (sub) {
      case 'list':
      case undefined: {
        const merchants = await store.merchants.list();
        const rows = [[bold('ID'), bold('NAME'), bold('KEYS'), bold('NOTIFY URL')]];
        for (const m of merchants) {
          const creds = await store.credentials.listByMerchant(m.id);
          rows.push([m.id, m.name, creds.map((c) => `${c.dialect}:${c.keyId}`).join(', ') || dim('none'), m.notifyUrl ?? dim('not set')]);
        }
        if (flags.json) console.log(JSON.stringify(merchants, null, 2));
        else console.log(table(rows));
        return;
      }
      case 'show': {
        const id = await merchantOrFail(store, ref);
        const view = await showMerchant(store, config.masterKey, id);
        if (flags.json) {
          const apis: Record<string, unknown> = {};
          for (const d of DIALECT_IDS) {
            const creds = view.credentials.filter((c) => c.dialect === d);
            if (creds.length === 0) continue;
            const ofKind = (kind: CredentialKind) =>
              creds.filter((c) => c.kind === kind).map((c) => ({ id: c.id, keyId: c.keyId, secret: c.secret, label: c.label }));
            apis[d] = {
              baseUrl: `${config.publicUrl}/${d}`,
              ...(DIALECTS[d].https && config.tls.port > 0 ? { httpsBaseUrl: `${httpsOrigin(config)}/${d}` } : {}),
              keyId: creds[0]!.keyId,
              keys: ofKind('api_key'),
              signingKeys: ofKind('signing_key'),
            };
          }
          console.log(
            JSON.stringify(
              {
                id: view.merchant.id,
                name: view.merchant.name,
                notifyUrl: view.merchant.notifyUrl,
                createdAt: view.merchant.createdAt,
                apis,
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log(`${bold(view.merchant.name)} ${dim(`(${view.merchant.id})`)}`);
        console.log(`  Notifications → ${view.merchant.notifyUrl ?? dim('not set')}`);
        for (const c of view.credentials) {
          const what = c.kind === 'signing_key' ? 'signing key' : 'secret     ';
          console.log(`  ${c.dialect.padEnd(11)} key id ${bold(c.keyId)}  ${what} ${c.secret}  ${dim(`#${c.id} ${c.label ?? ''}`)}`);
        }
        return;
      }
      case 'create': {
        if (!ref)
          throw new UsageError(
            "walletgate merchant create needs the new merchant's id.",
            'Usage: walletgate merchant create <id> [--name "Shop"] [--notify-url URL] [--site-id N]',
          );
        let siteId = typeof flags['site-id'] === 'string' ? flags['site-id'] : '';
        // A site stays its merchant's even once its last key is removed (ADR 0010).
        if (siteId && (await store.credentials.keyIdOwner('globalpay', siteId)) !== undefined)
          throw new UsageError(`GlobalPay site ${siteId} is taken.`, 'Choose another --site-id, or leave it out for a free random one.');
        while (!siteId || (await store.credentials.keyIdOwner('globalpay', siteId)) !== undefined)
          siteId = String(40000 + Math.floor(Math.random() * 50000));
        // One transaction: a site taken meanwhile by another process leaves no merchant without a key.
        const { m, secret } = await store.transaction(async (tx) => {
          const m = await createMerchant(tx, {
            id: ref,
            name: typeof flags.name === 'string' ? flags.name : ref,
            notifyUrl: typeof flags['notify-url'] === 'string' ? flags['notify-url'] : null,
          });
          const { secret } = await addCredential(tx, config.masterKey, { merchantId: m.id, dialect: 'globalpay', keyId: siteId });
          return { m, secret };
        });
        console.log(`${green('✔')} Merchant ${bold(m.id)} created. GlobalPay SiteID ${bold(siteId)}, ApiKey ${secret}`);
        return;
      }
      case 'add-key': {
        const id = await merchantOrFail(store, ref);
        const dialect = typeof flags.dialect === 'string' ? flags.dialect : 'globalpay';
        if (!isRegisteredDialect(dialect))
          throw new UsageError(`Unknown --dialect "${dialect}".`, `It is one of ${DIALECT_IDS.join(', ')}.`);
        const api = DIALECTS[dialect].credentials;
        const kind = (typeof flags.kind === 'string' ? flags.kind : 'api_key') as CredentialKind;
        if (!CREDENTIAL_KINDS.includes(kind))
          throw new UsageError(`Unknown --kind "${kind}".`, `It is one of ${CREDENTIAL_KINDS.join(', ')}.`);
        const existing = (await store.credentials.listByMerchant(id)).find((c) => c.dialect === dialect);
        const keyId = typeof flags['key-id'] === 'string' ? flags['key-id'] : (existing?.keyId ?? api.newKeyId?.());
        if (!keyId)
          throw new UsageError(
            `${id} has no ${dialect} key yet, so walletgate merchant add-key needs --key-id.`,
            `Give --key-id (${api.keyIdMeaning}).`,
          );
        const { credential, secret } = await addCredential(store, config.masterKey, {
          merchantId: id,
          dialect,
          kind,
          keyId,
          ...(typeof flags.secret === 'string' ? { secret: flags.secret } : kind === 'api_key' ? { secret: api.newApiKey() } : {}),
          label: typeof flags.label === 'string' ? flags.label : null,
        });
        const what = kind === 'signing_key' ? 'Signing key' : 'Key';
        console.log(`${green('✔')} ${what} #${credential.id} added to ${bold(id)} (${dialect} ${keyId}): ${secret}`);
        // Some APIs sign their webhooks with a signing key: without one, none are sent.
        const signs = (await store.credentials.listByMerchant(id)).some((c) => c.dialect === dialect && c.kind === 'signing_key');
        if (api.signsNotifications && !signs) {
          console.log(
            `${yellow('!')} ${dialect} webhooks are signed: none are sent until ${bold(id)} has a signing key (walletgate merchant add-key ${id} --dialect ${dialect} --kind signing_key).`,
          );
        }
        return;
      }
      case 'remove-key': {
        const id = await merchantOrFail(store, ref);
        const keyId = idNumber(extra);
        if (keyId === undefined)
          throw new UsageError(
            `walletgate merchant remove-key needs the key's #id (a number), got ${extra === undefined ? 'nothing' : `"${extra}"`}.`,
            `walletgate merchant show ${id} lists the keys with their #id.`,
          );
        if (!(await store.credentials.delete(id, keyId)))
          throw new UsageError(`${id} has no key #${keyId}.`, `walletgate merchant show ${id} lists the keys with their #id.`);
        console.log(`${green('✔')} Key #${keyId} removed.`);
        return;
      }
      case 'set-notify-url': {
        const id = await merchantOrFail(store, ref);
        if (extra === undefined)
          throw new UsageError(
            'walletgate merchant set-notify-url needs the URL (or none).',
            `Usage: walletgate merchant set-notify-url ${ref} https://shop.example/notify, or … ${ref} none to stop notifications.`,
          );
        const url = extra === '' || extra === 'none' ? null : extra;
        await setNotifyUrl(store, id, url);
        console.log(`${green('✔')} Notifications for ${bold(id)} go to ${url ?? dim('nowhere (disabled)')}`);
        return;
      }
      default:
        throw new UsageError(`Unknown command "walletgate merchant ${sub}".`);
    }
  });
}

/** A notification as the CLI prints it: without its headers, which carry the merchant's credentials (Basic auth, signatures). */
function withoutHeaders<N extends { headers: unknown }>({ headers: _headers, ...rest }: N): Omit<N, 'headers'> {
  return rest;
}

export async function notificationsCommand(
  config: Config,
  args: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<void> {
  const [sub, idArg] = args;
  await withStore(config, async (store) => {
    if (sub === 'resend' || sub === 'show') {
      const id = idNumber(idArg);
      if (id === undefined)
        throw new UsageError(
          `walletgate notifications ${sub} needs a notification's #id (a number), got ${idArg === undefined ? 'nothing' : `"${idArg}"`}.`,
          'walletgate notifications lists them with their #id.',
        );
      if (sub === 'resend') {
        const n = await store.outbox.reschedule(id, new Date());
        if (!n) throw new UsageError(`No notification #${id}.`, 'walletgate notifications lists them with their #id.');
        console.log(`${green('✔')} Notification #${id} is due again; a running gateway delivers it within a second.`);
        return;
      }
      const n = await store.outbox.get(id);
      if (!n) throw new UsageError(`No notification #${id}.`, 'walletgate notifications lists them with their #id.');
      const attempts = await store.outbox.listAttempts(id);
      if (flags.json) return void console.log(JSON.stringify({ ...withoutHeaders(n), attempts }, null, 2));
      console.log(`${bold(`#${n.id}`)} ${n.event} → ${n.url}  ${n.status}`);
      console.log(dim(n.body.length > 400 ? n.body.slice(0, 400) + '…' : n.body));
      for (const a of attempts)
        console.log(`  attempt ${a.attempt} ${a.at.toISOString()} ${a.statusCode ?? '—'} ${a.error ?? 'ok'} ${dim(`${a.durationMs} ms`)}`);
      return;
    }
    if (sub !== undefined && sub !== 'list') throw new UsageError(`Unknown command "walletgate notifications ${sub}".`);
    const status = oneOf('--status', flags.status, NOTIFICATION_STATUSES);
    const merchantId = typeof flags.merchant === 'string' ? await merchantOrFail(store, flags.merchant) : undefined;
    const rows = await store.outbox.list({
      ...(status ? { status } : {}),
      ...(merchantId ? { merchantId } : {}),
      limit: limitFlag(flags.limit, 50),
    });
    if (flags.json) return void console.log(JSON.stringify(rows.map(withoutHeaders), null, 2));
    if (rows.length === 0) return void console.log(dim('No notifications yet.'));
    const paint = (s: string) => (s === 'delivered' ? green(s) : s === 'failed' ? red(s) : yellow(s));
    console.log(
      table([
        [bold('ID'), bold('EVENT'), bold('STATUS'), bold('TRIES'), bold('LAST'), bold('NEXT / DONE'), bold('URL')],
        ...rows.map((n) => [
          `#${n.id}`,
          n.event,
          paint(n.status),
          String(n.attempts),
          n.lastStatusCode ? String(n.lastStatusCode) : (n.lastError ?? '—').slice(0, 30),
          (n.status === 'delivered' ? n.deliveredAt : n.nextAttemptAt)?.toISOString().replace('T', ' ').slice(0, 19) ?? '',
          n.url,
        ]),
      ]),
    );
  });
}
