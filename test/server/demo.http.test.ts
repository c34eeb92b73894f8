// The demo host page (server/demo.ts) over HTTP, in process and on workerd (CHAMPA_TEST_URL):
// the page, its service worker and the demo learner work on both runtimes. The page in a
// browser is tested end to end in test/e2e/demo.test.ts. Issue 4 "The demo".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../support/target.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(async () => {
  await t.close();
});

test('GET / is a Lao-first host page with one script and one <champa-course>, any course chosen by ?course=', async () => {
  const res = await t.fetch('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type') ?? '', /^text\/html/);
  const html = await res.text();
  assert.match(html, /<html lang="lo">/);
  assert.match(html, /<script type="module" src="\/embed\.js"><\/script>/);
  assert.match(html, /<champa-course course="workers-rights"[^>]*lang="lo"/);
  for (const slug of ['workers-rights', 'victim-identification', 'digital-evidence', 'child-protection']) assert.match(html, new RegExp(`href="/\\?course=${slug}"`));
  const other = await (await t.fetch('/?course=digital-evidence')).text();
  assert.match(other, /<champa-course course="digital-evidence"/);
  const unknown = await (await t.fetch('/?course=%22%3E%3Cscript%3E')).text();
  assert.match(unknown, /<champa-course course="workers-rights"/, 'an unknown course falls back, never echoed');
  assert.doesNotMatch(unknown, /"><script>/);
});

test('GET /sw.js is the demo service worker, revalidated on every check', async () => {
  const res = await t.fetch('/sw.js');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type') ?? '', /javascript/);
  assert.equal(res.headers.get('Cache-Control'), 'no-cache');
  assert.match(await res.text(), /addEventListener\('fetch'/);
});

test('POST /demo/learner makes an anonymous learner whose device token writes its own statements only (DESIGN §3 learner tokens)', async () => {
  const res = await t.fetch('/demo/learner', { method: 'POST' });
  assert.equal(res.status, 201, await res.clone().text());
  const made = (await res.json()) as { token: string; expires: string; learnerId: string; actor: { objectType: string; account: { homePage: string; name: string } } };
  assert.match(made.token, /^clt_/);
  assert.ok(Date.parse(made.expires) > Date.now());
  assert.equal(made.actor.account.name, made.learnerId);
  assert.deepEqual(Object.keys(made.actor).sort(), ['account', 'objectType'], 'the actor carries no name');
  const headers = { Authorization: `Bearer ${made.token}`, 'X-Experience-API-Version': '2.0.0', 'Content-Type': 'application/json' };
  const statement = (actor: object) =>
    JSON.stringify({ actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: `https://champa.test/activities/${uid()}` } });
  const own = await t.fetch('/xapi/statements', { method: 'POST', headers, body: statement(made.actor) });
  assert.equal(own.status, 200, await own.clone().text());
  const other = await t.fetch('/xapi/statements', {
    method: 'POST',
    headers,
    body: statement({ objectType: 'Agent', account: { homePage: made.actor.account.homePage, name: uid() } }),
  });
  assert.equal(other.status, 403);
  const second = (await (await t.fetch('/demo/learner', { method: 'POST' })).json()) as { learnerId: string };
  assert.notEqual(second.learnerId, made.learnerId, 'each device its own learner');
});
