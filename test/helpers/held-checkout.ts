/**
 * A KakaoPay whose checkout call (`ready`) can be held: the gateway then stalls where a crash or a
 * slow wallet would leave it, between writing the payment and recording the wallet's answer.
 * Give `wrapConnectors` to startGateway; `hold()` makes the next checkout calls wait, `release()`
 * lets them go.
 */
import type { Connector } from '../../src/core/ports/connector.js';
import type { GatewayOptions } from './gateway-harness.js';

export interface HeldCheckout {
  wrapConnectors: NonNullable<GatewayOptions['wrapConnectors']>;
  hold(): void;
  release(): void;
}

export function heldCheckout(): HeldCheckout {
  let held: { released: Promise<void>; release(): void } | null = null;
  return {
    wrapConnectors: (real) => {
      const k = real.kakaopay!;
      const wrapped: Connector = Object.create(k) as Connector;
      wrapped.startPayment = async (input) => {
        if (held) await held.released;
        return k.startPayment(input);
      };
      return { ...real, kakaopay: wrapped };
    },
    hold() {
      let release!: () => void;
      held = { released: new Promise<void>((r) => (release = r)), release: () => release() };
    },
    release() {
      held?.release();
      held = null;
    },
  };
}
