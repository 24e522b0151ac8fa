/**
 * Queries built and compiled once per database kind, then run with new parameters only.
 *
 * Building a query with Kysely's builders, compiling it and walking its tree for unstorable text
 * was about a tenth of a create-payment's CPU in the profile (docs/benchmarks.md). The hot queries are the same few
 * every time, so each is built once with **markers** in place of its values, compiled, and every
 * entry of the compiled parameters is recorded as "argument i", "value of key k" or a constant.
 * A call then only fills in the parameters and hands `{ ...compiled, parameters }` to
 * `db.executeQuery`, which runs on whatever `db` is: the root database or an open transaction (or to
 * the scope's own `run`, which skips Kysely's executor on the way to the same connection).
 *
 * The SQL is exactly what the same builder chain gives today; only its building is skipped. Because
 * a compiled query does not pass through the plugins' transformQuery, every string parameter is
 * checked here for unstorable text (refuse-unstorable-text.ts does it for built queries).
 */
import { NoResultError } from 'kysely';
import type { CompiledQuery, Compilable, Kysely, QueryNode, QueryResult } from 'kysely';
import { UnstorableTextError } from '../core/ports/store.js';
import { unstorableCharacter } from '../core/storable-text.js';
import type { Database, StoreKind } from './schema.js';

/** Where a query runs: the root database or one transaction, and which kind of database it is. */
export interface QueryScope {
  db: Kysely<Database>;
  kind: StoreKind;
  /**
   * Runs a compiled query on the scope's connection directly, as `db.executeQuery` would but without
   * Kysely's executor (its connection provider, plugins and a dozen promises a query): the SQLite
   * store gives one (sqlite/group-commit-driver.ts); absent, a plan runs through `db.executeQuery`.
   */
  run?: DirectRun;
}

/** A compiled query run on the scope's own connection, at once or later. */
export type DirectRun = (query: CompiledQuery) => QueryResult<unknown> | Promise<QueryResult<unknown>>;

/**
 * The query trees of every compiled plan: a compiled query run from a plan keeps its tree, so a
 * driver can tell a precompiled (hot, fixed-text) query from a built one (postgres/: it keeps a
 * server-side prepared statement for the former only, as their number is bounded).
 */
const plannedQueries = new WeakSet<CompiledQuery['query']>();

/** Whether this compiled query came from a precompiled plan: its SQL text is one of a bounded set, run again and again. */
export function isPrecompiled(query: CompiledQuery): boolean {
  return plannedQueries.has(query.query);
}

/** The compiled queries of `send` calls: writes whose answer nobody reads (this call's object, not its plan's). */
const answerless = new WeakSet<CompiledQuery>();

/**
 * Whether the caller reads nothing of this write's answer, not even whether it succeeded at once: a
 * driver may send it later, with the transaction's next statement or its COMMIT (postgres-driver.ts).
 */
export function isAnswerless(query: CompiledQuery): boolean {
  return answerless.has(query);
}

/** How many markers have been made, to check that each one built into a query became a parameter. */
let markersMade = 0;

/** Stands in for a value while the query is built; found again by identity in the compiled parameters. */
class Marker {
  constructor(readonly slot: Slot) {
    markersMade += 1;
  }
}

/** Where a compiled parameter comes from on each call. */
type Slot = { arg: number } | { key: string } | { constant: unknown };

interface Plan {
  compiled: CompiledQuery;
  slots: readonly Slot[];
}

/** A marker for argument i, typed as that argument so the builder checks it against its column. */
export type ArgMarker<A extends readonly unknown[]> = <I extends number>(i: I) => A[I];

/**
 * Builds and compiles the query, and records where each parameter comes from. A marker the builder
 * did not turn into a parameter (inlined into the SQL text, or dropped) would run wrong SQL: refused.
 */
function compilePlan(build: () => Compilable): Plan {
  const before = markersMade;
  const compiled = build().compile();
  const made = markersMade - before;
  const found = new Set(compiled.parameters.filter((p) => p instanceof Marker));
  if (found.size !== made) throw new Error(`precompiled query: ${made} markers built, ${found.size} became parameters: ${compiled.sql}`);
  const slots = compiled.parameters.map((p): Slot => (p instanceof Marker ? p.slot : { constant: p }));
  plannedQueries.add(compiled.query);
  return { compiled, slots };
}

function argMarker<A extends readonly unknown[]>(): ArgMarker<A> {
  return <I extends number>(i: I) => new Marker({ arg: i }) as A[I];
}

function refuseUnstorable(value: unknown): void {
  if (typeof value !== 'string') return;
  const what = unstorableCharacter(value);
  if (what) throw new UnstorableTextError(what);
}

/** Fills in the plan's parameters from this call's arguments and runs it in the scope. */
async function runPlan<R>(
  scope: QueryScope,
  plan: Plan,
  args: readonly unknown[],
  values?: Record<string, unknown>,
  withoutAnswer = false,
): Promise<QueryResult<R>> {
  const { slots } = plan;
  const parameters = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const value = 'arg' in slot ? args[slot.arg] : 'key' in slot ? values![slot.key] : slot.constant;
    refuseUnstorable(value);
    parameters[i] = value;
  }
  // its four fields named, not `{ ...compiled, parameters }` (ADR 0037)
  const { compiled } = plan;
  const query = { query: compiled.query, queryId: compiled.queryId, sql: compiled.sql, parameters } as CompiledQuery<R>;
  if (withoutAnswer) answerless.add(query);
  return scope.run ? (scope.run(query) as QueryResult<R> | Promise<QueryResult<R>>) : scope.db.executeQuery<R>(query);
}

