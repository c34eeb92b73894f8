// The demo host page (server/demo.ts) in Chromium at 360×640, as `npm start` serves it: Lao
// first, one script and one element, links to every course, and a demo learner whose
// credential can write to the LRS but not read others' statements. Issue 4 "The demo".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, startServer, type Browser, type Server } from './support.js';

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

  it('gives the element a demo learner: an opaque id kept on the device and a credential scoped to writing and own reads', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    const learner = await page.evaluate(() => (document.querySelector('champa-course') as unknown as { learner: { endpoint: string; auth: string; actor: { account: { name: string; homePage: string } } } }).learner);
    assert.match(learner.actor.account.name, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(learner.actor.account.homePage, `${server.url}/demo-learners`);
    assert.equal(learner.endpoint, `${server.url}/xapi/`);
    await page.reload();
    const again = await page.evaluate(() => localStorage.getItem('champa-demo-learner'));
    assert.equal(again, learner.actor.account.name, 'the same learner after a reload');

    const headers = { Authorization: learner.auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' };
    const write = await fetch(`${server.url}/xapi/statements`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ actor: learner.actor, verb: { id: 'http://adlnet.gov/expapi/verbs/initialized' }, object: { id: 'https://champa.la/xapi/activities/course/workers-rights' } }),
    });
    assert.equal(write.status, 200, await write.clone().text());
    const readAll = await fetch(`${server.url}/xapi/activities/profile?activityId=${encodeURIComponent('https://champa.la/xapi/activities/course/workers-rights')}`, { headers });
    assert.equal(readAll.status, 403, 'no profile scope');
  });
});
