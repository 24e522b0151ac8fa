/** `walletgate user add|remove|reset|list`: the dashboard's users (ADR 0022, docs/dashboard.md). */
import type { Config } from '../config.js';
import { addUser } from '../core/dashboard/add-user.js';
import { removeUser } from '../core/dashboard/remove-user.js';
import { resetPassword } from '../core/dashboard/reset-password.js';
import { ROLE_MEANING } from '../core/dashboard/dashboard-policy.js';
import { DASHBOARD_ROLES, type DashboardRole, type DashboardUser } from '../core/ports/dashboard-store.js';
import type { Store } from '../core/ports/store.js';
import { merchantOrFail, withStore } from './admin-commands.js';
import { UsageError } from './cli-error.js';
import type { Flags } from './command-line.js';
import { bold, cyan, dim, green, table, yellow } from './terminal-style.js';

const MERCHANT_ROLES: readonly DashboardRole[] = DASHBOARD_ROLES.filter((r) => r !== 'operator');
const ADD_USAGE =
  'Usage: walletgate user add <email> --merchant <id> --role owner|refunds|read-only, or walletgate user add <email> --operator';

/** The one-time password, framed so it is noticed, with what to do with it. */
function oneTimePasswordLines(config: Config, user: DashboardUser, password: string): string[] {
  return [
    `  Sign in at   ${cyan(`${config.publicUrl}/dashboard/login`)}`,
    `  E-mail       ${user.email}`,
    `  Password     ${bold(password)}   ${dim('(one-time: shown only now; a new one must be chosen at sign-in)')}`,
  ];
}

function roleFrom(flags: Flags): { merchant?: string; role: DashboardRole } {
  if (flags.operator === true) {
    if (flags.merchant !== undefined || flags.role !== undefined)
      throw new UsageError('An operator belongs to no merchant and has no other role: give --operator alone.', ADD_USAGE);
    return { role: 'operator' };
  }
  if (typeof flags.merchant !== 'string') throw new UsageError('walletgate user add needs --merchant <id> (or --operator).', ADD_USAGE);
  const role = flags.role ?? 'owner';
  if (typeof role !== 'string' || !MERCHANT_ROLES.includes(role as DashboardRole))
    throw new UsageError(
      `Unknown --role "${String(role)}".`,
      `It is one of ${MERCHANT_ROLES.map((r) => `${r} (${ROLE_MEANING[r]})`).join('; ')}.`,
    );
  return { merchant: flags.merchant, role: role as DashboardRole };
}

function emailOrFail(email: string | undefined, sub: string): string {
  if (!email)
    throw new UsageError(
      `walletgate user ${sub} needs the user's e-mail.`,
      sub === 'add' ? ADD_USAGE : `Usage: walletgate user ${sub} <email>`,
    );
  return email;
}

async function list(store: Store, flags: Flags): Promise<void> {
  const merchantId = typeof flags.merchant === 'string' ? await merchantOrFail(store, flags.merchant) : undefined;
  const users = await store.dashboardUsers.list(merchantId);
  if (flags.json)
    return void console.log(
      JSON.stringify(
        users.map(({ passwordHash: _hash, ...u }) => u),
        null,
        2,
      ),
    );
  if (users.length === 0) return void console.log(dim('No dashboard users yet. walletgate user add <email> --merchant <id> makes one.'));
  console.log(
    table([
      [bold('E-MAIL'), bold('MERCHANT'), bold('ROLE'), bold('PASSWORD')],
      ...users.map((u) => [
        u.email,
        u.merchantId ?? dim('all (operator)'),
        u.role,
        u.mustChangePassword ? yellow('one-time, not changed yet') : 'set',
      ]),
    ]),
  );
}

export async function userCommand(config: Config, args: string[], flags: Flags): Promise<void> {
  const [sub, rawEmail] = args;
  await withStore(config, async (store) => {
    const deps = { store, clock: () => new Date() };
    const cli = { cli: 'cli' } as const;
    switch (sub) {
      case 'list':
      case undefined:
        return list(store, flags);
      case 'add': {
        const email = emailOrFail(rawEmail, 'add');
        const { merchant, role } = roleFrom(flags);
        const merchantId = merchant === undefined ? null : await merchantOrFail(store, merchant);
        const result = await addUser(deps, cli, { email, merchantId, role });
        if (!result.ok) {
          switch (result.problem) {
            case 'email_invalid':
              throw new UsageError(`"${email}" is not an e-mail address.`, ADD_USAGE);
            case 'email_taken':
              throw new UsageError(
                `${email} is already a dashboard user.`,
                `walletgate user reset ${email} gives it a new one-time password.`,
              );
            case 'merchant_unknown':
            case 'role_invalid':
              throw new UsageError(`Cannot add ${email} with role ${role}.`, ADD_USAGE);
          }
        }
        const where = result.user.merchantId
          ? `${bold(result.user.merchantId)} as ${bold(result.user.role)}`
          : bold('operator (every merchant)');
        console.log(`${green('✔')} Dashboard user ${bold(result.user.email)} ${result.revived ? 'added back' : 'added'}: ${where}.`);
        for (const line of oneTimePasswordLines(config, result.user, result.oneTimePassword)) console.log(line);
        return;
      }
      case 'remove': {
        const email = emailOrFail(rawEmail, 'remove');
        const result = await removeUser(deps, cli, email);
        if (!result.ok) throw new UsageError(`No dashboard user ${email}.`, 'walletgate user list shows them.');
        const ended = result.sessionsEnded > 0 ? ` ${result.sessionsEnded} open session(s) ended.` : '';
        console.log(`${green('✔')} ${bold(result.user.email)} removed: can no longer sign in.${ended}`);
        if (result.noOwnerLeft && result.user.merchantId !== null)
          console.log(
            `${yellow('!')} ${bold(result.user.merchantId)} has no owner now: nobody can manage its settings and users from the dashboard.\n` +
              `  walletgate user add <e-mail> --merchant ${result.user.merchantId} --role owner   gives it one.`,
          );
        return;
      }
      case 'reset': {
        const email = emailOrFail(rawEmail, 'reset');
        const result = await resetPassword(deps, cli, email);
        if (!result.ok) throw new UsageError(`No dashboard user ${email}.`, 'walletgate user list shows them.');
        console.log(`${green('✔')} New one-time password for ${bold(result.user.email)}; any open session of theirs ended.`);
        for (const line of oneTimePasswordLines(config, result.user, result.oneTimePassword)) console.log(line);
        return;
      }
      default:
        throw new UsageError(`Unknown command "walletgate user ${sub}".`);
    }
  });
}
