// What the dashboard's end-to-end tests share: a server and browsers set up before and closed
// after a describe block, the first admin made with the CLI, staff sessions and writes through
// the API, the sign-in form, and a watch for CSP refusals and page errors. Not for the player's
// e2e tests (support.ts, driver.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { runCli } from '../../server/cli.js';
import { missing, openBrowser, startServer, type Browser, type Server } from './support.js';

export type Headers = Record<string, string>;

export interface Rig {
  server: Server;
  /** A desktop browser. */
  desk: Browser;
  /** A 360×640 phone, when asked for. */
  phone: Browser;
}

/**
 * Registers before/after hooks that start the server and a desktop browser (and a phone when
 * asked), then run `setup`; the rig's fields are there once the hooks have run.
 */
export function useRig(opts: { desk: { width: number; height: number }; phone?: boolean; setup?: (rig: Rig) => Promise<void> }): Rig {
  const rig = {} as Rig;
  before(async () => {
    const why = missing();
    if (why) throw new Error(why);
    rig.server = await startServer();
    rig.desk = await openBrowser(opts.desk);
    if (opts.phone) rig.phone = await openBrowser({ width: 360, height: 640 });
    await opts.setup?.(rig);
  });
  after(async () => {
    await rig.phone?.close();
    await rig.desk?.close();
    await rig.server?.close();
  });
  return rig;
}

/** The first admin, made with the CLI as an installer would. */
export async function createAdmin(server: Server, email: string, name: string, password: string): Promise<void> {
  const env = { ...process.env, CHAMPA_DB: join(server.dir, 'champa.sqlite') };
  const made = await runCli(['admin', 'create', '--email', email, '--name', name, '--password', password], env);
  assert.equal(made.code, 0, made.out);
}

/** Signs in through the API; the headers a staff session sends (cookie, CSRF token). */
export async function apiSession(server: Server, email: string, password: string): Promise<Headers> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  assert.equal(res.status, 200, await res.clone().text());
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { Cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' };
}

/** A POST that must succeed (with `status`, else 200 or 201); its JSON answer. */
export async function post<T>(server: Server, path: string, headers: Headers, body: unknown, status?: number): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const ok = status === undefined ? res.status === 201 || res.status === 200 : res.status === status;
  assert.ok(ok, `POST ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/** Fills and sends the dashboard's sign-in form (the form must be on its way). */
export async function fillSignIn(page: Page, email: string, password: string, timeout?: number): Promise<void> {
  await page.locator('champa-dashboard #email').fill(email, timeout ? { timeout } : undefined);
  await page.locator('champa-dashboard #password').fill(password);
  await page.locator('champa-dashboard button[type="submit"]').click();
}

/** Messages that say the page's CSP refused something (a script, a style, a fetch), and page errors. */
export function watchCsp(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  page.on('pageerror', (e) => refused.push(`page error: ${String(e)}`));
  return refused;
}
