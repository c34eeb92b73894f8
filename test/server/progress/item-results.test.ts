// The item results progress keeps for item analysis (R5, migration 0009): per learner x
// course, the first score on each assessment and the first answer to each question in each
// assessment, with the Lao day it was given on; statements POSTed through the real LRS, rows
// read back from the in-process database and decoded. Node only: it reads the tables.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { CompiledCourse } from '../../../courses/schema.js';
import { startTarget, type Target } from '../../support/target.js';
import { agentKeyOf, compiledCourse, newLearner, player, postOk, statement, voiding, type Actor } from './statements.js';

let t: Target;
let wr: CompiledCourse;
before(async () => {
  t = await startTarget();
  wr = compiledCourse('workers-rights');
});
after(() => t.close());

const db = () => t.local!.db;

interface Decoded {
  /** First score per assessment. */
  scores: Record<string, number>;
  /** "assessment/question": [day, success]. */
  answers: Record<string, [day: string, success: 0 | 1]>;
}

/** The learner's progress_item_results row, decoded with the course's question numbers (null: no row). */
async function itemResults(a: Actor, course: string): Promise<Decoded | null> {
  const row = await db()
    .selectFrom('progress_item_results')
    .select('results')
    .where('agent_key', '=', agentKeyOf(a))
    .where('course', '=', course)
    .executeTakeFirst();
  if (!row) return null;
  const numbers = await db().selectFrom('progress_items').select(['n', 'item']).where('course', '=', course).execute();
  const itemOf = new Map(numbers.map((r) => [r.n, r.item]));
  const out: Decoded = { scores: {}, answers: {} };
  const lines = row.results.split('\n');
  assert.deepEqual(lines, [...lines].sort((x, y) => {
    const [ax, dx] = x.split('\t');
    const [ay, dy] = y.split('\t');
    return ax! < ay! ? -1 : ax! > ay! ? 1 : dx! < dy! ? -1 : dx! > dy! ? 1 : 0;
  }), 'lines sorted by assessment, then day (a score line first)');
  for (const line of lines) {
    const [assessment, day, rest] = line.split('\t') as [string, string, string];
    if (day === '') {
      out.scores[assessment] = Number(rest);
      continue;
    }
    assert.match(day, /^\d{4}-\d{2}-\d{2}$/);
    for (const token of rest.split(' ')) {
      const x = Number(token);
      const item = itemOf.get(x >> 1);
      assert.ok(item !== undefined, `question number ${x >> 1} is in progress_items`);
      const key = `${assessment}/${item}`;
      assert.equal(out.answers[key], undefined, `${key} once`);
      out.answers[key] = [day, (x & 1) as 0 | 1];
    }
  }
  return out;
}

const [q1, q2, q3] = ['pp-red-flags', 'pp-dispute-routes', 'pp-c87'];

test('R5 item results: the first answer per question and assessment whatever the arrival order, re-takes and answers without success left out, the first score, the Lao day', async () => {
  const a = newLearner();
  const p = player(wr, a);
  const pre = wr.prePostTest!.pretestIri;
  const post = wr.prePostTest!.posttestIri;
  const [chk] = wr.banks.checks!;
  const quiz = wr.modules.find((m) => m.quiz)!;
  const [quizQ] = wr.banks[quiz.quiz!.bank]!;
  // The re-take and the post-test arrive first.
  await postOk(t, [
    p.answer(q1, true, 20, pre),
    p.test('pretest', 0.9, 21),
    // 17:20 UTC on 1 March is 00:20 on 2 March in Laos.
    p.answer(q1, true, 560, post),
    p.test('posttest', 0.8, 561),
  ]);
  assert.deepEqual(await itemResults(a, wr.slug), {
    scores: { pretest: 0.9, posttest: 0.8 },
    answers: { [`pretest/${q1}`]: ['2026-03-01', 1], [`posttest/${q1}`]: ['2026-03-02', 1] },
  });
  await postOk(t, [
    // An answer that does not say whether it was right is no result: the next one is first.
    statement(a, 'answered', wr.questions[q1]!.iri, { minute: 9, parent: pre, grouping: wr.iri, result: { response: 'a' } }),
    p.answer(q1, false, 10, pre),
    p.answer(q2, true, 11, pre),
    p.test('pretest', 0.5, 12),
    // The pre/post bank without a test in the context: where it was asked is not known.
    p.answer(q3, false, 30),
    p.answer(chk!, true, 5),
    p.answer(quizQ!, false, 40, quiz.quiz!.iri),
    p.answer(quizQ!, true, 41, quiz.quiz!.iri),
  ]);
  assert.deepEqual(await itemResults(a, wr.slug), {
    scores: { pretest: 0.5, posttest: 0.8 },
    answers: {
      [`pretest/${q1}`]: ['2026-03-01', 0],
      [`pretest/${q2}`]: ['2026-03-01', 1],
      [`posttest/${q1}`]: ['2026-03-02', 1],
      [`/${q3}`]: ['2026-03-01', 0],
      [`check/${chk}`]: ['2026-03-01', 1],
      [`quiz-${quiz.slug}/${quizQ}`]: ['2026-03-01', 0],
    },
  });
});

