// The embedded store: one SQLite file under DATA_DIR, opened with WAL so reads never wait on a write.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger.js';
import type { Db, SqlValue } from './db.js';
import { KEY_FILE } from './secrets.js';

/** DATA_DIR holds customer data, response URLs and (without ENCRYPTION_KEY) the key: its owner's alone. */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

const octal = (mode: number) => `0${mode.toString(8)}`;

/** Tightens `path` to `mode` when group or others have any access to it, and says so. */
function tighten(path: string, mode: number, logger: Logger | undefined): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  const was = stat.mode & 0o777;
  if ((was & 0o077) === 0) return;
  if (stat.isDirectory() && (stat.mode & 0o1000) !== 0) {
    // A sticky directory (/tmp) is shared by design: closing it would break every other user of it.
    logger?.warn({ path }, 'store: DATA_DIR is a shared directory; give the bot a directory of its own');
    return;
  }
  try {
    chmodSync(path, mode);
  } catch (error) {
    // Not ours to change (a volume owned by another user): the files inside are still created owner-only.
    logger?.warn(
      { path, mode: octal(was), err: error },
      'store: a data path is open to other users and could not be tightened',
    );
    return;
  }
  logger?.warn(
    { path, was: octal(was), now: octal(mode) },
    'store: a data path was open to other users; it is now owner-only',
  );
}

/**
 * DATA_DIR created 0700 and the database, its -wal and -shm files and the key file 0600; an existing directory
 * or file that is more open is tightened (with a log line). The umask only narrows a mode, and a directory
 * made by an older version (0755) or by hand stays as it was unless fixed here.
 */
export function secureDataDir(file: string, logger?: Logger): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  tighten(dir, DATA_DIR_MODE, logger);
  // SQLite gives the -wal and -shm files the database file's own mode, so the database is created 0600 first.
  if (!existsSync(file)) closeSync(openSync(file, 'a', DATA_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`, join(dir, KEY_FILE)])
    tighten(path, DATA_FILE_MODE, logger);
}

export function openSqlite(file: string, logger?: Logger): Db {
  if (file !== ':memory:') secureDataDir(file, logger);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const handle: Db = {
    dialect: 'sqlite',
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).get(...params) as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return { changes: prepare(sql).run(...params).changes };
    },
    async exec(sql: string) {
      db.exec(sql);
    },
    async transaction<T>(work: (tx: Db) => Promise<T>) {
      // IMMEDIATE takes the write lock at once, so two processes migrating the same file run one after the other.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(handle);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return handle;
}
