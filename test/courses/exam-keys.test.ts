// A certification course's final exam is graded by the server, so the compiled course that is
// served (dist/courses/<slug>.json, GET /api/courses/:slug) must carry none of its keys, while
// dist/courses/keys.ts (server only) grades exactly as the authored bank says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keysModule } from '../../courses/build/emit.js';
import { PAIR, SEP } from '../../courses/build/exam.js';
import { compileAll, compilePackage } from '../../courses/build/package.js';
import type { CompiledCourse, ExamQuestion, QuestionBank } from '../../courses/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const results = compileAll(join(root, 'courses'));
const certifying = results.filter((r) => r.course?.finalExam);

const bankOf = (slug: string, bank: string) => JSON.parse(readFileSync(join(root, 'courses', slug, 'questions', `${bank}.json`), 'utf8')) as QuestionBank;

/** Every property name anywhere in a JSON value. */
function keysIn(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysIn(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(k), keysIn(x, out));
  return out;
}

test('the certification courses (victim-identification, digital-evidence) have final exams to protect', () => {
  assert.deepEqual(certifying.map((r) => r.slug).sort(), ['digital-evidence', 'victim-identification']);
});

for (const r of certifying) {
  const c = r.course!;
  const exam = c.finalExam!;
  const bank = bankOf(c.slug, exam.bank);
  const served = JSON.parse(r.json!) as CompiledCourse;

  test(`${c.slug}: the served course holds every final-exam item once, outside questions, with no key field`, () => {
    assert.deepEqual(Object.keys(served.finalExam!.questions).sort(), bank.items.map((q) => q.id).sort());
    assert.deepEqual(served.banks[exam.bank], bank.items.map((q) => q.id), 'banks still lists the ids in bank order');
    for (const q of bank.items) assert.ok(!Object.hasOwn(served.questions, q.id), `${q.id} must not be in questions (with its key)`);
    const fields = keysIn(served.finalExam!.questions);
    for (const forbidden of ['correct', 'answer', 'explanation', 'feedback', 'pairs']) assert.ok(!fields.has(forbidden), `a final-exam item has "${forbidden}"`);
  });

  // Whole JSON strings: a module quiz may explain a similar point in a longer sentence.
  test(`${c.slug}: no explanation or per-choice feedback text of the final exam appears anywhere in the served JSON`, () => {
    const json = r.json!;
    for (const q of bank.items) {
      for (const loc of ['lo', 'en'] as const) {
        assert.ok(!json.includes(JSON.stringify(q.explanation[loc])), `${q.id} explanation.${loc} is served`);
        if ('choices' in q) for (const ch of q.choices) if (ch.feedback) assert.ok(!json.includes(JSON.stringify(ch.feedback[loc])), `${q.id} feedback of ${ch.id}.${loc} is served`);
      }
    }
  });

  test(`${c.slug}: ordering items are not served in the right order; matching right-hand sides are shuffled under ids of their own`, () => {
    let orderings = 0;
    let matchings = 0;
    for (const q of bank.items) {
      const s = served.finalExam!.questions[q.id]!;
      if (q.type === 'ordering' && s.type === 'ordering') {
        orderings++;
        assert.notDeepEqual(s.items.map((i) => i.id), q.items.map((i) => i.id), `${q.id} served in the right order`);
        assert.deepEqual(s.items.map((i) => i.id).sort(), q.items.map((i) => i.id).sort());
      }
      if (q.type === 'matching' && s.type === 'matching') {
        matchings++;
        const pairIds = new Set(q.pairs.map((p) => p.id));
        for (const right of s.right) assert.ok(!pairIds.has(right.id), `${q.id}: right-hand side id ${right.id} is a pair id`);
        assert.deepEqual(s.left.map((l) => l.id), q.pairs.map((p) => p.id));
        assert.notDeepEqual(s.right.map((x) => x.text.en), q.pairs.map((p) => p.right.en), `${q.id}: right-hand sides in pair order`);
      }
    }
    assert.ok(orderings + matchings > 0, 'the bank has ordering or matching items to check');
  });

  test(`${c.slug}: the server-side key of every final-exam item gives the authored answer, in the served ids`, () => {
    const keys = r.examKeys!;
    assert.equal(keys.iri, exam.iri);
    for (const q of bank.items) {
      const s = served.finalExam!.questions[q.id] as ExamQuestion;
      const k = keys.items[q.id]!;
      assert.equal(k.type, q.type);
      assert.deepEqual(k.explanation, q.explanation);
      const text = (id: string) => ('choices' in s ? s.choices.find((x) => x.id === id)?.text.en : undefined);
      switch (q.type) {
        case 'single':
        case 'multiple':
        case 'scenario':
          assert.deepEqual(k.correct.split(SEP).map(text).sort(), q.choices.filter((x) => x.correct).map((x) => x.text.en).sort(), q.id);
          for (const ch of q.choices) {
            const servedId = 'choices' in s ? s.choices.find((x) => x.text.en === ch.text.en)!.id : '';
            assert.deepEqual(k.feedback[servedId], ch.feedback, `${q.id} feedback of ${ch.id}`);
          }
          break;
        case 'true-false':
          assert.equal(k.correct, String(q.answer));
          break;
        case 'ordering':
          assert.equal(k.correct, q.items.map((i) => i.id).join(SEP));
          break;
        case 'matching': {
          const right = new Map(s.type === 'matching' ? s.right.map((x) => [x.id, x.text.en]) : []);
          const pairs = k.correct.split(SEP).map((p) => p.split(PAIR) as [string, string]);
          assert.deepEqual(pairs.map(([l, rt]) => [l, right.get(rt)]), q.pairs.map((p) => [p.id, p.right.en]));
          break;
        }
      }
    }
  });

  test(`${c.slug}: a choice's served letter says nothing of its correctness (choices are re-lettered after a shuffle)`, () => {
    // Authors put the right choice first in most items; served as "a", that would be the answer.
    const choiceItems = bank.items.filter((q) => 'choices' in q);
    const firstRight = choiceItems.filter((q) => r.examKeys!.items[q.id]!.correct.split(SEP).includes('a')).length;
    const authoredFirstRight = choiceItems.filter((q) => 'choices' in q && q.choices[0]!.correct).length;
    assert.ok(firstRight < authoredFirstRight, `served "a" is right in ${firstRight} items, authored first choice in ${authoredFirstRight}`);
  });
}

