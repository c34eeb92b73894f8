// R1 participation funnel (domain-research §5.2): how many people were enrolled, started,
// completed, passed and were certified, per course and across courses, split by sex. Each
// stage counts the people who reached it within the period (all time when none is given),
// so a quarter's "completed" is the F-indicator's "people trained" for that quarter. Also
// the stage flags the roll-up (rollup.ts) groups by place. Reads progress, enrolment and
// certificate rows; never statements.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { courseCatalog } from '../progress/catalog.js';
import { courseBrief } from '../cohorts/catalogue.js';
import { addTo, zeroCounts, type Counts } from './counts.js';
import { filtersJson, type Filters } from './filters.js';
import { flag, inPeriod, learnerAgentKey, population, reportCourses, type SexGroup } from './population.js';

export const STAGES = ['enrolled', 'started', 'completed', 'passed', 'certified'] as const;
export type Stage = (typeof STAGES)[number];
export type StageCounts = Record<Stage, Counts>;

export const zeroStages = (): StageCounts => ({ enrolled: zeroCounts(), started: zeroCounts(), completed: zeroCounts(), passed: zeroCounts(), certified: zeroCounts() });

/**
 * The pairs with one 0/1 column per stage reached in the period, as CTEs `pop` and `flags`.
 * started: a progress row (first activity); completed: every module completed; passed: the
 * course's pass rule (final exam, else post-test, else completion: progress_courses.passed);
 * certified: a certificate issued and not revoked. `readTwice`: flags is computed once and
 * kept (materialized) for a query that reads it twice; a query that reads it once streams it.
 */
export function withStageFlags(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters, readTwice: boolean) {
  return db
    .with('pop', () => population(db, settings, me, f))
    .with((cte) => (readTwice ? cte('flags').materialized() : cte('flags')), (qc) =>
      qc
        .selectFrom('pop')
        .leftJoin('progress_courses as pc', (j) =>
          // By primary key (one seek into the clustered table), not through the account index.
          j.on('pc.agent_key', '=', learnerAgentKey(settings, sql.ref('pop.learner_id'))).onRef('pc.course', '=', 'pop.course'),
        )
        .select((eb) => [
          'pop.learner_id',
          'pop.course',
          'pop.sex',
          'pop.province_code',
          'pop.district_code',
          flag(inPeriod(f, 'pop.enrolled')).as('enrolled'),
          flag(inPeriod(f, 'pc.first_at')).as('started'),
          flag(inPeriod(f, 'pc.completed_at')).as('completed'),
          flag(sql`pc.passed = 1 AND ${inPeriod(f, 'pc.passed_at')}`).as('passed'),
          flag(
            eb.exists(
              eb
                .selectFrom('certificates as cert')
                .select(sql<number>`1`.as('one'))
                .whereRef('cert.learner_id', '=', 'pop.learner_id')
                .whereRef('cert.course_slug', '=', 'pop.course')
                .where('cert.status', '=', 'active')
                .where(inPeriod(f, 'cert.issued')),
            ),
          ).as('certified'),
        ]),
    );
}

/** Courses per bit mask: whole numbers stay exact in a JS number up to 2^53. */
const MASK_BITS = 50;

export async function participationReport(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters) {
  const courses = reportCourses(f);
  // One pass over the pairs, grouped by person: per stage, which of the courses the person
  // reached it in, as bit masks (a person's pairs are one per course, so the sum of their
  // course bits is the set). The people are then counted per sex and set of courses, a few
  // hundred groups, which give both the per-course counts and each person once across
  // courses. Cheaper than grouping the pairs twice (per course, then per person): that kept
  // every pair's flags in a temporary table and sorted them twice.
  const chunks = Array.from({ length: Math.ceil(courses.length / MASK_BITS) }, (_, k) => courses.slice(k * MASK_BITS, (k + 1) * MASK_BITS));
  const bitOf = (chunk: string[]) => sql<number>`CASE flags.course ${sql.join(chunk.map((c, i) => sql`WHEN ${c} THEN ${sql.lit(2 ** i)}`), sql` `)} ELSE 0 END`;
  const maskName = (stage: Stage, k: number) => `${stage}_${k}`;
  const masks = STAGES.flatMap((stage) => chunks.map((chunk, k) => sql<number>`sum(${sql.ref(`flags.${stage}`)} * ${bitOf(chunk)})`.as(maskName(stage, k))));
  const maskRefs = STAGES.flatMap((stage) => chunks.map((_, k) => sql.ref(`people.${maskName(stage, k)}`)));
  const rows = (await withStageFlags(db, settings, me, f, false)
    .with('people', (qc) => qc.selectFrom('flags').select(['flags.sex', ...masks]).groupBy('flags.learner_id'))
    .selectFrom('people')
    .select(['people.sex', ...maskRefs.map((ref, i) => sql<number>`${ref}`.as(`m${i}`)), sql<number>`count(*)`.as('n')])
    .groupBy(['people.sex', ...maskRefs])
    .execute()) as ({ sex: SexGroup; n: number } & Record<string, number>)[];

  const all = zeroStages();
  const byCourse = new Map(courses.map((c) => [c, zeroStages()]));
  for (const r of rows) {
    STAGES.forEach((stage, s) => {
      let any = false;
      chunks.forEach((chunk, k) => {
        let mask = Number(r[`m${s * chunks.length + k}`] ?? 0);
        for (let i = 0; mask > 0; i++, mask = Math.floor(mask / 2)) {
          if (mask % 2 === 0) continue;
          any = true;
          addTo(byCourse.get(chunk[i]!)![stage], r.sex, r.n);
        }
      });
      if (any) addTo(all[stage], r.sex, r.n);
    });
  }
  const rules = new Map(courseCatalog().courses.map((c) => [c.course, c]));
  return {
    report: 'participation' as const,
    filters: filtersJson(f),
    stages: STAGES,
    all,
    courses: [...byCourse].map(([course, stages]) => ({
      course,
      title: courseBrief(course).title,
      certifies: (rules.get(course)?.certifies ?? 'none') !== 'none',
      ...stages,
    })),
  };
}

export type ParticipationReport = Awaited<ReturnType<typeof participationReport>>;
