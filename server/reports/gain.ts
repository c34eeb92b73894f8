// R2 learning gain (domain-research §5.2, Kirkpatrick level 2): per course with a pre- and
// post-test, the mean pre-test score (each learner's first attempt), the mean post-test
// score (each learner's latest attempt: what they know after re-takes), and for the paired
// learners who sat both (the pre-test first) their mean pre, mean post and mean gain, how
// many gained at least minGain, and how many reached the pass mark on the post-test. Scores
// are scaled 0–1. A learner counts in the period when the post-test (or, for the pre-test
// figures, the pre-test) was sat in it. Reads progress rows only.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { courseBrief } from '../cohorts/catalogue.js';
import { courseCatalog } from '../progress/catalog.js';
import { addTo, MeanBuilder, zeroCounts, type Counts, type Means } from './counts.js';
import { filtersJson, type Filters } from './filters.js';
import { flag, inPeriod, learnerAgentKey, population, reportCourses, type SexGroup } from './population.js';

/** Default for "gained at least": 0.2 on the 0–1 scale, i.e. 20 percentage points. */
export const DEFAULT_MIN_GAIN = 0.2;
// Scores such as 4/5 arrive as 0.7999…; the progress derivation compares with the same slack.
const EPS = 1e-9;

export interface CourseGain {
  course: string;
  title: { lo: string; en: string };
  mastery: number;
  pretest: { n: Counts; mean: Means };
  posttest: { n: Counts; mean: Means; passed: Counts };
  paired: { n: Counts; pretestMean: Means; posttestMean: Means; gainMean: Means; gainedAtLeast: Counts };
}

export async function gainReport(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters, minGain = DEFAULT_MIN_GAIN) {
  const rules = courseCatalog().courses.filter((c) => c.hasPosttest && reportCourses(f).includes(c.course));
  if (rules.length === 0) return { report: 'learning-gain' as const, filters: filtersJson(f), minGain, courses: [] as CourseGain[] };
  const mastery = sql<number>`CASE pop.course ${sql.join(
    rules.map((r) => sql`WHEN ${r.course} THEN ${r.mastery}`),
    sql` `,
  )} END`;
  const pre = sql`(pc.pretest_scaled IS NOT NULL AND ${inPeriod(f, 'pc.pretest_at')})`;
  const post = sql`(pc.posttest_latest IS NOT NULL AND ${inPeriod(f, 'pc.posttest_at')})`;
  const paired = sql`(${post} AND pc.pretest_scaled IS NOT NULL AND pc.pretest_at <= pc.posttest_at)`;
  const gain = sql<number>`(pc.posttest_latest - pc.pretest_scaled)`;
  const rows = await db
    // The pairs of the courses with a post-test only.
    .with('pop', () => population(db, settings, me, f, rules.map((r) => r.course)))
    .selectFrom('pop')
    // CROSS JOIN keeps the pairs outside (SQLite does not reorder it): one primary-key seek each.
    .crossJoin('progress_courses as pc')
    .where('pc.agent_key', '=', learnerAgentKey(settings, sql.ref('pop.learner_id')))
    .whereRef('pc.course', '=', 'pop.course')
    .select([
      'pop.course',
      'pop.sex',
      sql<number>`sum(${flag(pre)})`.as('pre_n'),
      sql<number>`sum(CASE WHEN ${pre} THEN pc.pretest_scaled END)`.as('pre_sum'),
      sql<number>`sum(${flag(post)})`.as('post_n'),
      sql<number>`sum(CASE WHEN ${post} THEN pc.posttest_latest END)`.as('post_sum'),
      sql<number>`sum(${flag(sql`${post} AND pc.posttest_latest >= ${mastery} - ${EPS}`)})`.as('post_passed'),
      sql<number>`sum(${flag(paired)})`.as('paired_n'),
      sql<number>`sum(CASE WHEN ${paired} THEN pc.pretest_scaled END)`.as('paired_pre_sum'),
      sql<number>`sum(CASE WHEN ${paired} THEN pc.posttest_latest END)`.as('paired_post_sum'),
      sql<number>`sum(CASE WHEN ${paired} THEN ${gain} END)`.as('gain_sum'),
      sql<number>`sum(${flag(sql`${paired} AND ${gain} >= ${minGain} - ${EPS}`)})`.as('gained'),
    ])
    .groupBy(['pop.course', 'pop.sex'])
    .execute();

  const courses: CourseGain[] = rules.map((r) => {
    const pretest = new MeanBuilder();
    const posttest = new MeanBuilder();
    const passed = zeroCounts();
    const pairedPre = new MeanBuilder();
    const pairedPost = new MeanBuilder();
    const gainMean = new MeanBuilder();
    const gained = zeroCounts();
    for (const row of rows.filter((x) => x.course === r.course)) {
      const sex = row.sex as SexGroup;
      pretest.add(sex, row.pre_n, row.pre_sum);
      posttest.add(sex, row.post_n, row.post_sum);
      addTo(passed, sex, row.post_passed);
      pairedPre.add(sex, row.paired_n, row.paired_pre_sum);
      pairedPost.add(sex, row.paired_n, row.paired_post_sum);
      gainMean.add(sex, row.paired_n, row.gain_sum);
      addTo(gained, sex, row.gained);
    }
    return {
      course: r.course,
      title: courseBrief(r.course).title,
      mastery: r.mastery,
      pretest: { n: pretest.n, mean: pretest.means() },
      posttest: { n: posttest.n, mean: posttest.means(), passed },
      paired: { n: gainMean.n, pretestMean: pairedPre.means(), posttestMean: pairedPost.means(), gainMean: gainMean.means(), gainedAtLeast: gained },
    };
  });
  return { report: 'learning-gain' as const, filters: filtersJson(f), minGain, courses };
}

export type GainReport = Awaited<ReturnType<typeof gainReport>>;
