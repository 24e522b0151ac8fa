/**
 * What every process does to the database before it serves — `walletgate start` (src/services.ts)
 * and every CLI command that opens it (withStore): apply the migrations, check the master key, and
 * ensure the demo merchant and its dashboard user (sandbox on) or revoke its published keys (sandbox off).
 *
 * Any number of processes may do this at once on one database (several gateways behind a load
 * balancer, a CLI command while they start): each step runs under the store's start-up lock
 * (`Store.exclusively`), so one process migrates and creates the demo keys while the others wait,
 * then find them there.
 */
import type { Store, MigrationReport } from './ports/store.js';
import { assertMasterKeyOpensCredentials } from './merchants/master-key-check.js';
import { demoSyncWarnings, syncDemoMerchant, type DemoCredential } from './merchants/demo-merchant.js';
import { ensureDemoUser } from './dashboard/ensure-demo-user.js';

const START_UP_LOCK = 'start-up';

export interface StartUpOptions {
  masterKey: string;
  sandbox: boolean;
  /** The demo merchant's notification URL (WALLETGATE_DEMO_NOTIFY_URL), if set. */
  demoNotifyUrl: string | null;
  demoCredentials: readonly DemoCredential[];
  /** Told each thing the operator must hear about (never a secret), as soon as it has happened. */
  warn(message: string): void;
}

/** Throws if the database cannot be migrated or the master key does not open its keys (CoreError `internal`). */
export async function startUp(store: Store, opts: StartUpOptions): Promise<void> {
  // The migrations commit before the master key is checked, so what they removed is said even if
  // this start stops at the check: a migration runs once, and would not say it again.
  const migration = await store.exclusively(START_UP_LOCK, (s) => s.migrate());
  const removed = removedCredentialsWarning(migration);
  if (removed) opts.warn(removed);
  const sync = await store.exclusively(START_UP_LOCK, async (s) => {
    await assertMasterKeyOpensCredentials(s, opts.masterKey);
    return syncDemoMerchant(s, opts.masterKey, {
      sandbox: opts.sandbox,
      notifyUrl: opts.demoNotifyUrl,
      credentials: opts.demoCredentials,
    });
  });
  for (const warning of demoSyncWarnings(sync)) opts.warn(warning);
  // the demo merchant's dashboard user (ADR 0022): its password is set with walletgate user reset
  if (opts.sandbox) await store.exclusively(START_UP_LOCK, ensureDemoUser);
}

/** The credentials a migration removed for sharing a secret or a key id (ADR 0010), if any: which keys, never their secrets. */
function removedCredentialsWarning(report: MigrationReport): string | undefined {
  const removed = report.removedCredentials;
  if (removed.length === 0) return undefined;
  const which = removed
    .map((c) => {
      const why =
        c.why === 'copy'
          ? `a copy of key #${c.kept.id}`
          : c.why === 'secret'
            ? `its secret is key #${c.kept.id} of merchant ${c.kept.merchantId}`
            : `the key id is merchant ${c.kept.merchantId}'s`;
      return `merchant ${c.merchantId} ${c.dialect} ${c.keyId} key #${c.id} (${why})`;
    })
    .join(', ');
  const allCopies = removed.every((c) => c.why === 'copy');
  return (
    `A secret is now one key, and a key id one merchant's; ${removed.length} credential(s) breaking that were removed, the oldest kept: ${which}. ` +
    (allCopies
      ? 'They were copies of keys that stay: nothing changes for any merchant.'
      : 'A removed key no longer authenticates or signs: give its merchant a key of its own with walletgate merchant add-key.')
  );
}
