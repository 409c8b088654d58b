// The shared store for several replicas: PostgreSQL through a pg pool, speaking the same SQL as SQLite.
import pg from 'pg';
import { type Db, type SqlValue, toPostgresPlaceholders } from './db.js';

// BIGINT columns hold epoch milliseconds, well inside a double; read them back as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** The Db surface over anything that queries: the pool, or one client holding a transaction. */
function over(target: Queryable, rest: Pick<Db, 'transaction' | 'close'>): Db {
  const query = async (sql: string, params: readonly SqlValue[]) =>
    target.query(
      toPostgresPlaceholders(sql),
      params.map((p) => (typeof p === 'bigint' ? p.toString() : p)),
    );
  return {
    dialect: 'postgres',
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await query(sql, params)).rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return { changes: (await query(sql, params)).rowCount ?? 0 };
    },
    async exec(sql: string) {
      await target.query(sql);
    },
    ...rest,
  };
}

export async function openPostgres(
  connectionString: string,
  onIdleError: (error: Error) => void = () => undefined,
): Promise<Db> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    idleTimeoutMillis: 30_000,
    // A full pool or an unreachable server must fail a request in seconds, not hold it past Slack's clock.
    connectionTimeoutMillis: 2_000,
    statement_timeout: 10_000,
  });
  // An idle client whose server went away emits 'error' on the pool; unheard, that would end the process.
  pool.on('error', onIdleError);
  // Fail at start with the server's own words rather than at the first request.
  const client = await pool.connect();
  client.release();
  const nested = async (): Promise<never> => {
    throw new Error('transactions do not nest');
  };
  return over(pool, {
    async transaction<T>(work: (tx: Db) => Promise<T>) {
      // A transaction lives on one connection: take one from the pool for its whole length.
      const held = await pool.connect();
      try {
        await held.query('BEGIN');
        const result = await work(over(held, { transaction: nested, close: async () => {} }));
        await held.query('COMMIT');
        return result;
      } catch (error) {
        await held.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        held.release();
      }
    },
    async close() {
      await pool.end();
    },
  });
}
