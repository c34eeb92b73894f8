// Server-graded final exams (DESIGN §7: certificates from derived progress, never from a
// client's claim) on both runtimes: the served course carries no final-exam keys; a hand-made
// "passed" no longer certifies and a learner token cannot even record one; an honest attempt
// through /api/exams does, with its statements in the LRS under the exam grader's authority;
// the attempts limit, one submission per attempt, and the checks on what is submitted.
// Refusals per role: exams.security.http.test.ts. Expiry (needs a clock): test/server/exams/.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CompiledCourse } from '../../../courses/schema.js';
import { locales } from '../../../dist/courses/bundle.js';
import { examKeys } from '../../../dist/courses/keys.js';
import { claim, compiled, courseStatements, record } from '../../support/certificates.js';
import { answersFor, rightAnswer, startExam, submitExam, takeExam, wrongAnswer, type GradedExam, type StartedExam } from '../../support/exam.js';
import { body, errorOf, newLearner } from '../../support/people.js';
import { startTarget, type Target } from '../../support/target.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(() => t.close());

const VI = 'victim-identification';
const DE = 'digital-evidence';
const ADL = 'http://adlnet.gov/expapi/verbs/';
type Json = Record<string, unknown>;

const progressOf = async (bearer: { Authorization: string }, slug: string) =>
  body<{ certificationEligible: boolean; eligibleAt: string | null; final: Json | null; state: string }>(await t.fetch(`/api/progress/me?course=${slug}`, { headers: bearer }));

/** A new learner who has completed every module of the course with their own statements. */
async function learnerWithModules(slug: string) {
  const l = await newLearner(t);
  await record(t, l.bearer, courseStatements(compiled(slug), l.learner.actor, { modules: true }));
  return l;
}

async function started(bearer: { Authorization: string }, slug = VI): Promise<StartedExam> {
  const res = await startExam(t.fetch, bearer, slug);
  assert.equal(res.status, 201, await res.clone().text());
  return body<StartedExam>(res);
}

describe('the served course (GET /api/courses/:slug and its locale payloads) carries no key of a final exam', () => {
  /** Every JSON the course API serves for a course: whole, per-locale shells and parts, offline list. */
  const servedPaths = (slug: string) => [
    `/api/courses/${slug}`,
    `/api/courses/${slug}/offline.json`,
    ...Object.keys(locales)
      .filter((k) => k.startsWith(`${slug}/`))
      .map((k) => `/api/courses/${k}.json`),
  ];

  for (const slug of [VI, DE]) {
    test(`${slug}: no correct flag, answer, explanation, feedback or pairs on any final-exam item, and no key text anywhere, in every served JSON`, async () => {
      const keys = examKeys[slug]!;
      const finalIds = new Set(Object.keys(keys.items));
      const paths = servedPaths(slug);
      assert.ok(paths.length >= 4, paths.join(' '));
      let itemsSeen = 0;
      for (const path of paths) {
        // Identity: the test is about content (compression is the course API's own test).
        const res = await t.fetch(path, { headers: { 'Accept-Encoding': 'identity' } });
        assert.equal(res.status, 200, path);
        const text = await res.text();
        const walk = (v: unknown, inItem: boolean): void => {
          if (Array.isArray(v)) v.forEach((x) => walk(x, inItem));
          else if (v && typeof v === 'object') {
            const o = v as Json;
            const item = inItem || (typeof o.id === 'string' && finalIds.has(o.id) && 'prompt' in o);
            if (item && !inItem) itemsSeen++;
            for (const [k, x] of Object.entries(o)) {
              if (item) assert.ok(!['correct', 'answer', 'explanation', 'feedback', 'pairs'].includes(k), `${path}: final item ${String(o.id ?? '')} carries "${k}"`);
              walk(x, item);
            }
          }
        };
        walk(JSON.parse(text), false);
        for (const [id, k] of Object.entries(keys.items)) {
          for (const loc of ['lo', 'en'] as const) assert.ok(!text.includes(JSON.stringify(k.explanation[loc])), `${path}: ${id} explanation.${loc} served`);
          for (const [choice, fb] of Object.entries(k.feedback)) assert.ok(!text.includes(JSON.stringify(fb.en)), `${path}: ${id} feedback of ${choice} served`);
        }
        if (path === `/api/courses/${slug}`) {
          const course = JSON.parse(text) as CompiledCourse;
          assert.deepEqual(Object.keys(course.finalExam!.questions).sort(), [...finalIds].sort());
          for (const id of finalIds) assert.ok(!Object.hasOwn(course.questions, id), `${id} served with its key in questions`);
        }
      }
      assert.ok(itemsSeen >= finalIds.size, `the final exam's items were found in the served JSON (${itemsSeen})`);
    });
  }
});

