/**
 * KakaoPay's settings, sandbox and real side by side (see ../wallet-settings.ts).
 *
 * - Sandbox on: everything defaults to walletgate's built-in KakaoPay sandbox, its published secret
 *   key and KakaoPay's test CIDs; any of them may be overridden (a sandbox elsewhere, such as
 *   `walletgate sandbox serve`).
 * - A real KakaoPay (sandbox off): nothing an operator must choose is defaulted. The API base, the
 *   secret key and both CIDs must be set, and the sandbox's published secret key is refused.
 */
import { isHttpUrl, type EnvReader, type WalletMode, type WalletSettingsRead } from '../wallet-settings.js';

/** The built-in sandbox's secret key unless WALLETGATE_SANDBOX_SECRET_KEY says otherwise. Printed in the docs: never a real key. */
const KAKAOPAY_SANDBOX_SECRET = 'DEV0000WALLETGATE0SANDBOX0SECRET0KEY';

/** KakaoPay's own test CIDs, which the sandbox accepts too. */
const TEST_CIDS = { oneTime: 'TC0ONETIME', subscription: 'TCSUBSCRIP' } as const;

export interface KakaoPaySettings {
  /** KakaoPay's Online Payment API: `https://open-api.kakaopay.com`, or a sandbox. */
  baseUrl: string;
  /** Sent as `Authorization: SECRET_KEY {key}`. */
  secretKey: string;
  cidOneTime: string;
  cidSubscription: string;
  timeoutMs: number;
  /** The only key the built-in sandbox accepts (WALLETGATE_SANDBOX_SECRET_KEY). */
  sandboxSecretKey: string;
}

export function readKakaoPaySettings(env: EnvReader, wallet: WalletMode): WalletSettingsRead<KakaoPaySettings> {
  const baseUrl = env.text('KAKAOPAY_BASE_URL')?.replace(/\/$/, '');
  const problems: string[] = [];
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    problems.push(`KAKAOPAY_BASE_URL must be an http or https URL such as https://open-api.kakaopay.com, got "${baseUrl}".`);
  }
  const secretKey = env.text('KAKAOPAY_SECRET_KEY');
  const cidOneTime = env.text('KAKAOPAY_CID');
  const cidSubscription = env.text('KAKAOPAY_CID_SUBSCRIPTION');
  const timeoutMs = env.int('KAKAOPAY_TIMEOUT_MS', 10_000);
  const sandboxSecretKey = env.text('WALLETGATE_SANDBOX_SECRET_KEY') ?? KAKAOPAY_SANDBOX_SECRET;

  if (wallet.sandbox) {
    return {
      settings: {
        baseUrl: baseUrl ?? `${wallet.publicUrl}/sandbox/kakaopay`,
        secretKey: secretKey ?? sandboxSecretKey,
        cidOneTime: cidOneTime ?? TEST_CIDS.oneTime,
        cidSubscription: cidSubscription ?? TEST_CIDS.subscription,
        timeoutMs,
        sandboxSecretKey,
      },
      problems,
    };
  }

  if (baseUrl === undefined) {
    problems.push("KAKAOPAY_BASE_URL is not set: set it to https://open-api.kakaopay.com, KakaoPay's Online Payment API.");
  }
  if (secretKey === undefined) {
    problems.push(
      'KAKAOPAY_SECRET_KEY is not set: set it to your app\'s secret key from the KakaoPay developer centre ("Secret key (dev)" for test payments, the live secret key for real ones).',
    );
  } else if (secretKey === KAKAOPAY_SANDBOX_SECRET) {
    problems.push(
      "KAKAOPAY_SECRET_KEY is the built-in sandbox's published key: set it to your app's own secret key from the KakaoPay developer centre.",
    );
  }
  if (cidOneTime === undefined) {
    problems.push(
      `KAKAOPAY_CID is not set: set it to the CID for one-time payments in your KakaoPay contract (${TEST_CIDS.oneTime} for KakaoPay's test payments).`,
    );
  }
  if (cidSubscription === undefined) {
    problems.push(
      `KAKAOPAY_CID_SUBSCRIPTION is not set: set it to the CID for preapprovals and recurring charges in your KakaoPay contract (${TEST_CIDS.subscription} for KakaoPay's test payments).`,
    );
  }
  return {
    settings: {
      baseUrl: baseUrl ?? '',
      secretKey: secretKey ?? '',
      cidOneTime: cidOneTime ?? '',
      cidSubscription: cidSubscription ?? '',
      timeoutMs,
      sandboxSecretKey,
    },
    problems,
  };
}
