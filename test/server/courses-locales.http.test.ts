// The per-locale course payloads the player loads (DESIGN §10: the course JSON is on the
// critical path): GET /api/courses/:slug/<lo|en>.json (the shell) and
// /api/courses/:slug/<lo|en>/<module>.json (each later module's part). Together they are exactly
// the full course restricted to that locale, and the two locales together are the full course.
// Runs in process and on workerd (CHAMPA_TEST_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mergeParts, restrict } from '../../courses/parts.js';
import { LOCALES, type CompiledCourse } from '../../courses/schema.js';
import { startTarget, type Target } from '../support/target.js';

const index = JSON.parse(readFileSync(fileURLToPath(new URL('../../dist/courses/index.json', import.meta.url)), 'utf8')) as { courses: { slug: string }[] };

let t: Target;
before(async () => {
  t = await startTarget();
});
after(async () => {
  await t.close();
});

async function json<T>(path: string): Promise<T> {
  const res = await t.fetch(path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  assert.match(res.headers.get('Content-Type') ?? '', /^application\/json/, path);
  assert.ok(res.headers.get('ETag'), `${path} has an ETag`);
  return (await res.json()) as T;
}

/** The shell and every later module's part in one locale, as the player fetches them. */
async function locale(slug: string, lang: 'lo' | 'en'): Promise<{ shell: CompiledCourse; parts: unknown[] }> {
  const shell = await json<CompiledCourse>(`/api/courses/${slug}/${lang}.json`);
  const parts = await Promise.all(shell.modules.slice(1).map((m) => json<unknown>(`/api/courses/${slug}/${lang}/${m.slug}.json`)));
  return { shell, parts };
}

test('DESIGN §10: each locale payload (shell + module parts) equals the full course restricted to that locale, for every course', async () => {
  assert.ok(index.courses.length > 0);
  for (const { slug } of index.courses) {
    const full = await json<CompiledCourse>(`/api/courses/${slug}`);
    const halves: unknown[] = [];
    for (const lang of LOCALES) {
      const { shell, parts } = await locale(slug, lang);
      const other = LOCALES.find((l) => l !== lang)!;
      assert.ok(!JSON.stringify(shell).includes(`"${other}":`), `${slug}/${lang}.json carries no ${other} text`);
      assert.deepEqual(mergeParts(shell, ...parts), restrict(full, lang), `${slug} in ${lang}`);
      halves.push(shell, ...parts);
    }
    assert.deepEqual(mergeParts(halves[0], ...halves.slice(1)), full, `${slug}: both locales together are the whole course`);
  }
});

test('DESIGN §10: the shell holds the first module whole and no later module\'s lesson text', async () => {
  const { shell } = await locale('workers-rights', 'lo');
  const [first, ...later] = shell.modules;
  assert.ok(first!.lessons.every((l) => Array.isArray(l.blocks.lo)), 'first module lessons have their text');
  assert.ok(later.every((m) => m.lessons.every((l) => l.blocks === undefined)), 'later modules come in parts');
  assert.ok(later.every((m) => m.lessons.every((l) => typeof l.title.lo === 'string')), 'every lesson title is in the shell (outline)');
  const full = await (await t.fetch('/api/courses/workers-rights')).text();
  const shellBytes = (await (await t.fetch('/api/courses/workers-rights/lo.json')).text()).length;
  assert.ok(shellBytes < full.length / 3, `the shell (${shellBytes} B) is well under the full course (${full.length} B)`);
});

test('the locale routes revalidate by ETag, and refuse unknown courses, locales and parts by name', async () => {
  const first = await t.fetch('/api/courses/workers-rights/en.json');
  const etag = first.headers.get('ETag')!;
  const again = await t.fetch('/api/courses/workers-rights/en.json', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);

  const unknown = await t.fetch('/api/courses/no-such-course/lo.json');
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /no-such-course/);

  const shell = (await (await t.fetch('/api/courses/workers-rights/lo.json')).json()) as CompiledCourse;
  const inShell = await t.fetch(`/api/courses/workers-rights/lo/${shell.modules[0]!.slug}.json`);
  assert.equal(inShell.status, 404, 'the first module has no part: it is in the shell');
  assert.match(await inShell.text(), /module: .*first module is in \/api\/courses\/workers-rights\/lo\.json/);
  const noModule = await t.fetch('/api/courses/workers-rights/lo/nothing-here.json');
  assert.equal(noModule.status, 404);

  const french = await t.fetch('/api/courses/workers-rights/fr.json');
  assert.equal(french.status, 404, 'only lo and en');
});

test('issue 4 "Save for offline (showing its size first)": /api/courses/:slug/offline.json lists every file of both locales and the images, with their sizes as served', async () => {
  for (const { slug } of index.courses) {
    const manifest = await json<{ slug: string; hash: string; files: { path: string; bytes: number }[] }>(`/api/courses/${slug}/offline.json`);
    const full = await json<CompiledCourse>(`/api/courses/${slug}`);
    assert.equal(manifest.hash, full.hash);
    const expected = [
      ...LOCALES.flatMap((l) => [`${l}.json`, ...full.modules.slice(1).map((m) => `${l}/${m.slug}.json`)]),
      ...full.images.map((i) => i.src),
    ];
    assert.deepEqual(manifest.files.map((f) => f.path).sort(), expected.sort(), slug);
    for (const f of manifest.files) {
      const res = await t.fetch(`/api/courses/${slug}/${f.path}`, { headers: { 'Accept-Encoding': 'identity' } });
      assert.equal(res.status, 200, f.path);
      assert.equal((await res.arrayBuffer()).byteLength, f.bytes, `${slug}/${f.path} size`);
    }
  }
});