test('R5 item results, xAPI Data §2.2.7 voiding: voiding the first answer makes the next earliest first (ties by statement id); voiding the rest removes the result, then the row', async () => {
  const a = newLearner();
  const p = player(wr, a);
  const pre = wr.prePostTest!.pretestIri;
  const id = randomUUID().slice(1);
  // Two answers at the same minute: the lower statement id is the first.
  const tieLow = { ...p.answer(q1, false, 20, pre), id: `0${id}` };
  const tieHigh = { ...p.answer(q1, true, 20, pre), id: `f${id}` };
  const first = p.answer(q1, true, 10, pre);
  const score = p.test('pretest', 0.6, 30);
  await postOk(t, [tieHigh, first, tieLow, score]);
  assert.deepEqual((await itemResults(a, wr.slug))?.answers, { [`pretest/${q1}`]: ['2026-03-01', 1] });

  await postOk(t, [voiding(a, first, 100)]);
  assert.deepEqual((await itemResults(a, wr.slug))?.answers, { [`pretest/${q1}`]: ['2026-03-01', 0] }, 'the tie goes to the lower id');
  await postOk(t, [voiding(a, tieLow, 101)]);
  assert.deepEqual((await itemResults(a, wr.slug))?.answers, { [`pretest/${q1}`]: ['2026-03-01', 1] });
  await postOk(t, [voiding(a, tieHigh, 102)]);
  assert.deepEqual(await itemResults(a, wr.slug), { scores: { pretest: 0.6 }, answers: {} }, 'the score stays');
  await postOk(t, [voiding(a, score, 103)]);
  assert.equal(await itemResults(a, wr.slug), null, 'nothing left: no row');
});

test('R5 item results: question numbers are given once per course and never change (0, 1, 2, … in the order first met)', async () => {
  const numbers = async () =>
    Object.fromEntries((await db().selectFrom('progress_items').select(['item', 'n']).where('course', '=', wr.slug).execute()).map((r) => [r.item, r.n]));
  const before = await numbers();
  assert.ok(Object.keys(before).length > 0, 'the tests above numbered some questions');
  const unseen = wr.banks.prepost!.filter((q) => !(q in before)).sort();
  assert.ok(unseen.length >= 2, 'questions not yet met');
  const a = newLearner();
  const p = player(wr, a);
  const answer = p.answer(unseen[1]!, true, 1, wr.prePostTest!.pretestIri);
  await postOk(t, [answer, p.answer(unseen[0]!, false, 2, wr.prePostTest!.pretestIri), p.answer(q1, true, 3, wr.prePostTest!.pretestIri)]);
  const after = await numbers();
  const k = Object.keys(before).length;
  assert.deepEqual(after, { ...before, [unseen[0]!]: k, [unseen[1]!]: k + 1 }, 'new questions numbered next, by id within one write; the others unchanged');
  assert.deepEqual(Object.values(after).sort((x, y) => x - y), [...Array(k + 2).keys()], 'dense from 0');
  await postOk(t, [voiding(a, answer, 10)]);
  assert.deepEqual(await numbers(), after, 'voiding takes no number back');
});
