// Progress derived on ingest (DESIGN §3), through the real LRS: statements POSTed to
// /xapi/statements, progress rows read back from the in-process database and compared with
// values worked out by hand. Node only: it reads the tables (the /api/progress HTTP tests run
// on both runtimes).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { CompiledCourse } from '../../../courses/schema.js';
import { courseCatalog } from '../../../server/progress/catalog.js';
import { progressQueries } from '../../../server/progress/derive.js';
import { startTarget, type Target } from '../../support/target.js';
import { agentKeyOf, at, compiledCourse, newLearner, player, post, postOk, statement, voiding, type Actor } from './statements.js';

let t: Target;
let vi: CompiledCourse; // certification: final exam, pre/post-test, lessons-and-quiz-passed
let wr: CompiledCourse; // no certification: pre/post-test
before(async () => {
  t = await startTarget();
  vi = compiledCourse('victim-identification');
  wr = compiledCourse('workers-rights');
});
after(() => t.close());

const db = () => t.local!.db;
const courseRow = (a: Actor, course: string) =>
  db().selectFrom('progress_courses').selectAll().where('agent_key', '=', agentKeyOf(a)).where('course', '=', course).executeTakeFirst();
const moduleRow = (a: Actor, course: string, module: string) =>
  db().selectFrom('progress_modules').selectAll().where('agent_key', '=', agentKeyOf(a)).where('course', '=', course).where('module', '=', module).executeTakeFirst();
const assessmentRow = (a: Actor, course: string, assessment: string) =>
  db()
    .selectFrom('progress_assessments')
    .selectAll()
    .where('agent_key', '=', agentKeyOf(a))
    .where('course', '=', course)
    .where('assessment', '=', assessment)
    .executeTakeFirst();
const anyRows = async (a: Actor) => {
  const key = agentKeyOf(a);
  const counts = await Promise.all(
    (['progress_events', 'progress_assessments', 'progress_modules', 'progress_courses'] as const).map((table) =>
      db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('agent_key', '=', key).executeTakeFirstOrThrow(),
    ),
  );
  return counts.reduce((n, r) => n + Number(r.n), 0);
};
const twoLessonModule = (c: CompiledCourse) => {
  const m = c.modules.find((x) => x.lessons.length >= 2);
  assert.ok(m, `${c.slug} has a module with two lessons`);
  return m;
};

test('DESIGN §3: lesson views — distinct lessons counted, durations summed into time spent, module not completed without its quiz', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const m = twoLessonModule(vi);
  await postOk(t, [p.initialized(0), p.lesson(m.slug, 0, 1, 90), p.lesson(m.slug, 0, 5, 30)]);
  let row = await moduleRow(a, vi.slug, m.slug);
  assert.equal(row?.lessons_viewed, 1);
  assert.equal(row?.completed, 0);
  await postOk(t, [p.lesson(m.slug, 1, 9, 120)]);
  row = await moduleRow(a, vi.slug, m.slug);
  assert.equal(row?.lessons_viewed, 2);
  assert.equal(row?.lessons_total, m.lessons.length);
  assert.deepEqual(JSON.parse(row!.lessons), m.lessons.slice(0, 2).map((l) => l.slug).sort());
  assert.equal(row?.time_ms, (90 + 30 + 120) * 1000);
  assert.equal(row?.first_at, at(1));
  assert.equal(row?.last_at, at(9));
  assert.equal(row?.completed, 0, 'lessons alone do not complete a lessons-and-quiz-passed module');
  const course = await courseRow(a, vi.slug);
  assert.equal(course?.state, 'in-progress');
  assert.equal(course?.first_at, at(0));
  assert.equal(course?.last_at, at(9));
  assert.equal(course?.time_ms, 240_000, 'initialized carries no time');
  assert.equal(course?.account_name, a.account.name);
  assert.equal(course?.account_home_page, a.account.homePage);
  assert.equal(course?.modules_completed, 0);
  assert.equal(course?.modules_total, vi.modules.length);
});

