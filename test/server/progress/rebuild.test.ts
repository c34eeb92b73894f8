// `npm run champa -- progress rebuild` recomputes progress from the statements alone and
// gives what incremental derivation on ingest gave, on a realistic history: several learners
// in interleaved courses, quiz and exam re-takes, voided statements, out-of-order timestamps,
// batches of every size and replays.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { CompiledCourse } from '../../../courses/schema.js';
import { runCli } from '../../../server/cli.js';
import { startTarget, type Target } from '../../support/target.js';
import { compiledCourse, newLearner, player, postOk, voiding, type Json } from './statements.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(() => t.close());

// Deterministic, so a failure can be replayed.
let seed = 7;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const chance = (p: number) => rand() < p;
const score = () => Math.round((0.4 + rand() * 0.6) * 20) / 20;

/** One learner's course, as the player would record it, with re-takes and some drop-outs. */
function history(course: CompiledCourse, start: number): { statements: Json[]; voidable: Json[] } {
  const p = player(course, newLearner(), randomUUID());
  const out: Json[] = [p.initialized(start)];
  const voidable: Json[] = [];
  let minute = start + 1;
  if (course.prePostTest) {
    // Some pre-test answers sync days later (a Lao day apart), some say nothing of where they were asked.
    for (const id of course.banks[course.prePostTest.bank]!.slice(0, 4)) {
      out.push(p.answer(id, chance(0.5), chance(0.2) ? minute + 2000 : minute, chance(0.9) ? course.prePostTest.pretestIri : undefined));
    }
    out.push(p.test('pretest', score(), minute++));
  }
  // Most learners finish; the others drop out somewhere and skip lessons.
  const diligent = chance(0.6);
  const reach = diligent ? course.modules.length : Math.floor(rand() * course.modules.length);
  for (const m of course.modules.slice(0, reach)) {
    for (let i = 0; i < m.lessons.length; i++) {
      if (!diligent && chance(0.2)) continue; // a lesson skipped
      out.push(p.lesson(m.slug, i, minute++, 30 + Math.floor(rand() * 300)));
      if (chance(0.2)) out.push(p.lesson(m.slug, i, minute++, 20)); // read again
    }
    for (let attempt = 0; attempt < (diligent ? 8 : 2) && m.quiz; attempt++) {
      const s = score();
      const q = p.quiz(m.slug, s, minute++);
      out.push(q);
      // The same first questions on every attempt: the first answers count, re-takes do not.
      for (const id of course.banks[m.quiz.bank]!.slice(0, 3)) {
        const answer = p.answer(id, chance(s), minute, m.quiz.iri);
        out.push(answer);
        if (attempt === 0) voidable.push(answer);
      }
      if (s >= course.rules.masteryScore) {
        voidable.push(q);
        break;
      }
    }
    out.push(p.completed(m.iri, minute++));
  }
  if (course.prePostTest && chance(0.8)) out.push(p.test('posttest', score(), minute++), p.test('posttest', score(), minute++));
  if (course.finalExam) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const f = p.test('final', 0.5 + rand() / 2, minute++);
      out.push(f);
      if (f.verb && String((f.verb as Json).id).endsWith('passed')) {
        voidable.push(f);
        break;
      }
    }
  }
  out.push(p.terminated(minute));
  return { statements: out, voidable };
}

