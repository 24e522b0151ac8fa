/**
 * Alipay+'s settings, sandbox and real side by side (see ../wallet-settings.ts).
 *
 * - ALIPAYPLUS_BASE_URL: the Alipay+ API (`https://open-sea.alipayplus.com`); with the sandbox on it
 *   defaults to walletgate's own `/sandbox/alipayplus`.
 * - ALIPAYPLUS_CLIENT_ID: the client id Alipay+ assigned (sandbox default WALLETGATE_SANDBOX_ACQUIRER).
 * - ALIPAYPLUS_PRIVATE_KEY: our RSA private key (PEM; `\n` escapes are accepted in one line).
 * - ALIPAYPLUS_PUBLIC_KEY: Alipay+'s RSA public key (PEM), which every answer must verify with.
 * - ALIPAYPLUS_KEY_VERSION (default 1), ALIPAYPLUS_TIMEOUT_MS.
 * - ALIPAYPLUS_NOTIFY_URL (paymentNotifyUrl): default `{WALLETGATE_PUBLIC_URL}/connectors/alipayplus/notify`.
 *
 * With the sandbox on and no keys set, the keys come from the built-in sandbox's developer portal
 * (`{base}/portal/credentials`) at the first call, as a developer downloads them from Alipay+'s. With
 * a real wallet Alipay+ is optional: unset, it is not configured (its wallets are unavailable, and
 * saying so names the variables); partly set, start-up lists what is missing or unusable. Keys are
 * never logged or repeated in a message.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { EnvReader, WalletMode, WalletSettingsRead } from '../wallet-settings.js';

/** The client id walletgate's built-in Alipay+ sandbox makes keys for (its portal, sandbox/alipayplus/portal.ts). */
export const ALIPAYPLUS_SANDBOX_CLIENT_ID = 'WALLETGATE_SANDBOX_ACQUIRER';

export interface AlipayPlusSettings {
  /** false: nothing usable is set; every call refuses with a message naming the variables */
  configured: boolean;
  baseUrl: string;
  clientId: string;
  privateKeyPem: string;
  alipayPublicKeyPem: string;
  keyVersion: string;
  notifyUrl: string | null;
  timeoutMs: number;
  /** With the sandbox on and no keys set: where the sandbox's portal hands out its client's keys. */
  portalUrl: string | null;
}

function pem(env: EnvReader, name: string): string | undefined {
  return env.text(name)?.replace(/\\n/g, '\n');
}

function keyProblem(name: string, value: string, kind: 'private' | 'public'): string | undefined {
  try {
    if (kind === 'private') createPrivateKey(value);
    else createPublicKey(value);
    return undefined;
  } catch {
    return `${name} is not a readable RSA ${kind} key: set it to the PEM text (-----BEGIN ${kind === 'private' ? 'PRIVATE' : 'PUBLIC'} KEY-----…).`;
  }
}

export function readAlipayPlusSettings(env: EnvReader, wallet: WalletMode): WalletSettingsRead<AlipayPlusSettings> {
  const given = {
    baseUrl: env.text('ALIPAYPLUS_BASE_URL')?.replace(/\/+$/, ''),
    clientId: env.text('ALIPAYPLUS_CLIENT_ID'),
    privateKeyPem: pem(env, 'ALIPAYPLUS_PRIVATE_KEY'),
    alipayPublicKeyPem: pem(env, 'ALIPAYPLUS_PUBLIC_KEY'),
  };
  const baseUrl = given.baseUrl ?? (wallet.sandbox ? `${wallet.publicUrl}/sandbox/alipayplus` : undefined);
  const clientId = given.clientId ?? (wallet.sandbox ? ALIPAYPLUS_SANDBOX_CLIENT_ID : undefined);
  const common = {
    keyVersion: env.text('ALIPAYPLUS_KEY_VERSION') ?? '1',
    notifyUrl: env.text('ALIPAYPLUS_NOTIFY_URL') ?? `${wallet.publicUrl}/connectors/alipayplus/notify`,
    timeoutMs: env.int('ALIPAYPLUS_TIMEOUT_MS', 10_000),
  };
  const problems: string[] = [];
  const anySet = Object.values(given).some((v) => v !== undefined);
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl))
    problems.push(`ALIPAYPLUS_BASE_URL must be an http or https URL such as https://open-sea.alipayplus.com, got "${baseUrl}".`);
  if (given.privateKeyPem !== undefined)
    problems.push(...[keyProblem('ALIPAYPLUS_PRIVATE_KEY', given.privateKeyPem, 'private')].filter((p) => p !== undefined));
  if (given.alipayPublicKeyPem !== undefined)
    problems.push(...[keyProblem('ALIPAYPLUS_PUBLIC_KEY', given.alipayPublicKeyPem, 'public')].filter((p) => p !== undefined));
  if (anySet && !wallet.sandbox) {
    if (given.baseUrl === undefined)
      problems.push('ALIPAYPLUS_BASE_URL is not set: set it to https://open-sea.alipayplus.com (or your regional Alipay+ domain).');
    if (given.clientId === undefined) problems.push('ALIPAYPLUS_CLIENT_ID is not set: set it to the client id Alipay+ assigned you.');
    if (given.privateKeyPem === undefined)
      problems.push('ALIPAYPLUS_PRIVATE_KEY is not set: set it to your RSA private key (PEM) whose public key Alipay+ has.');
    if (given.alipayPublicKeyPem === undefined)
      problems.push("ALIPAYPLUS_PUBLIC_KEY is not set: set it to Alipay+'s RSA public key (PEM).");
  }
  const keysGiven = given.privateKeyPem !== undefined && given.alipayPublicKeyPem !== undefined;
  // the built-in sandbox (or one elsewhere with the same portal) hands out its client's keys
  const portalUrl =
    wallet.sandbox && !keysGiven && given.clientId === undefined && baseUrl !== undefined ? `${baseUrl}/portal/credentials` : null;
  const configured = problems.length === 0 && baseUrl !== undefined && clientId !== undefined && (keysGiven || portalUrl !== null);
  return {
    settings: {
      configured,
      baseUrl: baseUrl ?? '',
      clientId: clientId ?? '',
      privateKeyPem: given.privateKeyPem ?? '',
      alipayPublicKeyPem: given.alipayPublicKeyPem ?? '',
      ...common,
      portalUrl,
    },
    // With the sandbox on, a wrong setting stops start-up too (config.ts): better than a refused call later.
    problems,
  };
}
