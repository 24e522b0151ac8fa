/**
 * The sandbox's auto debit authorization API (upstream.md §2.8): prepare gives the authorization
 * page's URL; after the customer agrees there, the browser returns to the acquirer's redirect URL
 * with `authCode` and `authState`; applyToken trades the code (once) for an access token; cancelToken
 * revokes it (idempotent). Auto debit pay itself is payment-api.ts's pay with paymentMethodId.
 */
import type { ApsHandler } from './signed-routes.js';
import type { ApsContext } from './api-context.js';
import { text } from './api-context.js';
import { SUCCESS, fail, findWallet } from './model.js';
import type { ApsAuthorization, ApsToken } from './model.js';
import { newId } from './payment-records.js';

const TOKEN_TTL_MS = 365 * 24 * 3600 * 1000;

export function prepareHandler(ctx: ApsContext): ApsHandler {
  return async (body, clientId, base) => {
    const walletType = text(body, 'customerBelongsTo') ?? '';
    const redirectUrl = text(body, 'authRedirectUrl');
    if (findWallet(walletType) === undefined)
      return { body: { result: fail('PARAM_ILLEGAL', 'customerBelongsTo must name a wallet (ALIPAY_HK, DANA, GCASH…)') } };
    if (redirectUrl === undefined || !/^https?:\/\//.test(redirectUrl))
      return { body: { result: fail('PARAM_ILLEGAL', 'authRedirectUrl must be an http(s) URL') } };
    const auth: ApsAuthorization = {
      authState: text(body, 'authState') ?? newId('AS'),
      clientId,
      walletType,
      redirectUrl,
      authCode: null,
      codeUsed: false,
      createdAt: ctx.now().toISOString(),
    };
    const id = newId('AUTH');
    await ctx.db.run((tx) => tx.put('authorization', id, auth));
    const url = `${base}/authorize/${id}`;
    return { body: { result: SUCCESS, authUrl: url, normalUrl: url, applinkUrl: url, authState: auth.authState } };
  };
}

export function applyTokenHandler(ctx: ApsContext): ApsHandler {
  return async (body, clientId) => {
    if (text(body, 'grantType') !== 'AUTHORIZATION_CODE')
      return { body: { result: fail('PARAM_ILLEGAL', 'grantType must be AUTHORIZATION_CODE (the sandbox does not refresh tokens yet)') } };
    const authCode = text(body, 'authCode');
    if (authCode === undefined) return { body: { result: fail('PARAM_ILLEGAL', 'authCode is required') } };
    const now = ctx.now();
    const token = await ctx.db.run(async (tx) => {
      const authId = await tx.get<string>('authcode', authCode);
      const auth = authId === undefined ? undefined : await tx.get<ApsAuthorization>('authorization', authId);
      if (!auth || authId === undefined || auth.clientId !== clientId || auth.codeUsed) return undefined;
      auth.codeUsed = true;
      await tx.put('authorization', authId, auth);
      const t: ApsToken = {
        accessToken: newId('TOKEN'),
        clientId,
        walletType: auth.walletType,
        customerId: newId('CUST'),
        active: true,
        expiresAt: new Date(now.getTime() + TOKEN_TTL_MS).toISOString(),
      };
      await tx.put('token', t.accessToken, t);
      return t;
    });
    if (!token) return { body: { result: fail('INVALID_CODE', 'the authCode is unknown or was already used') } };
    return {
      body: {
        result: SUCCESS,
        accessToken: token.accessToken,
        accessTokenExpiryTime: token.expiresAt,
        customerId: token.customerId,
        customerBelongsTo: token.walletType,
      },
    };
  };
}

export function cancelTokenHandler(ctx: ApsContext): ApsHandler {
  return async (body, clientId) => {
    const accessToken = text(body, 'accessToken');
    if (accessToken === undefined) return { body: { result: fail('PARAM_ILLEGAL', 'accessToken is required') } };
    const known = await ctx.db.run(async (tx) => {
      const t = await tx.get<ApsToken>('token', accessToken);
      if (!t || t.clientId !== clientId) return false;
      if (t.active) await tx.put('token', accessToken, { ...t, active: false });
      return true;
    });
    return { body: { result: known ? SUCCESS : fail('INVALID_ACCESS_TOKEN', 'no such access token') } };
  };
}
