// Builds broken course packages for the tests: each test/courses/fixtures/<case>/ is the valid
// base package (fixtures/base/sample) with the edits its fixture.json names, so every fixture
// differs from a package known to compile in exactly the defect it describes.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const BASE = join(FIXTURES, 'base', 'sample');

export interface Fixture {
  name: string;
  description: string;
  set?: { file: string; path: (string | number)[]; value?: unknown; delete?: boolean }[];
  replace?: { file: string; from: string; to: string }[];
  remove?: string[];
  /** What the compiler must report: file (inside the package), JSON path or line, and part of the message. */
  expect: { file: string; path: string; message: string }[];
}

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((n) => existsSync(join(FIXTURES, n, 'fixture.json')))
    .sort()
    .map((name) => ({ name, ...(JSON.parse(readFileSync(join(FIXTURES, name, 'fixture.json'), 'utf8')) as Omit<Fixture, 'name'>) }));
}

/** Writes the fixture's package to parent/folder and returns that folder (its course.json slug is set to folder). */
export function assemble(f: Fixture | null, parent: string, folder = 'sample'): string {
  const dir = join(parent, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(parent, { recursive: true });
  cpSync(BASE, dir, { recursive: true });
  const manifest = join(dir, 'course.json');
  writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), slug: folder }, null, 2));
  if (!f) return dir;
  for (const s of f.set ?? []) {
    const file = join(dir, s.file);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    let node = doc as Record<string | number, unknown>;
    for (const key of s.path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = s.path.at(-1)!;
    if (s.delete) {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
    } else node[last] = s.value;
    writeFileSync(file, JSON.stringify(doc, null, 2));
  }
  for (const r of f.replace ?? []) {
    const file = join(dir, r.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(r.from)) throw new Error(`fixture ${f.name}: ${r.file} does not contain ${JSON.stringify(r.from)}`);
    writeFileSync(file, text.replace(r.from, r.to));
  }
  for (const p of f.remove ?? []) rmSync(join(dir, p));
  const files = join(FIXTURES, f.name, 'files');
  if (existsSync(files)) cpSync(files, dir, { recursive: true });
  return dir;
}
