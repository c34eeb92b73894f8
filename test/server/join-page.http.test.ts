import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../support/target.js';
import { COURSE, newCohort } from '../support/cohorts.js';

// GET /join: the page a cohort's join URL and QR code open (DESIGN §5 way in 1).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

test('DESIGN §5 join page: the join URL opens a Lao page with <champa-join> and the code filled in', async () => {
  const c = await newCohort(t);
  const path = new URL(c.joinUrl).pathname + new URL(c.joinUrl).search;
  const res = await t.fetch(path);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  const html = await res.text();
  assert.match(html, /<html lang="lo">/);
  assert.match(html, /<script type="module" src="\/embed\.js"><\/script>/);
  assert.ok(html.includes(`<champa-join lang="lo" code="${c.joinCode}"></champa-join>`), 'the code is handed to the element');
  assert.match(html, /<champa-course lang="lo" hidden><\/champa-course>/);
});

test('DESIGN §9 join page: only what can be a code or a course reaches the page', async () => {
  const evil = await (await t.fetch(`/join?code=${encodeURIComponent('"><script>alert(1)</script>')}&course=${encodeURIComponent('"><img src=x>')}`)).text();
  assert.ok(!evil.includes('alert(1)') && !evil.includes('<img'), 'nothing injected');
  assert.match(evil, /<champa-join lang="lo"><\/champa-join>/);
  const withCourse = await (await t.fetch(`/join?course=${COURSE}`)).text();
  assert.ok(withCourse.includes(`<champa-course lang="lo" hidden data-course="${COURSE}"></champa-course>`));
  const unknown = await (await t.fetch('/join?course=no-such-course')).text();
  assert.match(unknown, /<champa-course lang="lo" hidden><\/champa-course>/);
});
