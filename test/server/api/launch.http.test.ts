// Host-site launch (issue 5 part 4, DESIGN §5 "Host launch", §9 per-site CORS): a site's
// backend asks for a short-lived launch token for one of its users; the page's
// <champa-course token=...> exchanges it, from an allowed origin, once, for a learner token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { ORGS, TEST_DISTRICTS } from '../../support/credentials.js';
import { body, errorOf, send } from '../../support/people.js';
import { basicOf, exchange, launchBody, launchToken, newOrigin, newSite, postLaunch, type TestSite } from '../../support/sites.js';

let t: Target;
let site: TestSite;
let other: TestSite;
before(async () => {
  t = await startTarget();
  site = await newSite(t);
  other = await newSite(t, { organisationId: ORGS.B.id });
});
after(async () => { await t.close(); });

interface Exchanged {
  token: string;
  tokenType: string;
  expires: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  course: string;
  preferredLanguage: string;
  endpoint: string;
}

test('issue 5 §4: the site backend gets a launch token with its secret (Bearer or Basic site-id:secret)', async () => {
  const res = await postLaunch(t, site, launchBody());
  assert.equal(res.status, 201);
  const launched = await body<{ token: string; expires: string; course: string; learnerId: string }>(res);
  assert.match(launched.token, /^clk_[A-Za-z0-9_-]{43}$/);
  assert.equal(launched.course, 'workers-rights');
  const ttl = Date.parse(launched.expires) - Date.now();
  assert.ok(ttl > 9 * 60_000 && ttl <= 10 * 60_000 + 5_000, `a launch token lasts 10 minutes, not ${ttl} ms`);

  const basic = await postLaunch(t, site, launchBody(), basicOf(site));
  assert.equal(basic.status, 201);
});

test('issue 5 §4: the learner is upserted by (site, user id): same user, same learner, details updated; other site, other learner', async () => {
  const userId = `u-${uid()}`;
  const first = await launchToken(t, site, userId, { name: 'Bounmy', provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.vt.code, position: 'Officer', preferredLanguage: 'en' });
  const again = await launchToken(t, site, userId, { name: 'Bounmy Phommachanh', sex: 'female', position: 'Deputy chief' });
  assert.equal(again.learnerId, first.learnerId);
  const learner = await body<Record<string, unknown>>(await send(t, 'admin', 'GET', `/api/learners/${first.learnerId}`));
  assert.equal(learner.name, 'Bounmy Phommachanh');
  assert.equal(learner.position, 'Deputy chief');
  assert.equal(learner.provinceCode, 'LA-VT');
  assert.equal(learner.districtCode, TEST_DISTRICTS.vt.code);
  assert.equal(learner.preferredLanguage, 'en');
  // A site's learners belong to its organisation: its trainers see them, others do not.
  assert.equal(learner.organisationId, ORGS.A.id);
  assert.equal((await send(t, 'trainerA', 'GET', `/api/learners/${first.learnerId}`)).status, 200);
  assert.equal((await send(t, 'trainerB', 'GET', `/api/learners/${first.learnerId}`)).status, 404);

  const elsewhere = await launchToken(t, other, userId);
  assert.notEqual(elsewhere.learnerId, first.learnerId);
  // The site's user id is not the learner id, and never the actor.
  assert.notEqual(first.learnerId, userId);
});

test('issue 5 §4: parallel first launches of one user make one learner', async () => {
  const userId = `u-${uid()}`;
  const all = await Promise.all([1, 2, 3, 4].map(() => postLaunch(t, site, launchBody(userId))));
  const ids = new Set<string>();
  for (const res of all) {
    assert.equal(res.status, 201, await res.clone().text());
    ids.add((await body<{ learnerId: string }>(res)).learnerId);
  }
  assert.equal(ids.size, 1);
});