/** The first row, or Kysely's NoResultError as executeTakeFirstOrThrow throws it. */
async function firstOrThrow<R>(plan: Plan, result: Promise<QueryResult<R>>): Promise<R> {
  const row = (await result).rows[0];
  if (row === undefined) throw new NoResultError(plan.compiled.query as QueryNode);
  return row;
}

/** A query of fixed shape: its arguments change from call to call, its SQL never does (per kind). */
export interface PrecompiledQuery<A extends readonly unknown[], R> {
  /** Runs it with these arguments; rejects with UnstorableTextError before the database sees a bad string. */
  execute(scope: QueryScope, ...args: A): Promise<QueryResult<R>>;
  /** The first row, or undefined. */
  first(scope: QueryScope, ...args: A): Promise<R | undefined>;
  /** The first row, or NoResultError (as executeTakeFirstOrThrow). */
  firstOrThrow(scope: QueryScope, ...args: A): Promise<R>;
  /**
   * Runs a write whose answer nobody reads. Inside a PostgreSQL transaction it goes with the
   * transaction's next statement or its COMMIT, in one round trip (postgres-driver.ts): a failure
   * then fails that statement, and so the transaction. Elsewhere it runs at once.
   */
  send(scope: QueryScope, ...args: A): Promise<void>;
}

/**
 * `build` makes the query with `$(i)` wherever argument i goes (it is called once per kind, on the
 * first call, with that call's db, and may branch on `kind`, e.g. `for update` on PostgreSQL only).
 */
export function precompiled<A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, $: ArgMarker<A>, kind: StoreKind) => Compilable<R>,
): PrecompiledQuery<A, R> {
  const plans = new Map<StoreKind, Plan>();
  const $ = argMarker<A>();
  const planFor = (scope: QueryScope): Plan => {
    let plan = plans.get(scope.kind);
    if (!plan) {
      plan = compilePlan(() => build(scope.db, $, scope.kind));
      plans.set(scope.kind, plan);
    }
    return plan;
  };
  return {
    execute: async (scope, ...args) => runPlan<R>(scope, planFor(scope), args),
    first: async (scope, ...args) => (await runPlan<R>(scope, planFor(scope), args)).rows[0],
    async firstOrThrow(scope, ...args) {
      const plan = planFor(scope);
      return firstOrThrow(plan, runPlan<R>(scope, plan, args));
    },
    send: async (scope, ...args) => void (await runPlan<R>(scope, planFor(scope), args, undefined, true)),
  };
}

/**
 * A query whose shape follows a record of column values (an insert's VALUES, an update's SET): one
 * compiled query per kind and per set of keys whose value is not undefined, in their order — the
 * keys Kysely itself would write. `build` gets that record with a marker for each such key, and
 * `$(i)` for the further arguments (a WHERE value).
 */
export interface PrecompiledPerShape<V extends object, A extends readonly unknown[], R> {
  execute(scope: QueryScope, values: V, ...args: A): Promise<QueryResult<R>>;
  first(scope: QueryScope, values: V, ...args: A): Promise<R | undefined>;
  firstOrThrow(scope: QueryScope, values: V, ...args: A): Promise<R>;
  /** As PrecompiledQuery's `send`: a write whose answer nobody reads, sent with the transaction's next statement on PostgreSQL. */
  send(scope: QueryScope, values: V, ...args: A): Promise<void>;
  /** The compiled query these values run (for tests and tracing). */
  compiledFor(scope: QueryScope, values: V): CompiledQuery<R>;
}

/** A compiled query of precompiledPerShape: the keys with a value, in their order, that it was built for. */
interface Shape {
  kind: StoreKind;
  keys: readonly string[];
  plan: Plan;
}

/**
 * Whether the record's own keys whose value is not undefined are exactly `keys`, in that order.
 * Compared key by key (the same strings, mostly the same interned ones) rather than by a shape
 * string built on every call: an insert's thirty columns made a string of four hundred characters
 * to hash, a create's half-dozen times.
 */
function hasShape(record: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in record) {
    if (!Object.hasOwn(record, key) || record[key] === undefined) continue;
    if (keys[i] !== key) return false;
    i++;
  }
  return i === keys.length;
}

export function precompiledPerShape<V extends object, A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, values: V, $: ArgMarker<A>, kind: StoreKind) => Compilable<R>,
): PrecompiledPerShape<V, A, R> {
  const shapes: Shape[] = [];
  const $ = argMarker<A>();
  const planFor = (scope: QueryScope, values: V): Plan => {
    const record = values as Record<string, unknown>;
    for (const shape of shapes) if (shape.kind === scope.kind && hasShape(record, shape.keys)) return shape.plan;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined);
    const plan = compilePlan(() => {
      const marked: Record<string, unknown> = {};
      for (const key of keys) marked[key] = new Marker({ key });
      return build(scope.db, marked as V, $, scope.kind);
    });
    shapes.push({ kind: scope.kind, keys, plan });
    return plan;
  };
  const execute = async (scope: QueryScope, values: V, ...args: A): Promise<QueryResult<R>> =>
    runPlan<R>(scope, planFor(scope, values), args, values as Record<string, unknown>);
  return {
    execute,
    first: async (scope, values, ...args) => (await execute(scope, values, ...args)).rows[0],
    async firstOrThrow(scope, values, ...args) {
      const plan = planFor(scope, values);
      return firstOrThrow(plan, runPlan<R>(scope, plan, args, values as Record<string, unknown>));
    },
    send: async (scope, values, ...args) =>
      void (await runPlan<R>(scope, planFor(scope, values), args, values as Record<string, unknown>, true)),
    compiledFor: (scope, values) => planFor(scope, values).compiled as CompiledQuery<R>,
  };
}
