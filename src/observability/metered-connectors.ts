/**
 * Every call walletgate makes to a wallet or processor, timed and counted by result for /metrics:
 * each connector of the registry is wrapped so that its methods returning promises are measured
 * (ok, or the ConnectorError's kind, or `error` for anything else). Connectors stay unaware of it.
 */
import { isConnectorError, type Connector, type ConnectorRegistry } from '../core/ports/connector.js';
import type { GatewayMetrics } from './gateway-metrics.js';

function meteredConnector(id: string, connector: Connector, metrics: GatewayMetrics): Connector {
  return new Proxy(connector, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const end = metrics.connectorCalls.startTimer({ connector: id, call: name });
        return result.then(
          (v: unknown) => {
            end({ result: 'ok' });
            return v;
          },
          (e: unknown) => {
            end({ result: isConnectorError(e) ? e.kind : 'error' });
            throw e;
          },
        );
      };
    },
  });
}

export function meteredConnectors(registry: ConnectorRegistry, metrics: GatewayMetrics): ConnectorRegistry {
  return Object.fromEntries(
    Object.entries(registry).map(([id, connector]) => [id, meteredConnector(id, connector, metrics)]),
  ) as ConnectorRegistry;
}