const TABLES = {
  progress_events: ['statement_id'],
  progress_assessments: ['agent_key', 'course', 'assessment'],
  progress_item_results: ['agent_key', 'course'],
  progress_modules: ['agent_key', 'course', 'module'],
  progress_courses: ['agent_key', 'course'],
  progress_dirty: ['agent_key', 'course'],
} as const;

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(TABLES)) {
    out[table] = t.local!.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${key.join(', ')}`).all();
  }
  return out;
}

test('rebuild (issue 6): progress rebuilt from the statements equals progress derived on ingest', { timeout: 120_000 }, async () => {
  const courses = ['victim-identification', 'digital-evidence', 'workers-rights', 'child-protection'].map(compiledCourse);
  const all: Json[] = [];
  const voidable: Json[] = [];
  for (let learner = 0; learner < 8; learner++) {
    // Each learner takes two or three courses at once: their statements interleave.
    const taken = courses.filter(() => chance(0.7)).slice(0, 3);
    for (const c of taken.length ? taken : [courses[0]!]) {
      const h = history(c, Math.floor(rand() * 500));
      all.push(...h.statements);
      voidable.push(...h.voidable);
    }
  }
  // Two learners whose outcome does not depend on the dice: one certifies, one passes the
  // final exam without finishing a module.
  const vi = courses[0]!;
  const certified = player(vi, newLearner());
  all.push(...certified.allModules(0), certified.test('final', 0.6, 100), certified.test('final', 0.9, 101));
  const unfinished = player(vi, newLearner());
  all.push(...unfinished.allModules(0).slice(1), unfinished.test('final', 1, 100));
  // A trainer voids some passes and first answers (and a lesson view or two), some after a later re-take.
  const voids = voidable.filter(() => chance(0.05)).map((s) => voiding(s.actor as never, s, 10_000));
  voids.push(...all.filter((s) => String((s.verb as Json).id).endsWith('experienced')).filter(() => chance(0.02)).map((s) => voiding(s.actor as never, s, 10_001)));
  // Devices sync late and out of order: shuffle, and let a voiding statement arrive before its target now and then.
  const stream = [...all, ...voids];
  for (let i = stream.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [stream[i], stream[j]] = [stream[j]!, stream[i]!];
  }
  for (let i = 0; i < stream.length; ) {
    const n = 1 + Math.floor(rand() * 40);
    const batch = stream.slice(i, i + n);
    await postOk(t, batch);
    if (chance(0.1)) await postOk(t, batch); // an outbox replaying a batch it already sent
    i += n;
  }

  const incremental = await snapshot();
  const courseRows = incremental.progress_courses as { certification_eligible: number; state: string; final_attempts: number }[];
  assert.ok(all.length > 500, `a realistic history (${all.length} statements, ${voids.length} voided)`);
  assert.ok(voids.length >= 5, 'the history voids statements');
  assert.ok(courseRows.some((r) => r.certification_eligible === 1), 'someone is eligible for a certificate');
  assert.ok(courseRows.some((r) => r.final_attempts > 0 && r.certification_eligible === 0), 'someone sat the final exam and is not eligible');
  assert.ok(courseRows.some((r) => r.state === 'in-progress') && courseRows.some((r) => r.state === 'completed'));
  assert.deepEqual(incremental.progress_dirty, [], 'the recompute scratch table is empty between writes');
  assert.ok(incremental.progress_item_results!.length >= courseRows.length / 2, 'item results for most learner x course pairs');
  const voidedIds = new Set(voids.map((v) => String((v.object as Json).id)));
  assert.ok(all.some((s) => voidedIds.has(String(s.id)) && String((s.verb as Json).id).endsWith('answered')), 'an answer is voided');
  // Question numbers are not progress: a rebuild keeps them, and gives the same rows with them.
  const numbers = t.local!.sqlite.prepare('SELECT * FROM progress_items ORDER BY course, n').all();
  assert.ok(numbers.length > 10);

  // Wipe, so that a rebuild that did nothing could not pass.
  for (const table of Object.keys(TABLES)) t.local!.sqlite.exec(`DELETE FROM ${table}`);
  const { code, out } = await runCli(['progress', 'rebuild'], { CHAMPA_DB: t.local!.sqlite.name });
  assert.equal(code, 0, out);
  const result = JSON.parse(out) as { facts: number; pairs: number };
  assert.equal(result.facts, incremental.progress_events!.length);
  assert.equal(result.pairs, courseRows.length);
  assert.deepEqual(await snapshot(), incremental);
  assert.deepEqual(t.local!.sqlite.prepare('SELECT * FROM progress_items ORDER BY course, n').all(), numbers);
});

test('rebuild: `progress` with an unknown command is a usage error', async () => {
  const { code, out } = await runCli(['progress', 'rebuilt'], { CHAMPA_DB: t.local!.sqlite.name });
  assert.equal(code, 2);
  assert.match(out, /progress rebuild/);
});
