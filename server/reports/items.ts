// R5 item analysis (domain-research §5.2) for one course: per question and per assessment it
// was asked in, how many people answered it (each person's first answer, so re-takes do not
// teach the item to the statistics), its difficulty p (the share answering correctly), its
// discrimination against the person's first score on that assessment (point-biserial
// correlation, and the upper-lower index of the top and bottom 27%), and flags for items that
// behave badly. Knowledge checks have no score, hence no discrimination. Reads the derived
// per learner x course item results (progress_item_results, migration 0009), never statements.
//
// Why the sums are made here and not by SQL: a whole course at 10,000 learners is ~170,000
// first answers, and SQLite groups only by sorting; one compact row per person read in the
// order of the people, summed by question number into arrays, is ~10× less work (bench/reports.ts).
import { sql, type Kysely } from 'kysely';
import type { CompiledCourse } from '../../courses/schema.js';
import { courses as bundled } from '../../dist/courses/bundle.js';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { courseBrief } from '../cohorts/catalogue.js';
import { fail } from '../errors.js';
import { courseCatalog } from '../progress/catalog.js';
import { round, shares, type Counts, type Means } from './counts.js';
import { filtersJson, type Filters } from './filters.js';
import { learnerAgentKey, population, type SexGroup } from './population.js';

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

/** What the report needs of one question in one assessment, summed over the people counted. */
interface ItemSums {
  assessment: string;
  item: string;
  answered: Counts;
  correct: Counts;
  /** With a score: how many, Σscore, Σscore², Σcorrect, Σscore·correct (for the point-biserial). */
  sn: number;
  sx: number;
  sxx: number;
  sy: number;
  sxy: number;
  /** In the upper and lower groups: how many, and how many correct. */
  un: number;
  uc: number;
  ln: number;
  lc: number;
}

// Slots of one question's running sums, per assessment: answered and correct per sex group.
const SLOTS = 6;
const N = 0;
const C = 3;
const SEX_SLOT: Record<SexGroup, number> = { female: 0, male: 1, other: 2 };
const TAB = 9;
const SPACE = 32;
const ZERO = 48;

/** One assessment's running sums. */
interface AssessmentSums {
  /** SLOTS per question number. */
  counts: Float64Array;
  /** The first score of every person with one: where the upper and lower groups begin. */
  scores: number[];
  /** Per first score: answered and correct per question number, of the people with that score. */
  byScore: Map<number, Float64Array>;
}

/**
 * The first scores at the edges of the lowest and highest 27% of the people who have one (27%
 * rounded, at least one person): at or below lo is the lower group, at or above hi the upper
 * (ties at a cut fall into its group). Null when lo = hi: no groups to compare.
 */
function cutsOf(scores: readonly number[]): { lo: number; hi: number } | null {
  const sorted = Float64Array.from(scores).sort();
  const k = Math.max(1, Math.round(GROUP_SHARE * sorted.length));
  const lo = sorted[k - 1]!;
  const hi = sorted[sorted.length - k]!;
  return lo < hi ? { lo, hi } : null;
}

/**
 * Sums the people's item results (progress_item_results lines, migration 0009) per assessment
 * and question: of one assessment when given, answers given on the period's Lao days.
 * Written for speed (~170,000 answers in a whole course): one pass over the text in place,
 * sums in flat arrays indexed by question number. The upper and lower groups depend on every
 * score, so answers are also counted per distinct score (few: k of n right) and the groups
 * are added up once the scores are all known.
 */
