// The compiler rejects broken packages, naming the file and the field (COURSE-FORMAT.md), and
// reports every broken package in one run. Each fixture is the base package with one defect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePackage } from '../../courses/build/package.js';
import { assemble, fixtures } from './support.js';

const all = fixtures();
const tmp = mkdtempSync(join(tmpdir(), 'champa-fixtures-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('COURSE-FORMAT: the base fixture package compiles with no errors (so each fixture fails for its own defect)', () => {
  const r = compilePackage(assemble(null, join(tmp, 'base')));
  assert.deepEqual(r.errors, []);
  assert.ok(r.course);
});

test('COURSE-FORMAT: at least 10 broken fixture packages exist', () => {
  assert.ok(all.length >= 10, `${all.length} fixtures`);
});

for (const f of all) {
  test(`COURSE-FORMAT: ${f.name} (${f.description}) is rejected, naming file and field`, () => {
    const r = compilePackage(assemble(f, join(tmp, f.name)));
    assert.equal(r.course, null, 'a broken package compiles to nothing');
    assert.ok(r.errors.length > 0);
    for (const e of f.expect) {
      const hit = r.errors.find((x) => x.file.endsWith(`/sample/${e.file}`) && x.path === e.path && x.message.includes(e.message));
      assert.ok(hit, `expected ${e.file}: ${e.path}: …${e.message}…\ngot:\n${r.errors.map((x) => `${x.file}: ${x.path}: ${x.message}`).join('\n')}`);
    }
  });
}

test('npm run courses: several broken packages are all reported, with file and field, and the exit code is 1', () => {
  const dir = join(tmp, 'many');
  const picked = all.filter((f) => f.name !== 'slug-not-folder');
  for (const f of picked) assemble(f, dir, f.name);
  assemble(null, dir, 'good-one');
  const out = join(tmp, 'many-out');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'courses/compile.ts', '--courses', dir, '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  for (const f of picked) {
    assert.match(run.stderr, new RegExp(`✗ ${f.name}: `));
    for (const e of f.expect) assert.ok(run.stderr.includes(`${f.name}/${e.file}: ${e.path}: `), `${f.name}: ${e.file}: ${e.path} not in output`);
  }
  // The valid package is still written, the broken ones are not.
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { courses: { slug: string }[] };
  assert.deepEqual(index.courses.map((c) => c.slug), ['good-one']);
});
