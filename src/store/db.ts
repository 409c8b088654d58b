// The small SQL surface the store's tables are written against, so SQLite and PostgreSQL share every query.

export type SqlValue = string | number | bigint | null;

export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows of a query; placeholders are `?` for both dialects. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** A write; `changes` is how many rows it touched, which is how a claim knows it won. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection (PostgreSQL) or under SQLite's write lock; rolls back
   * if it throws. For start-up and maintenance (migrations, key rotation), not for request paths.
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` placeholders to PostgreSQL's `$1, $2, …` (none of our SQL has a literal question mark). */
export function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
