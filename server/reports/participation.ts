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
 * certified: a certificate issued and not revoked.
 */
export function withStageFlags(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters) {
  return db
    .with('pop', () => population(db, settings, me, f))
    // Read twice (per course, and per person across courses): computed once.
    .with((cte) => cte('flags').materialized(), (qc) =>
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

const sums = STAGES.map((s) => sql<number>`sum(${sql.ref(s)})`.as(s));

export async function participationReport(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters) {
  const qc = withStageFlags(db, settings, me, f);
  // Per course, and across courses with each person once (reached a stage in any course).
  const rows = await qc
    .selectFrom('flags')
    .select([sql<string | null>`flags.course`.as('course'), 'flags.sex', ...sums])
    .groupBy(['flags.course', 'flags.sex'])
    .unionAll((eb) => {
      const perPerson = eb
        .selectFrom('flags')
        .select(['flags.sex', ...STAGES.map((s) => sql<number>`max(${sql.ref(s)})`.as(s))])
        .groupBy('flags.learner_id');
      return eb.selectFrom(perPerson.as('p')).select([sql<string | null>`NULL`.as('course'), 'p.sex', ...sums]).groupBy('p.sex');
    })
    .execute();

  const all = zeroStages();
  const byCourse = new Map(reportCourses(f).map((c) => [c, zeroStages()]));
  for (const r of rows) {
    const target = r.course === null ? all : byCourse.get(r.course);
    if (!target) continue;
    for (const s of STAGES) addTo(target[s], r.sex as SexGroup, r[s]);
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
