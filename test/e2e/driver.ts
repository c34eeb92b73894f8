// Drives <champa-course> the way a learner does, with real clicks in Chromium: reads which
// screen is showing (through the elements' open shadow roots), answers the question on screen
// (right, from the compiled course the element holds, or wrong on purpose), and steps through
// lessons, quizzes, tests and the exam. Not for assertions: the tests make those.
import type { ElementHandle, Page } from 'playwright-core';

export type Screen =
  | { kind: 'loading' }
  | { kind: 'home'; courseCompleted: boolean }
  | { kind: 'lesson'; iri: string }
  | { kind: 'quiz-intro'; assessment: string; canStart: boolean; passed: boolean | null }
  | { kind: 'question'; assessment: string; questionIri: string; answered: boolean; mode: string }
  | { kind: 'exam'; phase: string; questionId: string | null; canStart: boolean; passed: boolean | null }
  | { kind: 'done'; courseCompleted: boolean }
  | { kind: 'locked' }
  | { kind: 'unknown'; text: string };

/** What is on screen now. */
export function screen(page: Page): Promise<Screen> {
  return page.evaluate(() => {
    type El = HTMLElement & Record<string, any>;
    const course = document.querySelector('champa-course') as El | null;
    const root = course?.shadowRoot;
    if (!course || !root || !course.data) return { kind: 'loading' } as const;
    const view = root.querySelector('.view');
    if (!view) return { kind: 'loading' } as const;
    const lesson = view.querySelector('champa-lesson') as El | null;
    if (lesson) return { kind: 'lesson', iri: String(lesson.lesson?.iri) } as const;
    const exam = view.querySelector('champa-exam') as El | null;
    if (exam?.shadowRoot) {
      const r = exam.shadowRoot;
      const index = Math.min(exam.saved?.index ?? 0, (exam.attempt?.items?.length ?? 1) - 1);
      const result = r.querySelector('[part~="result"]');
      return {
        kind: 'exam',
        phase: String(exam.phase),
        questionId: exam.phase === 'answering' ? String(exam.attempt?.items?.[index]?.id ?? '') : null,
        canStart: !!r.querySelector('[part~="start"]:not([disabled])'),
        passed: result ? result.classList.contains('is-passed') : null,
      } as const;
    }
    const quiz = view.querySelector('champa-quiz') as El | null;
    if (quiz?.shadowRoot) {
      const question = quiz.shadowRoot.querySelector('champa-question') as El | null;
      if (question?.question) {
        return { kind: 'question', assessment: quiz.assessment, questionIri: question.question.iri, answered: question.answered != null, mode: quiz.mode } as const;
      }
      const result = quiz.shadowRoot.querySelector('[part~="result"]');
      return {
        kind: 'quiz-intro',
        assessment: quiz.assessment,
        canStart: !!quiz.shadowRoot.querySelector('[part~="start"]'),
        passed: result ? result.classList.contains('is-passed') : null,
      } as const;
    }
    if (view.querySelector('.home')) return { kind: 'home', courseCompleted: !!course.progress?.courseCompleted } as const;
    if (course.view?.kind === 'done') return { kind: 'done', courseCompleted: !!course.progress?.courseCompleted } as const;
    if (course.view?.kind === 'posttest' || course.view?.kind === 'exam') return { kind: 'locked' } as const;
    return { kind: 'unknown', text: (view.textContent ?? '').slice(0, 200) } as const;
  }) as Promise<Screen>;
}

/** Waits until the screen is no longer `loading`. */
export async function waitForPlayer(page: Page, ms = 20_000): Promise<Screen> {
  const deadline = Date.now() + ms;
  // The course shows its first page before resume state is read; `ready` settles after both.
  await page.waitForFunction(() => customElements.get('champa-course') !== undefined, undefined, { timeout: ms });
  await page.evaluate(() => (document.querySelector('champa-course') as unknown as { ready: Promise<void> }).ready);
  for (;;) {
    const s = await screen(page);
    if (s.kind !== 'loading') return s;
    if (Date.now() > deadline) throw new Error('the player did not load');
    await page.waitForTimeout(50);
  }
}

