/**
 * The dashboard's settings (ADR 0026), right 'settings' (owners and operators): GET /dashboard/settings
 * and its forms — a notification URL per API, keys (create, rotate, revoke; a secret shown once),
 * users (add, role, reset, remove) and a test notification per API with its delivery. A merchant's
 * user reaches its own merchant only; an operator names one (`merchant`). Another merchant's
 * settings, key, user or notification is a 404. Each POST checks Origin + CSRF, calls one use case.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addUser } from '../../core/dashboard/add-user.js';
import { changeUserRole } from '../../core/dashboard/change-user-role.js';
import { createKey } from '../../core/dashboard/create-key.js';
import { removeUser } from '../../core/dashboard/remove-user.js';
import { resetPassword } from '../../core/dashboard/reset-password.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { revokeKey } from '../../core/dashboard/revoke-key.js';
import { rotateKey } from '../../core/dashboard/rotate-key.js';
import { sendTestNotification } from '../../core/dashboard/send-test-notification.js';
import { setApiNotifyUrl, type NotifyUrlProblem } from '../../core/dashboard/set-api-notify-url.js';
import { viewNotificationDelivery } from '../../core/dashboard/view-notification-delivery.js';
import { viewSettings } from '../../core/dashboard/view-settings.js';
import type { CredentialKind } from '../../core/model.js';
import { DIALECT_IDS, DIALECTS, isRegisteredDialect, type RegisteredDialectId } from '../../dialects/index.js';
import type { DashboardContext } from './dashboard-context.js';
import { formFields } from './request-guards.js';
import { OVERLAP_CHOICES, pickMerchantPage, settingsPage, shownOncePage, type ApiInfo } from './settings-page.js';
import { testNotificationPage } from './test-notification-page.js';
import { depsOf } from '../../core/request-context.js';

const APIS: readonly ApiInfo[] = DIALECT_IDS.map((id) => ({
  id,
  title: DIALECTS[id].title,
  signs: DIALECTS[id].credentials.signsNotifications,
  keyIdMeaning: DIALECTS[id].credentials.keyIdMeaning,
}));

/** What a 303 back to the page says: fixed words, nothing the request typed. */
const DONE = {
  url: 'The notification URL is saved.',
  revoked: 'The key is revoked: it no longer works.',
  role: 'The role is changed.',
  removed: 'The user is removed and their sessions ended.',
} as const;

const URL_PROBLEMS: Record<NotifyUrlProblem, string> = {
  not_absolute: 'The notification URL must be a whole URL, like https://shop.example/notifications.',
  not_http: 'The notification URL must start with http:// or https://.',
  has_credentials: 'Put no user name or password in the notification URL; notifications are signed instead.',
  too_long: 'The notification URL is too long (at most 2,000 characters).',
};

const FORM_REFUSED = 'This form has expired or came from another site. Open the page again.';

