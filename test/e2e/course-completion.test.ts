// A learner takes a certification course on the demo page from the first screen to the
// completion page, in Chromium at 360×640 against the real Node server, and the LRS holds the
// whole record: every lesson experienced, every answer, every module quiz and the final exam
// passed with their scores, modules and course completed, all in one registration, with
// nothing personal in any actor. The server's derived progress says certificate-eligible.
// Issue 4 "take a course from start to certificate-eligible completion"; DESIGN §3, §5, §7.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { CompiledCourse } from '../../courses/schema.js';
import { takeCourse, waitForPlayer } from './driver.js';
import { VERB, demoActor, missing, openBrowser, startServer, statementsOf, until, type Browser, type Server } from './support.js';

const SLUG = 'victim-identification';

describe(`e2e: ${SLUG} from start to certificate-eligible completion (issue 4)`, () => {
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

  it('takes every lesson, quiz, pre-test, post-test and the final exam, and the LRS holds each step once', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/?course=${SLUG}`);
    const first = await waitForPlayer(page);
    assert.equal(first.kind, 'home', 'a new learner starts on the course page');
    const done = await takeCourse(page);
    assert.deepEqual(done, { kind: 'done', courseCompleted: true });

    const actor = await demoActor(page, server);
    // Everything reaches the LRS without any action from the learner.
    await until(async () => (await page.evaluate(() => (document.querySelector('champa-course') as unknown as { pending: number }).pending)) === 0, 20_000, 'an empty outbox');
    const all = await statementsOf(server, actor);

    const ids = all.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'no statement twice');
    for (const s of all) {
      assert.deepEqual(Object.keys(s.actor).sort(), ['account', 'objectType'], `actor of ${s.id} is the opaque account only`);
      // The exam grader's statements (server/exams/grader.ts) need not say a language.
      if (s.context?.language !== undefined) assert.equal(s.context.language, 'lo', 'Lao throughout');
    }
    // The final exam's statements are the exam grader's (server/exams/grader.ts), under the exam
    // attempt's own registration; everything the player recorded shares the course attempt's.
    const examIris = new Set([course.finalExam!.iri, ...Object.values(course.finalExam!.questions).map((q) => q.iri)]);
    const registrations = new Set(all.filter((s) => !examIris.has(s.object.id)).map((s) => s.context?.registration));
    assert.equal(registrations.size, 1, 'one registration for the attempt');
    assert.equal(new Set(all.filter((s) => examIris.has(s.object.id)).map((s) => s.context?.registration)).size, 1, 'one exam attempt, under its own registration');
    const of = (verb: string) => all.filter((s) => s.verb.id === VERB(verb));

    assert.equal(of('initialized').filter((s) => s.object.id === course.iri).length, 1, 'initialized once');
    const lessons = course.modules.flatMap((m) => m.lessons);
    assert.deepEqual(new Set(of('experienced').map((s) => s.object.id)), new Set(lessons.map((l) => l.iri)), 'every lesson experienced');
    for (const s of of('experienced')) assert.match(s.result?.duration ?? '', /^PT/, 'with a duration');

    const passed = new Set(of('passed').map((s) => s.object.id));
    for (const m of course.modules) assert.ok(passed.has(m.quiz!.iri), `quiz of ${m.slug} passed`);
    assert.ok(passed.has(course.finalExam!.iri), 'final exam passed');
    const exam = of('passed').find((s) => s.object.id === course.finalExam!.iri)!;
    assert.equal(exam.result?.score?.scaled, 1);
    assert.equal(exam.result?.score?.max, course.finalExam!.items);
    assert.ok(of('passed').concat(of('failed')).some((s) => s.object.id === course.prePostTest!.pretestIri), 'pre-test scored');
    assert.ok(of('passed').concat(of('failed')).some((s) => s.object.id === course.prePostTest!.posttestIri), 'post-test scored');

    const answered = of('answered');
    const expectedAnswers = course.modules.reduce((n, m) => n + m.quiz!.items, 0) + 2 * course.prePostTest!.items + course.finalExam!.items;
    assert.equal(answered.length, expectedAnswers, 'one answer per item drawn');
    for (const s of answered) {
      assert.equal(s.result?.success, true);
      assert.equal(typeof s.result?.response, 'string');
      assert.ok(s.object.definition?.interactionType, 'interactionType');
      assert.ok(s.context?.contextActivities?.parent?.[0]?.id, 'parent: where it was asked');
      assert.equal(s.context?.contextActivities?.grouping?.[0]?.id, course.iri, 'grouping: the course');
    }

    const completed = new Set(of('completed').map((s) => s.object.id));
    for (const m of course.modules) assert.ok(completed.has(m.iri), `module ${m.slug} completed`);
    assert.ok(completed.has(course.iri), 'course completed');
    assert.deepEqual(errors, [], 'no uncaught page errors');

    // The server derived the same from the statements (DESIGN §3 "progress is derived on ingest").
    const db = new Database(join(server.dir, 'champa.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT state, certification_eligible, final_passed, modules_completed, modules_total FROM progress_courses WHERE account_name = ? AND course = ?').get(actor.account.name, SLUG) as
        | { state: string; certification_eligible: number; final_passed: number; modules_completed: number; modules_total: number }
        | undefined;
      assert.ok(row, 'a progress row for the learner');
      assert.equal(row.modules_completed, row.modules_total);
      assert.equal(row.final_passed, 1);
      assert.equal(row.certification_eligible, 1, 'certificate-eligible');
    } finally {
      db.close();
    }
  });
});
