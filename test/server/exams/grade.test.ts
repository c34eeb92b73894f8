// The final exam's pure rules (server/exams/grade.ts) and the statements of a graded attempt
// (server/exams/grader.ts): drawing, response checks and marking per question type, scoring
// at the mastery score, the grader's authority, and statements that pass the LRS's validation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExamItemKey, ExamQuestion } from '../../../courses/schema.js';
import { courses as bundled } from '../../../dist/courses/bundle.js';
import { examKeys } from '../../../dist/courses/keys.js';
import { settingsFromEnv } from '../../../server/deps.js';
import { examGrader, isExamGrader } from '../../../server/exams/authority.js';
import { drawItems, isRight, MIN_SCENARIO_ITEMS, responseProblem, scoreOf } from '../../../server/exams/grade.js';
import { attemptStatements, isFinalExamActivity } from '../../../server/exams/grader.js';
import { learnerAgent, learnerAuthority } from '../../../server/identity/learner-tokens.js';
import { validateStatement } from '../../../server/xapi/validate.js';

const loc = (en: string) => ({ lo: `ລາວ ${en}`, en });
const base = { bank: 'final', iri: 'https://champa.la/xapi/activities/course/x/question/q', prompt: loc('Prompt') };
const single: ExamQuestion = { ...base, id: 'q-single', interactionType: 'choice', type: 'single', choices: [{ id: 'a', text: loc('A') }, { id: 'b', text: loc('B') }, { id: 'c', text: loc('C') }] };
const multiple: ExamQuestion = { ...single, id: 'q-multiple', type: 'multiple' };
const tf: ExamQuestion = { ...base, id: 'q-tf', interactionType: 'true-false', type: 'true-false' };
const ordering: ExamQuestion = { ...base, id: 'q-order', interactionType: 'sequencing', type: 'ordering', items: [{ id: 'z', text: loc('Z') }, { id: 'x', text: loc('X') }, { id: 'y', text: loc('Y') }] };
const matching: ExamQuestion = {
  ...base,
  id: 'q-match',
  interactionType: 'matching',
  type: 'matching',
  left: [{ id: 'l1', text: loc('L1') }, { id: 'l2', text: loc('L2') }, { id: 'l3', text: loc('L3') }],
  right: [{ id: 'r1', text: loc('R1') }, { id: 'r2', text: loc('R2') }, { id: 'r3', text: loc('R3') }],
};
const key = (type: ExamItemKey['type'], correct: string): ExamItemKey => ({ type, correct, explanation: loc('Why'), feedback: {} });

let seed = 11;
const rng = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);

test('drawItems: `count` distinct items of the bank, at least two case-based ones even when the shuffle drew none', () => {
  const bank = Array.from({ length: 26 }, (_, i) => `q${i}`);
  const cases = new Set(['q24', 'q25']);
  for (let i = 0; i < 200; i++) {
    const drawn = drawItems(bank, 10, true, (id) => cases.has(id), rng);
    assert.equal(drawn.length, 10);
    assert.equal(new Set(drawn).size, 10);
    assert.ok(drawn.every((id) => bank.includes(id)));
    assert.equal(drawn.filter((id) => cases.has(id)).length, MIN_SCENARIO_ITEMS);
  }
  // Not randomised: the first items in bank order, the last swapped for case items, order kept.
  assert.deepEqual(drawItems(bank, 5, false, (id) => cases.has(id)), ['q0', 'q1', 'q2', 'q24', 'q25']);
  // count 0 or more than the bank: all of it.
  assert.equal(drawItems(bank, 0, true, () => false, rng).length, 26);
  assert.equal(drawItems(bank, 99, false, () => false).length, 26);
  // A bank with fewer case items than the minimum gives what it has.
  assert.equal(drawItems(bank, 5, true, (id) => id === 'q25', rng).filter((id) => id === 'q25').length, 1);
});

test('responseProblem: each type names what is malformed; an empty response is no answer, not malformed', () => {
  assert.equal(responseProblem(single, ''), null);
  assert.equal(responseProblem(single, 'b'), null);
  assert.match(responseProblem(single, 'a[,]b')!, /takes one/);
  assert.match(responseProblem(single, 'd')!, /"d" is not a choice of this item \(a, b, c\)/);
  assert.equal(responseProblem(multiple, 'a[,]c'), null);
  assert.match(responseProblem(multiple, 'a[,]a')!, /"a" is given twice/);
  assert.equal(responseProblem(tf, 'false'), null);
  assert.match(responseProblem(tf, 'False')!, /not "true" or "false"/);
  assert.equal(responseProblem(ordering, 'x[,]y[,]z'), null);
  assert.match(responseProblem(ordering, 'x[,]y')!, /orders 2 of the 3 items/);
  assert.match(responseProblem(ordering, 'x[,]y[,]w')!, /"w" is not an item/);
  assert.equal(responseProblem(matching, 'l1[.]r2[,]l2[.]r1'), null, 'a partial matching is an answer (marked wrong)');
  assert.match(responseProblem(matching, 'l1[.]r2[,]l1[.]r3')!, /"l1" is matched twice/);
  assert.match(responseProblem(matching, 'l1[.]r2[,]l2[.]r2')!, /"r2" is matched twice/);
  assert.match(responseProblem(matching, 'l1-r2')!, /not a pair/);
  assert.match(responseProblem(matching, 'l9[.]r1')!, /"l9" is not a left-hand item/);
});

