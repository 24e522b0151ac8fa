import { Kysely } from 'kysely';
import type { Driver } from 'kysely';
import { CurrentSchemaDialect } from './current-schema-introspector.js';
import { PostgresDriver, type PostgresDriverOptions } from './postgres-driver.js';
import pg from 'pg';
import type { CustomTypesConfig } from 'pg';
import type { Store } from '../../core/ports/store.js';
import type { Database } from '../schema.js';
import { createKyselyStore, type StoreOptions } from '../kysely-store.js';
import { postgresAuthVersion } from '../auth-version.js';

export interface PostgresStoreOptions extends StoreOptions {
  /** Use (and create if missing) this schema for every connection, e.g. to isolate a test. */
  schema?: string;
  /** Pool size; default 10. */
  poolSize?: number;
  /**
   * The driver's savings (./postgres-driver.ts), all on by default. Off only to measure them
   * (bench/profile-postgres-driver.ts); with all off the store runs Kysely's own PostgreSQL driver.
   */
  driver?: Partial<PostgresDriverOptions>;
}

/** PostgreSQL for the store: the migrator sees the connection's own schema, queries go through ./postgres-driver.ts. */
class StoreDialect extends CurrentSchemaDialect {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresDriverOptions,
  ) {
    super({ pool });
  }

  override createDriver(): Driver {
    return new PostgresDriver(this.pool, this.options);
  }
}

function int8ToNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 ${value} is beyond Number.MAX_SAFE_INTEGER`);
  return n;
}

/** int8 (ids, amounts, epoch-ms timestamps, count(*)) as number, for this pool only. */
const int8AsNumber: CustomTypesConfig = {
  // pg's getTypeParser is an overloaded generic; this implementation covers every overload. pg asks
  // for every column of every result: the parser is one function, not a new one each time.
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? int8ToNumber
      : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Opens a pooled PostgreSQL store. Does not migrate: call store.migrate(). */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const { schema } = opts;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types: int8AsNumber,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // crashes the process. pg already drops the client; the next query reports any lasting outage.
  pool.on('error', () => {});
  // A client checked out when its connection drops (a query under way, a transaction open) emits
  // 'error' on itself, and nothing listens there either: the process would crash. The query under
  // way is rejected anyway, and the pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  if (schema !== undefined) {
    try {
      await pool.query(`create schema if not exists "${schema}"`);
    } catch (e) {
      // Two openers racing on the same new schema: the loser sees a duplicate, which is fine.
      if ((e as { code?: unknown }).code !== '23505' && (e as { code?: unknown }).code !== '42P06') {
        await pool.end();
        throw e;
      }
    }
  }
  const driver: PostgresDriverOptions = {
    namedStatements: true,
    beginWithFirstStatement: true,
    describeOnce: true,
    writesAhead: true,
    ...opts.driver,
  };
  const stock = !driver.namedStatements && !driver.beginWithFirstStatement && !driver.describeOnce && !driver.writesAhead;
  const dialect = stock ? new CurrentSchemaDialect({ pool }) : new StoreDialect(pool, driver);
  const db = new Kysely<Database>({ dialect });
  const store = createKyselyStore(db, 'postgres', { ...opts, authVersion: postgresAuthVersion(pool) });
  return {
    ...store,
    poolUse: () => ({ open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    // Kysely ends the pool only if a query went through Kysely itself (open-sqlite-store.ts says why that matters)
    close: async () => {
      await store.close();
      if (!pool.ended) await pool.end();
    },
  };
}
