// Who may not use /api/exams (DESIGN §9: every route states its roles and a test proves the
// refusals), and that an attempt is only ever its own learner's. Runs on both runtimes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startExam, submitExam, type StartedExam } from '../../support/exam.js';
import { body, errorOf, expectRefused, newLearner } from '../../support/people.js';
import { bearerOf, newSite } from '../../support/sites.js';
import { startTarget, uid, type Target } from '../../support/target.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(() => t.close());

const SLUG = 'victim-identification';
const WRONG_ROLES = { anonymous: 401, all: 401, admin: 403, trainerA: 403, viewer: 403 } as const;

test('DESIGN §9 roles: GET /api/exams/:slug/attempts admits learners only — staff, LRS clients and anonymous callers are refused', async () => {
  await expectRefused(t, 'GET', `/api/exams/${SLUG}/attempts`, undefined, WRONG_ROLES);
});

test('DESIGN §9 roles: POST /api/exams/:slug/attempts admits learners only', async () => {
  await expectRefused(t, 'POST', `/api/exams/${SLUG}/attempts`, {}, WRONG_ROLES);
});

test('DESIGN §9 roles: GET /api/exams/:slug/attempts/:id admits learners only', async () => {
  await expectRefused(t, 'GET', `/api/exams/${SLUG}/attempts/${uid()}`, undefined, WRONG_ROLES);
});

test('DESIGN §9 roles: POST /api/exams/:slug/attempts/:id/submit admits learners only (refused before the body is read)', async () => {
  await expectRefused(t, 'POST', `/api/exams/${SLUG}/attempts/${uid()}/submit`, { answers: {} }, WRONG_ROLES);
  await expectRefused(t, 'POST', `/api/exams/${SLUG}/attempts/${uid()}/submit`, 'not an answers object', WRONG_ROLES);
});

test('DESIGN §9 roles: a host site\'s secret is not a learner on any exam route (403)', async () => {
  const site = await newSite(t);
  for (const [method, path] of [
    ['GET', `/api/exams/${SLUG}/attempts`],
    ['POST', `/api/exams/${SLUG}/attempts`],
    ['GET', `/api/exams/${SLUG}/attempts/${uid()}`],
    ['POST', `/api/exams/${SLUG}/attempts/${uid()}/submit`],
  ] as const) {
    const res = await t.fetch(path, { method, headers: { ...bearerOf(site), 'Content-Type': 'application/json' }, body: method === 'POST' ? '{"answers":{}}' : undefined });
    assert.equal(res.status, 403, `${method} ${path}: ${await res.clone().text()}`);
    assert.match(await errorOf(res), /admits learner/);
  }
});

test('DESIGN §9: an unknown or revoked learner token is 401 on the exam routes', async () => {
  const res = await t.fetch(`/api/exams/${SLUG}/attempts`, { method: 'POST', headers: { Authorization: 'Bearer clt_not-a-real-token-0123456789' } });
  assert.equal(res.status, 401);
});

test('DESIGN §9: an attempt is its learner\'s own — another learner can neither submit it (404, as if it did not exist) nor see it', async () => {
  const owner = await newLearner(t);
  const other = await newLearner(t);
  const start = await startExam(t.fetch, owner.bearer, SLUG);
  assert.equal(start.status, 201, await start.clone().text());
  const exam = await body<StartedExam>(start);

  const res = await submitExam(t.fetch, other.bearer, SLUG, exam.attempt, {});
  assert.equal(res.status, 404);
  assert.match(await errorOf(res), new RegExp(`^id: you have no attempt ${exam.attempt} at the final exam of "${SLUG}"`));
  const peek = await t.fetch(`/api/exams/${SLUG}/attempts/${exam.attempt}`, { headers: other.bearer });
  assert.equal(peek.status, 404, 'nor read it');
  const theirs = await body<{ attempts: unknown[] }>(await t.fetch(`/api/exams/${SLUG}/attempts`, { headers: other.bearer }));
  assert.deepEqual(theirs.attempts, []);
  // Starting their own gives them a new attempt, not the owner's open one.
  const own = await body<StartedExam>(await startExam(t.fetch, other.bearer, SLUG));
  assert.notEqual(own.attempt, exam.attempt);
  // The owner's attempt is untouched by the refused submission.
  const mine = await body<{ attempts: { attempt: string; state: string }[] }>(await t.fetch(`/api/exams/${SLUG}/attempts`, { headers: owner.bearer }));
  assert.deepEqual(mine.attempts.map((a) => [a.attempt, a.state]), [[exam.attempt, 'open']]);
});