test('DESIGN §3: quiz re-takes — attempts, best and latest by timestamp (whatever the arrival order), passed when the score reaches masteryScore', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const m = twoLessonModule(vi);
  // Sent newest first, then the two older attempts: "latest" is by timestamp, not arrival.
  await postOk(t, [p.quiz(m.slug, 0.6, 30)]);
  await postOk(t, [p.quiz(m.slug, 0.4, 10), p.quiz(m.slug, 0.8, 20)]);
  const q = await assessmentRow(a, vi.slug, `quiz-${m.slug}`);
  assert.equal(q?.attempts, 3);
  assert.equal(q?.best_scaled, 0.8);
  assert.equal(q?.latest_scaled, 0.6);
  assert.equal(q?.first_scaled, 0.4);
  assert.equal(q?.passed, 1);
  assert.equal(q?.passes, 1);
  assert.equal(q?.passed_at, at(20));
  assert.equal(q?.module, m.slug);
  const row = await moduleRow(a, vi.slug, m.slug);
  assert.deepEqual(
    { attempts: row?.quiz_attempts, best: row?.quiz_best, latest: row?.quiz_latest, passed: row?.quiz_passed, at: row?.quiz_passed_at, completed: row?.completed },
    { attempts: 3, best: 0.8, latest: 0.6, passed: 1, at: at(20), completed: 0 },
    'the quiz is passed, the lessons are not yet viewed',
  );
  // Lessons viewed after the pass complete the module when the last one is first viewed.
  await postOk(t, m.lessons.map((_, i) => p.lesson(m.slug, i, 40 + i)));
  const done = await moduleRow(a, vi.slug, m.slug);
  assert.equal(done?.completed, 1);
  assert.equal(done?.completed_at, at(40 + m.lessons.length - 1));
  assert.equal((await courseRow(a, vi.slug))?.modules_completed, 1);
});

test('DESIGN §7: a "passed" below masteryScore, or a "failed" above it, is not a pass', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const m = vi.modules[0]!;
  await postOk(t, [p.quiz(m.slug, vi.rules.masteryScore - 0.05, 1, 'passed'), p.quiz(m.slug, 1, 2, 'failed'), p.quiz(m.slug, 0.9, 3, 'passed')]);
  const q = await assessmentRow(a, vi.slug, `quiz-${m.slug}`);
  assert.equal(q?.attempts, 3);
  assert.equal(q?.passes, 1);
  assert.equal(q?.passed_at, at(3), 'only the third attempt passes');
  assert.equal(q?.best_scaled, 1, 'best is the best recorded score, pass or not');
});

test('domain-research §5.4 / R2: pre-test is the first attempt; post-test latest and best', async () => {
  const a = newLearner();
  const p = player(wr, a);
  await postOk(t, [p.test('pretest', 0.5, 20), p.test('posttest', 0.7, 100), p.test('posttest', 0.9, 110)]);
  await postOk(t, [p.test('pretest', 0.3, 10), p.test('posttest', 0.8, 120)]);
  const c = await courseRow(a, wr.slug);
  assert.equal(c?.pretest_scaled, 0.3, 'the earliest pre-test counts, though it arrived later');
  assert.equal(c?.pretest_at, at(10));
  assert.equal(c?.pretest_attempts, 2);
  assert.equal(c?.posttest_latest, 0.8);
  assert.equal(c?.posttest_best, 0.9);
  assert.equal(c?.posttest_at, at(120));
  assert.equal(c?.posttest_attempts, 3);
  assert.equal(c?.passed, 1, 'a course without a final exam is passed by its post-test');
  assert.equal(c?.passed_at, at(110));
  assert.equal(c?.state, 'in-progress', 'no module is completed');
  assert.equal(c?.certification_eligible, 0);
  assert.equal(c?.final_attempts, 0);
});

