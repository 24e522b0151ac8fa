/**
 * What the KakaoPay connector stores with a payment or agreement (the core keeps it opaque, see
 * core/ports/connector.ts WalletData): the partner ids `approve` must repeat, and which CID the record
 * lives under (one-time or subscription), which every later call about it must use.
 */
import { ConnectorError } from '../../core/ports/connector.js';
import type { WalletData } from '../../core/ports/connector.js';

export type CidKind = 'one_time' | 'subscription';

export interface KakaoPayWalletData {
  cid: CidKind;
  partnerOrderId?: string;
  partnerUserId?: string;
}

export function encodeWalletData(d: KakaoPayWalletData): WalletData {
  return { ...d };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Reads what encodeWalletData wrote, or a row written before the connector seam: those kept the
 * partner ids at the top level of the payment's state, and the core tells whether the record lives
 * under an agreement (`onAgreement`: a preapproval, a charge on one, or a payment storing one),
 * which is exactly when the subscription CID was used.
 */
export function decodeWalletData(w: WalletData): KakaoPayWalletData {
  const cid = w.cid === 'one_time' || w.cid === 'subscription' ? w.cid : w.onAgreement === true ? 'subscription' : 'one_time';
  const partnerOrderId = text(w.partnerOrderId);
  const partnerUserId = text(w.partnerUserId);
  return { cid, ...(partnerOrderId ? { partnerOrderId } : {}), ...(partnerUserId ? { partnerUserId } : {}) };
}

/** approve must repeat the partner ids ready was called with. */
export function requirePartnerIds(d: KakaoPayWalletData): { partnerOrderId: string; partnerUserId: string } {
  if (!d.partnerOrderId || !d.partnerUserId) {
    throw new ConnectorError('invalid', 'KakaoPay approve needs the partner ids the checkout was opened with, and they were not stored');
  }
  return { partnerOrderId: d.partnerOrderId, partnerUserId: d.partnerUserId };
}
