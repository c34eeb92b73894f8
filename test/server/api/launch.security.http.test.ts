// Who may not use /api/sites and /api/launch (DESIGN §9: every route states its roles; tests
// prove the refusals): site management is admin only; POST /api/launch is the site role only,
// with a valid secret; exchange needs a valid launch token whoever calls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { ORGS } from '../../support/credentials.js';
import { body, expectRefused, JSON_HEADERS, send } from '../../support/people.js';
import { basicOf, bearerOf, exchange, launchBody, newOrigin, newSite, postLaunch, type TestSite } from '../../support/sites.js';

let t: Target;
let site: TestSite;
before(async () => {
  t = await startTarget();
  site = await newSite(t);
});
after(async () => { await t.close(); });

/** A request as the site (its backend), which must be refused with `status`. */
async function refusedForSite(method: string, path: string, json: unknown, status: number): Promise<void> {
  for (const auth of [bearerOf(site), basicOf(site)]) {
    const res = await t.fetch(path, { method, headers: { ...JSON_HEADERS, ...auth }, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await res.text();
    assert.equal(res.status, status, `${method} ${path} as the site: ${text}`);
    assert.match(text, /"error":"[^"]+/);
  }
}

const STAFF_AND_OTHERS = { anonymous: 401, all: 401, learnerA: 403, trainerA: 403, viewer: 403 } as const;

test('DESIGN §9 roles: /api/sites admits admin only — list, read, create, change, rotate, delete', async () => {
  const target = await newSite(t);
  const routes: [string, string, unknown][] = [
    ['GET', '/api/sites', undefined],
    ['GET', `/api/sites/${target.id}`, undefined],
    ['POST', '/api/sites', { name: `Refused ${uid()}`, organisationId: ORGS.A.id, origins: [newOrigin()] }],
    ['PATCH', `/api/sites/${target.id}`, { name: 'Refused' }],
    ['POST', `/api/sites/${target.id}/secret`, undefined],
    ['DELETE', `/api/sites/${target.id}`, undefined],
  ];
  for (const [method, path, json] of routes) {
    await expectRefused(t, method, path, json, STAFF_AND_OTHERS);
    await refusedForSite(method, path, json, 403);
    // A trainer of the site's own organisation is still not an admin.
    await expectRefused(t, method, path, json, { trainerA: 403 });
  }
  // Nothing changed: same name, same secret, still there.
  const now = await body<TestSite>(await send(t, 'admin', 'GET', `/api/sites/${target.id}`));
  assert.equal(now.name, target.name);
  assert.equal((await postLaunch(t, target, launchBody())).status, 201);
  const list = await body<{ name: string }[]>(await send(t, 'admin', 'GET', '/api/sites'));
  assert.ok(!list.some((s) => s.name.startsWith('Refused')));
});

test('DESIGN §9 roles: POST /api/launch admits the site role only', async () => {
  await expectRefused(t, 'POST', '/api/launch', launchBody(), { ...STAFF_AND_OTHERS, admin: 403 });
});

test('issue 5 §4: bad site secrets are refused with 401 — wrong secret, unknown site, other site\'s id, malformed', async () => {
  const other = await newSite(t);
  const cases: Record<string, string>[] = [
    { Authorization: `Bearer css_${'A'.repeat(43)}` },
    { Authorization: `Bearer ${site.secret}x` },
    basicOf({ id: site.id, secret: `${site.secret.slice(0, -1)}x` }),
    basicOf({ id: site.id, secret: '' }),
    basicOf({ id: `no-${uid()}`, secret: site.secret }),
    basicOf({ id: other.id, secret: site.secret }),
    { Authorization: 'Basic !!!' },
    { Authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
  ];
  for (const headers of cases) {
    const res = await t.fetch('/api/launch', { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(launchBody()) });
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.match(await res.text(), /"error":"Authorization: /);
  }
});

test('issue 5 §4: exchange admits anyone holding a valid launch token, and no role stands in for one', async () => {
  for (const who of ['admin', 'learnerA', 'trainerA'] as const) {
    const res = await send(t, who, 'POST', '/api/launch/exchange', { token: `clk_${uid()}` }, { Origin: site.origins[0]! });
    assert.equal(res.status, 401, who);
  }
  const viaSite = await t.fetch('/api/launch/exchange', {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...bearerOf(site), Origin: site.origins[0]! },
    body: JSON.stringify({ token: `clk_${uid()}` }),
  });
  assert.equal(viaSite.status, 401);
  const launched = await body<{ token: string }>(await postLaunch(t, site, launchBody()));
  assert.equal((await exchange(t, launched.token, site.origins[0]!)).status, 200);
});
