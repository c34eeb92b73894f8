// Helpers for tests of the people API (/api/...): sign-in, unique addresses for rate limits,
// and creating throw-away organisations, users and learners through the API itself, so that
// tests which change a person never touch the shared seeded ones. Runs on both runtimes.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { Target } from './target.js';
import { uid } from './target.js';
import type { PersonaName } from './credentials.js';

/** A fresh client address, so that one test's failed sign-ins never limit another's. */
export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

export const JSON_HEADERS = { 'Content-Type': 'application/json' };

export async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

/** Sends JSON as a persona. */
export function send(t: Target, who: PersonaName, method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return t.as(who, path, { method, headers: { ...JSON_HEADERS, ...headers }, body: json === undefined ? undefined : JSON.stringify(json) });
}

export interface Session {
  cookie: string;
  csrf: string;
  setCookie: string;
  res: Response;
  body: Record<string, unknown>;
}

/** Signs in; returns the cookie to send back and the CSRF token. */
export async function login(t: Target, email: string, password: string, ip = randomIp()): Promise<Session> {
  const res = await t.fetch('/api/auth/login', { method: 'POST', headers: { ...JSON_HEADERS, 'CF-Connecting-IP': ip }, body: JSON.stringify({ email, password }) });
  const text = await res.text();
  assert.equal(res.status, 200, `login as ${email}: ${text}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const parsed = JSON.parse(text) as Record<string, unknown>;
  return { cookie, csrf: parsed.csrfToken as string, setCookie, res, body: parsed };
}

/** Sends JSON with a session from login(). */
export function withSession(t: Target, s: Pick<Session, 'cookie' | 'csrf'>, method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return t.fetch(path, {
    method,
    headers: { ...JSON_HEADERS, Cookie: s.cookie, 'X-CSRF-Token': s.csrf, ...headers },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
}

export async function newOrganisation(t: Target, fields: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const res = await send(t, 'admin', 'POST', '/api/organisations', { nameEn: `Org ${uid()}`, kind: 'ngo', ...fields });
  assert.equal(res.status, 201, await res.clone().text());
  return body(res);
}

/** A new staff user with a known password; returns the user and its password. */
export async function newUser(t: Target, role: 'admin' | 'trainer' | 'viewer', organisations: string[] = []) {
  const password = `pw-${uid()}`;
  const email = `user-${uid()}@champa.test`;
  const res = await send(t, 'admin', 'POST', '/api/users', { email, name: `User ${role}`, role, password, organisations });
  assert.equal(res.status, 201, await res.clone().text());
  return { user: await body<{ id: string; email: string; organisations: string[] }>(res), email, password };
}

/** A new learner (created by `who`) and a device token for it. */
export async function newLearner(t: Target, fields: Record<string, unknown> = {}, who: PersonaName = 'admin') {
  const res = await send(t, who, 'POST', '/api/learners', { name: `Learner ${uid()}`, sex: 'female', ...fields });
  assert.equal(res.status, 201, await res.clone().text());
  const learner = await body<Record<string, unknown> & { id: string; actor: { objectType: 'Agent'; account: { homePage: string; name: string } } }>(res);
  const tok = await send(t, who, 'POST', `/api/learners/${learner.id}/tokens`, {});
  assert.equal(tok.status, 201, await tok.clone().text());
  const { token } = await body<{ token: string }>(tok);
  return { learner, token, bearer: { Authorization: `Bearer ${token}` } };
}

/** A persona, or nobody at all. */
export type Who = PersonaName | 'anonymous';

/** Sends JSON as `who` (no credentials at all for 'anonymous'). */
export function sendAs(t: Target, who: Who, method: string, path: string, json?: unknown): Promise<Response> {
  if (who === 'anonymous') {
    return t.fetch(path, { method, headers: JSON_HEADERS, body: json === undefined ? undefined : JSON.stringify(json) });
  }
  return send(t, who, method, path, json);
}

/** Asserts that each `who` gets its status (401/403/404) and an error message. */
export async function expectRefused(t: Target, method: string, path: string, json: unknown, refused: Partial<Record<Who, number>>): Promise<void> {
  for (const [who, status] of Object.entries(refused) as [Who, number][]) {
    const res = await sendAs(t, who, method, path, json);
    const text = await res.text();
    assert.equal(res.status, status, `${method} ${path} as ${who}: expected ${status}, got ${res.status} ${text}`);
    assert.match(text, /"error":"[^"]+/, `${method} ${path} as ${who}: an error message`);
  }
}
