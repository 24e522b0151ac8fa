/**
 * WALLETGATE_TEST_CRASH_AFTER, for walletgate's own crash tests only (test/flows/crash-alipayplus.test.ts):
 * the process SIGKILLs itself the moment the named step has finished, so a test can stop a real
 * `walletgate start` at an exact point that no outside observer can hit in time. The connector
 * points wrap the connectors as ServiceOptions.wrapConnectors does for in-process tests (a crash
 * right after the wallet answered); the inbox point wraps the store's inbox the same way.
 *
 * - `<connector>.<call>`, e.g. `alipayplus.startPayment`: the wallet has answered the call; nothing
 *   of its answer is written.
 * - `inbox.record`: a wallet's notification is kept in the inbox (a new row), not yet applied.
 */
import type { Connector, ConnectorRegistry } from './core/ports/connector.js';
import type { InboxRepo, Store } from './core/ports/store.js';

const CALLS = ['startPayment', 'completePayment', 'lookupPayment', 'refund', 'chargeAgreement', 'revokeAgreement'] as const;
type Call = (typeof CALLS)[number];

/** The problem with a WALLETGATE_TEST_CRASH_AFTER value, or undefined when it names a step. */
export function crashPointProblem(point: string): string | undefined {
  if (point === 'inbox.record') return undefined;
  const [connector, call, ...rest] = point.split('.');
  if (connector && rest.length === 0 && (CALLS as readonly string[]).includes(call ?? '')) return undefined;
  return `WALLETGATE_TEST_CRASH_AFTER must be inbox.record or <connector>.<call> (${CALLS.join(', ')}), got "${point}". It is for walletgate's own crash tests: leave it unset.`;
}

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not delivered synchronously everywhere: nothing more may happen meanwhile
  throw new Error('crash point reached');
}

export function crashAfterConnectorCall(point: string | null): ((real: ConnectorRegistry) => ConnectorRegistry) | undefined {
  if (point === null || point === 'inbox.record') return undefined;
  const [id, call] = point.split('.') as [string, Call];
  return (real) => {
    const target = (real as Readonly<Record<string, Connector | undefined>>)[id];
    if (!target) return real;
    const wrapped = Object.create(target) as Connector;
    const original = target[call] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<Call, (...args: unknown[]) => Promise<unknown>>)[call] = async (...args) => {
      await original.apply(target, args);
      return die();
    };
    return { ...real, [id]: wrapped };
  };
}

export function crashAfterInboxRecord(point: string | null, store: Store): Store {
  if (point !== 'inbox.record') return store;
  const inbox = Object.create(store.inbox) as InboxRepo;
  inbox.record = async (entry) => {
    const kept = await store.inbox.record(entry);
    return kept.isNew ? die() : kept;
  };
  const crashing = Object.create(store) as Store & { inbox: InboxRepo };
  Object.defineProperty(crashing, 'inbox', { value: inbox });
  return crashing;
}