test('issue 5 §4: launch details are validated like the join flow, naming the field; a refused launch creates nobody', async () => {
  const userId = `u-${uid()}`;
  const cases: [unknown, number, RegExp][] = [
    [{ course: 'workers-rights', user: { id: userId, name: 'A' } }, 400, /^body\.user\.sex: required/],
    [{ course: 'workers-rights', user: { id: userId, sex: 'female' } }, 400, /^body\.user\.name: required/],
    [{ course: 'workers-rights', user: { name: 'A', sex: 'female' } }, 400, /^body\.user\.id: required/],
    [{ course: 'workers-rights', user: { id: '  ', name: 'A', sex: 'female' } }, 400, /^body\.user\.id: must not be empty/],
    [{ course: 'workers-rights', user: { id: userId, name: 'A', sex: 'woman' } }, 400, /^body\.user\.sex: must be one of female, male, other, not-stated/],
    [{ course: 'workers-rights', user: { id: userId, name: 'A', sex: 'male', provinceCode: 'LA-ZZ' } }, 400, /^body\.user\.provinceCode: no province LA-ZZ/],
    [{ course: 'workers-rights', user: { id: userId, name: 'A', sex: 'male', provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.kh.code } }, 400, /^body\.user\.districtCode: district .* is in LA-KH, not LA-VT/],
    [{ course: 'workers-rights', user: { id: userId, name: 'A', sex: 'male', preferredLanguage: 'fr' } }, 400, /^body\.user\.preferredLanguage: must be lo or en/],
    [{ course: 'workers-rights', user: { id: userId, name: 'A', sex: 'male', ethnicity: 'Khmu' } }, 400, /^body\.user\.ethnicity: not a field/],
    [{ course: 'no-such-course', user: { id: userId, name: 'A', sex: 'male' } }, 400, /^body\.course: no such course/],
    [{ course: 'Workers Rights', user: { id: userId, name: 'A', sex: 'male' } }, 400, /^body\.course: must be a course slug/],
    [{ user: { id: userId, name: 'A', sex: 'male' } }, 400, /^body\.course: required/],
    [{ course: 'workers-rights', user: { id: userId, name: 'A', sex: 'male', organisationId: ORGS.B.id } }, 403, /^body\.user\.organisationId: a site places its users in its own organisation/],
  ];
  for (const [json, status, message] of cases) {
    const res = await postLaunch(t, site, json);
    assert.equal(res.status, status, JSON.stringify(json));
    assert.match(await errorOf(res), message, JSON.stringify(json));
  }
  // None of those made the learner: the first good launch creates it, with the site's organisation.
  const ok = await launchToken(t, site, userId, { organisationId: ORGS.A.id });
  const learner = await body<Record<string, unknown>>(await send(t, 'admin', 'GET', `/api/learners/${ok.learnerId}`));
  assert.equal(learner.created, learner.updated);
});

test('issue 5 §4: the page exchanges the launch token once, from an allowed origin, for a learner token and actor', async () => {
  const launched = await launchToken(t, site, undefined, { preferredLanguage: 'lo' }, 'child-protection');
  const res = await exchange(t, launched.token, site.origins[1]!, { course: 'child-protection' });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('access-control-allow-origin'), site.origins[1]);
  assert.match(res.headers.get('vary') ?? '', /Origin/i);
  const got = await body<Exchanged>(res);
  assert.match(got.token, /^clt_/);
  assert.equal(got.tokenType, 'Bearer');
  assert.equal(got.course, 'child-protection');
  assert.equal(got.preferredLanguage, 'lo');
  assert.deepEqual(got.actor, { objectType: 'Agent', account: { homePage: `${t.baseUrl.replace(/\/$/, '')}/learners`, name: launched.learnerId } });
  assert.equal(got.endpoint, `${t.baseUrl}/xapi/`);
  const ttl = Date.parse(got.expires) - Date.now();
  assert.ok(ttl > 7 * 3600_000 && ttl <= 8 * 3600_000 + 5_000, 'a launch learner token lasts a working day (8 hours)');

  // The learner token works: the profile, and a statement about the learner themself.
  const me = await t.fetch('/api/learners/me', { headers: { Authorization: `Bearer ${got.token}` } });
  assert.equal(me.status, 200);
  assert.equal((await body<{ id: string }>(me)).id, launched.learnerId);
  const stmt = await t.fetch('/xapi/statements', {
    method: 'POST',
    headers: { Authorization: `Bearer ${got.token}`, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
    body: JSON.stringify({ actor: got.actor, verb: { id: 'http://adlnet.gov/expapi/verbs/initialized' }, object: { id: 'https://champa.la/xapi/activities/course/child-protection' } }),
  });
  assert.equal(stmt.status, 200, await stmt.clone().text());
});

