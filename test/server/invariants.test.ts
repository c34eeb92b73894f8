// The invariants of STYLE.md that a test can see, checked on the source tree: what
// worker.ts may reach, who may construct Kysely, no transactions, migration names, and
// module header comments. Not for behaviour: the HTTP and unit tests cover that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transformSync, type Metafile } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SKIP_DIRS = new Set(['node_modules', '.git', '.wrangler', 'dist', 'data', 'coverage']);
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

/** Repository-relative paths (with /) of source files under `dir`. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** The file as JavaScript without comments or types, so that prose about a rule does not break it. */
function code(path: string): string {
  const src = readFileSync(join(root, path), 'utf8');
  const loader = path.endsWith('x') ? 'tsx' : path.endsWith('js') ? 'js' : 'ts';
  try {
    return transformSync(src, { loader, format: 'esm', target: 'esnext', legalComments: 'none', sourcefile: path }).code;
  } catch {
    // Syntax esbuild cannot transform on its own (e.g. a file under construction): scan the
    // source as written, comments and all, rather than skip it.
    return src;
  }
}

function isForbiddenInWorker(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  if (specifier === 'better-sqlite3' || specifier.startsWith('better-sqlite3/')) return true;
  return builtinModules.includes(specifier) || builtinModules.includes(specifier.split('/')[0]!);
}

/**
 * Bundles `entry` as wrangler does (workerd/worker/browser conditions) and returns every import
 * of node:*, a Node builtin or better-sqlite3 anywhere in its graph, with the chain that reaches it.
 */
