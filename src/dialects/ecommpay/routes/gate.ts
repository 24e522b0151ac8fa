/** Gate: POST /v2/payment/wallet/{method}/sale, …/refund, /v2/payment/status (filled in next). */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';

export function registerGateRoutes(_app: FastifyInstance, _deps: CoreDeps): void {
  // the Gate routes come next
}
