// Inside <champa-course>, a module quiz gives feedback on each answer before the next question
// (a pre-test or exam moves on without it). Issue 4 "quizzes with feedback".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answer, click, screen, stepUntil, waitForPlayer, type Screen } from './driver.js';
import { missing, openBrowser, startServer, type Browser, type Server } from './support.js';

describe('e2e: module quiz feedback inside the course player (issue 4)', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    const why = missing();
    if (why) throw new Error(why);
    server = await startServer();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps a wrong answer on screen with its feedback until the learner presses Next', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?course=workers-rights`);
    await waitForPlayer(page);
    await stepUntil(page, (s) => s.kind === 'quiz-intro' && s.assessment.includes('/assessment/quiz-'));
    await click(page, 'quiz-start');
    const first = (await screen(page)) as Extract<Screen, { kind: 'question' }>;
    assert.equal(first.mode, 'quiz');
    await answer(page, true);
    const after = (await screen(page)) as Extract<Screen, { kind: 'question' }>;
    assert.equal(after.questionIri, first.questionIri, 'still the question just answered');
    assert.equal(after.answered, true);
    const feedback = await page.evaluate(() => {
      const view = (document.querySelector('champa-course') as HTMLElement).shadowRoot!.querySelector('.view')!;
      const q = view.querySelector('champa-quiz')!.shadowRoot!.querySelector('champa-question')!.shadowRoot!;
      return q.querySelector('[part~="feedback"]')?.className ?? null;
    });
    assert.match(feedback ?? '', /is-wrong/, 'feedback says the answer was not right');
    await click(page, 'quiz-next');
    const nextQ = (await screen(page)) as Extract<Screen, { kind: 'question' }>;
    assert.notEqual(nextQ.questionIri, first.questionIri, 'Next shows the next question');
  });
});
