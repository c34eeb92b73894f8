// Every package under courses/ (whoever wrote it) must compile cleanly and keep its promises:
// answers right for each question type, both locales complete, references that resolve, and
// activity IRIs that never change once published (test/courses/published-iris.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffPins, readPins } from '../../courses/build/emit.js';
import { compileAll, contentHash, MIN_PREPOST_BANK, MIN_QUIZ_BANK } from '../../courses/build/package.js';
import type { Block, CompiledCourse, Inline } from '../../courses/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const results = compileAll(join(root, 'courses'));
const courses = results.flatMap((r) => (r.course ? [r.course] : []));
const PINS = join(root, 'test', 'courses', 'published-iris.json');

function walkBlocks(blocks: Block[], onBlock: (b: Block) => void, onInline: (i: Inline) => void) {
  const inl = (xs: Inline[]) => xs.forEach((x) => (onInline(x), 'children' in x && inl(x.children)));
  for (const b of blocks) {
    onBlock(b);
    if (b.type === 'heading' || b.type === 'paragraph') inl(b.children);
    if (b.type === 'list') b.items.forEach((it) => walkBlocks(it, onBlock, onInline));
    if (b.type === 'callout') walkBlocks(b.blocks, onBlock, onInline);
  }
}

test('COURSE-FORMAT: there is at least one course package, and workers-rights is among them', () => {
  assert.ok(results.some((r) => r.slug === 'workers-rights'));
});

for (const r of results) {
  test(`COURSE-FORMAT: package ${r.slug} validates (schema and cross-checks)`, () => {
    assert.deepEqual(r.errors.map((e) => `${e.file}: ${e.path}: ${e.message}`), []);
  });
}

test('Activity IRIs are unique across all courses (DESIGN §4: stable, deployment-independent IRIs)', () => {
  const seen = new Map<string, string>();
  for (const c of courses) {
    for (const a of c.activities) {
      assert.ok(!seen.has(a.iri), `${a.iri} derived by ${c.slug} and ${seen.get(a.iri)}`);
      seen.set(a.iri, c.slug);
      assert.ok(a.iri.startsWith(`https://champa.la/xapi/activities/course/${c.slug}`), a.iri);
    }
  }
});

test('Published IRIs are pinned: a rename or removal fails; new IRIs must be pinned with npm run courses -- --update-iris', () => {
  assert.ok(existsSync(PINS), 'test/courses/published-iris.json is missing');
  const pins = readPins(PINS);
  const diffs = diffPins(results, pins).filter((d) => results.some((r) => r.slug === d.slug && r.course) || d.missing.length);
  const report = diffs.map(
    (d) =>
      `${d.slug}: ${d.missing.length ? `${d.missing.length} published IRIs gone (renamed/removed), e.g. ${d.missing[0]}` : ''}${d.added.length ? ` ${d.added.length} IRIs not pinned, e.g. ${d.added[0]}` : ''}`,
  );
  assert.deepEqual(report, [], 'if the change is deliberate, run: npm run courses -- --update-iris');
});