/** An element found by a function run in the page (shadow roots walked by hand). */
async function handle(page: Page, find: string, arg?: unknown): Promise<ElementHandle<Element>> {
  const h = await page.evaluateHandle(
    ({ find, arg }) => {
      type El = HTMLElement & Record<string, any>;
      const course = document.querySelector('champa-course') as El;
      const view = course.shadowRoot!.querySelector('.view')!;
      const quiz = view.querySelector('champa-quiz') as El | null;
      const question = quiz?.shadowRoot?.querySelector('champa-question') as El | null;
      const q = question?.shadowRoot;
      const exam = (view.querySelector('champa-exam') as El | null)?.shadowRoot;
      const a = arg as any;
      switch (find) {
        case 'exam-part':
          return exam!.querySelector(`[part~="${a}"]`);
        case 'exam-input':
          return exam!.querySelector(`form.item input[value="${a}"]`);
        case 'exam-move-up':
          return exam!.querySelector(`form.item .move[data-id="${a}"][data-dir="-1"]`);
        case 'exam-select':
          return exam!.querySelector(`form.item select[data-left="${a}"]`);
        case 'home-start':
          return view.querySelector('.home .actions button');
        case 'lesson-finish':
          return view.querySelector('champa-lesson')!.shadowRoot!.querySelector('[part~="finish"]');
        case 'quiz-start':
          return quiz!.shadowRoot!.querySelector('[part~="start"]');
        case 'quiz-continue':
          return [...quiz!.shadowRoot!.querySelectorAll('.actions button')].find((b) => !b.matches('[part~="start"]')) ?? null;
        case 'quiz-next':
          return quiz!.shadowRoot!.querySelector('.actions button');
        case 'input':
          return q!.querySelector(`input[value="${a}"]`);
        case 'move-up':
          return q!.querySelector(`.move[data-id="${a}"][data-dir="-1"]`);
        case 'select':
          return q!.querySelectorAll('select')[a as number] ?? null;
        case 'submit':
          return q!.querySelector('[part~="submit"]');
        case 'lang':
          return course.shadowRoot!.querySelector(`[part~="lang"] button[lang="${a}"]`);
        case 'outline':
          return view.querySelector('.to-outline');
        default:
          return null;
      }
    },
    { find, arg },
  );
  const el = h.asElement();
  if (!el) throw new Error(`no element for ${find}${arg === undefined ? '' : ` ${JSON.stringify(arg)}`} on ${JSON.stringify(await screen(page))}`);
  return el as ElementHandle<Element>;
}

export const click = async (page: Page, find: string, arg?: unknown) => (await handle(page, find, arg)).click();

interface Q {
  id: string;
  iri: string;
  type: string;
  answer?: boolean;
  choices?: { id: string; correct?: boolean }[];
  items?: { id: string }[];
  pairs?: { id: string }[];
  left?: { id: string }[];
  right?: { id: string }[];
}

const SEP = '[,]';
const PAIR = '[.]';

let examKeys: Record<string, { items: Record<string, { correct: string }> }> | undefined;

/**
 * The right response to a question in xAPI format: from its key when the served question has
 * one (quizzes, tests), else from the server-only key file (final-exam items are served
 * without keys, with an `explanation` nowhere).
 */
async function rightResponse(q: Q): Promise<string> {
  if (!('explanation' in q)) {
    examKeys ??= (await import('../../dist/courses/keys.js')).examKeys as never;
    const slug = /\/course\/([^/]+)\//.exec(q.iri)?.[1] ?? '';
    const key = examKeys![slug]?.items[q.id]?.correct;
    if (!key) throw new Error(`no key for ${q.iri}`);
    return key;
  }
  switch (q.type) {
    case 'true-false':
      return String(q.answer);
    case 'ordering':
      return q.items!.map((i) => i.id).join(SEP);
    case 'matching':
      return q.pairs!.map((p) => `${p.id}${PAIR}${p.id}`).join(SEP);
    default:
      return q.choices!.filter((c) => c.correct).map((c) => c.id).join(SEP);
  }
}

