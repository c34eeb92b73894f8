import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../support/target.js';
import { LEARNERS, ORGS } from '../../support/credentials.js';
import { body, expectRefused, newLearner, newUser, login, send, withSession } from '../../support/people.js';

// Who may not use /api/learners (DESIGN §9), and that no learner reaches another's record.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const A = LEARNERS.learnerA.id;

test('DESIGN §9 roles: listing learners admits admins and trainers only', async () => {
  await expectRefused(t, 'GET', '/api/learners', undefined, { anonymous: 401, all: 401, viewer: 403, learnerA: 403 });
  await expectRefused(t, 'GET', `/api/learners?organisation=${ORGS.B.id}`, undefined, { trainerA: 403 });
});

test('DESIGN §9 roles: a trainer of another organisation, a viewer, another learner — and the learner by id — cannot read a learner record', async () => {
  await expectRefused(t, 'GET', `/api/learners/${A}`, undefined, { anonymous: 401, all: 401, viewer: 403, learnerA2: 403, learnerB: 403, learnerA: 403, trainerB: 404 });
  const list = await body<{ learners: { id: string }[] }>(await send(t, 'trainerB', 'GET', '/api/learners?limit=200'));
  assert.ok(!list.learners.some((l) => l.id === A), "trainer B's list leaves out organisation A's learners");
});

test('DESIGN §9 roles: a trainer with no organisations sees no learners', async () => {
  const { email, password } = await newUser(t, 'trainer');
  const s = await login(t, email, password);
  const list = await body<{ learners: unknown[] }>(await withSession(t, s, 'GET', '/api/learners'));
  assert.deepEqual(list.learners, []);
  assert.equal((await withSession(t, s, 'GET', `/api/learners/${A}`)).status, 404);
  assert.equal((await withSession(t, s, 'POST', '/api/learners', { name: 'X', sex: 'male' })).status, 403);
});

test('DESIGN §9 roles: creating learners admits admins and trainers, and a trainer only into their own organisations; nothing is created otherwise', async () => {
  const name = `Refused ${crypto.randomUUID()}`;
  await expectRefused(t, 'POST', '/api/learners', { name, sex: 'male', organisationId: ORGS.A.id }, { anonymous: 401, all: 401, viewer: 403, learnerA: 403, trainerB: 403 });
  await expectRefused(t, 'POST', '/api/learners', { name, sex: 'male' }, { trainerA: 403 });
  const found = await body<{ learners: unknown[] }>(await send(t, 'admin', 'GET', `/api/learners?q=${encodeURIComponent(name)}`));
  assert.deepEqual(found.learners, []);
});

test('DESIGN §9 roles: no one outside the learner\'s organisations changes the record, nor moves it into theirs; another learner cannot write it', async () => {
  const { learner } = await newLearner(t, { name: 'Original', organisationId: ORGS.A.id });
  await expectRefused(t, 'PATCH', `/api/learners/${learner.id}`, { name: 'Changed' }, { anonymous: 401, all: 401, viewer: 403, learnerA: 403, learnerB: 403, trainerB: 404 });
  await expectRefused(t, 'PATCH', `/api/learners/${learner.id}`, { organisationId: ORGS.B.id }, { trainerA: 403 });
  const now = await body<{ name: string; organisationId: string }>(await send(t, 'admin', 'GET', `/api/learners/${learner.id}`));
  assert.equal(now.name, 'Original');
  assert.equal(now.organisationId, ORGS.A.id);
});

test('DESIGN §9 roles: only admins and the learner\'s trainers issue tokens for a learner', async () => {
  await expectRefused(t, 'POST', `/api/learners/${A}/tokens`, {}, { anonymous: 401, all: 401, viewer: 403, learnerA: 403, learnerA2: 403, trainerB: 404 });
});

test('DESIGN §9 roles: only admins and the learner\'s trainers revoke a learner\'s tokens; refused attempts revoke nothing', async () => {
  const { learner, bearer } = await newLearner(t, { organisationId: ORGS.A.id });
  await expectRefused(t, 'DELETE', `/api/learners/${learner.id}/tokens`, undefined, { anonymous: 401, all: 401, viewer: 403, learnerA: 403, learnerB: 403, trainerB: 404 });
  assert.equal((await t.fetch('/api/learners/me', { headers: bearer })).status, 200);
});

test('DESIGN §9 roles: /api/learners/me admits learners only — staff have no learner profile', async () => {
  await expectRefused(t, 'GET', '/api/learners/me', undefined, { anonymous: 401, all: 401, admin: 403, trainerA: 403, viewer: 403 });
  await expectRefused(t, 'PATCH', '/api/learners/me', { name: 'X' }, { anonymous: 401, all: 401, admin: 403, trainerA: 403, viewer: 403 });
});

test('DESIGN §9: a learner can neither read nor write another learner\'s record — /me is always their own', async () => {
  const { learner: other } = await newLearner(t, { name: 'Other learner', organisationId: ORGS.A.id });
  const { learner: self, bearer } = await newLearner(t, { name: 'Self learner', organisationId: ORGS.A.id });
  const headers = { ...bearer, 'Content-Type': 'application/json' };
  assert.equal((await t.fetch(`/api/learners/${other.id}`, { headers })).status, 403);
  assert.equal((await t.fetch(`/api/learners/${other.id}`, { method: 'PATCH', headers, body: JSON.stringify({ name: 'Hijacked' }) })).status, 403);
  assert.equal((await t.fetch(`/api/learners/${other.id}/tokens`, { method: 'POST', headers, body: '{}' })).status, 403);
  const me = await body<{ id: string }>(await t.fetch('/api/learners/me', { headers }));
  assert.equal(me.id, self.id);
  const idField = await t.fetch('/api/learners/me', { method: 'PATCH', headers, body: JSON.stringify({ id: other.id, name: 'Hijacked' }) });
  assert.equal(idField.status, 400);
  const after = await body<{ name: string }>(await send(t, 'admin', 'GET', `/api/learners/${other.id}`));
  assert.equal(after.name, 'Other learner');
});