test('domain-research §5.4: certification needs every module completed AND the final exam passed; eligible_at is when both first held', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const last = vi.modules[vi.modules.length - 1]!;
  const allButLast = p.allModules(100).filter((s) => !JSON.stringify(s).includes(`/module/${last.slug}`) && !JSON.stringify(s).includes(`quiz-${last.slug}`));
  await postOk(t, [p.initialized(0), p.test('pretest', 0.4, 1), ...allButLast, p.test('final', 0.6, 300), p.test('final', 0.9, 310)]);
  let c = await courseRow(a, vi.slug);
  assert.equal(c?.final_passed, 1);
  assert.equal(c?.final_attempts, 2);
  assert.equal(c?.final_best, 0.9);
  assert.equal(c?.final_latest, 0.9);
  assert.equal(c?.modules_completed, vi.modules.length - 1);
  assert.equal(c?.state, 'in-progress');
  assert.equal(c?.certification_eligible, 0, 'a passed final without every module completed does not certify');
  assert.equal(c?.eligible_at, null);

  await postOk(t, [...last.lessons.map((_, i) => p.lesson(last.slug, i, 400 + i)), p.quiz(last.slug, 1, 410)]);
  c = await courseRow(a, vi.slug);
  assert.equal(c?.modules_completed, vi.modules.length);
  assert.equal(c?.state, 'completed');
  assert.equal(c?.completed_at, at(410));
  assert.equal(c?.passed, 1);
  assert.equal(c?.passed_at, at(310));
  assert.equal(c?.certification_eligible, 1);
  assert.equal(c?.eligible_at, at(410), 'eligible when the last module completed, after the final was passed');
});

test('DESIGN §7: a course that does not certify never makes anyone eligible; completing every module completes it', async () => {
  const a = newLearner();
  const p = player(wr, a);
  await postOk(t, [...p.allModules(0), p.test('posttest', 0.5, 200)]);
  const c = await courseRow(a, wr.slug);
  assert.equal(c?.state, 'completed');
  assert.equal(c?.modules_completed, wr.modules.length);
  assert.equal(c?.passed, 0, 'the post-test was not passed');
  assert.equal(c?.certification_eligible, 0);
});

test('xAPI Data §2.2.7 voiding: voiding the final exam pass undoes the pass and the eligibility; voiding a lesson view un-counts it', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const pass = p.test('final', 0.95, 300);
  await postOk(t, [...p.allModules(0), p.test('final', 0.5, 290), pass]);
  assert.equal((await courseRow(a, vi.slug))?.certification_eligible, 1);

  await postOk(t, [voiding(a, pass, 320)]);
  let c = await courseRow(a, vi.slug);
  assert.equal(c?.final_passed, 0);
  assert.equal(c?.final_attempts, 1);
  assert.equal(c?.final_best, 0.5);
  assert.equal(c?.certification_eligible, 0);
  assert.equal(c?.eligible_at, null);
  assert.equal(c?.state, 'completed', 'the modules are still completed');
  const fact = await db().selectFrom('progress_events').select('statement_id').where('statement_id', '=', String(pass.id)).executeTakeFirst();
  assert.equal(fact, undefined, 'the voided statement is no longer a fact');

  // Voiding the only view of a lesson un-completes its module and the course.
  const m = vi.modules.find((x) => x.lessons.length === 1) ?? vi.modules[0]!;
  const views = await db()
    .selectFrom('progress_events')
    .select('statement_id')
    .where('agent_key', '=', agentKeyOf(a))
    .where('kind', '=', 'lesson')
    .where('module', '=', m.slug)
    .execute();
  const target = { id: views[0]!.statement_id };
  await postOk(t, [voiding(a, target, 330)]);
  const mod = await moduleRow(a, vi.slug, m.slug);
  assert.equal(mod?.lessons_viewed, m.lessons.length - 1);
  assert.equal(mod?.completed, 0);
  c = await courseRow(a, vi.slug);
  assert.equal(c?.state, 'in-progress');
  assert.equal(c?.modules_completed, vi.modules.length - 1);
});

