/**
 * What KakaoPay can do (upstream.md §1): Korean won only, in Korea, one-time payments and
 * subscriptions (SID), partial cancels; one payment between 1 and 100,000,000 KRW.
 */
import type { Connector } from '../../core/ports/connector.js';

export const KAKAOPAY_CAPABILITIES: Connector['capabilities'] = {
  kakaopay: {
    name: 'KakaoPay',
    countries: ['KR'],
    currencies: ['KRW'],
    flows: ['redirect', 'qr'],
    recurring: true,
    partialRefunds: true,
    minAmount: 1,
    maxAmount: 100_000_000,
    defaultLifetimeMinutes: 15,
  },
};
