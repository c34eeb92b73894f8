// R5 item analysis (server/reports/items.ts) against a reference worked out straight from the
// answer facts (progress_events) and first scores (progress_assessments), as the report was
// defined before it read progress_item_results: each person's first answer per question and
// assessment (earliest, ties by statement id), counted in a period when given on one of its
// Lao days; point-biserial and upper-lower against the person's first score. A cohort of
// learners with every sex, two provinces, re-takes, late syncs across a quarter's end, answers
// without a test in their context and voided first answers. Node only: it reads the tables.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { GROUP_SHARE, type ItemsReport } from '../../../server/reports/items.js';
import { joinCohort, newCohort, type Joined, type TestCohort } from '../../support/cohorts.js';
import { body, send } from '../../support/people.js';
import { startTarget, type Target } from '../../support/target.js';
import { agentKeyOf, compiledCourse, player, postOk, voiding, type Json } from '../progress/statements.js';

const WR = 'workers-rights';
let t: Target;
let cohort: TestCohort;
let people: Joined[] = [];

// Deterministic, so a failure can be replayed.
let seed = 11;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const chance = (p: number) => rand() < p;
const pickSome = <T>(list: readonly T[], n: number) => [...list].sort(() => rand() - 0.5).slice(0, n);

before(async () => {
  t = await startTarget();
  cohort = await newCohort(t, { courses: [WR] });
  const sexes = ['female', 'male', 'other', 'not-stated'];
  people = await Promise.all(
    Array.from({ length: 28 }, (_, i) =>
      joinCohort(t, cohort.joinCode, { sex: sexes[i % 7 < 3 ? 0 : i % 7 < 5 ? 1 : (i % 2) + 2], provinceCode: i % 3 === 0 ? 'LA-KH' : 'LA-VT' }),
    ),
  );
  const wr = compiledCourse(WR);
  const prepost = wr.banks.prepost!;
  const checks = wr.banks.checks!;
  const all: Json[] = [];
  const firsts: Json[] = [];
  for (const [i, person] of people.entries()) {
    const p = player(wr, person.actor, randomUUID());
    const ability = rand();
    // Minutes after 2026-03-01 08:00 UTC: trainings from March to early April, some syncing days late.
    let minute = Math.floor(rand() * 40) * 1440 + Math.floor(rand() * 600);
    const sit = (which: 'pretest' | 'posttest', items: string[]) => {
      const iri = which === 'pretest' ? wr.prePostTest!.pretestIri : wr.prePostTest!.posttestIri;
      let right = 0;
      for (const id of items) {
        const ok = chance(ability);
        if (ok) right++;
        const answer = p.answer(id, ok, chance(0.1) ? minute + 3 * 1440 : minute, chance(0.9) ? iri : undefined);
        all.push(answer);
        firsts.push(answer);
        minute++;
      }
      all.push(p.test(which, Math.round((right / items.length) * 20) / 20, minute++));
    };
    sit('pretest', pickSome(prepost, 6));
    // A re-take, sometimes days later: answers already given do not count again.
    if (i % 3 === 0 || chance(0.3)) {
      if (i % 3 === 0) minute += 10 * 1440;
      sit('pretest', pickSome(prepost, 6));
    }
    for (const m of wr.modules.filter((x) => x.quiz)) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const items = pickSome(wr.banks[m.quiz!.bank]!, 3);
        for (const id of items) all.push(p.answer(id, chance(ability + attempt * 0.2), minute++, m.quiz!.iri));
        all.push(p.quiz(m.slug, Math.round(rand() * 10) / 10, minute++));
        if (chance(0.5)) break;
      }
      if (chance(0.5)) all.push(p.answer(checks[Math.floor(rand() * checks.length)]!, chance(ability), minute++, m.lessons[0]!.iri));
    }
    if (chance(0.8)) sit('posttest', pickSome(prepost, 6));
  }
  // Devices sync in any order.
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  for (let i = 0; i < all.length; i += 50) await postOk(t, all.slice(i, i + 50));
  // A trainer voids a few first answers: the person's next answer to that question, if any, counts.
  await postOk(t, firsts.filter(() => chance(0.08)).map((s) => voiding(s.actor as never, s, 100_000)));
});
after(() => t.close());

interface Reference {
  answered: Record<string, number>;
  correct: Record<string, number>;
  pointBiserial: number | null;
  upperLower: number | null;
}

const laoDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The report's numbers worked out from the facts, for the cohort's learners (of one province, one assessment, a period). */
function reference(o: { assessment?: string; province?: string; from?: string; to?: string }): Map<string, Reference> {
  const sqlite = t.local!.sqlite;
  const counted = people.filter((p) => o.province === undefined || (p.learner as Json).provinceCode === o.province);
  const sexOf = new Map(counted.map((p) => [agentKeyOf(p.actor), p.learner.sex === 'female' || p.learner.sex === 'male' ? p.learner.sex : 'otherOrNotStated']));
  const keys = [...sexOf.keys()];
  const marks = keys.map(() => '?').join(', ');
  const answers = sqlite
    .prepare(
      `SELECT agent_key, coalesce(assessment, '') AS assessment, item, success, at, statement_id FROM progress_events
       WHERE course = ? AND kind = 'question' AND verb = 'answered' AND success IS NOT NULL AND agent_key IN (${marks})
       ORDER BY at, statement_id`,
    )
    .all(WR, ...keys) as { agent_key: string; assessment: string; item: string; success: number; at: string }[];
  const scores = sqlite
    .prepare(`SELECT agent_key, assessment, first_scaled FROM progress_assessments WHERE course = ? AND first_scaled IS NOT NULL AND agent_key IN (${marks})`)
    .all(WR, ...keys) as { agent_key: string; assessment: string; first_scaled: number }[];
  const scoreOf = new Map(scores.map((s) => [`${s.agent_key}\n${s.assessment}`, s.first_scaled]));
  const cuts = new Map<string, { lo: number; hi: number }>();
  for (const a of new Set(scores.map((s) => s.assessment))) {
    const list = scores.filter((s) => s.assessment === a).map((s) => s.first_scaled).sort((x, y) => x - y);
    const k = Math.max(1, Math.round(GROUP_SHARE * list.length));
    cuts.set(a, { lo: list[k - 1]!, hi: list[list.length - k]! });
  }
  const first = new Map<string, (typeof answers)[number]>();
  for (const a of answers) {
    const key = `${a.agent_key}\n${a.assessment}\n${a.item}`;
    if (!first.has(key)) first.set(key, a);
  }
  const groups = new Map<string, { sex: string; y: number; x: number | null; cut?: { lo: number; hi: number } }[]>();
  for (const a of first.values()) {
    if (o.assessment !== undefined && a.assessment !== o.assessment) continue;
    const day = laoDay(a.at);
    if ((o.from !== undefined && day < o.from) || (o.to !== undefined && day > o.to)) continue;
    const key = `${a.assessment === '' ? 'unknown' : a.assessment}/${a.item}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ sex: sexOf.get(a.agent_key)!, y: a.success, x: scoreOf.get(`${a.agent_key}\n${a.assessment}`) ?? null, cut: cuts.get(a.assessment) });
  }
  const out = new Map<string, Reference>();
  for (const [key, list] of groups) {
    const answered: Record<string, number> = { female: 0, male: 0, otherOrNotStated: 0, total: 0 };
    const correct: Record<string, number> = { female: 0, male: 0, otherOrNotStated: 0, total: 0 };
    for (const r of list) {
      answered[r.sex]!++;
      answered.total!++;
      correct[r.sex]! += r.y;
      correct.total! += r.y;
    }
    const scored = list.filter((r) => r.x !== null) as { x: number; y: number; cut?: { lo: number; hi: number } }[];
    const n = scored.length;
    const mean = (f: (r: { x: number; y: number }) => number) => scored.reduce((s, r) => s + f(r), 0) / n;
    let pointBiserial: number | null = null;
    if (n >= 2) {
      const mx = mean((r) => r.x);
      const my = mean((r) => r.y);
      const cov = mean((r) => (r.x - mx) * (r.y - my));
      const vx = mean((r) => (r.x - mx) ** 2);
      const vy = mean((r) => (r.y - my) ** 2);
      pointBiserial = vx * vy > 1e-12 ? round(cov / Math.sqrt(vx * vy)) : null;
    }
    const upper = scored.filter((r) => r.cut && r.cut.lo < r.cut.hi && r.x >= r.cut.hi);
    const lower = scored.filter((r) => r.cut && r.cut.lo < r.cut.hi && r.x <= r.cut.lo);
    const p = (g: typeof scored) => g.reduce((s, r) => s + r.y, 0) / g.length;
    const upperLower = upper.length && lower.length ? round(p(upper) - p(lower)) : null;
    out.set(key, { answered, correct, pointBiserial, upperLower });
  }
  return out;
}

async function itemsOf(query: string): Promise<Map<string, Reference>> {
  const res = await send(t, 'admin', 'GET', `/api/reports/items?cohort=${cohort.id}&course=${WR}${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  const r = await body<ItemsReport>(res);
  return new Map(
    r.items.map((i) => [
      `${i.assessment}/${i.question}`,
      { answered: { ...i.answered }, correct: { ...i.correct }, pointBiserial: i.pointBiserial, upperLower: i.upperLower },
    ]),
  );
}

/** The report equals the reference item by item (point-biserial to float noise in the fourth decimal). */
function assertSame(actual: Map<string, Reference>, expected: Map<string, Reference>, what: string) {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the same items`);
  for (const [key, e] of expected) {
    const a = actual.get(key)!;
    assert.deepEqual({ answered: a.answered, correct: a.correct, upperLower: a.upperLower }, { answered: e.answered, correct: e.correct, upperLower: e.upperLower }, `${what}: ${key}`);
    if (e.pointBiserial === null) assert.equal(a.pointBiserial, null, `${what}: ${key} point-biserial`);
    else assert.ok(Math.abs(a.pointBiserial! - e.pointBiserial) <= 1e-4, `${what}: ${key} point-biserial ${a.pointBiserial} ≈ ${e.pointBiserial}`);
  }
}

test('R5 item analysis equals the reference from the answer facts: a whole course, re-takes, voided first answers, answers without a test, every sex', async () => {
  const expected = reference({});
  assert.ok(expected.size >= 20, `many items (${expected.size})`);
  assert.ok([...expected.keys()].some((k) => k.startsWith('unknown/')), 'answers without a test in their context');
  assert.ok([...expected.keys()].some((k) => k.startsWith('check/')), 'knowledge checks');
  assert.ok([...expected.values()].some((r) => r.upperLower !== null && r.pointBiserial !== null), 'discrimination computed');
  assert.ok([...expected.values()].some((r) => r.answered.otherOrNotStated! > 0));
  assertSame(await itemsOf(''), expected, 'whole course');
});

test('R5 item analysis, R8 periods: a first answer counts when given on one of the period\'s Lao days (not a later answer in the period)', async () => {
  const period = { from: '2026-03-20', to: '2026-04-10' };
  const expected = reference(period);
  const whole = reference({});
  assert.ok([...expected.values()].reduce((n, r) => n + r.answered.total!, 0) < [...whole.values()].reduce((n, r) => n + r.answered.total!, 0), 'the period leaves answers out');
  // Someone answered a question before the period and again in it: only the first answer counts, so not in this period.
  const again = t.local!.sqlite
    .prepare(
      `SELECT count(*) AS n FROM progress_events a JOIN progress_events b ON b.agent_key = a.agent_key AND b.course = a.course AND b.item = a.item
         AND coalesce(b.assessment, '') = coalesce(a.assessment, '') AND b.at > a.at
       WHERE a.course = ? AND a.kind = 'question' AND b.kind = 'question' AND a.success IS NOT NULL AND b.success IS NOT NULL
         AND date(a.at, '+7 hours') < ? AND date(b.at, '+7 hours') BETWEEN ? AND ?`,
    )
    .get(WR, period.from, period.from, period.to) as { n: number };
  assert.ok(again.n > 0, 'a question answered before the period and again in it');
  assertSame(await itemsOf(`&from=${period.from}&to=${period.to}`), expected, 'period');
  assertSame(await itemsOf('&quarter=2026-Q2'), reference({ from: '2026-04-01', to: '2026-06-30' }), 'quarter');
});

test('R5 item analysis: one assessment, and one province (the learners\' own)', async () => {
  assertSame(await itemsOf('&assessment=pretest'), reference({ assessment: 'pretest' }), 'pretest');
  assertSame(await itemsOf('&assessment=check'), reference({ assessment: 'check' }), 'checks');
  assertSame(await itemsOf('&province=LA-KH'), reference({ province: 'LA-KH' }), 'LA-KH');
});
