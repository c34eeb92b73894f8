// R5 item analysis (domain-research §5.2) for one course: per question and per assessment it
// was asked in, how many people answered it (each person's first answer, so re-takes do not
// teach the item to the statistics), its difficulty p (the share answering correctly), its
// discrimination against the person's first score on that assessment (point-biserial
// correlation, and the upper-lower index of the top and bottom 27%), and flags for items that
// behave badly. Knowledge checks have no score, hence no discrimination. Reads progress rows
// (the answer facts and assessment roll-ups), never statements.
import { sql, type Kysely } from 'kysely';
import type { CompiledCourse } from '../../courses/schema.js';
import { courses as bundled } from '../../dist/courses/bundle.js';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { courseBrief } from '../cohorts/catalogue.js';
import { fail } from '../errors.js';
import { courseCatalog } from '../progress/catalog.js';
import { addTo, round, shares, zeroCounts, type Counts, type Means } from './counts.js';
import { filtersJson, type Filters } from './filters.js';
import { agentKeyPrefix, covering, flag, inPeriod, learnerAgentKey, population, type SexGroup } from './population.js';

/** Fewer answers than this make p and the discrimination too noisy to act on. */
export const MIN_RESPONSES = 20;
/** p at or above this: nearly everyone knows it, the item tells people apart little. */
export const TOO_EASY = 0.9;
/** p below this (or below the chance of guessing): nearly nobody gets it; check the key and wording. */
export const TOO_HARD = 0.3;
/** Discrimination below this is poor (a common rule of thumb: 0.2, Ebel's scale for D). */
export const LOW_DISCRIMINATION = 0.2;
/** The upper and lower groups of the upper-lower index (Kelley's 27%). */
export const GROUP_SHARE = 0.27;

export type ItemFlag = 'few-responses' | 'too-easy' | 'too-hard' | 'negative-discrimination' | 'low-discrimination';

export interface ItemRow {
  question: string;
  assessment: string;
  module: string | null;
  type: string | null;
  prompt: { lo: string; en: string } | null;
  answered: Counts;
  correct: Counts;
  /** p: the share answering correctly, per sex group and overall. */
  difficulty: Means;
  /** Point-biserial correlation of correct (0/1) with the assessment score; null without scores or spread. */
  pointBiserial: number | null;
  /** p(upper 27%) − p(lower 27%); null without scores or spread. */
  upperLower: number | null;
  flags: ItemFlag[];
}

const questionCache = new Map<string, CompiledCourse['questions']>();
function questionsOf(course: string): CompiledCourse['questions'] {
  let q = questionCache.get(course);
  if (!q) {
    const served = bundled[course];
    q = served ? (JSON.parse(served.json) as CompiledCourse).questions : {};
    questionCache.set(course, q);
  }
  return q;
}

/** The share a guesser gets right: an item below it is worse than guessing. */
function chanceOf(q: CompiledCourse['questions'][string] | undefined): number {
  if (!q) return 0;
  if (q.type === 'true-false') return 0.5;
  if (q.type === 'single') return 1 / q.choices.length;
  return 0;
}

/**
 * The report for one course (and, when given, one of its assessments: pretest, posttest,
 * final, a module quiz, or check for the lessons' knowledge checks).
 */
