// What every end-to-end test stands on: the real Node server (server/node.ts, as `npm start`
// runs it) on a free port with a temp database, Debian's Chromium driven by playwright-core
// with a fresh profile, and an all/read LRS credential to check what reached the LRS.
// Not for component tests (test/components, @web/test-runner) or HTTP tests (startTarget).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { runCli } from '../../server/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// machine's closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Why the e2e suite cannot run here, or undefined when it can. */
export function missing(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found (apt-get install -y chromium)`;
  if (!existsSync(join(root, 'dist', 'embed.js'))) return 'dist/embed.js not built (npm run build:components)';
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  /** Authorization header of an all/read LRS credential. */
  reader: string;
  dir: string;
  close(): Promise<void>;
}

/** Starts `node --import tsx server/node.ts` on a free port with a fresh database. */
export async function startServer(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'champa-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), CHAMPA_DB: join(dir, 'champa.sqlite'), CHAMPA_PUBLIC_URL: url };
  const created = await runCli(['lrs-client', 'create', '--name', 'e2e reader', '--scopes', 'all/read'], env);
  if (created.code !== 0) throw new Error(created.out);
  const { key, secret } = JSON.parse(created.out) as { key: string; secret: string };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d));
  child.stderr!.on('data', (d: Buffer) => (log += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/xapi/about`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`server did not start in 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    reader: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
    dir,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium with a fresh profile, one page at 360×640 unless told otherwise. */
export async function openBrowser(viewport = { width: 360, height: 640 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'champa-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    // xAPI timestamps and Lao rendering do not depend on these, but keep runs alike.
    locale: 'lo-LA',
    timezoneId: 'Asia/Vientiane',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface StoredStatement {
  id: string;
  actor: { account?: { homePage: string; name: string } };
  verb: { id: string };
  object: { id: string; definition?: Record<string, unknown> };
  result?: { success?: boolean; completion?: boolean; response?: string; duration?: string; score?: { scaled: number; raw: number; min: number; max: number } };
  context?: { registration?: string; language?: string; contextActivities?: Record<string, { id: string }[]> };
  timestamp: string;
}

/** Every statement the LRS holds about `agent` (following `more`), oldest first. */
export async function statementsOf(server: Server, agent: object): Promise<StoredStatement[]> {
  const out: StoredStatement[] = [];
  let next: string | undefined = `/xapi/statements?${new URLSearchParams({ agent: JSON.stringify(agent), ascending: 'true', limit: '500' })}`;
  while (next) {
    const res: Response = await fetch(server.url + next, { headers: { Authorization: server.reader, 'X-Experience-API-Version': '1.0.3' } });
    if (!res.ok) throw new Error(`GET statements: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { statements: StoredStatement[]; more?: string };
    out.push(...body.statements);
    next = body.more || undefined;
  }
  return out;
}

/** The learner the demo page uses on this device (kept as <champa-join> keeps one). */
export async function demoActor(page: Page, _server?: Server) {
  const kept = await page.evaluate(() => localStorage.getItem(`champa-learner:${location.origin}`));
  if (!kept) throw new Error('the demo page keeps no learner on this device');
  return (JSON.parse(kept) as { actor: { objectType: 'Agent'; account: { homePage: string; name: string } } }).actor;
}

export const VERB = (v: string) => `http://adlnet.gov/expapi/verbs/${v}`;

/** Polls `fn` until it returns a truthy value or `ms` pass. */
export async function until<T>(fn: () => Promise<T> | T, ms = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
