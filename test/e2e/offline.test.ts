// The network drops in the middle of a quiz: the learner answers on, reloads the page with no
// network, answers more, and when the network returns every statement reaches the LRS exactly
// once, with the quiz resumed where it was. Issue 4 "cut the network in the middle of a quiz,
// reload, answer more, restore the network, and find every statement in the LRS exactly once";
// DESIGN §6.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompiledCourse } from '../../courses/schema.js';
import { answer, click, next, progress, screen, status, stepUntil, waitForPlayer, type Screen } from './driver.js';
import { VERB, demoActor, missing, openBrowser, startServer, statementsOf, until, type Browser, type Server } from './support.js';

const SLUG = 'workers-rights';

/** The statement ids waiting in the page's IndexedDB outbox (components/xapi/recorder.ts). */
function outboxIds(page: Browser['page']): Promise<string[]> {
  return page.evaluate(async () => {
    const dbs = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('champa-xapi|'));
    const ids: string[] = [];
    for (const name of dbs) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rows = await new Promise<{ statement: { id: string } }[]>((res, rej) => {
        const r = db.transaction('outbox').objectStore('outbox').getAll();
        r.onsuccess = () => res(r.result as never);
        r.onerror = () => rej(r.error);
      });
      ids.push(...rows.map((x) => x.statement.id));
      db.close();
    }
    return ids;
  });
}

describe('e2e: network lost mid-quiz, reload offline, nothing lost or doubled (issue 4, DESIGN §6)', () => {
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

  it('queues answers offline across a reload and delivers each statement once when the network returns', async () => {
    const { page, context } = browser;
    const quiz = course.modules[0]!.quiz!;
    await page.goto(`${server.url}/?course=${SLUG}`);
    await waitForPlayer(page);
    // Pre-test, the first module's lessons, then into its quiz.
    await stepUntil(page, (s) => s.kind === 'quiz-intro' && s.assessment === quiz.iri);
    await click(page, 'quiz-start');
    const answerOne = async () => {
      const s = await waitForPlayer(page);
      assert.equal(s.kind, 'question');
      await answer(page);
      await next(page);
    };
    await answerOne();
    await answerOne();
    // Everything so far has been delivered; the service worker is in control of the page.
    await until(async () => (await status(page)).pending === 0, 15_000, 'an empty outbox before going offline');
    await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), 15_000, 'the demo service worker');

    await context.setOffline(true);
    await answerOne();
    await until(async () => !(await status(page)).online, 5_000, 'the player to say it is offline');
    await until(async () => (await status(page)).pending > 0, 5_000, 'the answer to wait in the outbox');
    const before = await progress(page);
    const run = before.runs[quiz.iri]!;
    assert.equal(Object.keys(run.answers).length, 3, 'three answers in the resume state');

    await page.reload();
    const resumed = await waitForPlayer(page);
    assert.equal(resumed.kind, 'question', 'the reload, with no network, reopens the quiz');
    assert.equal((resumed as Extract<Screen, { kind: 'question' }>).questionIri, course.questions[run.items[3]!]!.iri, 'at the first unanswered question');
    assert.equal((await status(page)).online, false);
    await answerOne();
    const s = await screen(page);
    assert.equal(s.kind, 'question');
    await answer(page);
    await next(page); // finish: the result
    const waiting = await outboxIds(page);
    assert.ok(waiting.length >= 4, `answers, scores and session statements wait offline (${waiting.length})`);
    assert.ok((await status(page)).pending > 0);

    await context.setOffline(false);
    await until(async () => (await status(page)).pending === 0, 30_000, 'the outbox to empty after the network returns');
    assert.equal((await status(page)).online, true);

    const actor = await demoActor(page, server);
    const all = await statementsOf(server, actor);
    const ids = new Set(all.map((x) => x.id));
    for (const id of waiting) assert.ok(ids.has(id), `queued statement ${id} reached the LRS`);
    assert.equal(ids.size, all.length, 'no statement stored twice');
    const answers = all.filter((x) => x.verb.id === VERB('answered') && x.context?.contextActivities?.parent?.[0]?.id === quiz.iri);
    assert.equal(answers.length, quiz.items, `one answer per quiz item (${answers.length})`);
    assert.deepEqual(new Set(answers.map((a) => a.object.id)), new Set(run.items.map((id) => course.questions[id]!.iri)), 'the drawn items, each once');
    const scored = all.filter((x) => (x.verb.id === VERB('passed') || x.verb.id === VERB('failed')) && x.object.id === quiz.iri);
    assert.equal(scored.length, 1, 'the quiz scored once');
    assert.equal(scored[0]!.result?.score?.raw, quiz.items);
    const pretest = all.filter((x) => x.verb.id === VERB('answered') && x.context?.contextActivities?.parent?.[0]?.id === course.prePostTest!.pretestIri);
    assert.equal(pretest.length, course.prePostTest!.items, 'pre-test answers, each once');
    const lessons = all.filter((x) => x.verb.id === VERB('experienced'));
    assert.equal(lessons.length, course.modules[0]!.lessons.length, 'lessons, each once');
    assert.equal(new Set(all.map((x) => x.context?.registration)).size, 1, 'one registration throughout');
  });
});
