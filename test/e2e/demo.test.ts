// The demo host page (server/demo.ts) in Chromium at 360×640, as `npm start` serves it: Lao
// first, one script and one element, links to every course, and an anonymous demo learner
// whose device token writes only its own statements. Issue 4 "The demo".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, startServer, until, type Browser, type Server } from './support.js';

describe('demo host page at / (issue 4, The demo)', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is a Lao-first page embedding <champa-course> with /embed.js, linking the four courses, at 360×640', async () => {
    const { page } = browser;
    const res = await page.goto(`${server.url}/`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'lo');
    assert.equal(await page.getAttribute('script[type=module][src]', 'src'), '/embed.js');
    const el = page.locator('champa-course');
    assert.equal(await el.getAttribute('course'), 'workers-rights');
    assert.equal(await el.getAttribute('lang'), 'lo');
    const links = await page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual([...links].sort(), ['/?course=child-protection', '/?course=digital-evidence', '/?course=victim-identification', '/?course=workers-rights']);
    // Nothing wider than the phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 360px`);
    await page.goto(`${server.url}/?course=victim-identification`);
    assert.equal(await page.locator('champa-course').getAttribute('course'), 'victim-identification');
  });

  it('gives the element a demo learner: a device token for an anonymous learner, kept across reloads, that writes only its own statements', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await until(() => page.evaluate(() => !!(document.querySelector('champa-course') as unknown as { learner: unknown }).learner), 10_000, 'the demo learner');
    const learner = await page.evaluate(() => (document.querySelector('champa-course') as unknown as { learner: { endpoint: string; auth: string; actor: { account: { name: string; homePage: string } } } }).learner);
    assert.match(learner.actor.account.name, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(learner.actor.account.homePage, `${server.url}/learners`);
    assert.equal(learner.endpoint, `${server.url}/xapi/`);
    assert.match(learner.auth, /^Bearer clt_/);
    await page.reload();
    await until(() => page.evaluate(() => !!(document.querySelector('champa-course') as unknown as { learner: unknown }).learner), 10_000, 'the demo learner after a reload');
    const again = await page.evaluate(() => (document.querySelector('champa-course') as unknown as { learner: { auth: string } }).learner.auth);
    assert.equal(again, learner.auth, 'the same learner after a reload');

    const headers = { Authorization: learner.auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' };
    const statement = (actor: object) => JSON.stringify({ actor, verb: { id: 'http://adlnet.gov/expapi/verbs/initialized' }, object: { id: 'https://champa.la/xapi/activities/course/workers-rights' } });
    const own = await fetch(`${server.url}/xapi/statements`, { method: 'POST', headers, body: statement(learner.actor) });
    assert.equal(own.status, 200, await own.clone().text());
    const other = await fetch(`${server.url}/xapi/statements`, {
      method: 'POST',
      headers,
      body: statement({ objectType: 'Agent', account: { homePage: `${server.url}/learners`, name: crypto.randomUUID() } }),
    });
    assert.equal(other.status, 403, 'not as another learner');
  });

  it('refuses to make demo learners without limit from one address (429)', async () => {
    let status = 0;
    for (let i = 0; i < 130 && status !== 429; i++) status = (await fetch(`${server.url}/demo/learner`, { method: 'POST' })).status;
    assert.equal(status, 429);
  });
});
