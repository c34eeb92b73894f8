// <champa-quiz> in Chromium: items drawn from a bank per the course rules, one question at a
// time, feedback in quiz mode and none in test mode, attempts enforced, the attempt scored
// against the mastery score and recorded as xAPI passed/failed with result.score (scaled,
// raw, min, max; xAPI Data 2.5.1) and duration; an attempt in progress resumes.
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/champa-quiz/champa-quiz.js';
import type { ChampaQuestion } from '../../../components/champa-question/champa-question.js';
import type { ChampaQuiz } from '../../../components/champa-quiz/champa-quiz.js';
import type { ChampaQuizProgressEvent, ChampaQuizResultEvent, QuizRun } from '../../../components/shared/events.js';
import type { CompiledQuestion } from '../../../components/shared/types.js';
import { $, $$, FakeRecorder, assert, course, deepActive, equal, expectAccessible, mount, unmountAll } from '../support.js';

const ASSESSMENT = 'https://champa.la/xapi/activities/course/t/assessment/quiz-x';
const MODULE = 'https://champa.la/xapi/activities/course/t/module/x';

/** Single-choice and true/false questions from the real course: simple to answer right or wrong. */
async function pool(n: number): Promise<CompiledQuestion[]> {
  const c = await course();
  const qs = Object.values(c.questions).filter((q) => q.type === 'single' || q.type === 'true-false');
  assert(qs.length >= n, `at least ${n} simple questions`);
  return qs.slice(0, n);
}

function currentQuestion(quiz: ChampaQuiz): ChampaQuestion {
  return $(quiz, 'champa-question') as ChampaQuestion;
}

/** Answers the question on screen, right or wrong, and submits. */
async function answer(quiz: ChampaQuiz, right: boolean): Promise<void> {
  const el = currentQuestion(quiz);
  const q = el.question!;
  let value: string;
  if (q.type === 'true-false') value = String(right ? q.answer : !q.answer);
  else if (q.type === 'single') value = q.choices.find((c) => c.correct === right)!.id;
  else throw new Error(`unexpected ${q.type}`);
  $<HTMLInputElement>(el, `input[value="${value}"]`).click();
  $(el, 'button[type=submit]').click();
  await el.updateComplete;
  await quiz.updateComplete;
}

async function next(quiz: ChampaQuiz): Promise<void> {
  $(quiz, '.actions .btn').click();
  await quiz.updateComplete;
}

async function setup(props: Partial<ChampaQuiz> = {}, n = 6) {
  const recorder = new FakeRecorder();
  const questions = await pool(n);
  const quiz = await mount<ChampaQuiz>('champa-quiz', { questions, recorder, masteryScore: 0.8, items: 5, randomise: true, ...props }, { assessment: ASSESSMENT, parent: MODULE, heading: 'Quiz X' });
  const progress: (QuizRun | null)[] = [];
  const results: ChampaQuizResultEvent[] = [];
  quiz.addEventListener('champa-quiz-progress', (e: ChampaQuizProgressEvent) => progress.push(e.run));
  quiz.addEventListener('champa-quiz-result', (e) => results.push(e));
  return { quiz, recorder, questions, progress, results };
}

