// The shared store for several replicas: PostgreSQL through a pg pool, speaking the same SQL as SQLite.
import pg from 'pg';
import { type Db, type SqlValue, toPostgresPlaceholders } from './db.js';

// BIGINT columns hold epoch milliseconds, well inside a double; read them back as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openPostgres(connectionString: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: 10, idleTimeoutMillis: 30_000 });
  // Fail at start with the server's own words rather than at the first request.
  const client = await pool.connect();
  client.release();
  const query = async (sql: string, params: readonly SqlValue[]) =>
    pool.query(
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
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