async function forbiddenWorkerImports(entry: string, cwd: string): Promise<{ inputs: string[]; bad: string[] }> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: cwd,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'neutral',
    format: 'esm',
    mainFields: ['browser', 'module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
    plugins: [
      {
        name: 'mark-forbidden-external',
        setup(b) {
          // Left unresolved they would only fail the build; as externals they show in the metafile.
          b.onResolve({ filter: /.*/ }, (args) =>
            isForbiddenInWorker(args.path) || args.path.startsWith('cloudflare:') ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
  });
  const meta: Metafile = result.metafile!;
  const parent = new Map<string, string>();
  const start = Object.keys(meta.inputs).find((k) => k === entry || k.endsWith(entry))!;
  const queue = [start];
  const bad: string[] = [];
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.shift()!;
    for (const imp of meta.inputs[file]?.imports ?? []) {
      if (imp.external) {
        if (isForbiddenInWorker(imp.path)) {
          const chain = [file];
          for (let p = parent.get(file); p; p = parent.get(p)) chain.unshift(p);
          bad.push(`${chain.join(' -> ')} imports ${imp.path}`);
        }
      } else if (!seen.has(imp.path)) {
        seen.add(imp.path);
        parent.set(imp.path, file);
        queue.push(imp.path);
      }
    }
  }
  return { inputs: Object.keys(meta.inputs), bad };
}

test('STYLE invariant: nothing reachable from server/worker.ts imports node:* or better-sqlite3', async () => {
  const { inputs, bad } = await forbiddenWorkerImports('server/worker.ts', root);
  // The walk must really follow the app: relative .js specifiers resolved to .ts sources.
  for (const reached of ['server/app.ts', 'server/db/d1.ts', 'server/xapi/index.ts']) {
    assert.ok(inputs.includes(reached), `the import walk from server/worker.ts did not reach ${reached}`);
  }
  assert.deepEqual(bad, [], `worker-reachable modules import Node-only code:\n${bad.join('\n')}`);
});

test('the worker import walk catches a node:* import two modules deep (guards the check above)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'champa-invariant-'));
  try {
    writeFileSync(join(dir, 'entry.ts'), "import { a } from './a.js';\nexport default a;\n");
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
    writeFileSync(join(dir, 'b.ts'), "import { readFileSync } from 'node:fs';\nimport Db from 'better-sqlite3';\nexport const b = [readFileSync, Db];\n");
    const { bad } = await forbiddenWorkerImports('entry.ts', dir);
    assert.deepEqual(bad, ['entry.ts -> a.ts -> b.ts imports node:fs', 'entry.ts -> a.ts -> b.ts imports better-sqlite3']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Runtime entry files wire the database; everything else receives it (c.var.db, Deps).
const KYSELY_ALLOWED = ['server/node.ts', 'server/worker.ts', 'server/db/node.ts', 'server/db/d1.ts', 'scripts/', 'bench/', 'test/support/'];

test('STYLE invariant: nothing outside the runtime entry files constructs a Kysely instance', () => {
  const files = sourceFiles('').filter((f) => !KYSELY_ALLOWED.some((a) => (a.endsWith('/') ? f.startsWith(a) : f === a)));
  assert.ok(files.includes('server/app.ts'), 'the scan must cover server/');
  const offenders = files.filter((f) => /\bnew\s+Kysely\b/.test(code(f)));
  assert.deepEqual(offenders, [], `construct Kysely only in ${KYSELY_ALLOWED.join(', ')}; use c.var.db / Deps instead`);
});

// better-sqlite3's own transaction() wraps the Node atomic helper and the migration runner;
// those are the only transactions allowed, on a variable named sqlite.
const TRANSACTION_ALLOWED = new Map([
  ['server/db/node.ts', 'sqlite'],
  ['server/db/migrate.ts', 'sqlite'],
]);

function transactionCalls(js: string): string[] {
  return [...js.matchAll(/([\w$]+)?\s*(?:\)\s*)?\??\.\s*(transaction|startTransaction)\s*\(/g)].map((m) => `${m[1] ?? '(expression)'}.${m[2]}(`);
}

test('STYLE invariant: nothing in server/ calls db.transaction() (D1 has none; use c.var.atomic)', () => {
  const offenders: string[] = [];
  for (const f of sourceFiles('server')) {
    for (const call of transactionCalls(code(f))) {
      if (call !== `${TRANSACTION_ALLOWED.get(f)}.transaction(`) offenders.push(`${f}: ${call}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the transaction scan sees Kysely transaction forms (guards the check above)', () => {
  const js = transformSync(
    'await db.transaction().execute(async (trx) => {}); await c.var.db.startTransaction().execute(); getDb()?.transaction();',
    { loader: 'ts' },
  ).code;
  assert.deepEqual(transactionCalls(js), ['db.transaction(', 'db.startTransaction(', '(expression).transaction(']);
});

test('DESIGN §2 migrations: files are NNNN_verb_noun.sql, numbered 0001 upwards without gaps or repeats', () => {
  const names = readdirSync(join(root, 'migrations')).sort();
  assert.ok(names.length > 0, 'migrations/ is empty');
  const misnamed = names.filter((n) => !/^\d{4}_[a-z]+(_[a-z0-9]+)+\.sql$/.test(n));
  // A misnamed file is skipped by the Node runner but applied by wrangler: the histories would differ.
  assert.deepEqual(misnamed, [], 'every file in migrations/ must be named NNNN_verb_noun.sql (lower-case snake_case)');
  const numbers = names.map((n) => Number(n.slice(0, 4)));
  assert.deepEqual(numbers, numbers.map((_, i) => i + 1), `migration numbers must be 1..${names.length}, each once: ${names.join(', ')}`);
});

test('STYLE habit: every module under server/ opens with a comment saying what it is for', () => {
  const missing: string[] = [];
  for (const f of sourceFiles('server')) {
    const lines = readFileSync(join(root, f), 'utf8').split('\n');
    const first = (lines[0]?.startsWith('#!') ? lines[1] : lines[0]) ?? '';
    if (!/^\s*(\/\/|\/\*)/.test(first)) missing.push(f);
  }
  assert.deepEqual(missing, [], 'these files do not start with a comment line');
});