test('isRight: exact for single, true-false and ordering; as sets for multiple-answer choices and matched pairs; nothing for no answer', () => {
  assert.equal(isRight(single, key('single', 'b'), 'b'), true);
  assert.equal(isRight(single, key('single', 'b'), 'a'), false);
  assert.equal(isRight(single, key('single', 'b'), ''), false);
  assert.equal(isRight(multiple, key('multiple', 'a[,]c'), 'c[,]a'), true);
  assert.equal(isRight(multiple, key('multiple', 'a[,]c'), 'a'), false);
  assert.equal(isRight(tf, key('true-false', 'false'), 'false'), true);
  assert.equal(isRight(ordering, key('ordering', 'x[,]y[,]z'), 'x[,]y[,]z'), true);
  assert.equal(isRight(ordering, key('ordering', 'x[,]y[,]z'), 'y[,]x[,]z'), false);
  assert.equal(isRight(matching, key('matching', 'l1[.]r3[,]l2[.]r1[,]l3[.]r2'), 'l3[.]r2[,]l1[.]r3[,]l2[.]r1'), true);
  assert.equal(isRight(matching, key('matching', 'l1[.]r3[,]l2[.]r1[,]l3[.]r2'), 'l1[.]r3[,]l2[.]r1'), false);
});

test('scoreOf: one point per right item; passes at the mastery score exactly (18/24 at 0.75), not one below', () => {
  const results = (right: number, of: number) => Array.from({ length: of }, (_, i) => i < right);
  assert.deepEqual(scoreOf(results(18, 24), 0.75), { raw: 18, max: 24, scaled: 0.75, passed: true });
  assert.equal(scoreOf(results(17, 24), 0.75).passed, false);
  assert.equal(scoreOf(results(4, 5), 0.8).passed, true);
  assert.equal(scoreOf([], 0.5).passed, false);
});

test('the exam grader: its principal\'s authority is recognised; a learner token\'s and an LRS client\'s are not', () => {
  const settings = settingsFromEnv({ CHAMPA_PUBLIC_URL: 'https://training.example.la' });
  const grader = examGrader(settings);
  assert.deepEqual(grader.authority, { objectType: 'Agent', name: 'Champa exam grader', account: { homePage: 'https://training.example.la/xapi/clients', name: 'champa-exam-grader' } });
  assert.equal(isExamGrader(grader.authority), true);
  // The same grader under an earlier public URL (a rebuild after moving the deployment).
  assert.equal(isExamGrader({ ...grader.authority, account: { homePage: 'http://localhost:8787/xapi/clients', name: 'champa-exam-grader' } }), true);
  assert.equal(isExamGrader(learnerAuthority(settings)), false);
  assert.equal(isExamGrader({ objectType: 'Agent', name: 'Test client all', account: { homePage: 'https://training.example.la/xapi/clients', name: 'test-all' } }), false);
  assert.equal(isExamGrader({ objectType: 'Agent', account: { homePage: 'https://evil.example/elsewhere', name: 'champa-exam-grader' } }), false);
  assert.equal(isExamGrader(undefined), false);
});

test('isFinalExamActivity: a certification course\'s final assessment and its items; not quizzes, the pre/post-test or other courses', () => {
  for (const slug of ['victim-identification', 'digital-evidence']) {
    const c = JSON.parse(bundled[slug]!.json) as { finalExam: { iri: string; questions: Record<string, { iri: string }> }; modules: { quiz: { iri: string } | null }[]; prePostTest: { pretestIri: string }; questions: Record<string, { iri: string }> };
    assert.equal(isFinalExamActivity(c.finalExam.iri), true);
    for (const q of Object.values(c.finalExam.questions)) assert.equal(isFinalExamActivity(q.iri), true, q.iri);
    assert.equal(isFinalExamActivity(c.modules[0]!.quiz!.iri), false);
    assert.equal(isFinalExamActivity(c.prePostTest.pretestIri), false);
    for (const q of Object.values(c.questions)) assert.equal(isFinalExamActivity(q.iri), false, q.iri);
  }
  assert.equal(isFinalExamActivity('https://champa.la/xapi/activities/course/workers-rights/assessment/final'), false);
});

test('attemptStatements: every statement of a real graded attempt passes the LRS validation and carries no correct response', () => {
  const slug = 'victim-identification';
  const course = JSON.parse(bundled[slug]!.json) as { iri: string; version: string; finalExam: { iri: string; questions: Record<string, ExamQuestion> } };
  const items = Object.values(course.finalExam.questions).map((q, i) => ({ question: q, response: i % 2 ? examKeys[slug]!.items[q.id]!.correct : '', success: i % 2 === 1 }));
  const statements = attemptStatements({
    course,
    actor: learnerAgent(settingsFromEnv({}), '00000000-0000-4000-8000-00000000a001'),
    registration: '6f1c0d6e-3b1e-4f53-9d2a-0c8f6f0f0001',
    items,
    score: scoreOf(items.map((i) => i.success), 0.75),
    started: new Date('2026-05-01T08:00:00.000Z'),
    at: new Date('2026-05-01T08:42:03.500Z'),
  });
  assert.equal(statements.length, items.length + 1);
  statements.forEach((s, i) => validateStatement(structuredClone(s), '2.0.0', `statements[${i}]`));
  for (const v of ['1.0.3', '2.0.0'] as const) statements.forEach((s, i) => validateStatement(structuredClone(s), v, `statements[${i}]`));
  assert.ok(!JSON.stringify(statements).includes('correctResponsesPattern'));
  const last = statements.at(-1) as { verb: { id: string }; result: { score: unknown; success: boolean; duration: string } };
  assert.equal(last.verb.id, 'http://adlnet.gov/expapi/verbs/failed');
  assert.equal(last.result.duration, 'PT42M3.5S');
  assert.equal(last.result.success, false);
});
