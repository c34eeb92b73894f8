// /api/sites: registering host sites, their exact origins and their secret (issue 5 part 4,
// DESIGN §9 "per-site CORS origin allowlist"). Refusals per role are in sites.security.http.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { ORGS } from '../../support/credentials.js';
import { body, errorOf, send } from '../../support/people.js';
import { basicOf, launchBody, newOrigin, newSite, postLaunch, type TestSite } from '../../support/sites.js';

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

test('issue 5 §4: an admin registers a site; its secret is shown once and never listed', async () => {
  const origins = [newOrigin(), newOrigin('http')];
  const res = await send(t, 'admin', 'POST', '/api/sites', { name: '  Lao Federation of Trade Unions  ', organisationId: ORGS.B.id, origins });
  assert.equal(res.status, 201);
  const site = await body<TestSite & { secretCreated: string }>(res);
  assert.equal(res.headers.get('location'), `/api/sites/${site.id}`);
  assert.equal(site.name, 'Lao Federation of Trade Unions');
  assert.equal(site.organisationId, ORGS.B.id);
  assert.deepEqual(site.origins, [...origins].sort());
  assert.match(site.secret, /^css_[A-Za-z0-9_-]{43}$/);

  const one = await body<Record<string, unknown>>(await send(t, 'admin', 'GET', `/api/sites/${site.id}`));
  assert.equal(one.secret, undefined);
  assert.equal(one.name, site.name);
  const list = await body<Record<string, unknown>[]>(await send(t, 'admin', 'GET', '/api/sites'));
  const listed = list.find((s) => s.id === site.id);
  assert.ok(listed);
  assert.equal(listed.secret, undefined);
  assert.ok(!JSON.stringify(list).includes(site.secret));
});

test('issue 5 §4: allowed origins are exact scheme://host[:port]; every other form is refused naming the entry', async () => {
  const cases: [unknown, RegExp][] = [
    [['https://union.example.la/'], /^body\.origins\[0\]: .*did you mean https:\/\/union\.example\.la\?/],
    [['https://union.example.la/training'], /^body\.origins\[0\]: .*did you mean/],
    [['https://UNION.example.la'], /^body\.origins\[0\]: .*did you mean https:\/\/union\.example\.la\?/],
    [['https://union.example.la:443'], /^body\.origins\[0\]: .*did you mean https:\/\/union\.example\.la\?/],
    [['https://*.example.la'], /^body\.origins\[0\]: .*wildcards/],
    [['*'], /^body\.origins\[0\]: .*wildcards/],
    [['null'], /^body\.origins\[0\]: .*"null"/],
    [['union.example.la'], /^body\.origins\[0\]: must be an origin/],
    [['ftp://union.example.la'], /^body\.origins\[0\]: .*only http and https/],
    [['https://user:pw@union.example.la'], /^body\.origins\[0\]: .*did you mean/],
    [[newOrigin(), 'https://a.example.la?x=1'], /^body\.origins\[1\]: /],
    [['https://a.example.la', 'https://a.example.la'], /^body\.origins\[1\]: repeats origins\[0\]/],
    [[], /^body\.origins: must list at least one origin/],
    ['https://a.example.la', /^body\.origins: must be a list/],
    [[42], /^body\.origins\[0\]: must be an origin/],
  ];
  for (const [origins, message] of cases) {
    const res = await send(t, 'admin', 'POST', '/api/sites', { name: `Bad ${uid()}`, organisationId: ORGS.A.id, origins });
    assert.equal(res.status, 400, JSON.stringify(origins));
    assert.match(await errorOf(res), message, JSON.stringify(origins));
  }
  // An explicit non-default port is part of the origin and is kept.
  const site = await newSite(t, { origins: ['http://localhost:8080', 'https://union.example.la:8443'] });
  assert.deepEqual(site.origins, ['http://localhost:8080', 'https://union.example.la:8443']);
  assert.equal((await send(t, 'admin', 'DELETE', `/api/sites/${site.id}`)).status, 204);
});

