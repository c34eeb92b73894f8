// The course API serves exactly what `npm run courses` compiled (dist/courses/), publicly, with
// ETag revalidation. Runs in process and on workerd (CHAMPA_TEST_URL): both must serve the
// bytes on disk, since the Workers build bundles the same compiled output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTarget, type Target } from '../support/target.js';

const dist = fileURLToPath(new URL('../../dist/courses/', import.meta.url));
const onDisk = (name: string) => readFileSync(join(dist, name), 'utf8');
const index = JSON.parse(onDisk('index.json')) as { courses: { slug: string; hash: string; modules: number }[] };

let t: Target;
before(async () => {
  t = await startTarget();
});
after(async () => {
  await t.close();
});

test('GET /api/courses lists the compiled courses without credentials, byte for byte as dist/courses/index.json', async () => {
  const res = await t.fetch('/api/courses');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type') ?? '', /^application\/json/);
  assert.equal(await res.text(), onDisk('index.json'));
  const wr = index.courses.find((c) => c.slug === 'workers-rights');
  assert.ok(wr, 'workers-rights is listed');
  assert.equal(wr.modules, 6);
});

test('GET /api/courses/:slug returns each compiled course exactly as on disk, with its content hash as ETag', async () => {
  assert.ok(index.courses.length > 0);
  for (const c of index.courses) {
    const res = await t.fetch(`/api/courses/${c.slug}`);
    assert.equal(res.status, 200, c.slug);
    assert.equal(res.headers.get('ETag'), `"${c.hash}"`);
    assert.match(res.headers.get('Cache-Control') ?? '', /public/);
    assert.equal(await res.text(), onDisk(`${c.slug}.json`), c.slug);
  }
});

test('RFC 9110 §13.1.2 If-None-Match: a matching ETag answers 304 with no body; a stale one answers 200', async () => {
  const first = await t.fetch('/api/courses/workers-rights');
  const etag = first.headers.get('ETag')!;
  await first.arrayBuffer();
  const again = await t.fetch('/api/courses/workers-rights', { headers: { 'If-None-Match': `"stale", ${etag}` } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('ETag'), etag);
  assert.equal(await again.text(), '');
  const stale = await t.fetch('/api/courses/workers-rights', { headers: { 'If-None-Match': '"stale"' } });
  assert.equal(stale.status, 200);
  await stale.arrayBuffer();
  const list = await t.fetch('/api/courses');
  const listTag = list.headers.get('ETag')!;
  await list.arrayBuffer();
  const list304 = await t.fetch('/api/courses', { headers: { 'If-None-Match': listTag } });
  assert.equal(list304.status, 304);
});

test('GET /api/courses/:slug for an unknown slug is 404 naming the slug', async () => {
  for (const slug of ['no-such-course', 'constructor', 'hasownproperty']) {
    const res = await t.fetch(`/api/courses/${slug}`);
    assert.equal(res.status, 404, slug);
    const body = (await res.json()) as { error: string };
    assert.match(body.error, new RegExp(`No course "${slug}"`));
  }
});

test('GET /api/courses/:slug with a malformed slug is 400 naming the slug field', async () => {
  for (const slug of ['Workers_Rights', 'a--b', '-x']) {
    const res = await t.fetch(`/api/courses/${encodeURIComponent(slug)}`);
    assert.equal(res.status, 400, slug);
    const body = (await res.json()) as { error: string };
    assert.match(body.error, /^slug: /);
  }
});

test('GET /api/courses/:slug/images/:file serves the course image bytes with a safe content type', async () => {
  const res = await t.fetch('/api/courses/workers-rights/images/dispute-steps.svg');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Content-Type'), 'image/svg+xml');
  assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
  assert.match(res.headers.get('Content-Security-Policy') ?? '', /default-src 'none'/);
  const file = fileURLToPath(new URL('../../courses/workers-rights/images/dispute-steps.svg', import.meta.url));
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), new Uint8Array(readFileSync(file)));
  const missing = await t.fetch('/api/courses/workers-rights/images/nothing.svg');
  assert.equal(missing.status, 404);
  await missing.arrayBuffer();
});

test('Course API answers cross-origin requests (the player is embedded on other sites)', async () => {
  const res = await t.fetch('/api/courses', { headers: { Origin: 'https://union.example' } });
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
  assert.match(res.headers.get('Access-Control-Expose-Headers') ?? '', /ETag/i);
  await res.arrayBuffer();
});