describe('<champa-quiz>', () => {
  afterEach(unmountAll);

  it('intro states the number of questions, the mastery score and the attempts left; Start draws `items` questions', async () => {
    const { quiz, progress, questions } = await setup({ attemptsAllowed: 3, attemptsUsed: 1 }, 8);
    const intro = $(quiz, '.facts').textContent!;
    assert(intro.includes('5'), 'five questions');
    assert(intro.includes('80'), 'mastery 80 %');
    assert(intro.includes('2'), 'two attempts left');
    $(quiz, '[part=start]').click();
    await quiz.updateComplete;
    equal(progress.length, 1, 'a run started');
    const run = progress[0]!;
    equal(run.items.length, 5, 'five items drawn');
    equal(new Set(run.items).size, 5, 'no repeats');
    assert(run.items.every((id) => questions.some((q) => q.id === id)), 'from the bank');
    equal(currentQuestion(quiz).question!.id, run.items[0], 'the first drawn question is shown');
  });

  it('without randomisation the first `items` questions are asked in bank order', async () => {
    const { quiz, progress, questions } = await setup({ randomise: false });
    $(quiz, '[part=start]').click();
    await quiz.updateComplete;
    equal(progress[0]!.items, questions.slice(0, 5).map((q) => q.id), 'bank order');
  });

  it('quiz mode: feedback after each answer, then Next; a full pass records "passed" with the score, duration and parent', async () => {
    const { quiz, recorder, results } = await setup();
    $(quiz, '[part=start]').click();
    await quiz.updateComplete;
    for (let i = 0; i < 5; i++) {
      await answer(quiz, true);
      assert($(currentQuestion(quiz), '[part=feedback]').textContent, `feedback for question ${i + 1}`);
      await next(quiz);
    }
    equal(recorder.of('answered').length, 5, 'five answers recorded');
    assert(recorder.of('answered').every((c) => c.opts.parent === ASSESSMENT), 'answers sit in the assessment');
    const passed = recorder.of('passed');
    equal(passed.length, 1, 'one passed');
    equal(passed[0]!.iri, ASSESSMENT, 'about the assessment');
    equal({ ...passed[0]!.opts, durationMs: 0 }, { scaled: 1, raw: 5, min: 0, max: 5, durationMs: 0, parent: MODULE }, 'score');
    equal(results.map((r) => [r.scaled, r.passed]), [[1, true]], 'result event');
    assert($(quiz, '[part=result]').textContent!.includes('100'), 'the score is shown');
    equal(deepActive(), $(quiz, 'h2'), 'focus on the result heading');
  });

  it('4 of 5 reaches a mastery score of 0.8 exactly (no float slip)', async () => {
    const { quiz, recorder } = await setup();
    $(quiz, '[part=start]').click();
    await quiz.updateComplete;
    for (let i = 0; i < 5; i++) {
      await answer(quiz, i !== 2);
      await next(quiz);
    }
    equal(recorder.of('passed').map((c) => c.opts.scaled), [0.8], 'passed at 0.8');
  });

  it('failing records "failed"; attempts are enforced', async () => {
    const { quiz, recorder } = await setup({ attemptsAllowed: 2 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      $(quiz, '[part=start]').click();
      await quiz.updateComplete;
      for (let i = 0; i < 5; i++) {
        await answer(quiz, i < 2);
        await next(quiz);
      }
      equal(recorder.of('failed').length, attempt, `attempt ${attempt} failed`);
      equal(recorder.of('failed')[attempt - 1]!.opts.scaled, 0.4, 'scaled 2/5');
    }
    equal($$(quiz, '[part=start]').length, 0, 'no third attempt');
    assert($(quiz, '.facts').textContent!.length > 0, 'says no attempts are left');
  });

  it('test mode: no feedback, the next question follows at once', async () => {
    const { quiz, recorder } = await setup({ mode: 'test' });
    $(quiz, '[part=start]').click();
    await quiz.updateComplete;
    const first = currentQuestion(quiz).question!.id;
    await answer(quiz, false);
    equal($$(currentQuestion(quiz), '[part=feedback]').length, 0, 'no feedback');
    assert(currentQuestion(quiz).question!.id !== first, 'moved on');
    for (let i = 1; i < 5; i++) await answer(quiz, true);
    equal(recorder.of('passed').length, 1, 'scored after the last answer');
  });

  it('resumes an attempt in progress at the first unanswered question', async () => {
    const questions = await pool(6);
    const ids = questions.slice(0, 5).map((q) => q.id);
    const run: QuizRun = { items: ids, answers: { [ids[0]!]: { response: 'x', success: true }, [ids[1]!]: { response: 'y', success: false } }, startedAt: Date.now() - 1000 };
    const { quiz, recorder } = await setup({ run });
    equal(currentQuestion(quiz).question!.id, ids[2], 'third question');
    for (let i = 2; i < 5; i++) {
      await answer(quiz, true);
      await next(quiz);
    }
    equal(recorder.of('passed').map((c) => c.opts.raw), [4], 'earlier answers count');
    assert((recorder.of('passed')[0]!.opts.durationMs as number) >= 1000, 'duration from the start of the attempt');
  });

  it('switching the language keeps the question and the answer', async () => {
    const { quiz } = await setup();
    $(quiz, '[part=start]').click();
    await quiz.updateComplete;
    await answer(quiz, true);
    const id = currentQuestion(quiz).question!.id;
    quiz.lang = 'en';
    await quiz.updateComplete;
    await currentQuestion(quiz).updateComplete;
    equal(currentQuestion(quiz).question!.id, id, 'same question');
    assert(currentQuestion(quiz).isAnswered, 'still answered');
    assert($(currentQuestion(quiz), 'legend').textContent === currentQuestion(quiz).question!.prompt.en, 'in English');
  });

  it('is keyboard-operable: Enter starts, focus lands on the question heading', async () => {
    const { quiz } = await setup();
    $(quiz, '[part=start]').focus();
    await sendKeys({ press: 'Enter' });
    await quiz.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    equal(deepActive(), $(quiz, 'h3'), 'focus on "question 1 of 5"');
  });

  it('passes axe at the intro, on a question with feedback, and at the result', async () => {
    const { quiz } = await setup();
    await expectAccessible(quiz);
    $(quiz, '[part=start]').click();
    await quiz.updateComplete;
    await answer(quiz, false);
    await expectAccessible(quiz);
    await next(quiz);
    for (let i = 1; i < 5; i++) {
      await answer(quiz, true);
      await next(quiz);
    }
    await expectAccessible(quiz);
  });
});
