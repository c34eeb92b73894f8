// The learner switches between Lao and English in the middle of a lesson and of a quiz: the
// screen stays where it was, no answer or lesson is lost, statements carry the language they
// were made in, all in one registration, and a reload still resumes. Issue 4 "switch language
// mid-course and keep progress"; DESIGN §6.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompiledCourse } from '../../courses/schema.js';
import { answer, click, next, progress, screen, status, stepUntil, waitForPlayer, type Screen } from './driver.js';
import { VERB, demoActor, missing, openBrowser, startServer, statementsOf, until, type Browser, type Server } from './support.js';

const SLUG = 'workers-rights';

/** The language the lesson on screen is rendered in, and its first heading. */
function lessonShown(page: Browser['page']) {
  return page.evaluate(() => {
    const view = (document.querySelector('champa-course') as HTMLElement).shadowRoot!.querySelector('.view')!;
    const lesson = view.querySelector('champa-lesson') as (HTMLElement & { lang: string }) | null;
    return lesson ? { lang: lesson.lang, title: lesson.shadowRoot!.querySelector('h2')?.textContent?.trim() ?? '' } : null;
  });
}

describe('e2e: switching language mid-course keeps every bit of progress (issue 4)', () => {
  let server: Server;
  let browser: Browser;
  let course: CompiledCourse;
  before(async () => {
    const why = missing();
    if (why) throw new Error(why);
    server = await startServer();
    browser = await openBrowser();
    course = (await (await fetch(`${server.url}/api/courses/${SLUG}`)).json()) as CompiledCourse;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the place, the answers and the registration across lo → en → lo, and statements say which language', async () => {
    const { page } = browser;
    const mod = course.modules[0]!;
    const [lesson1, lesson2] = [mod.lessons[0]!, mod.lessons[1]!];
    const quiz = mod.quiz!;
    await page.goto(`${server.url}/?course=${SLUG}`);
    await waitForPlayer(page);
    await stepUntil(page, (s) => s.kind === 'lesson' && s.iri === lesson2.iri);
    assert.deepEqual(await lessonShown(page), { lang: 'lo', title: lesson2.title.lo });

    // Mid-lesson: the same lesson, now in English, with lesson 1 still read.
    await click(page, 'lang', 'en');
    await until(async () => (await lessonShown(page))?.lang === 'en', 5_000, 'the English lesson');
    assert.deepEqual(await lessonShown(page), { lang: 'en', title: lesson2.title.en });
    assert.ok((await progress(page)).viewed.includes(lesson1.iri), 'lesson 1 still read');
    assert.ok((await progress(page)).assessments[course.prePostTest!.pretestIri], 'pre-test still taken');

    // Into the quiz in English; two answers, then back to Lao mid-quiz.
    await stepUntil(page, (s) => s.kind === 'quiz-intro' && s.assessment === quiz.iri);
    await click(page, 'quiz-start');
    for (let i = 0; i < 2; i++) {
      await answer(page);
      await next(page);
    }
    const at = (await screen(page)) as Extract<Screen, { kind: 'question' }>;
    assert.equal(at.kind, 'question');
    await click(page, 'lang', 'lo');
    await until(async () => (await status(page)).lang === 'lo', 5_000, 'Lao again');
    const still = (await screen(page)) as Extract<Screen, { kind: 'question' }>;
    assert.equal(still.questionIri, at.questionIri, 'the same question after the switch');
    assert.equal(Object.keys((await progress(page)).runs[quiz.iri]!.answers).length, 2, 'both answers kept');
    await stepUntil(page, (s) => s.kind === 'quiz-intro' && s.passed !== null);
    assert.equal((await progress(page)).assessments[quiz.iri]?.passed, true, 'the quiz passed across the switch');

    // A reload keeps all of it.
    const kept = await progress(page);
    await until(async () => (await status(page)).pending === 0, 15_000, 'an empty outbox');
    await page.reload();
    await waitForPlayer(page);
    const after = await progress(page);
    assert.deepEqual(after.viewed, kept.viewed);
    assert.deepEqual(after.assessments, kept.assessments);

    const actor = await demoActor(page, server);
    const all = await statementsOf(server, actor);
    const lang = (verb: string, object: string) => all.filter((s) => s.verb.id === VERB(verb) && s.object.id === object).map((s) => s.context?.language);
    assert.deepEqual(lang('experienced', lesson1.iri), ['lo'], 'lesson 1 read in Lao');
    assert.deepEqual(lang('experienced', lesson2.iri), ['en'], 'lesson 2 finished in English');
    const answers = all.filter((s) => s.verb.id === VERB('answered') && s.context?.contextActivities?.parent?.[0]?.id === quiz.iri);
    assert.deepEqual(answers.map((s) => s.context?.language), ['en', 'en', ...Array(quiz.items - 2).fill('lo')], 'each answer in the language it was given in');
    assert.equal(new Set(all.map((s) => s.context?.registration)).size, 1, 'one registration throughout');
  });
});
