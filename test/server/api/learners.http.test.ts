import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { LEARNERS, ORGS, TEST_DISTRICTS } from '../../support/credentials.js';
import { body, errorOf, newLearner, newOrganisation, send } from '../../support/people.js';

// /api/learners: the learner profile of domain-research §5.3 (issue 5 item 1).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

type Learner = Record<string, unknown> & { id: string; actor: { objectType: string; account: { homePage: string; name: string } } };

test('domain-research §5.3: a trainer records a learner of their organisation with the full profile; the xAPI actor is only an opaque account', async () => {
  const res = await send(t, 'trainerA', 'POST', '/api/learners', {
    name: ' ນາງ ທົດສອບ ',
    sex: 'female',
    birthYear: 1990,
    organisationId: ORGS.A.id,
    position: 'Investigator',
    provinceCode: TEST_DISTRICTS.vt.province,
    districtCode: TEST_DISTRICTS.vt.code,
    preferredLanguage: 'lo',
  });
  assert.equal(res.status, 201);
  const l = await body<Learner>(res);
  assert.equal(res.headers.get('location'), `/api/learners/${l.id}`);
  assert.match(l.id, /^[0-9a-f-]{36}$/, 'a random id, derived from nothing about the person');
  assert.equal(l.name, 'ນາງ ທົດສອບ');
  assert.equal(l.ageBand, null);
  assert.equal(l.consent, false);
  assert.deepEqual(l.actor, { objectType: 'Agent', account: { homePage: `${t.baseUrl}/learners`, name: l.id } });
  assert.deepEqual(await body(await send(t, 'trainerA', 'GET', `/api/learners/${l.id}`)), l);
  assert.deepEqual(await body(await send(t, 'admin', 'GET', `/api/learners/${l.id}`)), l);
});

test('domain-research §5.3: ethnicity and disability exist only with consent; withdrawing consent erases them', async () => {
  const without = await send(t, 'admin', 'POST', '/api/learners', { name: 'X', sex: 'male', ethnicity: 'Khmu' });
  assert.equal(without.status, 400);
  assert.equal(await errorOf(without), 'body.ethnicity: voluntary, and only with consent: set consent to true to give it');

  const { learner } = await newLearner(t, { consent: true, ethnicity: 'Hmong', disability: 'no' });
  assert.equal(learner.consent, true);
  assert.equal(typeof learner.consentAt, 'string');
  assert.equal(learner.ethnicity, 'Hmong');
  const withdrawn = await body<Learner>(await send(t, 'admin', 'PATCH', `/api/learners/${learner.id}`, { consent: false }));
  assert.equal(withdrawn.consent, false);
  assert.equal(withdrawn.ethnicity, null);
  assert.equal(withdrawn.disability, null);
  assert.equal(withdrawn.consentAt, null);
  const sneak = await send(t, 'admin', 'PATCH', `/api/learners/${learner.id}`, { disability: 'yes' });
  assert.equal(sneak.status, 400);
  assert.match(await errorOf(sneak), /^body\.disability: voluntary, and only with consent/);
});

test('domain-research §5.3: year of birth or age band, not both; giving one replaces the other', async () => {
  const both = await send(t, 'admin', 'POST', '/api/learners', { name: 'X', sex: 'other', birthYear: 1980, ageBand: '35-44' });
  assert.equal(both.status, 400);
  assert.equal(await errorOf(both), 'body.ageBand: give birthYear or ageBand, not both');
  const { learner } = await newLearner(t, { birthYear: 1980 });
  const banded = await body<Learner>(await send(t, 'admin', 'PATCH', `/api/learners/${learner.id}`, { ageBand: '45-54' }));
  assert.equal(banded.ageBand, '45-54');
  assert.equal(banded.birthYear, null);
  const future = await send(t, 'admin', 'PATCH', `/api/learners/${learner.id}`, { birthYear: new Date().getUTCFullYear() + 1 });
  assert.equal(future.status, 400);
  assert.equal(await errorOf(future), 'body.birthYear: must not be in the future');
});

test('issue 5 item 1: a district must lie in the learner\'s province; changing province alone clears the district', async () => {
  const wrong = await send(t, 'admin', 'POST', '/api/learners', { name: 'X', sex: 'female', provinceCode: 'LA-KH', districtCode: TEST_DISTRICTS.vt.code });
  assert.equal(wrong.status, 400);
  assert.equal(await errorOf(wrong), `body.districtCode: district ${TEST_DISTRICTS.vt.code} is in LA-VT, not LA-KH`);
  const noProvince = await send(t, 'admin', 'POST', '/api/learners', { name: 'X', sex: 'female', districtCode: TEST_DISTRICTS.vt.code });
  assert.equal(await errorOf(noProvince), 'body.provinceCode: required when districtCode is given');
  const unknown = await send(t, 'admin', 'POST', '/api/learners', { name: 'X', sex: 'female', provinceCode: 'LA-VT', districtCode: 'NOPE-1' });
  assert.match(await errorOf(unknown), /^body\.districtCode: no district NOPE-1/);
  const { learner } = await newLearner(t, { provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.vt.code });
  const moved = await body<Learner>(await send(t, 'admin', 'PATCH', `/api/learners/${learner.id}`, { provinceCode: 'LA-KH' }));
  assert.equal(moved.provinceCode, 'LA-KH');
  assert.equal(moved.districtCode, null);
});

