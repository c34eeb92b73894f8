// GET /dashboard (server/dashboard-page.ts) over HTTP, in process and on workerd
// (CHAMPA_TEST_URL): a public, Lao-first HTML shell that loads the dashboard's own hashed build
// under a strict Content-Security-Policy. The element in a browser: test/e2e/dashboard.test.ts.
// Issue 6 part 4, DESIGN §8 (admin/trainer pages served by the same server), §9.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../support/target.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(async () => {
  await t.close();
});

/** The attribute values of every tag `tag` in `html` that has attribute `attr`. */
const attrs = (html: string, tag: string, attr: string) =>
  [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${attr}="([^"]*)"`, 'g'))].map((m) => m[1]!);

test('DESIGN §8 GET /dashboard: a Lao-first HTML page with <champa-dashboard>, a viewport, a title in Lao and English and a <noscript> message; no session needed', async () => {
  const res = await t.fetch('/dashboard');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type') ?? '', /^text\/html/);
  const html = await res.text();
  assert.match(html, /<html lang="lo">/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(html, /<title>[^<]*[\u0E80-\u0EFF][^<]*·[^<]*dashboard[^<]*<\/title>/, 'the title says it in Lao, then in English');
  assert.match(html, /<champa-dashboard>[\s\S]*<\/champa-dashboard>/);
  assert.match(html, /<noscript>[\s\S]*JavaScript[\s\S]*<\/noscript>/);
});

test('GET /dashboard loads the dashboard build (not /embed.js): its module script and preloaded chunks are served as JavaScript', async () => {
  const html = await (await t.fetch('/dashboard')).text();
  const scripts = attrs(html, 'script', 'src');
  assert.equal(scripts.length, 1, 'one module script');
  assert.match(scripts[0]!, /^\/assets\/dashboard\.[A-Z0-9]+\.js$/);
  assert.match(html, /<script type="module" src="\/assets\/dashboard\.[A-Z0-9]+\.js"><\/script>/);
  assert.ok(!html.includes('/embed.js'), 'the player loader stays out of the staff page');
  const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]!);
  for (const src of [...scripts, ...preloads]) {
    const res = await t.fetch(src);
    assert.equal(res.status, 200, src);
    assert.match(res.headers.get('Content-Type') ?? '', /^text\/javascript/, src);
    assert.equal(res.headers.get('Cache-Control'), 'public, max-age=31536000, immutable', src);
    const body = await res.text();
    assert.ok(body.length > 0, src);
  }
  const entry = await (await t.fetch(scripts[0]!)).text();
  assert.ok(entry.includes('champa-dashboard'), 'the entry defines <champa-dashboard>');
  for (const file of preloads) assert.ok(entry.includes(file.slice('/assets/'.length)), `the entry imports the preloaded ${file}`);
});

test('DESIGN §9 GET /dashboard: revalidated on every visit (its script names change per build) under a strict CSP with no inline script', async () => {
  const res = await t.fetch('/dashboard');
  assert.equal(res.headers.get('Cache-Control'), 'no-cache');
  assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
  const csp = res.headers.get('Content-Security-Policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  assert.deepEqual(directives.get('script-src'), ["'self'"], `script-src 'self' only: ${csp}`);
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('connect-src'), ["'self'"]);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  const html = await res.text();
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, a, body]) => !/\bsrc="/.test(a!) || body!.trim() !== '');
  assert.deepEqual(inline, [], 'no inline script, which the CSP would refuse anyway');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
});

test('RFC 9110 §9.3.2 HEAD /dashboard: the GET headers without a body', async () => {
  const res = await t.fetch('/dashboard', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type') ?? '', /^text\/html/);
  assert.ok(res.headers.get('Content-Security-Policy'));
  assert.equal(res.headers.get('Cache-Control'), 'no-cache');
  assert.equal((await res.arrayBuffer()).byteLength, 0);
});

test('GET /dashboard/<path> and /dashboardx are not the page (routes live in the hash: #/cohorts, #/reports/...)', async () => {
  for (const path of ['/dashboard/cohorts', '/dashboardx']) {
    const res = await t.fetch(path);
    assert.equal(res.status, 404, path);
    await res.body?.cancel();
  }
});