test('issue 5 §4: name, organisation and unknown fields are validated, naming the field', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ organisationId: ORGS.A.id, origins: [newOrigin()] }, /^body\.name: required/],
    [{ name: '   ', organisationId: ORGS.A.id, origins: [newOrigin()] }, /^body\.name: must not be empty/],
    [{ name: 'x', origins: [newOrigin()] }, /^body\.organisationId: required/],
    [{ name: 'x', organisationId: `no-${uid()}`, origins: [newOrigin()] }, /^body\.organisationId: no organisation/],
    [{ name: 'x', organisationId: ORGS.A.id }, /^body\.origins: required/],
    [{ name: 'x', organisationId: ORGS.A.id, origins: [newOrigin()], secret: 'css_mine' }, /^body\.secret: not a field/],
  ];
  for (const [json, message] of cases) {
    const res = await send(t, 'admin', 'POST', '/api/sites', json);
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.match(await errorOf(res), message);
  }
});

test('issue 5 §4: PATCH replaces the origin list and the name; a refused PATCH changes nothing', async () => {
  const site = await newSite(t);
  const origins = [newOrigin()];
  const res = await send(t, 'admin', 'PATCH', `/api/sites/${site.id}`, { name: 'Renamed', origins });
  assert.equal(res.status, 200);
  const now = await body<TestSite>(res);
  assert.equal(now.name, 'Renamed');
  assert.deepEqual(now.origins, origins);

  const bad = await send(t, 'admin', 'PATCH', `/api/sites/${site.id}`, { name: 'Again', origins: ['https://x.example.la/'] });
  assert.equal(bad.status, 400);
  const after = await body<TestSite>(await send(t, 'admin', 'GET', `/api/sites/${site.id}`));
  assert.equal(after.name, 'Renamed');
  assert.deepEqual(after.origins, origins);

  assert.equal((await send(t, 'admin', 'PATCH', `/api/sites/no-${uid()}`, { name: 'x' })).status, 404);
});

test('issue 5 §4: rotating the secret answers a new one; the old one stops working at once', async () => {
  const site = await newSite(t);
  assert.equal((await postLaunch(t, site, launchBody())).status, 201);
  const res = await send(t, 'admin', 'POST', `/api/sites/${site.id}/secret`);
  assert.equal(res.status, 200);
  const rotated = await body<TestSite & { secretCreated: string }>(res);
  assert.notEqual(rotated.secret, site.secret);
  assert.match(rotated.secret, /^css_/);

  const old = await postLaunch(t, site, launchBody());
  assert.equal(old.status, 401);
  assert.match(await errorOf(old), /^Authorization: unknown site secret/);
  const oldBasic = await postLaunch(t, site, launchBody(), basicOf(site));
  assert.equal(oldBasic.status, 401);
  assert.equal((await postLaunch(t, rotated, launchBody())).status, 201);
  assert.equal((await postLaunch(t, rotated, launchBody(), basicOf(rotated))).status, 201);
});

test('issue 5 §4: deleting a site ends its secret and its origins; its learners stay', async () => {
  const site = await newSite(t);
  const launched = await postLaunch(t, site, launchBody());
  const { learnerId } = await body<{ learnerId: string }>(launched);
  const res = await send(t, 'admin', 'DELETE', `/api/sites/${site.id}`);
  assert.equal(res.status, 204);
  assert.equal((await send(t, 'admin', 'GET', `/api/sites/${site.id}`)).status, 404);
  assert.equal((await send(t, 'admin', 'DELETE', `/api/sites/${site.id}`)).status, 404);
  assert.equal((await postLaunch(t, site, launchBody())).status, 401);
  const pre = await t.fetch('/api/launch/exchange', { method: 'OPTIONS', headers: { Origin: site.origins[0]!, 'Access-Control-Request-Method': 'POST' } });
  assert.equal(pre.status, 403);
  assert.equal((await send(t, 'admin', 'GET', `/api/learners/${learnerId}`)).status, 200);
});