/** A response that is not right: another choice, the opposite, two items swapped, pairs rotated. */
function wrongResponse(q: Q, right: string): string {
  const parts = right.split(SEP);
  switch (q.type) {
    case 'true-false':
      return right === 'true' ? 'false' : 'true';
    case 'ordering':
      return [parts[1]!, parts[0]!, ...parts.slice(2)].join(SEP);
    case 'matching': {
      const pairs = parts.map((p) => p.split(PAIR) as [string, string]);
      return pairs.map(([l], i) => `${l}${PAIR}${pairs[(i + 1) % pairs.length]![1]}`).join(SEP);
    }
    default: {
      const other = q.choices!.map((c) => c.id).find((id) => !parts.includes(id))!;
      return other;
    }
  }
}

/** Answers the question on screen, rightly unless `wrong`, and submits it. */
export async function answer(page: Page, wrong = false): Promise<void> {
  const { q, order } = await page.evaluate(() => {
    type El = HTMLElement & Record<string, any>;
    const view = (document.querySelector('champa-course') as El).shadowRoot!.querySelector('.view')!;
    const question = (view.querySelector('champa-quiz') as El).shadowRoot!.querySelector('champa-question') as El;
    const order = [...question.shadowRoot!.querySelectorAll('.move[data-dir="1"]')].map((b) => (b as HTMLElement).dataset.id!);
    return { q: question.question as Record<string, unknown>, order };
  });
  const question = q as unknown as Q;
  const right = await rightResponse(question);
  const response = wrong ? wrongResponse(question, right) : right;
  switch (question.type) {
    case 'true-false':
      await click(page, 'input', response);
      break;
    case 'single':
    case 'multiple':
    case 'scenario':
      for (const id of response.split(SEP)) await click(page, 'input', id);
      break;
    case 'ordering': {
      const want = response.split(SEP);
      const now = [...order];
      for (let i = 0; i < want.length; i++) {
        let at = now.indexOf(want[i]!);
        while (at > i) {
          await click(page, 'move-up', want[i]);
          [now[at - 1], now[at]] = [now[at]!, now[at - 1]!];
          at--;
        }
      }
      break;
    }
    case 'matching': {
      const lefts = (question.pairs ?? question.left ?? []).map((x) => x.id);
      for (const pair of response.split(SEP)) {
        const [l, r] = pair.split(PAIR) as [string, string];
        await (await handle(page, 'select', lefts.indexOf(l))).selectOption(r);
      }
      break;
    }
    default:
      throw new Error(`cannot answer a ${question.type} question`);
  }
  const before = await screen(page);
  await click(page, 'submit');
  // Wait for the press to take: the question locks (quiz), or the next one shows (test).
  const deadline = Date.now() + 5_000;
  for (;;) {
    const now = await screen(page);
    if (!(now.kind === 'question' && before.kind === 'question' && now.questionIri === before.questionIri && !now.answered)) return;
    if (Date.now() > deadline) throw new Error(`the answer to ${JSON.stringify(question)} did not take`);
    await page.waitForTimeout(20);
  }
}

/** Answers the final-exam item on screen (rightly, from the server-side key) and moves on. */
export async function answerExam(page: Page, wrong = false): Promise<void> {
  const { q, order } = await page.evaluate(() => {
    type El = HTMLElement & Record<string, any>;
    const view = (document.querySelector('champa-course') as El).shadowRoot!.querySelector('.view')!;
    const exam = view.querySelector('champa-exam') as El;
    const index = Math.min(exam.saved.index, exam.attempt.items.length - 1);
    const order = [...exam.shadowRoot!.querySelectorAll('form.item .move[data-dir="1"]')].map((b) => (b as HTMLElement).dataset.id!);
    return { q: exam.attempt.items[index] as Record<string, unknown>, order };
  });
  const question = q as unknown as Q;
  const right = await rightResponse(question);
  const response = wrong ? wrongResponse(question, right) : right;
  switch (question.type) {
    case 'true-false':
      await click(page, 'exam-input', response);
      break;
    case 'ordering': {
      const want = response.split(SEP);
      const now = [...order];
      for (let i = 0; i < want.length; i++) {
        let at = now.indexOf(want[i]!);
        while (at > i) {
          await click(page, 'exam-move-up', want[i]);
          [now[at - 1], now[at]] = [now[at]!, now[at - 1]!];
          at--;
        }
      }
      break;
    }
    case 'matching':
      for (const pair of response.split(SEP)) {
        const [l, r] = pair.split(PAIR) as [string, string];
        await (await handle(page, 'exam-select', l)).selectOption(r);
      }
      break;
    default:
      for (const id of response.split(SEP)) await click(page, 'exam-input', id);
  }
  await click(page, 'exam-part', 'next');
}

