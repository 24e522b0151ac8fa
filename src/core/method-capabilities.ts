/**
 * The methods the registry's connectors declare (Connector.capabilities), joined: which connectors
 * carry a method, which of them takes a given currency and country, and every method code on offer.
 */
import { CoreError } from './errors.js';
import type { Connector, ConnectorRegistry } from './ports/connector.js';
import type { ConnectorId, MethodCode, PaymentMethod } from './methods.js';

/** carriers() per registry and method: a registry and its connectors' capabilities never change once built. */
const carriersOf = new WeakMap<ConnectorRegistry, Map<string, readonly PaymentMethod[]>>();

/**
 * Every connector's declaration of the method, in registry order (the first is preferred). Worked
 * out once per registry and method, and frozen: every create and every method listing asks, and
 * building them anew was a fresh set of objects a request (docs/benchmarks.md, 2026-12-03 (afternoon)).
 */
function carriers(connectors: ConnectorRegistry, code: string): readonly PaymentMethod[] {
  let byCode = carriersOf.get(connectors);
  if (byCode === undefined) carriersOf.set(connectors, (byCode = new Map()));
  let found = byCode.get(code);
  if (found === undefined) {
    found = Object.freeze(
      Object.values(connectors).flatMap((c) => {
        const caps = Object.hasOwn(c.capabilities, code) ? c.capabilities[code] : undefined;
        return caps ? [Object.freeze({ ...caps, code, connector: c.id })] : [];
      }),
    );
    // only methods some connector carries are kept: the code may be anything a request sent
    if (found.length > 0) byCode.set(code, found);
  }
  return found;
}

export interface MethodFit {
  currency?: string | null | undefined;
  country?: string | null | undefined;
}

/**
 * The method as the connector that will carry it declares it: the first carrier that takes the
 * currency and country (either may be unknown yet), else the first that takes the currency. When
 * no carrier takes the currency, one view over all of them, so that a refusal names everything the
 * method takes. Undefined when no connector carries the method.
 */
export function resolveMethod(connectors: ConnectorRegistry, code: string, fit: MethodFit = {}): PaymentMethod | undefined {
  const all = carriers(connectors, code);
  const [first] = all;
  if (first === undefined) return undefined;
  const takesCurrency = (m: PaymentMethod) => fit.currency == null || m.currencies.includes(fit.currency);
  const takesCountry = (m: PaymentMethod) => fit.country == null || m.countries.includes(fit.country);
  const chosen = all.find((m) => takesCurrency(m) && takesCountry(m)) ?? all.find(takesCurrency);
  if (chosen) return chosen;
  const union = (pick: (m: PaymentMethod) => readonly string[]) => [...new Set(all.flatMap(pick))];
  return { ...first, currencies: union((m) => m.currencies), countries: union((m) => m.countries) };
}

/** Every method some connector carries, each once, in registry order. */
export function methodCodes(connectors: ConnectorRegistry): MethodCode[] {
  return [...new Set(Object.values(connectors).flatMap((c) => Object.keys(c.capabilities)))];
}

/** What the connector a record was made through declares for its method (refund rules, names). */
export function declaredMethod(connectors: ConnectorRegistry, connector: ConnectorId, code: MethodCode): PaymentMethod | undefined {
  const c = connectorOf(connectors, connector, false);
  const caps = c && Object.hasOwn(c.capabilities, code) ? c.capabilities[code] : undefined;
  return caps ? { ...caps, code, connector } : undefined;
}

/**
 * The connector a record names. A record made through a connector that is no longer registered
 * cannot be acted on: that is an operator's problem, said plainly, not a crash.
 */
export function connectorOf(connectors: ConnectorRegistry, id: ConnectorId): Connector;
export function connectorOf(connectors: ConnectorRegistry, id: ConnectorId, required: false): Connector | undefined;
export function connectorOf(connectors: ConnectorRegistry, id: ConnectorId, required = true): Connector | undefined {
  const c = Object.hasOwn(connectors, id) ? connectors[id] : undefined;
  if (!c && required)
    throw new CoreError(
      'connector_unavailable',
      `The ${id} wallet is not configured in this gateway; this record cannot be acted on until it is.`,
    );
  return c;
}
