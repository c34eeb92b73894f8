// Applies migrations/*.sql to a better-sqlite3 database on Node, recording them in the
// same d1_migrations table that `wrangler d1 migrations apply` keeps, so both histories
// read alike. Not for Workers: D1 is migrated by wrangler.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Migration file names in the order they apply: NNNN_verb_noun.sql. */
export function migrationFiles(dir = migrationsDir): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/** Applies every migration not yet recorded; each file in its own transaction. Returns the names applied. */
export function migrate(sqlite: BetterSqlite3.Database, dir = migrationsDir): string[] {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS d1_migrations(
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`);
  const done = new Set(
    (sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name),
  );
  const applied: string[] = [];
  const record = sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
  for (const name of migrationFiles(dir)) {
    if (done.has(name)) continue;
    const sql = readFileSync(dir + name, 'utf8');
    sqlite.transaction(() => {
      sqlite.exec(sql);
      record.run(name);
    })();
    applied.push(name);
  }
  return applied;
}
