// The schema seam: the generated Kysely type matches the migrated schema, and the Node
// migration runner keeps the same history wrangler keeps on D1. Not for queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { generateSchema, schemaFile } from '../../../scripts/db-types.js';
import { migrate, migrationFiles } from '../../../server/db/migrate.js';

const root = new URL('../../../', import.meta.url).pathname;

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'champa-schema-test-'));
  const done = () => rmSync(dir, { recursive: true, force: true });
  try {
    const out = fn(dir);
    if (out instanceof Promise) return out.finally(done) as T;
    done();
    return out;
  } catch (err) {
    done();
    throw err;
  }
}

type MasterRow = { type: string; name: string; tbl_name: string; sql: string | null };

/**
 * Tables and indexes the migrations made, with their SQL (comments dropped and whitespace
 * collapsed: wrangler strips comments before it runs a file); the runners' own tables are left out.
 */
function userSchema(sqlite: BetterSqlite3.Database): MasterRow[] {
  const rows = sqlite
    .prepare(
      `SELECT type, name, tbl_name, sql FROM sqlite_master
       WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND tbl_name <> 'd1_migrations'
       ORDER BY type, name`,
    )
    .all() as MasterRow[];
  return rows.map((r) => ({ ...r, sql: r.sql && r.sql.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').replace(/\( /g, '(') }));
}

function migrationsTableShape(sqlite: BetterSqlite3.Database) {
  return {
    columns: sqlite.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('d1_migrations')`).all(),
    uniques: sqlite
      .prepare(`SELECT "unique", origin FROM pragma_index_list('d1_migrations') ORDER BY origin`)
      .all(),
    autoincrement: /AUTOINCREMENT/i.test(
      (sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'd1_migrations'`).get() as { sql: string }).sql,
    ),
  };
}

test('DESIGN §2: server/db/schema.ts is what kysely-codegen makes of the migrated schema (run npm run db:types)', () =>
  withTempDir((dir) => {
    const fresh = join(dir, 'schema.ts');
    generateSchema(fresh);
    assert.equal(readFileSync(schemaFile, 'utf8'), readFileSync(fresh, 'utf8'), 'server/db/schema.ts is stale: run npm run db:types');
  }));

test('migrate() applies every migration once: a second run applies nothing and changes nothing', () =>
  withTempDir((dir) => {
    const sqlite = new BetterSqlite3(join(dir, 'db.sqlite'));
    try {
      assert.deepEqual(migrate(sqlite), migrationFiles());
      const schema = userSchema(sqlite);
      const history = sqlite.prepare('SELECT id, name, applied_at FROM d1_migrations ORDER BY id').all();
      assert.deepEqual(migrate(sqlite), []);
      assert.deepEqual(userSchema(sqlite), schema);
      assert.deepEqual(sqlite.prepare('SELECT id, name, applied_at FROM d1_migrations ORDER BY id').all(), history);
      assert.deepEqual(
        (history as { name: string }[]).map((r) => r.name),
        migrationFiles(),
      );
    } finally {
      sqlite.close();
    }
  }));

test('a migration that fails part-way leaves nothing of itself applied or recorded (one transaction per file)', () =>
  withTempDir((dir) => {
    const migrations = join(dir, 'migrations') + '/';
    mkdirSync(migrations);
    const files: Record<string, string> = {
      '0001_create_alpha.sql': 'CREATE TABLE alpha (id INTEGER PRIMARY KEY);',
      '0002_create_beta.sql': 'CREATE TABLE beta (id INTEGER PRIMARY KEY);\nINSERT INTO alpha (id) VALUES (1);\nINSERT INTO no_such_table VALUES (1);',
    };
    writeFiles(migrations, files);
    const sqlite = new BetterSqlite3(join(dir, 'db.sqlite'));
    try {
      assert.throws(() => migrate(sqlite, migrations), /no_such_table/);
      const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('alpha', 'beta')`).all() as { name: string }[]).map((r) => r.name);
      assert.deepEqual(tables, ['alpha'], 'beta was created by the failed migration');
      assert.deepEqual(sqlite.prepare('SELECT id FROM alpha').all(), [], 'the failed migration inserted a row');
      assert.deepEqual(sqlite.prepare('SELECT name FROM d1_migrations').pluck().all(), ['0001_create_alpha.sql']);

      // Once fixed, the file applies on the next start.
      writeFiles(migrations, { '0002_create_beta.sql': 'CREATE TABLE beta (id INTEGER PRIMARY KEY);' });
      assert.deepEqual(migrate(sqlite, migrations), ['0002_create_beta.sql']);
    } finally {
      sqlite.close();
    }
  }));

function writeFiles(dir: string, files: Record<string, string>) {
  for (const [name, sql] of Object.entries(files)) writeFileSync(dir + name, sql);
}

test('DESIGN §2: Node and `wrangler d1 migrations apply` keep the same d1_migrations history and build the same schema', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'champa-schema-wrangler-'));
  try {
    const persist = join(dir, 'state');
    await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'wrangler'),
      ['d1', 'migrations', 'apply', 'champa', '--local', '--persist-to', persist],
      {
        cwd: root,
        env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', WRANGLER_HIDE_BANNER: 'true', NO_COLOR: '1', WRANGLER_LOG_PATH: join(dir, 'logs') },
        timeout: 100_000,
      },
    );
    const d1Dir = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject');
    const d1File = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
    assert.ok(d1File, `no local D1 database under ${d1Dir}`);
    const d1 = new BetterSqlite3(join(d1Dir, d1File), { readonly: true });
    const node = new BetterSqlite3(join(dir, 'node.sqlite'));
    try {
      migrate(node);
      assert.deepEqual(migrationsTableShape(node), migrationsTableShape(d1));
      const names = (db: BetterSqlite3.Database) => db.prepare('SELECT id, name FROM d1_migrations ORDER BY id').all();
      assert.deepEqual(names(node), names(d1));
      assert.deepEqual(userSchema(node), userSchema(d1));
    } finally {
      d1.close();
      node.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