test('xAPI Data §2.2.7 voiding: a statement whose voiding statement arrived first, or in the same batch, never counts', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const pass = p.test('final', 0.95, 300);
  await postOk(t, [voiding(a, pass, 301)]);
  await postOk(t, [pass]);
  assert.equal(await anyRows(a), 0);
  const q = p.quiz(vi.modules[0]!.slug, 1, 10);
  await postOk(t, [q, voiding(a, q, 11)]);
  assert.equal(await anyRows(a), 0);
  // The same learner's unvoided statement does count.
  await postOk(t, [p.quiz(vi.modules[0]!.slug, 1, 12)]);
  assert.equal((await assessmentRow(a, vi.slug, `quiz-${vi.modules[0]!.slug}`))?.attempts, 1);
});

test('DESIGN §3: voiding every fact of a learner x course removes its rows', async () => {
  const a = newLearner();
  const p = player(wr, a);
  const s = p.lesson(wr.modules[0]!.slug, 0, 1);
  await postOk(t, [s]);
  assert.ok(await courseRow(a, wr.slug));
  await postOk(t, [voiding(a, s, 2)]);
  assert.equal(await anyRows(a), 0);
});

test('DESIGN §3: only Champa course activities count — other activities, unknown IRIs under a course, other verbs and Group actors are ignored', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const lesson = vi.modules[0]!.lessons[0]!;
  await postOk(t, [
    statement(a, 'experienced', 'https://example.org/xapi/activities/some-other-course', { minute: 1, grouping: vi.iri }),
    statement(a, 'answered', `${vi.iri}/question/not-a-question-of-this-course`, { minute: 2, result: { success: true } }),
    statement(a, 'experienced', `${vi.iri}/module/no-such-module`, { minute: 3 }),
    { ...statement(a, 'experienced', lesson.iri, { minute: 4 }), verb: { id: 'https://example.org/verbs/looked-at', display: { en: 'looked at' } } },
  ]);
  assert.equal(await anyRows(a), 0);
  const group = { objectType: 'Group', account: a.account };
  await postOk(t, [{ ...p.lesson(vi.modules[0]!.slug, 0, 5), actor: group }]);
  const n = await db().selectFrom('progress_courses').select('agent_key').where('account_name', '=', a.account.name).execute();
  assert.deepEqual(n, []);
  // The same lesson as the Agent's own "experienced" counts.
  await postOk(t, [p.lesson(vi.modules[0]!.slug, 0, 6)]);
  const facts = await db().selectFrom('progress_events').select(['kind', 'item']).where('agent_key', '=', agentKeyOf(a)).execute();
  assert.deepEqual(facts, [{ kind: 'lesson', item: lesson.slug }]);
});

test('DESIGN §3 / xAPI Communication §2.1.2: a rejected batch leaves no progress (invalid statement, conflicting id)', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const bad = { ...p.lesson(vi.modules[0]!.slug, 0, 2), verb: { id: 'not an IRI' } };
  const res = await post(t, [p.initialized(0), p.test('final', 1, 1), bad]);
  assert.equal(res.status, 400);
  assert.equal(await anyRows(a), 0);

  const stored = p.lesson(vi.modules[0]!.slug, 0, 3);
  await postOk(t, [stored]);
  const before = await anyRows(a);
  const conflict = await post(t, [p.test('final', 1, 4), { ...stored, result: { duration: 'PT5S' } }]);
  assert.equal(conflict.status, 409);
  assert.equal(await anyRows(a), before, 'nothing of the 409 batch was derived');
  assert.equal((await courseRow(a, vi.slug))?.final_attempts, 0);
});

test('DESIGN §6: replaying a stored batch (same ids, same content) derives nothing twice', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const batch = [p.lesson(vi.modules[0]!.slug, 0, 1, 60), p.quiz(vi.modules[0]!.slug, 0.5, 2)];
  await postOk(t, batch);
  await postOk(t, batch);
  const c = await courseRow(a, vi.slug);
  assert.equal(c?.time_ms, 60_000 + 120_000);
  assert.equal(c?.final_attempts, 0);
  assert.equal((await assessmentRow(a, vi.slug, `quiz-${vi.modules[0]!.slug}`))?.attempts, 1);
});

