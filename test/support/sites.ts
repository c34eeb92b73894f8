// Helpers for tests of host sites and launch (/api/sites, /api/launch): a throw-away site with
// unique origins and its secret, its credential headers, and a launch for one of its users.
// Runs on both runtimes: everything goes through the API, with unique origins per site.
import assert from 'node:assert/strict';
import type { Target } from './target.js';
import { uid } from './target.js';
import { ORGS } from './credentials.js';
import { JSON_HEADERS, send } from './people.js';

export interface TestSite {
  id: string;
  name: string;
  organisationId: string;
  origins: string[];
  secret: string;
}

/** A unique origin nobody else registered. */
export const newOrigin = (scheme = 'https') => `${scheme}://site-${uid().slice(0, 8)}.example.la`;

/** A new site (registered by the admin) with `n` fresh origins, in organisation A unless told. */
export async function newSite(t: Target, fields: Record<string, unknown> = {}, n = 2): Promise<TestSite> {
  const origins = Array.from({ length: n }, () => newOrigin());
  const res = await send(t, 'admin', 'POST', '/api/sites', { name: `Site ${uid()}`, organisationId: ORGS.A.id, origins, ...fields });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as TestSite;
}

export const bearerOf = (site: Pick<TestSite, 'secret'>) => ({ Authorization: `Bearer ${site.secret}` });
export const basicOf = (site: Pick<TestSite, 'id' | 'secret'>) => ({ Authorization: `Basic ${Buffer.from(`${site.id}:${site.secret}`).toString('base64')}` });

/** POST /api/launch as the site (its backend: no Origin). */
export function postLaunch(t: Target, site: Pick<TestSite, 'secret'>, json: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return t.fetch('/api/launch', { method: 'POST', headers: { ...JSON_HEADERS, ...bearerOf(site), ...headers }, body: JSON.stringify(json) });
}

/** A launch body for a user of the site. */
export function launchBody(userId = `user-${uid()}`, user: Record<string, unknown> = {}, course = 'workers-rights', cohortId?: string) {
  return { course, user: { id: userId, name: `Host user ${userId}`, sex: 'female', ...user }, ...(cohortId !== undefined ? { cohortId } : {}) };
}

/** Launches a user and returns the launch token answer. */
export async function launchToken(t: Target, site: TestSite, userId?: string, user: Record<string, unknown> = {}, course?: string, cohortId?: string) {
  const res = await postLaunch(t, site, launchBody(userId, user, course, cohortId));
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { token: string; expires: string; course: string; learnerId: string };
}

/** POST /api/launch/exchange from a page at `origin` (undefined: no Origin header). */
export function exchange(t: Target, token: string, origin: string | undefined, extra: Record<string, unknown> = {}): Promise<Response> {
  return t.fetch('/api/launch/exchange', {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...(origin !== undefined ? { Origin: origin } : {}) },
    body: JSON.stringify({ token, ...extra }),
  });
}
