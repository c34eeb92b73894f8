// The Node side of the database seam: a Kysely instance and the atomic helper over one
// better-sqlite3 connection. Only server/node.ts, the CLI, benchmarks and tests use it.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery, type SqliteDatabase } from 'kysely';
import { MAX_PARAMS, type Atomic, type AtomicResult } from './atomic.js';
import { migrate } from './migrate.js';
import type { DB } from './schema.js';

export interface NodeDatabase {
  db: Kysely<DB>;
  atomic: Atomic;
  sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** Opens (creating if needed) the SQLite file, applies pending migrations, and wires Kysely. */
export function openNodeDatabase(file: string): NodeDatabase {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  migrate(sqlite);

  // Prepared statements are cached by SQL text, for the atomic helper and for Kysely (whose
  // SQLite driver prepares every query anew): ingest and the common reads reuse a few shapes.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = sqlite.prepare(sql);
      if (cache.size > 500) cache.clear();
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const database: SqliteDatabase = {
    close: () => sqlite.close(),
    prepare: (sql) => {
      const stmt = prepare(sql);
      return {
        reader: stmt.reader,
        all: (params) => stmt.all(params),
        run: (params) => stmt.run(params),
        // A streamed read holds its statement until the caller stops; a cached one could be wanted meanwhile.
        iterate: (params) => sqlite.prepare(sql).iterate(params),
      };
    },
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  const runAll = sqlite.transaction((queries: readonly CompiledQuery[]): AtomicResult[] =>
    queries.map((q) => {
      const params = q.parameters as unknown[];
      // D1 refuses more bound parameters than this; failing here too keeps Node honest.
      if (params.length > MAX_PARAMS) throw new Error(`too many SQL variables: ${params.length} > ${MAX_PARAMS} (D1's limit)`);
      const stmt = prepare(q.sql);
      if (stmt.reader) {
        const rows = stmt.all(...params);
        // A write with RETURNING counts its rows as changes, as D1 reports it.
        return { rows, changes: /^\s*(insert|update|delete|replace)\b/i.test(q.sql) ? rows.length : 0 };
      }
      return { rows: [], changes: stmt.run(...params).changes };
    }),
  );
  const atomic: Atomic = async (queries) => runAll(queries);

  return { db, atomic, sqlite, close: async () => db.destroy() };
}
