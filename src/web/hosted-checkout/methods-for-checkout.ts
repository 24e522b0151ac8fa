/**
 * The methods a hosted checkout offers: the core's methodsOnOffer (core/payments/methods-on-offer.ts),
 * under the name the hosted checkout's callers know it by.
 */
export { methodsOnOffer as methodsForCheckout } from '../../core/payments/methods-on-offer.js';
