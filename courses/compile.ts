// `npm run courses`: validates every package under courses/ and compiles the valid ones into
// dist/courses/ (see courses/build/). Exits 1 when any package is broken, after reporting all
// of them. `npm run courses -- --update-iris` also re-pins test/courses/published-iris.json.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffPins, readPins, updatedPins, writeOutputs, writePins } from './build/emit.js';
import { compileAll, type CourseIssue } from './build/package.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PINS_FILE = join(root, 'test', 'courses', 'published-iris.json');

const USAGE = `usage: npm run courses [-- [--update-iris] [--courses DIR] [--out DIR] [--quiet]]
  --update-iris  pin the IRIs every valid course derives now in test/courses/published-iris.json
                 (do this when a course is first published, or after a deliberate rename)
  --courses DIR  compile the packages in DIR (default: courses/)
  --out DIR      write the compiled JSON to DIR (default: dist/courses/)
  --quiet        print problems only`;

function main(argv: string[]): number {
  let coursesDir = join(root, 'courses');
  let outDir = join(root, 'dist', 'courses');
  let updateIris = false;
  let quiet = false;
  let pinsApply = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--update-iris') updateIris = true;
    else if (a === '--quiet') quiet = true;
    else if (a === '--courses' && argv[i + 1]) {
      coursesDir = resolve(argv[++i]!);
      pinsApply = false; // the pins describe courses/, not another folder
    }
    else if (a === '--out' && argv[i + 1]) outDir = resolve(argv[++i]!);
    else {
      console.error(a === '--help' || a === '-h' ? USAGE : `unknown argument ${a}\n${USAGE}`);
      return a === '--help' || a === '-h' ? 0 : 2;
    }
  }

  const results = compileAll(coursesDir);
  const line = (i: CourseIssue) => `  ${i.file}: ${i.path}: ${i.message}`;
  let broken = 0;
  for (const r of results) {
    if (r.errors.length) {
      broken++;
      console.error(`✗ ${r.slug}: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}`);
      for (const e of r.errors) console.error(line(e));
    } else if (!quiet) {
      const c = r.course!;
      const lessons = c.modules.reduce((n, m) => n + m.lessons.length, 0);
      console.log(
        `✓ ${c.slug} ${c.version}: ${c.modules.length} modules, ${lessons} lessons, ${Object.keys(c.questions).length} questions, ${Object.keys(c.scenarios).length} scenarios, ${c.activities.length} IRIs`,
      );
    }
    for (const w of r.warnings) if (!quiet || r.errors.length) console.warn(`  warning: ${w.file}: ${w.path}: ${w.message}`);
  }

  writeOutputs(results, outDir);

  if (updateIris && !pinsApply) {
    console.error('--update-iris pins the packages in courses/ only; drop --courses');
    return 2;
  }
  const pins = pinsApply ? readPins(PINS_FILE) : {};
  const diffs = pinsApply ? diffPins(results, pins) : [];
  if (updateIris) {
    writePins(PINS_FILE, updatedPins(results, pins));
    for (const d of diffs) {
      if (d.missing.length) console.warn(`! ${d.slug}: un-pinned ${d.missing.length} published IRIs (renamed or removed):\n    ${d.missing.join('\n    ')}`);
      if (d.added.length) console.log(`+ ${d.slug}: pinned ${d.added.length} new IRIs`);
    }
    console.log(`IRIs pinned in ${PINS_FILE}`);
  } else {
    for (const d of diffs) {
      if (d.missing.length) console.warn(`! ${d.slug}: ${d.missing.length} published IRIs are gone (a rename?), e.g. ${d.missing[0]}; the course tests will fail`);
      else if (d.added.length && !quiet) console.warn(`  ${d.slug}: ${d.added.length} IRIs not pinned yet; when published run: npm run courses -- --update-iris`);
    }
  }

  if (broken) {
    console.error(`${broken} of ${results.length} course packages are broken; only the valid ones were written to ${outDir}`);
    return 1;
  }
  if (!quiet) console.log(`${results.length} course package${results.length === 1 ? '' : 's'} compiled to ${outDir}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('courses/compile.ts')) {
  process.exitCode = main(process.argv.slice(2));
}