test('issue 5 §4: a launch token is single use — a second exchange is refused and issues nothing', async () => {
  const launched = await launchToken(t, site);
  assert.equal((await exchange(t, launched.token, site.origins[0]!)).status, 200);
  const again = await exchange(t, launched.token, site.origins[0]!);
  assert.equal(again.status, 401);
  assert.match(await errorOf(again), /^body\.token: this launch token was already exchanged/);
});

test('issue 5 §4: racing exchanges of one launch token: exactly one wins', async () => {
  const launched = await launchToken(t, site);
  const all = await Promise.all([1, 2, 3, 4, 5].map(() => exchange(t, launched.token, site.origins[0]!)));
  const statuses = all.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 401, 401, 401, 401]);
});

test('issue 5 §4: wrong origin — another site\'s origin, an unregistered one, or none — is refused and the token stays usable', async () => {
  const launched = await launchToken(t, site);
  const wrongSite = await exchange(t, launched.token, other.origins[0]!);
  assert.equal(wrongSite.status, 403);
  assert.match(await errorOf(wrongSite), /^Origin: .* is not an allowed origin of the site that asked for this launch token/);
  assert.equal(wrongSite.headers.get('access-control-allow-origin'), other.origins[0], 'the CORS gate admits any registered origin; the handler refuses it');

  const stranger = newOrigin();
  const unregistered = await exchange(t, launched.token, stranger);
  assert.equal(unregistered.status, 403);
  assert.equal(unregistered.headers.get('access-control-allow-origin'), null);
  assert.match(await errorOf(unregistered), /^Origin: .* may not call this route/);

  // Same host, other scheme or port: other origins.
  const https = new URL(site.origins[0]!);
  for (const near of [`http://${https.host}`, `${site.origins[0]}:8443`, `${site.origins[0]}/`]) {
    const res = await exchange(t, launched.token, near);
    assert.equal(res.status, 403, near);
  }

  const none = await exchange(t, launched.token, undefined);
  assert.equal(none.status, 403);
  assert.match(await errorOf(none), /^Origin: required/);

  assert.equal((await exchange(t, launched.token, site.origins[0]!)).status, 200, 'refused attempts changed nothing');
});

test('issue 5 §4: wrong site — a token of one site is refused at another site\'s origin; the course must match', async () => {
  const launched = await launchToken(t, other);
  assert.equal((await exchange(t, launched.token, site.origins[0]!)).status, 403);
  const course = await exchange(t, launched.token, other.origins[0]!, { course: 'digital-evidence' });
  assert.equal(course.status, 400);
  assert.match(await errorOf(course), /^body\.course: this launch token is for the course workers-rights/);
  assert.equal((await exchange(t, launched.token, other.origins[0]!, { course: 'workers-rights' })).status, 200);
});

test('issue 5 §4: unknown and malformed launch tokens are refused, naming the field', async () => {
  for (const token of ['clk_not-a-real-token-000000000000000000000', 'clt_test-learnerA-0123456789abcdef', 'x']) {
    const res = await exchange(t, token, site.origins[0]!);
    assert.equal(res.status, 401, token);
    assert.match(await errorOf(res), /^body\.token: unknown launch token/);
  }
  const missing = await t.fetch('/api/launch/exchange', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: site.origins[0]! }, body: '{}' });
  assert.equal(missing.status, 400);
  assert.match(await errorOf(missing), /^body\.token: required/);
});

