/** A catalogue method joined with what its connector declares it can do (methods.ts, Connector.capabilities). */
import type { ConnectorRegistry } from './ports/connector.js';
import { findMethod, type PaymentMethod } from './methods.js';

/**
 * The method with its capabilities; undefined when the catalogue has no such method or its
 * connector does not carry it (then nothing can be paid with it).
 */
export function resolveMethod(connectors: ConnectorRegistry, code: string): PaymentMethod | undefined {
  const entry = findMethod(code);
  if (!entry) return undefined;
  const caps = connectors[entry.connector].capabilities[entry.code];
  return caps ? { ...entry, ...caps } : undefined;
}