describe('a hand-made result of the final exam certifies nobody (DESIGN §7)', () => {
  test('§7 / DESIGN §3 credentials: a learner token may not record passed, failed or answered about a final exam or its items (403 naming the path); nothing is stored', async () => {
    const l = await learnerWithModules(VI);
    const course = compiled(VI);
    const forged = courseStatements(course, l.learner.actor, { final: 1 }).at(-1)!;
    const itemIri = Object.values(course.finalExam!.questions)[0]!.iri;
    const answered = { ...courseStatements(course, l.learner.actor, {}).at(0)!, id: randomUUID(), verb: { id: `${ADL}answered` }, object: { objectType: 'Activity', id: itemIri }, result: { response: 'a', success: true } };
    for (const [s, index] of [[forged, 1], [answered, 1], [{ ...forged, id: randomUUID(), verb: { id: `${ADL}failed` } }, 1]] as const) {
      const other = courseStatements(course, l.learner.actor, {}).at(0)!;
      const res = await t.fetch('/xapi/statements', {
        method: 'POST',
        headers: { ...l.bearer, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
        body: JSON.stringify([other, s]),
      });
      assert.equal(res.status, 403);
      assert.match(await errorOf(res), new RegExp(`^statements\\[${index}\\]\\.object\\.id: a learner token may not record results of a final exam`));
      const got = await t.as('all', `/xapi/statements?statementId=${other.id}`);
      assert.equal(got.status, 404, 'the batch was refused as a whole');
    }
    const p = await progressOf(l.bearer, VI);
    assert.equal(p.certificationEligible, false);
    assert.equal(p.final, null);
    assert.equal((await claim(t, l.bearer)).status, 409);
  });

  test('§7: a "passed" for the final exam posted by an LRS client (any authority but the exam grader) is stored but ignored for eligibility', async () => {
    const l = await learnerWithModules(DE);
    const forged = courseStatements(compiled(DE), l.learner.actor, { final: 1 }).at(-1)!;
    const res = await t.as('all', '/xapi/statements', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([forged]) });
    assert.equal(res.status, 200, await res.clone().text());
    const p = await progressOf(l.bearer, DE);
    assert.equal(p.state, 'completed', 'the modules count');
    assert.equal(p.certificationEligible, false);
    assert.equal(p.final, null, 'the claimed final exam is no fact');
    const c = await claim(t, l.bearer, DE);
    assert.equal(c.status, 409);
    assert.match(await errorOf(c), /final exam not passed/);
  });
});

