// GET /api/progress/me: a learner's own derived progress for the player's resume, after the
// learner's own statements went through the LRS with their bearer token. Runs on both
// runtimes (so the derivation SQL runs on D1 too), with fresh learners. Refusals:
// progress.security.http.test.ts.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { takeExam } from '../../support/exam.js';
import { startTarget, type Target } from '../../support/target.js';
import { compiledCourse, learnerPosting, player, voiding, type Json } from '../progress/statements.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(() => t.close());


test('DESIGN §3/§5 resume: progress/me shows the lessons viewed, quiz results and course state derived from the learner\'s statements', async () => {
  const course = compiledCourse('victim-identification');
  const me = await learnerPosting(t);
  const p = player(course, me.actor, randomUUID());
  const fresh = await me.get(`?course=${course.slug}`);
  assert.equal(fresh.status, 200);
  assert.equal(fresh.body.state, 'not-started');
  assert.equal((fresh.body.modules as Json[]).length, course.modules.length);

  const [m1, m2] = course.modules;
  await me.send([p.initialized(0), p.test('pretest', 0.4, 1), ...p.lessons(m1!.slug, 2, 90), p.quiz(m1!.slug, 0.5, 10), p.quiz(m1!.slug, 0.9, 12), p.lesson(m2!.slug, 0, 20)]);
  const { status, body } = await me.get(`?course=${course.slug}`);
  assert.equal(status, 200);
  assert.equal(body.state, 'in-progress');
  assert.equal(body.modulesCompleted, 1);
  assert.equal(body.modulesTotal, course.modules.length);
  assert.deepEqual(body.pretest, { scaled: 0.4, at: '2026-03-01T08:01:00.000Z', attempts: 1 });
  assert.equal(body.final, null);
  assert.equal(body.certificationEligible, false);
  assert.equal(body.timeMs, 300_000 + m1!.lessons.length * 90_000 + 2 * 120_000 + 60_000);
  const modules = body.modules as Json[];
  assert.deepEqual(modules[0], {
    module: m1!.slug,
    state: 'completed',
    lessonsViewed: m1!.lessons.map((l) => l.slug).sort(),
    lessonsTotal: m1!.lessons.length,
    quiz: { attempts: 2, best: 0.9, latest: 0.9, passed: true, passedAt: '2026-03-01T08:12:00.000Z' },
    completedAt: '2026-03-01T08:12:00.000Z',
    timeMs: m1!.lessons.length * 90_000 + 2 * 120_000,
  });
  assert.equal(modules[1]!.state, 'in-progress');
  assert.deepEqual(modules[1]!.lessonsViewed, [m2!.lessons[0]!.slug]);
  assert.equal(modules[2]!.state, 'not-started');

  const list = await me.get();
  assert.equal(list.status, 200);
  assert.deepEqual((list.body.courses as Json[]).map((c) => [c.course, c.state]), [[course.slug, 'in-progress']]);
});

test('DESIGN §7: certification eligibility comes from recorded progress (modules from the learner, the final exam graded by the server), and voiding the exam pass withdraws it', async () => {
  const course = compiledCourse('digital-evidence');
  const me = await learnerPosting(t);
  const p = player(course, me.actor, randomUUID());
  await me.send(p.allModules(0));
  const graded = await takeExam(t.fetch, me.bearer, course.slug, 1);
  let { body } = await me.get(`?course=${course.slug}`);
  assert.equal(body.state, 'completed');
  assert.equal(body.certificationEligible, true);
  assert.equal(body.eligibleAt, graded.submitted);
  assert.deepEqual(body.final, { latest: 1, best: 1, attempts: 1, passed: true, passedAt: graded.submitted });

  // The learner may not void the grader's record; an LRS client (a trainer's tool) may.
  const found = await t.as('all', `/xapi/statements?registration=${graded.registration}&verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/passed')}`);
  const [pass] = ((await found.json()) as { statements: Json[] }).statements;
  assert.ok(pass, 'the graded pass is in the LRS');
  const voided = await t.as('all', '/xapi/statements', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([voiding(me.actor, pass, 501)]) });
  assert.equal(voided.status, 200, await voided.clone().text());
  ({ body } = await me.get(`?course=${course.slug}`));
  assert.equal(body.certificationEligible, false);
  assert.equal(body.eligibleAt, null);
  assert.equal(body.final, null);
  assert.equal(body.state, 'completed');
});

test('progress/me: names the wrong parameter (400) and an unknown course (404)', async () => {
  const me = await learnerPosting(t);
  let r = await me.get('?course=Not_A_Slug');
  assert.equal(r.status, 400);
  assert.match(String(r.body.error), /^course: /);
  r = await me.get('?course=no-such-course');
  assert.equal(r.status, 404);
  assert.match(String(r.body.error), /^course: no course "no-such-course"/);
  r = await me.get('?learner=someone-else');
  assert.equal(r.status, 400);
  assert.match(String(r.body.error), /^learner: /);
});
