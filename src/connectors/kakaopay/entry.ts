/** KakaoPay's line in the connector registry (../index.ts). */
import type { ConnectorEntry } from '../connector-entry.js';
import { createKakaoPayConnector } from './kakaopay-connector.js';
import { readKakaoPaySettings, type KakaoPaySettings } from './settings.js';

export const kakaopayEntry = {
  id: 'kakaopay',
  readSettings: readKakaoPaySettings,
  create: (s, runtime) =>
    createKakaoPayConnector({
      baseUrl: s.baseUrl,
      secretKey: s.secretKey,
      cids: { oneTime: s.cidOneTime, subscription: s.cidSubscription },
      timeoutMs: s.timeoutMs,
      log: runtime.log,
      ...(runtime.fetch ? { fetch: runtime.fetch } : {}),
    }),
  callTimeoutMs: (s) => s.timeoutMs,
} as const satisfies ConnectorEntry<KakaoPaySettings>;