test('the keys module names every certification course, and the served JSON of none of them contains a key of it', () => {
  const module = keysModule(results);
  for (const r of certifying) assert.ok(module.includes(JSON.stringify(r.course!.slug)), r.slug);
  for (const r of results.filter((x) => x.course && !x.course.finalExam)) assert.ok(!module.includes(`"${r.slug}":`), `${r.slug} has no final exam`);
});

test('compiling twice gives the same served bytes and keys (ETags and item ids stay put)', () => {
  const again = compileAll(join(root, 'courses'));
  for (const r of certifying) {
    const b = again.find((x) => x.slug === r.slug)!;
    assert.equal(b.json, r.json);
    assert.deepEqual(b.examKeys, r.examKeys);
  }
});

test('COURSE-FORMAT: a final exam bank may not also be a module quiz, the pre/post-test or a knowledge check (its keys would be served)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'champa-exam-keys-'));
  try {
    const dir = join(tmp, 'victim-identification');
    cpSync(join(root, 'courses', 'victim-identification'), dir, { recursive: true });
    const manifestFile = join(dir, 'course.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { modules: { quiz?: { bank: string } }[]; prePostTest?: { bank: string }; finalExam: { bank: string } };
    manifest.modules[0]!.quiz!.bank = manifest.finalExam.bank;
    manifest.prePostTest!.bank = manifest.finalExam.bank;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const finalId = bankOf('victim-identification', manifest.finalExam.bank).items[0]!.id;
    const lessonFile = (loc: string) => join(dir, 'modules', '01-legal-definitions', `01-act-means-purpose.${loc}.md`);
    for (const loc of ['lo', 'en']) writeFileSync(lessonFile(loc), `${readFileSync(lessonFile(loc), 'utf8')}\n:::check ${finalId}\n:::\n`);
    const r = compilePackage(dir);
    assert.equal(r.course, null);
    assert.equal(r.examKeys, null);
    const messages = r.errors.map((e) => `${e.path}: ${e.message}`);
    assert.ok(messages.some((m) => m.startsWith('modules[0].quiz.bank: ') && m.includes('final exam only')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('prePostTest.bank: ') && m.includes('final exam only')), messages.join('\n'));
    assert.ok(r.errors.some((e) => e.file.endsWith('.en.md') && e.message.includes(`":::check ${finalId}" is a question of the final exam bank`)), messages.join('\n'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
