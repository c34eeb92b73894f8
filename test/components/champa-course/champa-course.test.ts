// <champa-course> in Chromium: loads a course from the server, records the session
// (initialized, terminated), resumes from the recorder's state, keeps progress across a
// language switch, completes modules and the course under the course rules (DESIGN §4-§6),
// shows offline status and outbox size, offers "Save for offline" with the size first, and
// is usable at 360×640 and by keyboard.
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../components/champa-course/champa-course.js';
import type { ChampaCourse } from '../../../components/champa-course/champa-course.js';
import type { ChampaLangChangeEvent } from '../../../components/shared/events.js';
import type { Progress } from '../../../components/shared/progress.js';
import type { CompiledCourse } from '../../../components/shared/types.js';
import type { ChampaQuestion } from '../../../components/champa-question/champa-question.js';
import { $, $$, FakeRecorder, assert, course, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';

/** A one-module course from real data whose tests and quiz ask only single-choice/true-false items (simple to answer). */
async function mini(): Promise<CompiledCourse> {
  const c = structuredClone(await course());
  const simple = Object.values(c.questions).filter((q) => q.type === 'single' || q.type === 'true-false').map((q) => q.id);
  const mod = { ...c.modules[0]!, lessons: c.modules[0]!.lessons.slice(0, 1), quiz: { ...c.modules[0]!.quiz!, items: 2 } };
  return {
    ...c,
    modules: [mod],
    banks: { ...c.banks, [mod.quiz.bank]: simple.slice(0, 3), [c.prePostTest!.bank]: simple.slice(3, 6) },
    prePostTest: { ...c.prePostTest!, items: 2 },
    rules: { ...c.rules, masteryScore: 0.5, attemptsAllowed: 0 },
  };
}

async function start(props: Partial<ChampaCourse> = {}, attrs: Record<string, string> = {}) {
  const recorder = (props.recorder as FakeRecorder | undefined) ?? new FakeRecorder();
  const el = await mount<ChampaCourse>('champa-course', { recorder, ...props }, { src: location.origin, ...attrs });
  await el.ready;
  return { el, recorder };
}

const view = (el: ChampaCourse) => $(el, '.view');
const click = async (el: ChampaCourse, node: HTMLElement) => {
  node.click();
  await el.updateComplete;
};
const buttonWith = (root: Element | ShadowRoot, text: string) => {
  const b = $$<HTMLButtonElement>(root, 'button').find((x) => x.textContent!.includes(text));
  if (!b) throw new Error(`no button "${text}"`);
  return b;
};

/** Answers every question of the quiz or test on screen rightly, then finishes it. */
async function passAssessment(el: ChampaCourse): Promise<void> {
  const quiz = $(view(el), 'champa-quiz') as HTMLElement & { updateComplete: Promise<unknown> };
  await click(el, $(quiz, '[part=start]'));
  for (let i = 0; i < 10; i++) {
    await quiz.updateComplete;
    if ($$(quiz, '[part=result]').length) return;
    const q = $(quiz, 'champa-question') as ChampaQuestion;
    if (!q.isAnswered) {
      const question = q.question!;
      const value = question.type === 'true-false' ? String(question.answer) : question.type === 'single' ? question.choices.find((c) => c.correct)!.id : '';
      $<HTMLInputElement>(q, `input[value="${value}"]`).click();
      $(q, 'button[type=submit]').click();
      await q.updateComplete;
      await quiz.updateComplete;
    }
    const nextButton = $$<HTMLButtonElement>(quiz, '.actions .btn')[0];
    if (nextButton && !$$(quiz, '[part=result]').length) nextButton.click();
  }
  await quiz.updateComplete;
  assert($$(quiz, '[part=result]').length, 'the assessment ended');
}

const continueFrom = async (el: ChampaCourse) => {
  const quiz = $(view(el), 'champa-quiz');
  await click(el, $$<HTMLButtonElement>(quiz, '.actions .btn').at(-1)!);
};

describe('<champa-course>', () => {
  afterEach(async () => {
    unmountAll();
    await setViewport({ width: 800, height: 600 });
  });

  it('loads the course from the server, shows its home in Lao, and records "initialized" for the course', async () => {
    const c = await course();
    const { el, recorder } = await start({}, { course: 'workers-rights' });
    equal($(el, '.title').textContent, c.title.lo, 'title in Lao');
    equal(recorder.calls.map((x) => [x.method, x.iri]), [['initialized', c.iri]], 'initialized once');
    assert(view(el).textContent!.includes(c.summary.lo), 'summary');
    const progress = $(view(el), 'champa-progress') as HTMLElement & { value: number; max: number };
    equal(progress.value, 0, 'nothing done yet');
  });

  it('shows an error with a retry button for an unknown course', async () => {
    const el = await mount<ChampaCourse>('champa-course', {}, { src: location.origin, course: 'no-such-course' });
    await el.ready;
    assert($(el, '[role=alert]').textContent, 'error shown');
    assert($(el, 'button').textContent, 'retry offered');
  });

  it('lesson flow: the outline opens a lesson, focus moves to its title, finishing records "experienced" and moves on', async () => {
    const c = await course();
    const { el, recorder } = await start({}, { course: 'workers-rights' });
    const outline = $(el, '.side champa-outline');
    const lesson = c.modules[0]!.lessons[0]!;
    await click(el, buttonWith(outline.shadowRoot!, lesson.title.lo));
    const lessonEl = $(view(el), 'champa-lesson') as HTMLElement & { updateComplete: Promise<unknown> };
    await lessonEl.updateComplete;
    await until(() => deepActive() === $(lessonEl, 'h2'), 'focus on the lesson title');
    await click(el, $(lessonEl, '[part=finish]'));
    equal(recorder.of('experienced').map((x) => [x.iri, x.opts.parent]), [[lesson.iri, c.modules[0]!.iri]], 'experienced with the module as parent');
    const next = c.modules[0]!.lessons[1]!;
    assert(($(view(el), 'champa-lesson') as HTMLElement & { lesson: { iri: string } }).lesson.iri === next.iri, 'the next lesson is shown');
    const saved = recorder.state.get('progress') as Progress;
    equal(saved.viewed, [lesson.iri], 'progress saved through setState');
    equal(saved.view, { kind: 'lesson', module: c.modules[0]!.slug, lesson: next.slug }, 'bookmark saved');
  });

  it('resumes at the bookmark from the recorder state after a reload', async () => {
    const c = await course();
    const recorder = new FakeRecorder();
    const bookmark = { kind: 'lesson', module: c.modules[1]!.slug, lesson: c.modules[1]!.lessons[0]!.slug };
    await recorder.setState('progress', { v: 1, view: bookmark, viewed: [c.modules[0]!.lessons[0]!.iri], assessments: {}, runs: {}, modulesCompleted: [], courseCompleted: false });
    const { el } = await start({ recorder }, { course: 'workers-rights' });
    const shown = $(view(el), 'champa-lesson') as HTMLElement & { lesson: { iri: string } };
    equal(shown.lesson.iri, c.modules[1]!.lessons[0]!.iri, 'opens where the learner left off');
    equal(deepActive() === $(shown, 'h2'), false, 'without stealing the focus from the host page');
  });

  it('a reload mid-quiz resumes the same attempt at the same question', async () => {
    const data = await mini();
    const recorder = new FakeRecorder();
    const first = await start({ recorder, courseData: data });
    await click(first.el, buttonWith($(first.el, '.side champa-outline').shadowRoot!, 'ແບບທົດສອບກ່ອນຮຽນ'));
    const quiz = $(view(first.el), 'champa-quiz') as HTMLElement & { updateComplete: Promise<unknown> };
    await click(first.el, $(quiz, '[part=start]'));
    const q1 = ($(quiz, 'champa-question') as ChampaQuestion).question!.id;
    $<HTMLInputElement>($(quiz, 'champa-question'), 'input').click();
    $($(quiz, 'champa-question'), 'button[type=submit]').click();
    await quiz.updateComplete;
    const q2 = ($(quiz, 'champa-question') as ChampaQuestion).question!.id;
    assert(q1 !== q2, 'the test moved to question 2');
    unmountAll(); // a killed tab
    const second = await start({ recorder, courseData: data });
    const again = $(view(second.el), 'champa-quiz') as HTMLElement & { updateComplete: Promise<unknown> };
    await again.updateComplete;
    equal(($(again, 'champa-question') as ChampaQuestion).question!.id, q2, 'same attempt, same question');
  });

  it('switching language keeps every bit of progress, tells the recorder and fires champa-lang-change', async () => {
    const c = await course();
    const { el, recorder } = await start({}, { course: 'workers-rights' });
    const changes: ChampaLangChangeEvent[] = [];
    el.addEventListener('champa-lang-change', (e) => changes.push(e));
    const lesson = c.modules[0]!.lessons[0]!;
    await click(el, buttonWith($(el, '.side champa-outline').shadowRoot!, lesson.title.lo));
    await click(el, $($(view(el), 'champa-lesson'), '[part=finish]'));
    const before = JSON.stringify(recorder.state.get('progress'));
    await click(el, buttonWith(el.shadowRoot!, 'English'));
    await el.ready; // the English text is loaded first
    equal(el.getAttribute('lang'), 'en', 'lang reflects');
    equal($(el, '.title').textContent, c.title.en, 'title in English');
    equal(recorder.lang, 'en', 'recorder told');
    equal(changes.map((e) => e.lang), ['en'], 'event');
    equal(JSON.stringify(recorder.state.get('progress')), before, 'progress unchanged');
    const shown = $(view(el), 'champa-lesson') as HTMLElement & { lesson: { iri: string } };
    equal(shown.lesson.iri, c.modules[0]!.lessons[1]!.iri, 'same place');
    assert($(shown, 'h2').textContent === c.modules[0]!.lessons[1]!.title.en, 'lesson in English');
  });

  it('the whole course: pre-test, lesson, quiz, post-test; completes the module and the course once; terminated on leave', async () => {
    const data = await mini();
    const { el, recorder } = await start({ courseData: data });
    await click(el, buttonWith(view(el), 'ເລີ່ມແບບທົດສອບກ່ອນຮຽນ'));
    assert($(view(el), 'champa-quiz'), 'the home button starts the pre-test');
    await passAssessment(el);
    await continueFrom(el);
    await click(el, $($(view(el), 'champa-lesson'), '[part=finish]'));
    await passAssessment(el);
    equal(recorder.of('completed').map((x) => x.iri), [data.modules[0]!.iri], 'module completed when its quiz is passed');
    await continueFrom(el);
    await passAssessment(el);
    await continueFrom(el);
    equal(recorder.of('completed').map((x) => x.iri), [data.modules[0]!.iri, data.iri], 'then the course');
    equal(recorder.of('passed').map((x) => x.iri), [data.prePostTest!.pretestIri, data.modules[0]!.quiz!.iri, data.prePostTest!.posttestIri], 'passed per assessment');
    assert(view(el).textContent!.includes('ສຳເລັດ'), 'completion shown');
    equal((recorder.state.get('progress') as Progress).courseCompleted, true, 'saved');
    el.remove();
    const term = recorder.of('terminated');
    equal(term.map((x) => x.iri), [data.iri], 'terminated on leave');
    assert(typeof term[0]!.opts.durationMs === 'number', 'with the session duration');
  });

  it('a module quiz answer keeps its feedback on screen until Next', async () => {
    const data = await mini();
    const { el } = await start({ courseData: data });
    await click(el, buttonWith($(el, '.side champa-outline').shadowRoot!, 'ແບບທົດສອບທ້າຍພາກ'));
    const quiz = $(view(el), 'champa-quiz') as HTMLElement & { updateComplete: Promise<unknown> };
    await click(el, $(quiz, '[part=start]'));
    const q = $(quiz, 'champa-question') as ChampaQuestion;
    const id = q.question!.id;
    $<HTMLInputElement>(q, 'input').click();
    $(q, 'button[type=submit]').click();
    await q.updateComplete;
    await el.updateComplete;
    await quiz.updateComplete;
    equal(($(quiz, 'champa-question') as ChampaQuestion).question!.id, id, 'still the answered question');
    assert($(q, '[part=feedback]'), 'with its feedback');
  });

  it('moving the element in the page ends the session and starts a new one', async () => {
    const data = await mini();
    const { el, recorder } = await start({ courseData: data });
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await until(() => recorder.of('initialized').length === 2, 'a second initialized');
    equal(recorder.calls.map((c) => c.method), ['initialized', 'terminated', 'initialized'], 'session statements');
  });

  it('progress read back from the LRS later updates the outline without moving a learner who has moved on', async () => {
    const data = await mini();
    const { el, recorder } = await start({ courseData: data });
    const lesson = data.modules[0]!.lessons[0]!;
    await click(el, buttonWith($(el, '.side champa-outline').shadowRoot!, 'ແບບທົດສອບທ້າຍພາກ'));
    await recorder.setState('progress', { v: 1, view: { kind: 'home' }, viewed: [lesson.iri], assessments: {}, runs: {}, modulesCompleted: [], courseCompleted: false });
    recorder.dispatchEvent(Object.assign(new Event('champa-state-change'), { detail: { keys: ['progress'] } }));
    const outline = $(el, '.side champa-outline') as HTMLElement & { progress: Progress; updateComplete: Promise<unknown> };
    await until(() => outline.progress.viewed.includes(lesson.iri), 'the outline to take the read-back progress');
    assert($(view(el), 'champa-quiz'), 'the learner stays on the quiz');
  });

  it('post-test is locked until every module is complete', async () => {
    const data = await mini();
    const { el } = await start({ courseData: data });
    const entries = $$<HTMLButtonElement>($(el, '.side champa-outline').shadowRoot!, '[part=entry]');
    equal(entries.at(-1)!.disabled, true, 'post-test entry disabled');
  });

  it('shows "offline" and the number of records waiting from the recorder\'s outbox events', async () => {
    const { el, recorder } = await start({}, { course: 'workers-rights' });
    equal($(el, '[part=status]').textContent!.trim(), '', 'nothing to say online with an empty outbox');
    recorder.dispatchEvent(Object.assign(new Event('champa-outbox-change'), { detail: { pending: 3, online: false, rejected: 0 } }));
    await el.updateComplete;
    const status = $(el, '[part=status]').textContent!;
    assert(status.includes('ບໍ່ມີອິນເຕີເນັດ'), `offline shown (${status})`);
    assert(status.includes('3'), 'three records waiting');
  });

  it('"Save for offline" shows the download size before downloading', async () => {
    const { el } = await start({}, { course: 'workers-rights' });
    await click(el, buttonWith(el.shadowRoot!, 'ບັນທຶກໄວ້'));
    await until(() => el.shadowRoot!.querySelector('.save[role=group]') !== null, 'the size question');
    const ask = $(el, '.save[role=group]').textContent!;
    assert(/\d/.test(ask), `a size is shown (${ask})`);
    await click(el, buttonWith($(el, '.save[role=group]'), 'ດາວໂຫຼດ'));
    await until(() => $(el, '.save').textContent!.includes('✓'), 'saved');
  });

  it('at 360×640 it is one column with no horizontal scrolling; the outline sits on the home view', async () => {
    await setViewport({ width: 360, height: 640 });
    const c = await course();
    const { el } = await start({}, { course: 'workers-rights' });
    equal(getComputedStyle($(el, '.side')).display, 'none', 'no side outline');
    assert($(el, '.home-outline champa-outline'), 'outline on the home view');
    assert(el.scrollWidth <= 360, `no overflow at home (${el.scrollWidth})`);
    await click(el, buttonWith($(el, '.home-outline champa-outline').shadowRoot!, c.modules[0]!.lessons[0]!.title.lo));
    const lesson = $(view(el), 'champa-lesson') as HTMLElement & { updateComplete: Promise<unknown> };
    await lesson.updateComplete;
    assert(el.scrollWidth <= 360, `no overflow in a lesson (${el.scrollWidth})`);
    assert(getComputedStyle($(el, '.to-outline')).display !== 'none', 'a way back to the outline');
  });

  it('keyboard: the language switch and the outline are reachable and operable', async () => {
    await setViewport({ width: 1280, height: 800 });
    const { el } = await start({}, { course: 'workers-rights' });
    const en = buttonWith(el.shadowRoot!, 'English');
    en.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    equal(el.lang, 'en', 'Enter switches the language');
    equal(en.getAttribute('aria-pressed'), 'true', 'pressed state');
    await sendKeys({ press: 'Tab' });
    const active = deepActive();
    assert(active && active.getAttribute('part') === 'entry', `Tab goes on to the outline (${active?.outerHTML.slice(0, 60)})`);
  });

  it('passes axe at home, in a lesson and in a quiz', async () => {
    const c = await course();
    const { el } = await start({}, { course: 'workers-rights' });
    await expectAccessible(el);
    await click(el, buttonWith($(el, '.side champa-outline').shadowRoot!, c.modules[0]!.lessons[0]!.title.lo));
    await ($(view(el), 'champa-lesson') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    await expectAccessible(el);
    const quizEntry = $$<HTMLButtonElement>($(el, '.side champa-outline').shadowRoot!, '[part=entry]').find((b) => b.textContent!.includes('ແບບທົດສອບທ້າຍພາກ'))!;
    await click(el, quizEntry);
    await expectAccessible(el);
  });
});
