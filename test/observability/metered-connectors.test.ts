/**
 * The connectors' metering (src/observability/metered-connectors.ts): each call that returns a
 * promise is counted under its connector, call and result (ok, the ConnectorError's kind, or error);
 * the connector sees itself as `this`, its other properties read through, a method it lacks stays
 * absent, and the wrapper can itself be wrapped as the crash tests wrap connectors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorError, type Connector, type ConnectorRegistry } from '../../src/core/ports/connector.js';
import { createGatewayMetrics } from '../../src/observability/gateway-metrics.js';
import { meteredConnectors } from '../../src/observability/metered-connectors.js';

/** A connector-shaped class: what the registry holds is never looked into beyond its methods. */
class Scripted {
  readonly id = 'scripted';
  readonly capabilities = {};
  calls = 0;
  startPayment(outcome: 'ok' | 'declined' | 'boom'): Promise<string> {
    this.calls += 1;
    if (outcome === 'ok') return Promise.resolve(`started by ${this.id}`);
    return Promise.reject(outcome === 'declined' ? new ConnectorError('declined', 'no') : new Error('boom'));
  }
  describe(): string {
    return `a connector called ${this.calls} times`;
  }
}

function metered(connector: object) {
  const metrics = createGatewayMetrics({ backlog: () => Promise.resolve({ pending: 0, oldestDueAt: null }), clock: () => new Date() });
  const registry = meteredConnectors({ scripted: connector } as unknown as ConnectorRegistry, metrics);
  const wrapped = (registry as Record<string, Connector>).scripted as unknown as Scripted;
  const count = (call: string, result: string) => metrics.connectorCalls.series(['scripted', call, result]).count;
  return { metrics, wrapped, count };
}

describe('meteredConnectors', () => {
  it('counts each call by result, and hands back what the connector answered or threw', async () => {
    const real = new Scripted();
    const { wrapped, count, metrics } = metered(real);
    assert.equal(await wrapped.startPayment('ok'), 'started by scripted');
    assert.equal(await wrapped.startPayment('ok'), 'started by scripted');
    await assert.rejects(wrapped.startPayment('declined'), (e) => e instanceof ConnectorError && e.kind === 'declined');
    await assert.rejects(wrapped.startPayment('boom'), /boom/);
    assert.equal(count('startPayment', 'ok'), 2);
    assert.equal(count('startPayment', 'declined'), 1);
    assert.equal(count('startPayment', 'error'), 1);
    assert.equal(real.calls, 4, 'the connector ran as itself (`this`)');
    // a call that returns no promise is passed through, not timed
    assert.equal(wrapped.describe(), 'a connector called 4 times');
    assert.doesNotMatch(await metrics.registry.metrics(), /call="describe"/);
    assert.match(
      await metrics.registry.metrics(),
      /walletgate_connector_call_duration_seconds_count\{connector="scripted",call="startPayment",result="ok"\} 2\n/,
    );
  });

  it("reads the connector's other properties through, and leaves a method it lacks absent", () => {
    const real = new Scripted();
    const { wrapped } = metered(real);
    assert.equal(wrapped.id, 'scripted');
    assert.equal(wrapped.capabilities, real.capabilities);
    real.calls = 7;
    assert.equal(wrapped.calls, 7, 'read live, not copied');
    assert.equal('findCharge' in wrapped, false);
  });

  it('wraps a frozen object, and can itself be wrapped over', async () => {
    let seen = 0;
    const frozen = Object.freeze({
      id: 'scripted',
      startPayment: () => {
        seen += 1;
        return Promise.resolve('frozen');
      },
    });
    const { wrapped, count } = metered(frozen);
    assert.equal(await wrapped.startPayment('ok'), 'frozen');
    // as crash-after.ts wraps a connector: an object over it whose method replaces one
    const over = Object.create(wrapped) as Scripted;
    over.startPayment = async () => `over ${await wrapped.startPayment('ok')}`;
    assert.equal(await over.startPayment('ok'), 'over frozen');
    assert.equal(count('startPayment', 'ok'), 2);
    assert.equal(seen, 2);
  });
});
