/**
 * The demo merchant every fresh `walletgate start` has: GlobalPay site 30201 holding BOTH API keys
 * that the vendor documents' Basic headers carry, so their examples work when pasted.
 */
import type { Store } from '../../storage/store.js';
import type { Merchant } from '../model.js';
import { addCredential, createMerchant, setNotifyUrl } from './manage-merchants.js';
import { secretMatches } from '../secrets.js';

export const DEMO_MERCHANT_ID = 'demo';
export const DEMO_SITE_ID = '30201';
export const DEMO_GLOBALPAY_KEYS = [
  'hJ5RobYx9r7FfNwCvHY9LXHqqr+FEzrc7aJvQQk4Gaz1mg7Ryy',
  '+9KeGzKF7W8S/79a5R33YJUg7E7WFNcZbjGfzLV3bXSnFCOyFt',
] as const;

/** Creates what is missing; sets the notification URL when one is given. Idempotent. */
export async function ensureDemoMerchant(store: Store, masterKey: string, notifyUrl: string | null): Promise<Merchant> {
  let merchant = await store.merchants.get(DEMO_MERCHANT_ID);
  if (!merchant) merchant = await createMerchant(store, { id: DEMO_MERCHANT_ID, name: 'Demo Shop', notifyUrl });
  const existing = (await store.credentials.listByMerchant(DEMO_MERCHANT_ID)).filter((c) => c.dialect === 'globalpay');
  for (const [i, key] of DEMO_GLOBALPAY_KEYS.entries()) {
    if (!existing.some((c) => c.keyId === DEMO_SITE_ID && secretMatches(key, c.secretHash))) {
      await addCredential(store, masterKey, {
        merchantId: DEMO_MERCHANT_ID,
        dialect: 'globalpay',
        keyId: DEMO_SITE_ID,
        secret: key,
        label: `seed key ${i + 1}`,
      });
    }
  }
  if (notifyUrl && merchant.notifyUrl !== notifyUrl) merchant = await setNotifyUrl(store, DEMO_MERCHANT_ID, notifyUrl);
  return merchant;
}