export async function itemsReport(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters & { course: string }, assessment: string | null = null) {
  const course = f.course;
  if (assessment !== null && !assessmentsOf(course).has(assessment)) {
    fail(400, `query.assessment: ${course} has no assessment "${assessment}" (it has ${[...assessmentsOf(course).keys()].join(', ')})`);
  }
  const home = (col: string) => learnerAgentKey(settings, sql.ref(col));
  // Every join below is a seek into a stored index (never into a CTE, which has none unless the
  // planner builds one: without statistics it may scan it instead, once per answer).
  const rows = await db
    .with('pop', () => population(db, settings, me, f))
    .with((cte) => cte('keys').materialized(), (qc) => qc.selectFrom('pop').select(home('pop.learner_id').as('agent_key')))
    // Each person's first answer to each question in each assessment (SQLite takes the bare
    // columns of a min() aggregate from the row holding the minimum). The IN list is sorted,
    // so the answers index is read learner by learner and the grouping streams without a sort.
    .with('first', (qc) => {
      let q = qc
        .selectFrom('progress_events as e')
        .select(['e.agent_key', sql<string>`coalesce(e.assessment, '')`.as('assessment'), 'e.item', 'e.success', sql<string>`min(e.at)`.as('at')])
        .where('e.course', '=', course)
        .where('e.kind', '=', 'question')
        .where('e.verb', '=', 'answered')
        .where('e.agent_key', 'in', (eb) => eb.selectFrom('keys').select('keys.agent_key'))
        .where('e.success', 'is not', null)
        .where(inPeriod(f, 'e.at'));
      if (assessment !== null) q = q.where('e.assessment', '=', assessment);
      return q.groupBy(['e.agent_key', 'e.assessment', 'e.item']);
    })
    // Per assessment, the first scores at the edges of the lowest and highest 27% of the people
    // who sat it (27% rounded, at least one person): at or below lo is the lower group, at or
    // above hi the upper (ties at a cut fall into its group).
    .with('cuts', (qc) =>
      qc
        .selectFrom(
          qc
            .selectFrom('progress_assessments as pa')
            .select([
              'pa.assessment',
              'pa.first_scaled as score',
              sql<number>`row_number() OVER (PARTITION BY pa.assessment ORDER BY pa.first_scaled)`.as('rn'),
              sql<number>`count(*) OVER (PARTITION BY pa.assessment)`.as('cnt'),
            ])
            .where('pa.course', '=', course)
            .where('pa.first_scaled', 'is not', null)
            .where('pa.agent_key', 'in', (eb) => eb.selectFrom('keys').select('keys.agent_key'))
            .$if(assessment !== null, (q) => q.where('pa.assessment', '=', assessment!))
            .as('ranked'),
        )
        .select([
          'ranked.assessment',
          sql<number>`max(CASE WHEN ranked.rn = max(1, CAST(round(${GROUP_SHARE} * ranked.cnt) AS INTEGER)) THEN ranked.score END)`.as('lo'),
          sql<number>`max(CASE WHEN ranked.rn = ranked.cnt + 1 - max(1, CAST(round(${GROUP_SHARE} * ranked.cnt) AS INTEGER)) THEN ranked.score END)`.as('hi'),
          sql<number>`max(ranked.cnt)`.as('cnt'),
        ])
        .groupBy('ranked.assessment'),
    )
    .selectFrom('first')
    // The person's sex, by the learner id inside the agent key.
    .crossJoin('learners as l')
    .where('l.id', '=', sql<string>`substr(first.agent_key, ${agentKeyPrefix(settings).length + 1})`)
    .where(covering)
    .leftJoin('progress_assessments as pa', (j) =>
      j.onRef('pa.agent_key', '=', 'first.agent_key').on('pa.course', '=', course).onRef('pa.assessment', '=', 'first.assessment'),
    )
    .leftJoin('cuts', 'cuts.assessment', 'first.assessment')
    .select([
      'first.assessment',
      'first.item',
      sql<SexGroup>`CASE l.sex WHEN 'female' THEN 'female' WHEN 'male' THEN 'male' ELSE 'other' END`.as('sex'),
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(first.success)`.as('correct'),
      sql<number>`count(pa.first_scaled)`.as('sn'),
      sql<number>`sum(pa.first_scaled)`.as('sx'),
      sql<number>`sum(pa.first_scaled * pa.first_scaled)`.as('sxx'),
      sql<number>`sum(CASE WHEN pa.first_scaled IS NOT NULL THEN first.success END)`.as('sy'),
      sql<number>`sum(CASE WHEN first.success = 1 THEN pa.first_scaled END)`.as('sxy'),
      sql<number>`sum(${flag(sql`cuts.lo < cuts.hi AND pa.first_scaled >= cuts.hi`)})`.as('un'),
      sql<number>`sum(CASE WHEN cuts.lo < cuts.hi AND pa.first_scaled >= cuts.hi THEN first.success ELSE 0 END)`.as('uc'),
      sql<number>`sum(${flag(sql`cuts.lo < cuts.hi AND pa.first_scaled <= cuts.lo`)})`.as('ln'),
      sql<number>`sum(CASE WHEN cuts.lo < cuts.hi AND pa.first_scaled <= cuts.lo THEN first.success ELSE 0 END)`.as('lc'),
    ])
    .groupBy(['first.assessment', 'first.item', 'sex'])
    .execute();

  interface Acc {
    answered: Counts;
    correct: Counts;
    sn: number;
    sx: number;
    sxx: number;
    sy: number;
    sxy: number;
    un: number;
    uc: number;
    ln: number;
    lc: number;
  }
  const acc = new Map<string, Acc & { assessment: string; item: string }>();
  for (const r of rows) {
    const key = `${r.assessment}\n${r.item}`;
    let a = acc.get(key);
    if (!a) {
      a = { assessment: r.assessment, item: r.item, answered: zeroCounts(), correct: zeroCounts(), sn: 0, sx: 0, sxx: 0, sy: 0, sxy: 0, un: 0, uc: 0, ln: 0, lc: 0 };
      acc.set(key, a);
    }
    addTo(a.answered, r.sex as SexGroup, r.n);
    addTo(a.correct, r.sex as SexGroup, r.correct);
    for (const k of ['sn', 'sx', 'sxx', 'sy', 'sxy', 'un', 'uc', 'ln', 'lc'] as const) a[k] += Number(r[k] ?? 0);
  }

  const questions = questionsOf(course);
  const items: ItemRow[] = [...acc.values()].map((a) => {
    const q = questions[a.item];
    const difficulty = shares(a.correct, a.answered);
    // Pearson's r of score x with correct y (y² = y): the point-biserial correlation.
    const n = a.sn;
    const den = (n * a.sxx - a.sx * a.sx) * (n * a.sy - a.sy * a.sy);
    const pointBiserial = n >= 2 && den > 1e-12 ? round((n * a.sxy - a.sx * a.sy) / Math.sqrt(den)) : null;
    const upperLower = a.un > 0 && a.ln > 0 ? round(a.uc / a.un - a.lc / a.ln) : null;
    const flags: ItemFlag[] = [];
    const p = difficulty.total;
    if (a.answered.total < MIN_RESPONSES) flags.push('few-responses');
    if (p !== null && p >= TOO_EASY) flags.push('too-easy');
    if (p !== null && p < Math.max(TOO_HARD, chanceOf(q))) flags.push('too-hard');
    const d = pointBiserial ?? upperLower;
    if (d !== null && d < 0) flags.push('negative-discrimination');
    else if (d !== null && d < LOW_DISCRIMINATION) flags.push('low-discrimination');
    return {
      question: a.item,
      assessment: a.assessment === '' ? 'unknown' : a.assessment,
      module: assessmentsOf(course).get(a.assessment)?.module ?? null,
      type: q?.type ?? null,
      prompt: q?.prompt ?? null,
      answered: a.answered,
      correct: a.correct,
      difficulty,
      pointBiserial,
      upperLower,
      flags,
    };
  });
  const order = (name: string) => assessmentsOf(course).get(name)?.order ?? Number.MAX_SAFE_INTEGER;
  items.sort((x, y) => order(x.assessment) - order(y.assessment) || x.question.localeCompare(y.question));
  return {
    report: 'items' as const,
    filters: filtersJson(f),
    course: { slug: course, title: courseBrief(course).title },
    assessment,
    thresholds: { minResponses: MIN_RESPONSES, tooEasy: TOO_EASY, tooHard: TOO_HARD, lowDiscrimination: LOW_DISCRIMINATION, groupShare: GROUP_SHARE },
    items,
  };
}

const assessmentCache = new Map<string, Map<string, { order: number; module: string | null }>>();

/** A course's assessments in the order a learner meets them: pre-test, module quizzes, post-test, final exam. */
function assessmentsOf(course: string) {
  let m = assessmentCache.get(course);
  if (!m) {
    m = new Map();
    const list = [...courseCatalog().places.values()].filter((p) => p.course === course && p.kind === 'assessment');
    const rank = (name: string) => (name === 'pretest' ? 0 : name === 'posttest' ? 2 : name === 'final' ? 3 : 1);
    list.sort((a, b) => rank(a.item) - rank(b.item));
    list.forEach((p, i) => m!.set(p.item, { order: i, module: p.module }));
    m.set('check', { order: list.length, module: null });
    assessmentCache.set(course, m);
  }
  return m;
}

export type ItemsReport = Awaited<ReturnType<typeof itemsReport>>;
