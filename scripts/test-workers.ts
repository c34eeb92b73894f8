// `npm run test:workers [-- files]`: runs every HTTP-level test (test/**/*.http.test.ts, or
// the files given) against Champa on workerd — `wrangler dev` with local D1 and R2 in a fresh
// temp directory — by setting CHAMPA_TEST_URL. Not for Node: `npm run test:node` is.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedSql } from '../test/support/credentials.js';
import { generateSigningKeyJwk } from '../server/certificates/keys.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const READY_TIMEOUT_MS = 90_000;

// Offline and non-interactive: CI=true and no stdin keep wrangler from prompting; the rest
// stop it phoning home (telemetry, error reports, the Request.cf lookup, the update check).
const wranglerEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};

const children = new Set<ChildProcess>();
let tmp: string | undefined;

/** Every child is started with detached: true, so it leads a process group holding all it starts (workerd). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  // Not skipped when the child itself has exited: workerd may outlive wrangler.
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  killGroup(child, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone in between
    }
  }
}

function cleanupSync(): void {
  for (const child of children) {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\ntest-workers: ${signal}, stopping wrangler\n`);
    cleanupSync();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a wrangler command to completion; rejects with its output when it fails. */
function runWrangler(args: string[], label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(wrangler, args, { cwd: root, env: wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.on('error', (err) => {
      children.delete(child);
      reject(new Error(`${label}: could not start ${wrangler}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`${label} failed (${signal ?? `exit ${code}`}):\n  wrangler ${args.join(' ')}\n${out}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function findHttpTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findHttpTests(path));
    else if (entry.name.endsWith('.http.test.ts')) out.push(relative(root, path));
  }
  return out.sort();
}

function tail(text: string, lines = 80): string {
  return text.split('\n').slice(-lines).join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const files = process.argv.length > 2 ? process.argv.slice(2) : findHttpTests(join(root, 'test'));
  if (files.length === 0) {
    console.error('test-workers: no test/**/*.http.test.ts files found');
    return 1;
  }

  tmp = mkdtempSync(join(tmpdir(), 'champa-workers-'));
  const persist = join(tmp, 'state');
  const bundleDir = join(tmp, 'bundle');
  const seedFile = join(tmp, 'seed.sql');
  wranglerEnv.WRANGLER_LOG_PATH = join(tmp, 'wrangler-logs');
  writeFileSync(seedFile, seedSql() + '\n');

  // The worker is bundled once, up front, and served from that snapshot (--no-bundle): a
  // `wrangler dev` on server/worker.ts would rebuild whenever a file in the tree changes
  // mid-run. The bundle is the same esbuild build `wrangler deploy` uploads, so a node:*
  // import or an unresolvable module fails here. Local D1 is migrated and seeded meanwhile.
  await Promise.all([
    runWrangler(['deploy', '--dry-run', '--outdir', bundleDir], 'bundling server/worker.ts (wrangler deploy --dry-run)'),
    (async () => {
      await runWrangler(['d1', 'migrations', 'apply', 'champa', '--local', '--persist-to', persist], 'wrangler d1 migrations apply');
      await runWrangler(['d1', 'execute', 'champa', '--local', '--persist-to', persist, '--file', seedFile], 'seeding test credentials (wrangler d1 execute)');
    })(),
  ]);
  console.error(`test-workers: bundled, migrated and seeded local D1 in ${elapsed()}`);

  const port = await freePort();
  const inspectorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(tmp, 'wrangler-dev.log');
  const log = createWriteStream(logFile);
  const dev = spawn(
    wrangler,
    [
      'dev', join(bundleDir, 'worker.js'), '--config', join(root, 'wrangler.toml'), '--no-bundle',
      '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort),
      '--persist-to', persist, '--show-interactive-dev-session=false',
      // A throw-away certificate signing key, as the CHAMPA_SIGNING_KEY secret is in production.
      '--var', `CHAMPA_SIGNING_KEY:${await generateSigningKeyJwk()}`,
    ],
    { cwd: root, env: wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  children.add(dev);
  dev.stdout!.pipe(log, { end: false });
  dev.stderr!.pipe(log, { end: false });
  let devExit: string | undefined;
  dev.on('exit', (code, signal) => (devExit = signal ?? `exit ${code}`));
  dev.on('error', (err) => (devExit = `could not start: ${err.message}`));
  const devOutput = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (devExit) throw new Error(`wrangler dev stopped before it was ready (${devExit}). Its output:\n${devOutput()}`);
      if (Date.now() > deadline) {
        throw new Error(`wrangler dev did not answer GET ${url}/xapi/about within ${READY_TIMEOUT_MS / 1000}s. Its output:\n${devOutput()}`);
      }
      try {
        const res = await fetch(`${url}/xapi/about`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) break;
        await res.body?.cancel();
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    console.error(`test-workers: workerd ready on ${url} after ${elapsed()}; running ${files.length} file(s)`);

    // A request that never gets an answer would otherwise hold the run for undici's 300 s.
    // CHAMPA_TEST_CONCURRENCY runs that many files at once (the tests share one database by
    // design); left unset, node's default applies (one file at a time on a 2-core machine).
    const concurrency = process.env.CHAMPA_TEST_CONCURRENCY ? [`--test-concurrency=${process.env.CHAMPA_TEST_CONCURRENCY}`] : [];
    const runner = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000', ...concurrency, ...files], {
      cwd: root,
      env: { ...process.env, CHAMPA_TEST_URL: url },
      stdio: ['ignore', 'inherit', 'inherit'],
      // its own group too, so that a signal to this script takes down every test process
      detached: true,
    });
    children.add(runner);
    const code = await new Promise<number>((resolve) => {
      runner.on('error', () => resolve(1));
      runner.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    children.delete(runner);
    if (code !== 0) console.error(`\ntest-workers: tests failed; last lines of wrangler dev:\n${tail(devOutput())}\n`);
    if (devExit) {
      console.error(`test-workers: wrangler dev stopped during the run (${devExit})`);
      return code || 1;
    }
    console.error(`test-workers: done in ${elapsed()}`);
    return code;
  } finally {
    await stopGroup(dev);
    children.delete(dev);
    log.end();
  }
}

main().then(
  (code) => {
    cleanupSync();
    process.exit(code);
  },
  (err: unknown) => {
    console.error(`test-workers: ${err instanceof Error ? err.message : String(err)}`);
    cleanupSync();
    process.exit(1);
  },
);
