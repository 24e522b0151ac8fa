/**
 * Every call walletgate makes to a wallet or processor, timed and counted by result for /metrics:
 * each connector of the registry is wrapped so that its methods returning promises are measured
 * (ok, or the ConnectorError's kind, or `error` for anything else). Connectors stay unaware of it.
 *
 * The wrapper is made once per connector: an object whose prototype is the connector (so its other
 * properties read through, unchanged) with each method replaced by a timed one, which keeps the
 * series of its `ok` result after the first call. A Proxy made a closure and a timer on every call.
 */
import { isConnectorError, type Connector, type ConnectorRegistry } from '../core/ports/connector.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { HistogramSeries } from './labelled-histogram.js';

type Method = (...args: unknown[]) => unknown;

/** The names of a connector's methods: its own and its classes', not Object's. */
function methodNames(connector: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = connector; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      const value: unknown = Object.getOwnPropertyDescriptor(o, name)?.value;
      if (name !== 'constructor' && typeof value === 'function') names.add(name);
    }
  }
  return [...names];
}

function timed(id: string, call: string, method: Method, connector: Connector, calls: GatewayMetrics['connectorCalls']): Method {
  let ok: HistogramSeries | undefined;
  return (...args) => {
    const start = performance.now();
    const result = method.apply(connector, args);
    if (!(result instanceof Promise)) return result;
    return result.then(
      (v: unknown) => {
        (ok ??= calls.series([id, call, 'ok'])).observe((performance.now() - start) / 1000);
        return v;
      },
      (e: unknown) => {
        calls.observe([id, call, isConnectorError(e) ? e.kind : 'error'], (performance.now() - start) / 1000);
        throw e;
      },
    );
  };
}

function meteredConnector(id: string, connector: Connector, metrics: GatewayMetrics): Connector {
  const metered = Object.create(connector) as Connector;
  for (const name of methodNames(connector)) {
    const method = (connector as unknown as Record<string, Method>)[name]!;
    // defined, not assigned (a frozen connector's read-only method would refuse an assignment), and
    // writable like a class's method, so a wrapper made the same way over this one can replace it
    Object.defineProperty(metered, name, {
      value: timed(id, name, method, connector, metrics.connectorCalls),
      writable: true,
      configurable: true,
    });
  }
  return metered;
}

export function meteredConnectors(registry: ConnectorRegistry, metrics: GatewayMetrics): ConnectorRegistry {
  return Object.fromEntries(
    Object.entries(registry).map(([id, connector]) => [id, meteredConnector(id, connector, metrics)]),
  ) as ConnectorRegistry;
}
