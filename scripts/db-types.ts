// Regenerates server/db/schema.ts (the Kysely DB type) from the migrated schema, so that
// column names are written once: in migrations/. `--check` fails when the file is stale.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from '../server/db/migrate.js';

export const schemaFile = new URL('../server/db/schema.ts', import.meta.url).pathname;

/** Writes the generated type for a freshly migrated database to `outFile`. */
export function generateSchema(outFile: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'champa-schema-'));
  try {
    const file = join(dir, 'schema.sqlite');
    const sqlite = new BetterSqlite3(file);
    migrate(sqlite);
    sqlite.close();
    execFileSync(
      process.execPath,
      [
        new URL('../node_modules/kysely-codegen/dist/cli/bin.js', import.meta.url).pathname,
        '--dialect', 'sqlite', '--url', file, '--out-file', outFile,
        '--exclude-pattern', 'd1_migrations', '--log-level', 'error',
        // Buffer on Node, ArrayBuffer-backed arrays on D1: both are Uint8Array.
        '--type-mapping', JSON.stringify({ blob: 'Uint8Array' }),
      ],
      { stdio: 'inherit' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--check')) {
    const dir = mkdtempSync(join(tmpdir(), 'champa-schema-check-'));
    const out = join(dir, 'schema.ts');
    generateSchema(out);
    const same = readFileSync(out, 'utf8') === readFileSync(schemaFile, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    if (!same) {
      console.error('server/db/schema.ts is stale: run npm run db:types');
      process.exit(1);
    }
  } else {
    generateSchema(schemaFile);
  }
}
