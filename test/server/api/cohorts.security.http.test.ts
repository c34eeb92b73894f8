// Who may not use /api/cohorts and /api/join/me (DESIGN §9: every route states its roles;
// tests prove the refusals): cohorts admit admin and trainer (their organisations' cohorts
// and those they train), viewers read only, learners, sites and LRS clients nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../support/target.js';
import { ORGS, sessionTokenOf } from '../../support/credentials.js';
import { JSON_HEADERS, body, expectRefused, randomIp, send } from '../../support/people.js';
import { COURSE, newCohort, participantsOf, sendCsv, type TestCohort } from '../../support/cohorts.js';
import { bearerOf, newSite, type TestSite } from '../../support/sites.js';

let t: Target;
let site: TestSite;
let cohort: TestCohort;
before(async () => {
  t = await startTarget();
  site = await newSite(t);
  cohort = await newCohort(t);
});
after(async () => { await t.close(); });

async function refusedForSite(method: string, path: string, json: unknown, status = 403): Promise<void> {
  const res = await t.fetch(path, { method, headers: { ...JSON_HEADERS, ...bearerOf(site) }, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  assert.equal(res.status, status, `${method} ${path} as a site: ${text}`);
  assert.match(text, /"error":"[^"]+/);
}

const NOBODY = { anonymous: 401, all: 401, learnerA: 403 } as const;

test('DESIGN §9 roles: listing cohorts admits admin, trainer and viewer only', async () => {
  await expectRefused(t, 'GET', '/api/cohorts', undefined, NOBODY);
  await refusedForSite('GET', '/api/cohorts', undefined);
});

test('DESIGN §9 roles: the CSV template admits admin and trainer only', async () => {
  await expectRefused(t, 'GET', '/api/cohorts/template.csv', undefined, { ...NOBODY, viewer: 403 });
  await refusedForSite('GET', '/api/cohorts/template.csv', undefined);
});

test('DESIGN §9 roles: creating a cohort admits admin and trainer, and a trainer only in their organisations; refused attempts create nothing', async () => {
  const name = `Refused ${crypto.randomUUID()}`;
  const json = { name, courses: [COURSE], organisationId: ORGS.A.id, startsOn: '2026-05-01', mode: 'online' };
  await expectRefused(t, 'POST', '/api/cohorts', json, { ...NOBODY, viewer: 403, trainerB: 403 });
  await refusedForSite('POST', '/api/cohorts', json);
  const found = await body<{ cohorts: unknown[] }>(await send(t, 'admin', 'GET', `/api/cohorts?q=${encodeURIComponent(name)}`));
  assert.equal(found.cohorts.length, 0);
});

test('DESIGN §9 CSRF: a signed-in trainer without the CSRF token, or from another site, cannot create or change a cohort', async () => {
  const cookie = `champa_session=${sessionTokenOf('trainerA')}`;
  const json = { name: 'CSRF', courses: [COURSE], organisationId: ORGS.A.id, startsOn: '2026-05-01', mode: 'online' };
  const noToken = await t.fetch('/api/cohorts', { method: 'POST', headers: { ...JSON_HEADERS, Cookie: cookie }, body: JSON.stringify(json) });
  assert.equal(noToken.status, 403);
  const csv = await t.fetch(`/api/cohorts/${cohort.id}/participants.csv`, { method: 'POST', headers: { 'Content-Type': 'text/csv', Cookie: cookie }, body: 'name,sex\nX,female\n' });
  assert.equal(csv.status, 403, 'a CSV upload is a form post another site could make');
  assert.equal((await participantsOf(t, cohort.id)).participants.length, 0);
});

test('DESIGN §9 roles: reading a cohort refuses learners, sites and trainers of other organisations', async () => {
  await expectRefused(t, 'GET', `/api/cohorts/${cohort.id}`, undefined, { ...NOBODY, trainerB: 404 });
  await refusedForSite('GET', `/api/cohorts/${cohort.id}`, undefined);
});

test('DESIGN §9 roles: changing, deleting or re-coding a cohort admits its admin and trainers only; refused attempts change nothing', async () => {
  const who = { ...NOBODY, viewer: 403, trainerB: 404 } as const;
  await expectRefused(t, 'PATCH', `/api/cohorts/${cohort.id}`, { name: 'Changed', joinOpen: false }, who);
  await refusedForSite('PATCH', `/api/cohorts/${cohort.id}`, { name: 'Changed' });
  await expectRefused(t, 'DELETE', `/api/cohorts/${cohort.id}`, undefined, who);
  await refusedForSite('DELETE', `/api/cohorts/${cohort.id}`, undefined);
  await expectRefused(t, 'POST', `/api/cohorts/${cohort.id}/join-code`, undefined, who);
  await refusedForSite('POST', `/api/cohorts/${cohort.id}/join-code`, undefined);
  const now = await body<TestCohort>(await send(t, 'admin', 'GET', `/api/cohorts/${cohort.id}`));
  assert.equal(now.name, cohort.name);
  assert.equal(now.joinOpen, true);
  assert.equal(now.joinCode, cohort.joinCode);
});

test('DESIGN §9 roles: the QR code and the participants admit admin and the cohort\'s trainers only (not viewers: they hold names)', async () => {
  const who = { ...NOBODY, viewer: 403, trainerB: 404 } as const;
  await expectRefused(t, 'GET', `/api/cohorts/${cohort.id}/qr.svg`, undefined, who);
  await refusedForSite('GET', `/api/cohorts/${cohort.id}/qr.svg`, undefined);
  await expectRefused(t, 'GET', `/api/cohorts/${cohort.id}/participants`, undefined, who);
  await refusedForSite('GET', `/api/cohorts/${cohort.id}/participants`, undefined);
});

test('DESIGN §9 roles: CSV enrolment admits admin and the cohort\'s trainers only; refused uploads import nothing', async () => {
  const csv = 'name,sex\nRefused upload,female\n';
  for (const who of ['learnerA', 'viewer', 'trainerB'] as const) {
    const res = await sendCsv(t, who, cohort.id, csv);
    assert.equal(res.status, who === 'trainerB' ? 404 : 403, `${who}: ${await res.clone().text()}`);
  }
  const anonymous = await t.fetch(`/api/cohorts/${cohort.id}/participants.csv`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
  assert.equal(anonymous.status, 401);
  const asSite = await t.fetch(`/api/cohorts/${cohort.id}/participants.csv`, { method: 'POST', headers: { 'Content-Type': 'text/csv', ...bearerOf(site) }, body: csv });
  assert.equal(asSite.status, 403);
  assert.equal((await participantsOf(t, cohort.id)).participants.length, 0);
});

test('DESIGN §9 roles: joining as an existing learner (/api/join/me) admits learner tokens only', async () => {
  const json = { code: cohort.joinCode };
  await expectRefused(t, 'POST', '/api/join/me', json, { anonymous: 401, all: 401, admin: 403, trainerA: 403, viewer: 403 });
  await refusedForSite('POST', '/api/join/me', json);
  assert.equal((await participantsOf(t, cohort.id)).participants.length, 0);
});

test('DESIGN §9 roles: the public join routes need no credentials, but a bad learner token is refused rather than ignored', async () => {
  const ok = await t.fetch(`/api/join/${cohort.joinCode}`, { headers: { 'CF-Connecting-IP': randomIp() } });
  assert.equal(ok.status, 200);
  const bad = await t.fetch(`/api/join/${cohort.joinCode}`, { headers: { Authorization: 'Bearer clt_not-a-token', 'CF-Connecting-IP': randomIp() } });
  assert.equal(bad.status, 401);
  // A staff session is no obstacle either: the join form may run on Champa's own pages.
  const staff = await send(t, 'trainerA', 'GET', `/api/join/${cohort.joinCode}`);
  assert.equal(staff.status, 200);
});