for (const c of courses) {
  test(`${c.slug}: every question has exactly the right answers for its type, and an explanation in lo and en`, () => {
    for (const q of Object.values(c.questions)) {
      const at = `${c.slug} ${q.bank}/${q.id}`;
      assert.ok(q.explanation.lo.trim() && q.explanation.en.trim(), `${at}: explanation`);
      assert.ok(q.prompt.lo.trim() && q.prompt.en.trim(), `${at}: prompt`);
      switch (q.type) {
        case 'single':
          assert.equal(q.choices.filter((x) => x.correct).length, 1, at);
          break;
        case 'multiple': {
          const right = q.choices.filter((x) => x.correct).length;
          assert.ok(right >= 1 && right < q.choices.length, at);
          break;
        }
        case 'scenario': {
          const right = q.choices.filter((x) => x.correct).length;
          assert.ok(q.case.lo.trim() && q.case.en.trim(), `${at}: case`);
          if (q.multiple) assert.ok(right >= 1 && right < q.choices.length, at);
          else assert.equal(right, 1, at);
          break;
        }
        case 'true-false':
          assert.equal(typeof q.answer, 'boolean', at);
          break;
        case 'ordering':
          assert.ok(q.items.length >= 3 && q.items.length <= 7, at);
          break;
        case 'matching':
          assert.ok(q.pairs.length >= 3 && q.pairs.length <= 6, at);
          break;
      }
      assert.ok(q.iri.endsWith(`/question/${q.id}`), at);
    }
    // The final exam's items are served without keys; their keys are checked in exam-keys.test.ts.
    for (const q of Object.values(c.finalExam?.questions ?? {})) {
      assert.ok(q.prompt.lo.trim() && q.prompt.en.trim(), `${c.slug} final/${q.id}: prompt`);
      assert.ok(q.iri.endsWith(`/question/${q.id}`), `${c.slug} final/${q.id}`);
    }
  });

  test(`${c.slug}: every locale is complete (every lo/en text non-empty, every lesson has blocks in both)`, () => {
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        if (keys.length === 2 && keys.includes('lo') && keys.includes('en')) {
          for (const k of ['lo', 'en'] as const) {
            const x: unknown = (v as Record<string, unknown>)[k];
            if (typeof x === 'string') assert.ok(x.trim(), `${c.slug} ${path}.${k} is empty`);
            else assert.ok(Array.isArray(x) && x.length > 0, `${c.slug} ${path}.${k} is empty`);
          }
        }
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      }
    };
    walk(c, '');
    for (const m of c.modules) for (const l of m.lessons) assert.equal(l.blocks.lo.length, l.blocks.en.length, `${l.iri}: lo and en block counts`);
  });

  test(`${c.slug}: every image, internal link, check, scenario and citation in a lesson resolves`, () => {
    const lessons = new Set(c.modules.flatMap((m) => m.lessons.map((l) => `${m.slug}/${l.slug}`)));
    const images = new Set(c.images.map((i) => i.src));
    const sources = new Set(c.sources.map((s) => s.id));
    for (const m of c.modules) {
      for (const l of m.lessons) {
        for (const loc of ['lo', 'en'] as const) {
          walkBlocks(
            l.blocks[loc],
            (b) => {
              if (b.type === 'image') {
                assert.ok(images.has(b.src), `${l.iri} ${loc}: image ${b.src}`);
                assert.ok(existsSync(join(root, 'courses', c.slug, b.src)), `${b.src} on disk`);
                assert.ok(b.alt.trim(), `${l.iri} ${loc}: alt text`);
              }
              if (b.type === 'check') assert.ok(c.questions[b.question], `${l.iri} ${loc}: check ${b.question}`);
              if (b.type === 'scenario') assert.ok(c.scenarios[b.scenario], `${l.iri} ${loc}: scenario ${b.scenario}`);
            },
            (i) => {
              if (i.type === 'lesson-link') assert.ok(lessons.has(`${i.module}/${i.lesson}`), `${l.iri} ${loc}: link to ${i.module}/${i.lesson}`);
              if (i.type === 'link') assert.match(i.href, /^(https?:|mailto:|tel:)/, `${l.iri} ${loc}: link ${i.href}`);
              if (i.type === 'cite') assert.ok(sources.has(i.source), `${l.iri} ${loc}: [[src:${i.source}]]`);
            },
          );
        }
      }
    }
    for (const q of [...Object.values(c.questions), ...Object.values(c.finalExam?.questions ?? {})]) for (const s of q.sources ?? []) assert.ok(sources.has(s), `${q.id}: source ${s}`);
  });

  test(`${c.slug}: bank sizes meet the minimums and cover what is drawn`, () => {
    for (const m of c.modules) {
      if (!m.quiz) continue;
      const size = c.banks[m.quiz.bank]?.length ?? 0;
      assert.ok(size >= MIN_QUIZ_BANK && size >= m.quiz.items, `${m.slug}: quiz bank ${m.quiz.bank} has ${size}`);
    }
    if (c.prePostTest) {
      const size = c.banks[c.prePostTest.bank]?.length ?? 0;
      assert.ok(size >= MIN_PREPOST_BANK && size >= c.prePostTest.items, `prepost bank has ${size}`);
    }
  });

  test(`${c.slug}: the hash is the sha256 of the compiled JSON (the ETag clients revalidate with)`, () => {
    assert.equal(contentHash(c), c.hash);
  });
}

test('workers-rights (issue "Course packages"): six modules, not certifying, with checks, branching scenarios and a mix of question types', () => {
  const c = courses.find((x) => x.slug === 'workers-rights') as CompiledCourse;
  assert.ok(c, 'workers-rights compiles');
  assert.equal(c.certification, false);
  assert.equal(c.rules.certifies, 'none');
  assert.equal(c.review.lo, 'machine-drafted');
  assert.equal(c.modules.length, 6);
  for (const m of c.modules) assert.ok(m.lessons.length >= 1 && m.quiz, m.slug);
  assert.ok((c.banks['prepost']?.length ?? 0) >= 10);
  assert.ok(Object.keys(c.scenarios).length >= 1);
  const types = new Set(Object.values(c.questions).map((q) => q.type));
  for (const t of ['single', 'multiple', 'true-false', 'ordering', 'matching', 'scenario'] as const) assert.ok(types.has(t), t);
  let checks = 0;
  for (const m of c.modules) for (const l of m.lessons) walkBlocks(l.blocks.en, (b) => (checks += b.type === 'check' ? 1 : 0), () => {});
  assert.ok(checks >= 5, `${checks} knowledge checks`);
  // Lesson length: 250–500 words in English (the Lao is a translation of it).
  for (const m of c.modules) {
    for (const l of m.lessons) {
      const file = join(root, 'courses', c.slug, 'modules', readdirModule(c.slug, m.slug), `${l.file}.en.md`);
      const words = readFileSync(file, 'utf8').replace(/^---[\s\S]*?---/, '').split(/\s+/).filter((w) => /\w/.test(w)).length;
      assert.ok(words >= 200 && words <= 550, `${l.file}: ${words} words`);
    }
  }
});

function readdirModule(slug: string, moduleSlug: string): string {
  const name = readdirSync(join(root, 'courses', slug, 'modules')).find((n) => n.replace(/^\d\d-/, '') === moduleSlug);
  assert.ok(name, moduleSlug);
  return name;
}