/** After an answer: presses "Next" / "Finish" when the quiz shows it (a test moves on by itself). */
export async function next(page: Page): Promise<void> {
  const s = await screen(page);
  if (s.kind === 'question' && s.answered) await click(page, 'quiz-next');
}

/**
 * Takes one step: whatever a learner would press next on this screen, answering questions
 * rightly. Returns the screen it acted on.
 */
export async function step(page: Page): Promise<Screen> {
  const s = await waitForPlayer(page);
  switch (s.kind) {
    case 'home':
      await click(page, 'home-start');
      break;
    case 'lesson':
      await click(page, 'lesson-finish');
      break;
    case 'quiz-intro':
      if (s.passed === null || (!s.passed && s.canStart)) await click(page, 'quiz-start');
      else await click(page, 'quiz-continue');
      break;
    case 'question':
      if (!s.answered) await answer(page);
      else await click(page, 'quiz-next');
      break;
    case 'exam':
      if (s.phase === 'answering') await answerExam(page);
      else if (s.phase === 'review') await click(page, 'exam-part', 'submit');
      else if (s.phase === 'intro' || s.phase === 'result') {
        if (s.passed) await click(page, 'exam-part', 'continue');
        else if (s.canStart) await click(page, 'exam-part', 'start');
        else await page.waitForTimeout(100);
      } else await page.waitForTimeout(100); // loading, starting, submitting: the server answers
      break;
    case 'done':
    case 'locked':
    case 'unknown':
      throw new Error(`nothing to press on ${JSON.stringify(s)}`);
  }
  // Let Lit render the result of the press before the next look.
  await page.waitForTimeout(10);
  return s;
}

/** Steps until the course's completion page, or throws after `max` steps. */
export async function takeCourse(page: Page, max = 1000): Promise<Screen> {
  for (let i = 0; i < max; i++) {
    const s = await waitForPlayer(page);
    if (s.kind === 'done') return s;
    await step(page);
  }
  throw new Error(`course not finished in ${max} steps; on ${JSON.stringify(await screen(page))}`);
}

/** Steps until `stop` holds for the screen (checked before each step), or throws after `max` steps. */
export async function stepUntil(page: Page, stop: (s: Screen) => boolean, max = 500): Promise<Screen> {
  for (let i = 0; i < max; i++) {
    const s = await waitForPlayer(page);
    if (stop(s)) return s;
    await step(page);
  }
  throw new Error(`condition not reached in ${max} steps; on ${JSON.stringify(await screen(page))}`);
}

/** The player's own record of the learner's progress (what it saves as resume state). */
export function progress(page: Page): Promise<{ viewed: string[]; assessments: Record<string, { passed: boolean; attempts: number }>; runs: Record<string, { items: string[]; answers: Record<string, unknown> }>; courseCompleted: boolean }> {
  return page.evaluate(() => (document.querySelector('champa-course') as unknown as { progress: never }).progress);
}

/** What the player shows as waiting to be sent, and whether it says it is offline. */
export function status(page: Page): Promise<{ pending: number; online: boolean; lang: string }> {
  return page.evaluate(() => {
    const c = document.querySelector('champa-course') as unknown as { pending: number; online: boolean; lang: string };
    return { pending: c.pending, online: c.online, lang: c.lang };
  });
}