function sumItems(
  rows: readonly { sex: SexGroup; results: string }[],
  itemOf: readonly string[],
  only: string | null,
  f: Filters,
): ItemSums[] {
  const items = itemOf.length;
  const byAssessment = new Map<string, AssessmentSums>();
  const sumsOf = (assessment: string) => {
    let a = byAssessment.get(assessment);
    if (!a) byAssessment.set(assessment, (a = { counts: new Float64Array(items * SLOTS), scores: [], byScore: new Map() }));
    return a;
  };
  for (const r of rows) {
    const sex = SEX_SLOT[r.sex] ?? SEX_SLOT.other;
    const text = r.results;
    // A score line sorts before its assessment's answer lines.
    let scored = '';
    let score = 0;
    let ofScore: Float64Array | undefined;
    for (let start = 0, end = 0; start < text.length; start = end + 1) {
      end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const t1 = text.indexOf('\t', start);
      const assessment = text.slice(start, t1);
      if (only !== null && assessment !== only) continue;
      const a = sumsOf(assessment);
      if (text.charCodeAt(t1 + 1) === TAB) {
        scored = assessment;
        score = Number(text.slice(t1 + 2, end));
        a.scores.push(score);
        ofScore = a.byScore.get(score);
        if (!ofScore) a.byScore.set(score, (ofScore = new Float64Array(items * 2)));
        continue;
      }
      const t2 = text.indexOf('\t', t1 + 1);
      const day = text.slice(t1 + 1, t2);
      if ((f.from !== null && day < f.from) || (f.to !== null && day > f.to)) continue;
      const withScore = scored === assessment ? ofScore : undefined;
      const v = a.counts;
      // The answers: numbers 2n + success, n a progress_items number.
      let i = t2 + 1;
      while (i < end) {
        let x = 0;
        let c: number;
        while (i < end && (c = text.charCodeAt(i)) !== SPACE) {
          x = x * 10 + c - ZERO;
          i++;
        }
        i++;
        const ok = x & 1;
        const n = x >> 1;
        // progress_items is never emptied or renumbered: a number without a question is a defect.
        if (n >= items) throw new Error(`progress_item_results names question number ${n}, which progress_items does not have`);
        const o = n * SLOTS;
        v[o + N + sex]! += 1;
        v[o + C + sex]! += ok;
        if (withScore) {
          withScore[2 * n]! += 1;
          withScore[2 * n + 1]! += ok;
        }
      }
    }
  }

  const out: ItemSums[] = [];
  for (const [assessment, a] of byAssessment) {
    const v = a.counts;
    const cut = a.scores.length ? cutsOf(a.scores) : null;
    // Per question: with a score, how many, Σscore, Σscore², Σcorrect, Σscore·correct (for the
    // point-biserial); then in the upper and lower groups, how many and how many correct.
    const SN = 0, SX = 1, SXX = 2, SY = 3, SXY = 4, UN = 5, UC = 6, LN = 7, LC = 8, K = 9;
    const s = new Float64Array(items * K);
    for (const [score, w] of a.byScore) {
      const group = cut === null ? -1 : score >= cut.hi ? UN : score <= cut.lo ? LN : -1;
      for (let n = 0; n < items; n++) {
        const answered = w[2 * n]!;
        if (answered === 0) continue;
        const correct = w[2 * n + 1]!;
        const o = n * K;
        s[o + SN]! += answered;
        s[o + SX]! += score * answered;
        s[o + SXX]! += score * score * answered;
        s[o + SY]! += correct;
        s[o + SXY]! += score * correct;
        if (group >= 0) {
          s[o + group]! += answered;
          s[o + group + 1]! += correct;
        }
      }
    }
    for (let n = 0; n < items; n++) {
      const o = n * SLOTS;
      const counts = (at: number): Counts => ({ female: v[o + at]!, male: v[o + at + 1]!, otherOrNotStated: v[o + at + 2]!, total: v[o + at]! + v[o + at + 1]! + v[o + at + 2]! });
      const answered = counts(N);
      if (answered.total === 0) continue;
      out.push({
        assessment,
        item: itemOf[n]!,
        answered,
        correct: counts(C),
        sn: s[n * K + SN]!,
        sx: s[n * K + SX]!,
        sxx: s[n * K + SXX]!,
        sy: s[n * K + SY]!,
        sxy: s[n * K + SXY]!,
        un: s[n * K + UN]!,
        uc: s[n * K + UC]!,
        ln: s[n * K + LN]!,
        lc: s[n * K + LC]!,
      });
    }
  }
  return out;
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
  const [numbers, rows] = await Promise.all([
    db.selectFrom('progress_items').select(['n', 'item']).where('course', '=', course).execute(),
    db
      .with('pop', () => population(db, settings, me, f))
      .selectFrom('pop')
      // CROSS JOIN keeps the people outside: one primary-key seek each.
      .crossJoin('progress_item_results as r')
      .where('r.agent_key', '=', learnerAgentKey(settings, sql.ref('pop.learner_id')))
      .whereRef('r.course', '=', 'pop.course')
      .select(['pop.sex', 'r.results'])
      .execute(),
  ]);
  const itemOf: string[] = [];
  for (const r of numbers) itemOf[r.n] = r.item;
  const acc = sumItems(rows, itemOf, assessment, f);

  const questions = questionsOf(course);
  const items: ItemRow[] = acc.map((a) => {
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
