/**
 * The hosted Payment Page (`GET /ecommpay/payment?…`, for https://paymentpage.ecommpay.com). A
 * placeholder: the Payment Page is built on its own branch, which replaces this file.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';

export function registerPaymentPageRoutes(_app: FastifyInstance, _deps: CoreDeps): void {
  // nothing yet
}