test('R5 item analysis: each answer is kept with its question, assessment, registration and success', async () => {
  const a = newLearner();
  const p = player(vi, a);
  const [pp] = vi.banks.prepost!;
  const [fin] = vi.banks.final!;
  const [chk] = vi.banks.checks!;
  const quizModule = vi.modules[1]!;
  const [quizQ] = vi.banks[quizModule.quiz!.bank]!;
  await postOk(t, [
    p.answer(pp!, false, 1, vi.prePostTest!.pretestIri, 'b'),
    p.answer(pp!, true, 50, vi.prePostTest!.posttestIri, 'a'),
    p.answer(pp!, true, 51),
    p.answer(fin!, true, 60),
    p.answer(chk!, true, 5),
    p.answer(quizQ!, false, 20, quizModule.iri),
  ]);
  const rows = await db()
    .selectFrom('progress_events')
    .select(['item', 'assessment', 'module', 'success', 'response', 'registration', 'duration_ms', 'at'])
    .where('agent_key', '=', agentKeyOf(a))
    .where('kind', '=', 'question')
    .orderBy('at')
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.item, r.assessment, r.module, r.success, r.response]),
    [
      [pp, 'pretest', null, 0, 'b'],
      [chk, 'check', null, 1, 'a'],
      [quizQ, `quiz-${quizModule.slug}`, quizModule.slug, 0, 'a'],
      [pp, 'posttest', null, 1, 'a'],
      [pp, null, null, 1, 'a'], // the pre/post bank alone cannot say which test
      [fin, 'final', null, 1, 'a'],
    ],
  );
  assert.ok(rows.every((r) => r.duration_ms === 10_000 && typeof r.registration === 'string'));
  // Answers are time spent inside their assessment or lesson, not added again.
  assert.equal((await courseRow(a, vi.slug))?.time_ms, 0);
});

test('DESIGN §3 scale: recomputing a learner x course seeks its rows by index, never scans progress_events or the roll-ups', () => {
  const s = player(vi, newLearner());
  const queries = [...progressQueries([s.lesson(vi.modules[0]!.slug, 0, 1), voiding(s.actor, { id: randomUUID() }, 2)], courseCatalog())];
  assert.ok(queries.length >= 9);
  for (const q of queries) {
    const plan = t.local!.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
    // The aliases (and names) of stored tables; the other SCANs are of CTEs, json_each or progress_dirty.
    const scans = plan.map((r) => r.detail).filter((d) => /^SCAN (e|m|q|pre|post|fin|a|s|statements|agents|progress_(?!dirty)\w+)\b/.test(d));
    assert.deepEqual(scans, [], `${q.sql.slice(0, 60)}…: ${plan.map((r) => r.detail).join(' | ')}`);
  }
});

test('DESIGN §3: a branching scenario met in a lesson counts its time to that lesson\'s module, and does not complete anything', async () => {
  const a = newLearner();
  const [scenarioId, scenario] = Object.entries(vi.scenarios)[0]!;
  const m = vi.modules[1]!;
  await postOk(t, [statement(a, 'experienced', scenario.iri, { minute: 3, parent: m.lessons[0]!.iri, grouping: vi.iri, result: { duration: 'PT4M30S' } })]);
  const facts = await db().selectFrom('progress_events').select(['kind', 'item', 'module']).where('agent_key', '=', agentKeyOf(a)).execute();
  assert.deepEqual(facts, [{ kind: 'scenario', item: scenarioId, module: m.slug }]);
  const row = await moduleRow(a, vi.slug, m.slug);
  assert.equal(row?.time_ms, 270_000);
  assert.equal(row?.lessons_viewed, 0);
  assert.equal((await courseRow(a, vi.slug))?.time_ms, 270_000);
});