export async function registerSettingsRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const base = ctx.deps;

  /** The merchant a request is about: a merchant's user's own (naming another is nothing); an operator's pick. */
  const merchantOf = (signedIn: SignedIn, given: string): string | undefined => {
    const own = signedIn.user.merchantId;
    if (own !== null) return given === '' || given === own ? own : undefined;
    return given === '' ? undefined : given;
  };
  const back = (merchantId: string, done?: keyof typeof DONE) =>
    `/dashboard/settings?merchant=${encodeURIComponent(merchantId)}${done ? `&done=${done}` : ''}`;
  const notFound = (reply: FastifyReply) => ctx.refused(reply, 404, 'Not found', 'There is no such merchant, key or user here.');

  const showSettings = async (
    reply: FastifyReply,
    signedIn: SignedIn,
    merchantId: string,
    status: number,
    view: { error?: string; note?: string } = {},
  ) => {
    const settings = await viewSettings(base, signedIn, merchantId);
    if (!settings) return notFound(reply);
    return ctx.html(reply, status, settingsPage({ settings, apis: APIS, now: base.clock(), ...view }, signedIn));
  };

  /** The signed-in owner/operator, the form, and the merchant it names; undefined once answered (403/404). */
  const postOf = async (req: FastifyRequest, reply: FastifyReply) => {
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return undefined;
    if (!ctx.postAllowed(req, signedIn)) {
      ctx.refused(reply, 403, 'Not saved', FORM_REFUSED);
      return undefined;
    }
    const field = formFields(req.body);
    const merchantId = merchantOf(signedIn, field('merchant'));
    if (!merchantId) {
      notFound(reply);
      return undefined;
    }
    return { signedIn, field, merchantId, actor: { user: signedIn.user, ip: req.ip } };
  };
  const dialectOf = (raw: string): RegisteredDialectId | undefined => (isRegisteredDialect(raw) ? raw : undefined);
  const keyIdOf = (raw: string): number | undefined => (/^\d{1,12}$/.test(raw) ? Number(raw) : undefined);

  app.get('/settings', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return reply;
    const query = req.query as Record<string, unknown>;
    const given = typeof query.merchant === 'string' ? query.merchant : '';
    if (signedIn.user.merchantId === null && given === '')
      return ctx.html(reply, 200, pickMerchantPage(await deps.store.merchants.list(), signedIn));
    const merchantId = merchantOf(signedIn, given);
    if (!merchantId) return notFound(reply);
    const done = typeof query.done === 'string' && Object.hasOwn(DONE, query.done) ? DONE[query.done as keyof typeof DONE] : undefined;
    return showSettings(reply, signedIn, merchantId, 200, done ? { note: done } : {});
  });

  app.post('/settings/notify-url', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const dialect = dialectOf(p.field('dialect'));
    if (!dialect) return showSettings(reply, p.signedIn, p.merchantId, 400, { error: 'Pick one of the APIs listed.' });
    const result = await setApiNotifyUrl(deps, p.actor, { merchantId: p.merchantId, dialect, url: p.field('url') });
    if (result.ok) return ctx.seeOther(reply, back(p.merchantId, 'url'));
    if (result.problem === 'not_found') return notFound(reply);
    return showSettings(reply, p.signedIn, p.merchantId, 400, { error: URL_PROBLEMS[result.problem] });
  });

  app.post('/settings/keys', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const dialect = dialectOf(p.field('dialect'));
    const kind: CredentialKind | undefined = (['api_key', 'signing_key'] as const).find((k) => k === p.field('kind'));
    if (!dialect || !kind) return showSettings(reply, p.signedIn, p.merchantId, 400, { error: 'Pick an API and a kind of key.' });
    const api = DIALECTS[dialect];
    if (kind === 'signing_key' && !api.credentials.signsNotifications)
      return showSettings(reply, p.signedIn, p.merchantId, 400, {
        error: `${api.title} notifications are not signed with a signing key: create an API key.`,
      });
    const typed = p.field('key_id').trim();
    if (typed.length > 100 || /[\s<>"']/.test(typed))
      return showSettings(reply, p.signedIn, p.merchantId, 400, { error: 'A key id is at most 100 characters, without spaces or quotes.' });
    const label = p.field('label').trim().slice(0, 100) || null;
    const existing = (await deps.store.credentials.listByMerchant(p.merchantId)).find((c) => c.dialect === dialect)?.keyId;
    const keyId = typed || existing || api.credentials.newKeyId?.();
    if (!keyId) return showSettings(reply, p.signedIn, p.merchantId, 400, { error: `Name the key id: ${api.credentials.keyIdMeaning}.` });
    const result = await createKey(deps, p.actor, {
      merchantId: p.merchantId,
      dialect,
      kind,
      keyId,
      ...(kind === 'api_key' ? { secret: api.credentials.newApiKey() } : {}),
      label,
    });
    if (!result.ok)
      return result.problem === 'not_found'
        ? notFound(reply)
        : showSettings(reply, p.signedIn, p.merchantId, 400, { error: result.message });
    return ctx.html(
      reply,
      200,
      shownOncePage(p.signedIn, {
        title: 'New key',
        lead: `A new ${api.title} ${kind === 'api_key' ? 'API key' : 'signing key'} for key id ${keyId} works from now on.`,
        label: kind === 'api_key' ? 'API key' : 'Signing key',
        secret: result.secret,
        merchantId: p.merchantId,
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/settings/keys/:id/rotate', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const credentialId = keyIdOf(req.params.id);
    if (credentialId === undefined) return notFound(reply);
    const overlap = OVERLAP_CHOICES.find((o) => o.value === p.field('overlap'));
    if (!overlap) return showSettings(reply, p.signedIn, p.merchantId, 400, { error: 'Pick how long the old key keeps working.' });
    const old = await deps.store.credentials.get(p.merchantId, credentialId);
    if (!old) return notFound(reply);
    const api = isRegisteredDialect(old.dialect) ? DIALECTS[old.dialect] : undefined;
    const secret = old.kind === 'api_key' ? api?.credentials.newApiKey() : undefined;
    const result = await rotateKey(deps, p.actor, {
      merchantId: p.merchantId,
      credentialId,
      overlapMs: overlap.ms,
      ...(secret !== undefined ? { secret } : {}),
    });
    if (!result.ok)
      return result.problem === 'not_found'
        ? notFound(reply)
        : showSettings(reply, p.signedIn, p.merchantId, 400, { error: result.message });
    const ends = result.old.expiresAt ? result.old.expiresAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never';
    return ctx.html(
      reply,
      200,
      shownOncePage(p.signedIn, {
        title: 'Key rotated',
        lead: `The new key works from now on; the old one (#${result.old.id}) keeps working until ${ends}, then stops.`,
        label: old.kind === 'api_key' ? 'New API key' : 'New signing key',
        secret: result.secret,
        merchantId: p.merchantId,
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/settings/keys/:id/revoke', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const credentialId = keyIdOf(req.params.id);
    if (credentialId === undefined) return notFound(reply);
    const result = await revokeKey(deps, p.actor, { merchantId: p.merchantId, credentialId });
    return result.ok ? ctx.seeOther(reply, back(p.merchantId, 'revoked')) : notFound(reply);
  });

  app.post('/settings/users', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const role = (['owner', 'refunds', 'read-only'] as const).find((r) => r === p.field('role'));
    if (!role) return showSettings(reply, p.signedIn, p.merchantId, 400, { error: 'Pick a role: owner, refunds or read-only.' });
    const result = await addUser(deps, p.actor, { email: p.field('email'), merchantId: p.merchantId, role });
    if (!result.ok) {
      if (result.problem === 'merchant_unknown') return notFound(reply);
      const error = {
        email_invalid: 'That is not an e-mail address.',
        email_taken: 'That e-mail already signs in to walletgate.',
        role_invalid: 'Pick a role: owner, refunds or read-only.',
      }[result.problem];
      return showSettings(reply, p.signedIn, p.merchantId, 400, { error });
    }
    return ctx.html(
      reply,
      200,
      shownOncePage(p.signedIn, {
        title: 'User added',
        lead: `${result.user.email} may sign in as ${result.user.role}. Give them this one-time password; they choose their own at their first sign-in.`,
        label: 'One-time password',
        secret: result.oneTimePassword,
        merchantId: p.merchantId,
      }),
    );
  });

  app.post('/settings/users/role', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const result = await changeUserRole(deps, p.actor, { merchantId: p.merchantId, email: p.field('email'), role: p.field('role') });
    if (result.ok) return ctx.seeOther(reply, back(p.merchantId, 'role'));
    if (result.problem === 'unknown_user') return notFound(reply);
    const error =
      result.problem === 'last_owner' ? 'The merchant’s last owner stays an owner: make someone else owner first.' : 'Pick a role.';
    return showSettings(reply, p.signedIn, p.merchantId, 400, { error });
  });

  app.post('/settings/users/remove', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const result = await removeUser(deps, p.actor, p.field('email'), { merchantId: p.merchantId });
    if (result.ok) return ctx.seeOther(reply, back(p.merchantId, 'removed'));
    if (result.problem === 'unknown_user') return notFound(reply);
    return showSettings(reply, p.signedIn, p.merchantId, 400, {
      error: 'The merchant’s last owner cannot be removed: make someone else owner first.',
    });
  });

  app.post('/settings/users/reset', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const result = await resetPassword(deps, p.actor, p.field('email'), { merchantId: p.merchantId });
    if (!result.ok) return notFound(reply);
    return ctx.html(
      reply,
      200,
      shownOncePage(p.signedIn, {
        title: 'Password reset',
        lead: `${result.user.email}'s sessions ended. Give them this one-time password; they choose their own at their next sign-in.`,
        label: 'One-time password',
        secret: result.oneTimePassword,
        merchantId: p.merchantId,
      }),
    );
  });

  app.post('/settings/test-notification', async (req, reply) => {
    const deps = depsOf(base, req);
    const p = await postOf(req, reply);
    if (!p) return reply;
    const dialect = dialectOf(p.field('dialect'));
    if (!dialect) return showSettings(reply, p.signedIn, p.merchantId, 400, { error: 'Pick one of the APIs listed.' });
    const result = await sendTestNotification(deps, p.actor, { merchantId: p.merchantId, dialect });
    if (result.ok)
      return ctx.seeOther(
        reply,
        `/dashboard/settings/test-notification/${result.notifications[0]!.id}?merchant=${encodeURIComponent(p.merchantId)}`,
      );
    if (result.problem === 'not_found') return notFound(reply);
    const title = DIALECTS[dialect].title;
    const error =
      result.problem === 'no_payment'
        ? `There is no ${title} payment yet to notify about: make one (the sandbox needs no real wallet), then try again.`
        : `Nothing was sent: no ${title} payment is in a state ${title} notifies about, or there is no notification URL or no key to sign with.`;
    return showSettings(reply, p.signedIn, p.merchantId, 409, { error });
  });

  app.get<{ Params: { id: string } }>('/settings/test-notification/:id', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return reply;
    const query = req.query as Record<string, unknown>;
    const merchantId = merchantOf(signedIn, typeof query.merchant === 'string' ? query.merchant : '');
    const id = keyIdOf(req.params.id);
    if (!merchantId || id === undefined) return notFound(reply);
    const found = await viewNotificationDelivery(deps, signedIn, merchantId, id);
    if (!found) return notFound(reply);
    return ctx.html(reply, 200, testNotificationPage(signedIn, merchantId, found));
  });
}