test('issue 5 §4: an expired launch token is refused and issues nothing', { skip: !!process.env.CHAMPA_TEST_URL && 'needs the in-process database to age a token' }, async () => {
  const launched = await launchToken(t, site);
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(launched.token).digest('hex');
  await t.local!.db.updateTable('launch_tokens').set({ expires: new Date(Date.now() - 1000).toISOString() }).where('token_hash', '=', hash).execute();
  const before = await t.local!.db.selectFrom('learner_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const res = await exchange(t, launched.token, site.origins[0]!);
  assert.equal(res.status, 401);
  assert.match(await errorOf(res), /^body\.token: this launch token expired at .* \(they last 10 minutes\)/);
  const after = await t.local!.db.selectFrom('learner_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(after.n, before.n);
});

test('DESIGN §9 CORS: a preflight from a registered origin is answered with that origin, never *', async () => {
  const res = await t.fetch('/api/launch/exchange', {
    method: 'OPTIONS',
    headers: { Origin: site.origins[0]!, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), site.origins[0]);
  assert.match(res.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
  assert.match(res.headers.get('access-control-allow-headers') ?? '', /content-type/i);
  assert.match(res.headers.get('vary') ?? '', /Origin/i);
  assert.equal(res.headers.get('access-control-allow-credentials'), null, 'no cookies: the launch token is the credential');
});

test('DESIGN §9 CORS: a preflight from an unregistered origin, or for another method, is refused without CORS headers', async () => {
  const stranger = await t.fetch('/api/launch/exchange', { method: 'OPTIONS', headers: { Origin: newOrigin(), 'Access-Control-Request-Method': 'POST' } });
  assert.equal(stranger.status, 403);
  assert.equal(stranger.headers.get('access-control-allow-origin'), null);
  const method = await t.fetch('/api/launch/exchange', { method: 'OPTIONS', headers: { Origin: site.origins[0]!, 'Access-Control-Request-Method': 'DELETE' } });
  assert.equal(method.status, 403);
});

test('DESIGN §9 CORS: POST /api/launch is for the site backend — every browser request and preflight is refused, even from its own origin', async () => {
  const pre = await t.fetch('/api/launch', { method: 'OPTIONS', headers: { Origin: site.origins[0]!, 'Access-Control-Request-Method': 'POST' } });
  assert.equal(pre.status, 403);
  assert.equal(pre.headers.get('access-control-allow-origin'), null);
  const res = await postLaunch(t, site, launchBody(), { Origin: site.origins[0]! });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  assert.match(await errorOf(res), /^Origin: .*site's backend/);
});

async function newCohort(courses: string[], organisationId: string = ORGS.A.id): Promise<string> {
  const res = await send(t, 'admin', 'POST', '/api/cohorts', { name: `Launch cohort ${uid()}`, courses, organisationId, startsOn: '2026-03-01', mode: 'online' });
  assert.equal(res.status, 201, await res.clone().text());
  return (await body<{ id: string }>(res)).id;
}

test('issue 5 §4: a launch may enrol the user in a cohort of the site\'s organisation taking the course (source "launch")', async () => {
  const cohortId = await newCohort(['workers-rights', 'child-protection']);
  const launched = await launchToken(t, site, undefined, {}, 'workers-rights', cohortId);
  const second = await launchToken(t, site, undefined, {}, 'workers-rights', cohortId);
  assert.notEqual(second.learnerId, launched.learnerId);
  const res = await send(t, 'trainerA', 'GET', `/api/cohorts/${cohortId}/participants`);
  assert.equal(res.status, 200, await res.clone().text());
  const { participants } = await body<{ participants: { id: string; courses: { slug: string; source: string }[] }[] }>(res);
  const mine = participants.find((p) => p.id === launched.learnerId);
  assert.ok(mine, 'the launched user is a participant');
  assert.deepEqual(mine.courses.map((c) => [c.slug, c.source]), [['workers-rights', 'launch']]);

  const cases: [string, string, number, RegExp][] = [
    [await newCohort(['workers-rights'], ORGS.B.id), 'workers-rights', 400, /^body\.cohortId: no cohort .* in the site's organisation/],
    [`no-${uid()}`, 'workers-rights', 400, /^body\.cohortId: no cohort/],
    [cohortId, 'digital-evidence', 400, /^body\.cohortId: cohort .* does not take the course digital-evidence/],
  ];
  for (const [id, course, status, message] of cases) {
    const refused = await postLaunch(t, site, { ...launchBody(undefined, {}, course), cohortId: id });
    assert.equal(refused.status, status);
    assert.match(await errorOf(refused), message);
  }

  // Closed to new participants: a new user is refused, an enrolled one is launched again.
  assert.equal((await send(t, 'admin', 'PATCH', `/api/cohorts/${cohortId}`, { joinOpen: false })).status, 200);
  const closed = await postLaunch(t, site, { ...launchBody(), cohortId });
  assert.equal(closed.status, 409);
  assert.match(await errorOf(closed), /^body\.cohortId: cohort .* is closed to new participants/);
  const { participants: before } = await body<{ participants: unknown[] }>(await send(t, 'trainerA', 'GET', `/api/cohorts/${cohortId}/participants`));
  assert.equal(before.length, 2, 'the refused launch enrolled nobody');
});