describe('an honest attempt through /api/exams', () => {
  test('§7: modules through the LRS, then the exam drawn and graded by the server: eligible, statements stored by the exam grader, certificate issued', async () => {
    const l = await learnerWithModules(VI);
    const course = compiled(VI);
    const exam = await started(l.bearer);
    assert.match(exam.attempt, /^[0-9a-f-]{36}$/);
    assert.match(exam.registration, /^[0-9a-f-]{36}$/);
    assert.equal(exam.assessment, course.finalExam!.iri);
    assert.equal(exam.items.length, course.finalExam!.items);
    assert.equal(new Set(exam.items.map((q) => q.id)).size, exam.items.length, 'no item twice');
    assert.ok(exam.items.filter((q) => q.type === 'scenario').length >= 2, 'at least two case-based items');
    assert.equal(exam.attemptsAllowed, course.rules.attemptsAllowed);
    assert.equal(exam.attemptsUsed, 0);
    assert.equal(Date.parse(exam.expires) - Date.parse(exam.started), 3 * 3600_000);
    assert.ok(!JSON.stringify(exam.items).includes('"correct"') && !JSON.stringify(exam.items).includes('"explanation"'), 'items without keys');
    // A reload resumes the open attempt.
    const again = await startExam(t.fetch, l.bearer, VI);
    assert.equal(again.status, 200);
    assert.equal((await body<StartedExam>(again)).attempt, exam.attempt);

    // GET of the open attempt resumes it too.
    const open = await body<StartedExam & { state: string }>(await t.fetch(`/api/exams/${VI}/attempts/${exam.attempt}`, { headers: l.bearer }));
    assert.equal(open.state, 'open');
    assert.deepEqual(open.items, exam.items);

    const res = await submitExam(t.fetch, l.bearer, VI, exam.attempt, answersFor(VI, exam.items, exam.items.length));
    assert.equal(res.status, 200, await res.clone().text());
    const graded = await body<GradedExam>(res);
    // A phone that lost the answer to its submit reads the same result back.
    const readBack = await body<GradedExam & { state: string }>(await t.fetch(`/api/exams/${VI}/attempts/${exam.attempt}`, { headers: l.bearer }));
    assert.deepEqual(readBack, { state: 'submitted', ...graded });
    assert.deepEqual(graded.score, { scaled: 1, raw: exam.items.length, min: 0, max: exam.items.length });
    assert.equal(graded.passed, true);
    assert.equal(graded.items.length, exam.items.length);
    for (const i of graded.items) {
      assert.equal(i.success, true);
      assert.deepEqual(i.explanation, examKeys[VI]!.items[i.id]!.explanation, 'explanations once submitted');
    }

    const p = await progressOf(l.bearer, VI);
    assert.equal(p.certificationEligible, true);
    assert.equal(p.eligibleAt, graded.submitted);
    assert.deepEqual(p.final, { latest: 1, best: 1, attempts: 1, passed: true, passedAt: graded.submitted });

    // In the LRS: one answered per item and one passed, the learner's account as actor, the
    // attempt's registration, the exam grader as authority, no correct response pattern.
    const listed = await t.as('all', `/xapi/statements?registration=${exam.registration}&limit=100`);
    const statements = ((await listed.json()) as { statements: Json[] }).statements;
    const verbs = statements.map((s) => String((s.verb as Json).id).slice(ADL.length)).sort();
    assert.deepEqual(verbs, [...Array(exam.items.length).fill('answered'), 'passed'].sort());
    for (const s of statements) {
      assert.deepEqual(s.actor, l.learner.actor);
      assert.equal((s.authority as { name: string; account: { name: string; homePage: string } }).account.name, 'champa-exam-grader');
      assert.match((s.authority as { account: { homePage: string } }).account.homePage, /\/xapi\/clients$/);
      assert.equal((s.context as Json).registration, exam.registration);
      assert.ok(!JSON.stringify(s).includes('correctResponsesPattern'));
    }
    const passed = statements.find((s) => String((s.verb as Json).id).endsWith('/passed'))!;
    assert.equal((passed.object as Json).id, course.finalExam!.iri);
    assert.deepEqual((passed.result as Json).score, { scaled: 1, raw: exam.items.length, min: 0, max: exam.items.length });
    const answer = statements.find((s) => (s.object as Json).id === exam.items[0]!.iri)!;
    assert.equal((answer.result as Json).response, rightAnswer(VI, exam.items[0]!));
    assert.equal((answer.result as Json).success, true);

    const cert = await claim(t, l.bearer);
    assert.equal(cert.status, 201, await cert.clone().text());
  });

  test('§7: a failed attempt (below rules.masteryScore) is recorded as failed and does not certify; each item says whether it was right', async () => {
    const l = await learnerWithModules(DE);
    const exam = await started(l.bearer, DE);
    // One below the mastery score (0.75): e.g. 18 of 25 is 0.72.
    const right = Math.ceil(0.75 * exam.items.length) - 1;
    const graded = await body<GradedExam>(await submitExam(t.fetch, l.bearer, DE, exam.attempt, answersFor(DE, exam.items, right)));
    assert.equal(graded.score.raw, right);
    assert.equal(graded.passed, false);
    assert.equal(graded.attemptsUsed, 1);
    assert.deepEqual(graded.items.map((i) => i.success), exam.items.map((_, i) => i < right));
    const p = await progressOf(l.bearer, DE);
    assert.equal(p.certificationEligible, false);
    assert.deepEqual(p.final && { attempts: p.final.attempts, passed: p.final.passed }, { attempts: 1, passed: false });
    const list = await body<{ attemptsUsed: number; attemptsLeft: number; attempts: { state: string; passed: boolean }[] }>(await t.fetch(`/api/exams/${DE}/attempts`, { headers: l.bearer }));
    assert.equal(list.attemptsUsed, 1);
    assert.equal(list.attemptsLeft, compiled(DE).rules.attemptsAllowed - 1);
    assert.deepEqual(list.attempts.map((a) => [a.state, a.passed]), [['submitted', false]]);
  });

  test('§7: unanswered items are marked wrong; a response for the exact mastery score passes (18 of 24 at 0.75)', async () => {
    const l = await learnerWithModules(VI);
    const exam = await started(l.bearer);
    const need = Math.round(0.75 * exam.items.length);
    const answers = Object.fromEntries(exam.items.slice(0, need).map((q) => [q.id, rightAnswer(VI, q)]));
    const graded = await body<GradedExam>(await submitExam(t.fetch, l.bearer, VI, exam.attempt, answers));
    assert.equal(graded.score.raw, need);
    assert.equal(graded.passed, true);
    assert.deepEqual(graded.items.slice(need).map((i) => [i.response, i.success]), exam.items.slice(need).map(() => ['', false]));
  });
});