test('issue 5 routes: learner bodies are validated, naming the field', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ sex: 'female' }, 'body.name: required'],
    [{ name: 'X' }, 'body.sex: required'],
    [{ name: 'X', sex: 'f' }, 'body.sex: must be one of female, male, other, not-stated'],
    [{ name: 'X', sex: 'male', preferredLanguage: 'th' }, 'body.preferredLanguage: must be lo or en'],
    [{ name: 'X', sex: 'male', birthYear: '1990' }, 'body.birthYear: must be a year such as 1990'],
    [{ name: 'X', sex: 'male', nationalId: '123' }, 'body.nationalId: not a field of this request'],
    [{ name: 'X', sex: 'male', organisationId: 'no-such-org' }, 'body.organisationId: no organisation no-such-org'],
  ];
  for (const [json, message] of cases) {
    const res = await send(t, 'admin', 'POST', '/api/learners', json);
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(await errorOf(res), message);
  }
});

test('issue 5 item 2: a trainer lists the learners of their organisations, filtered and paged; admins list everyone', async () => {
  const tag = uid().slice(0, 8);
  for (let i = 0; i < 3; i++) await newLearner(t, { name: `Paged ${tag} ${i}`, organisationId: ORGS.A.id, provinceCode: 'LA-VT' }, 'trainerA');
  await newLearner(t, { name: `Paged ${tag} other`, organisationId: ORGS.B.id }, 'trainerB');

  const page1 = await body<{ learners: Learner[]; next: number | null }>(await send(t, 'trainerA', 'GET', `/api/learners?q=${tag}&limit=2`));
  assert.equal(page1.learners.length, 2);
  assert.equal(page1.next, 2);
  const page2 = await body<{ learners: Learner[]; next: number | null }>(await send(t, 'trainerA', 'GET', `/api/learners?q=${tag}&limit=2&offset=2`));
  assert.equal(page2.learners.length, 1);
  assert.equal(page2.next, null);
  const names = [...page1.learners, ...page2.learners].map((l) => l.name);
  assert.deepEqual(names, [0, 1, 2].map((i) => `Paged ${tag} ${i}`));

  const everyone = await body<{ learners: Learner[] }>(await send(t, 'admin', 'GET', `/api/learners?q=${tag.toUpperCase()}`));
  assert.equal(everyone.learners.length, 4, 'search ignores Latin case');
  const mine = await body<{ learners: Learner[] }>(await send(t, 'trainerA', 'GET', `/api/learners?organisation=${ORGS.A.id}&province=LA-VT&q=${tag}`));
  assert.equal(mine.learners.length, 3);
  const bad = await send(t, 'trainerA', 'GET', '/api/learners?limit=1000');
  assert.equal(bad.status, 400);
  assert.equal(await errorOf(bad), 'query.limit: must be at most 200');
});

test('issue 5 item 3: a trainer issues a device token for their learner; with it the learner reads their own profile', async () => {
  const { learner, token } = await newLearner(t, { organisationId: ORGS.A.id }, 'trainerA');
  assert.match(token, /^clt_[A-Za-z0-9_-]{43}$/);
  const me = await t.fetch('/api/learners/me', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  assert.equal((await body<Learner>(me)).id, learner.id);
});

test('DESIGN §9: a trainer revokes a learner\'s tokens (a lost phone); the LRS and /me refuse them at once', async () => {
  const { learner, token, bearer } = await newLearner(t, { organisationId: ORGS.A.id }, 'trainerA');
  const second = await body<{ token: string }>(await send(t, 'trainerA', 'POST', `/api/learners/${learner.id}/tokens`, {}));
  assert.equal((await t.fetch('/api/learners/me', { headers: bearer })).status, 200);
  const res = await send(t, 'trainerA', 'DELETE', `/api/learners/${learner.id}/tokens`);
  assert.equal(res.status, 200);
  assert.deepEqual(await body(res), { revoked: 2 });
  for (const tok of [token, second.token]) {
    assert.equal((await t.fetch('/api/learners/me', { headers: { Authorization: `Bearer ${tok}` } })).status, 401);
    assert.equal((await t.fetch('/xapi/statements', { headers: { Authorization: `Bearer ${tok}`, 'X-Experience-API-Version': '2.0.0' } })).status, 401);
  }
});

test('issue 5 item 1: a learner reads and updates their own profile, but cannot move organisation', async () => {
  const { learner, bearer } = await newLearner(t, { organisationId: ORGS.A.id });
  const headers = { ...bearer, 'Content-Type': 'application/json' };
  const patched = await t.fetch('/api/learners/me', { method: 'PATCH', headers, body: JSON.stringify({ preferredLanguage: 'en', position: 'Union officer', consent: true, disability: 'not-stated' }) });
  assert.equal(patched.status, 200);
  const p = await body<Learner>(patched);
  assert.equal(p.preferredLanguage, 'en');
  assert.equal(p.disability, 'not-stated');
  const move = await t.fetch('/api/learners/me', { method: 'PATCH', headers, body: JSON.stringify({ organisationId: ORGS.B.id }) });
  assert.equal(move.status, 400);
  assert.equal(await errorOf(move), 'body.organisationId: not a field of this request');
  const now = await body<Learner>(await send(t, 'admin', 'GET', `/api/learners/${learner.id}`));
  assert.equal(now.organisationId, ORGS.A.id);
  assert.equal(now.position, 'Union officer');
});

test('DESIGN §5: the seeded learners are there for every runtime', async () => {
  const l = await body<Learner>(await send(t, 'learnerA', 'GET', '/api/learners/me'));
  assert.equal(l.id, LEARNERS.learnerA.id);
  const org = await newOrganisation(t);
  assert.ok(org.id);
});