describe('rules of an attempt', () => {
  test('rules.attemptsAllowed: after the allowed number of graded attempts, starting another is 409 naming the rule', async () => {
    const l = await newLearner(t);
    const allowed = compiled(VI).rules.attemptsAllowed;
    for (let i = 0; i < allowed; i++) {
      const g = await takeExam(t.fetch, l.bearer, VI, 0.25);
      assert.equal(g.passed, false);
      assert.equal(g.attemptsUsed, i + 1);
    }
    const res = await startExam(t.fetch, l.bearer, VI);
    assert.equal(res.status, 409);
    assert.match(await errorOf(res), new RegExp(`^rules\\.attemptsAllowed: all ${allowed} attempts at the final exam of "${VI}" are used`));
    const list = await body<{ attemptsLeft: number }>(await t.fetch(`/api/exams/${VI}/attempts`, { headers: l.bearer }));
    assert.equal(list.attemptsLeft, 0);
  });

  test('an attempt is graded once: a second submit is 409 and changes nothing', async () => {
    const l = await learnerWithModules(VI);
    const exam = await started(l.bearer);
    const first = await submitExam(t.fetch, l.bearer, VI, exam.attempt, answersFor(VI, exam.items, 0));
    assert.equal(first.status, 200);
    const second = await submitExam(t.fetch, l.bearer, VI, exam.attempt, answersFor(VI, exam.items, exam.items.length));
    assert.equal(second.status, 409);
    assert.match(await errorOf(second), new RegExp(`^id: attempt ${exam.attempt} was already submitted`));
    const p = await progressOf(l.bearer, VI);
    assert.equal(p.certificationEligible, false);
    assert.deepEqual(p.final && [p.final.attempts, p.final.passed], [1, false]);
    const listed = await t.as('all', `/xapi/statements?registration=${exam.registration}&limit=100`);
    assert.equal(((await listed.json()) as { statements: unknown[] }).statements.length, exam.items.length + 1);
  });

  test('two submissions of one attempt at once: one is graded, the other 409', async () => {
    const l = await newLearner(t);
    const exam = await started(l.bearer);
    const both = await Promise.all([
      submitExam(t.fetch, l.bearer, VI, exam.attempt, answersFor(VI, exam.items, 0)),
      submitExam(t.fetch, l.bearer, VI, exam.attempt, answersFor(VI, exam.items, exam.items.length)),
    ]);
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
    const listed = await t.as('all', `/xapi/statements?registration=${exam.registration}&limit=100`);
    assert.equal(((await listed.json()) as { statements: unknown[] }).statements.length, exam.items.length + 1);
  });

  test('what is submitted is checked, naming the field: an item not in the attempt, a malformed response, a non-object (400); nothing is graded', async () => {
    const l = await newLearner(t);
    const exam = await started(l.bearer);
    const notInAttempt = Object.keys(examKeys[VI]!.items).find((id) => !exam.items.some((q) => q.id === id))!;
    const cases: [unknown, RegExp][] = [
      [{ answers: { [notInAttempt]: 'a' } }, new RegExp(`^body\\.answers\\.${notInAttempt}: not an item of attempt`)],
      [{ answers: { [exam.items.find((q) => q.type === 'true-false')!.id]: 'yes' } }, /: "yes" is not "true" or "false"$/],
      [{ answers: { [exam.items.find((q) => q.type === 'single')!.id]: 'z' } }, /: "z" is not a choice of this item \(a, b/],
      [{ answers: { [exam.items[0]!.id]: 3 } }, /^body\.answers\.[a-z0-9-]+: must be a response string/],
      [{ answers: [] }, /^body\.answers: /],
      [{ answers: {}, score: 1 }, /^body\.score: not a field of this request/],
      [{}, /^body\.answers: required/],
    ];
    for (const [json, message] of cases) {
      const res = await t.fetch(`/api/exams/${VI}/attempts/${exam.attempt}/submit`, { method: 'POST', headers: { ...l.bearer, 'Content-Type': 'application/json' }, body: JSON.stringify(json) });
      assert.equal(res.status, 400, JSON.stringify(json));
      assert.match(await errorOf(res), message);
    }
    const list = await body<{ attempts: { state: string }[] }>(await t.fetch(`/api/exams/${VI}/attempts`, { headers: l.bearer }));
    assert.deepEqual(list.attempts.map((a) => a.state), ['open']);
    // Well-formed wrong answers of every type are accepted.
    const ok = await submitExam(t.fetch, l.bearer, VI, exam.attempt, Object.fromEntries(exam.items.map((q) => [q.id, wrongAnswer(VI, q)])));
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal((await body<GradedExam>(ok)).score.raw, 0);
  });

  test('the course in the path: not a slug (400), unknown (404), a course without a final exam (404); an unknown attempt (404)', async () => {
    const l = await newLearner(t);
    for (const [path, status, message] of [
      ['/api/exams/Not_A_Slug/attempts', 400, /^slug: "Not_A_Slug" is not a course slug/],
      [`/api/exams/no-such-course-${randomUUID().slice(0, 8)}/attempts`, 404, /^slug: no course/],
      ['/api/exams/workers-rights/attempts', 404, /^slug: course "workers-rights" has no final exam/],
    ] as const) {
      const res = await t.fetch(path, { method: 'POST', headers: l.bearer });
      assert.equal(res.status, status, path);
      assert.match(await errorOf(res), message);
    }
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const res = await submitExam(t.fetch, l.bearer, VI, id, {});
      assert.equal(res.status, 404);
    }
  });

  test('DESIGN §3 credentials: a learner token may not void the exam grader\'s statements about them (403); the record stays', async () => {
    const l = await newLearner(t);
    const graded = await takeExam(t.fetch, l.bearer, VI, 0);
    const listed = await t.as('all', `/xapi/statements?registration=${graded.registration}&verb=${encodeURIComponent(`${ADL}failed`)}`);
    const [failed] = ((await listed.json()) as { statements: Json[] }).statements;
    assert.ok(failed);
    const res = await t.fetch('/xapi/statements', {
      method: 'POST',
      headers: { ...l.bearer, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
      body: JSON.stringify([{ actor: l.learner.actor, verb: { id: `${ADL}voided` }, object: { objectType: 'StatementRef', id: failed.id } }]),
    });
    assert.equal(res.status, 403);
    assert.match(await errorOf(res), /^statements\[0\]\.object\.id: a learner token may not void the exam grader's statements/);
  });
});
