// Who a report counts: learner x course pairs, each once, with the learner's sex and place,
// after the filters and the caller's scope. A pair exists when a Champa learner is enrolled
// in a course (by a cohort or a host site) or has started it without an enrolment; counting
// pairs, not enrolments, keeps a person enrolled twice from counting twice (domain-research
// §5.3: people, not events). Also the period test every stage uses. Not for the stages
// themselves: each report reads progress rows for those.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { learnerHomePage } from '../identity/learner-tokens.js';
import { organisationsVisible } from '../identity/scope.js';
import { courseCatalog } from '../progress/catalog.js';
import type { Filters } from './filters.js';

/** The three sex groups every count is split into (domain-research §5.1: "60 participants, 21 women"). */
export const SEX_GROUPS = ['female', 'male', 'other'] as const;
export type SexGroup = (typeof SEX_GROUPS)[number];

/** The agent key progress rows carry for a Champa learner (server/xapi/ifi.ts, account IFI). */
export function learnerAgentKey(settings: Settings, learnerColumn: Expression<string>): RawBuilder<string> {
  return sql<string>`${'account:' + learnerHomePage(settings) + '|'} || ${learnerColumn}`;
}

/**
 * The condition that a timestamp column falls in the period (and is set at all): since
 * inclusive, until exclusive, compared as text (every stored time is ISO 8601 UTC with ms).
 */
export function inPeriod(f: Filters, columnName: string): RawBuilder<SqlBool> {
  const column = sql.ref(columnName);
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`${column} IS NOT NULL`];
  if (f.since !== null) parts.push(sql<SqlBool>`${column} >= ${f.since}`);
  if (f.until !== null) parts.push(sql<SqlBool>`${column} < ${f.until}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/** 1 when the condition holds, else 0: what the stage sums add up. */
export const flag = (condition: RawBuilder<unknown> | Expression<SqlBool>) => sql<number>`CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/** Courses a report may cover: the one filtered, or every course this build serves. */
export function reportCourses(f: Filters): string[] {
  return f.course !== null ? [f.course] : courseCatalog().courses.map((c) => c.course);
}

/**
 * The pairs as a query (columns learner_id, course, enrolled, sex, province_code,
 * district_code), to be used as a CTE. enrolled is the earliest enrolment (the cohort's,
 * when a cohort is filtered), or the first activity of a pair with no enrolment.
 */
export function population(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters) {
  const home = learnerHomePage(settings);
  const courses = reportCourses(f);
  let enrolments = db.selectFrom('enrolments').select(['enrolments.learner_id', 'enrolments.course_slug as course', 'enrolments.enrolled']);
  if (f.cohort !== null) enrolments = enrolments.where('enrolments.cohort_id', '=', f.cohort);
  if (f.course !== null) enrolments = enrolments.where('enrolments.course_slug', '=', f.course);
  let site = db.selectFrom('site_enrolments').select(['site_enrolments.learner_id', 'site_enrolments.course_slug as course', 'site_enrolments.enrolled']);
  if (f.course !== null) site = site.where('site_enrolments.course_slug', '=', f.course);
  let started = db
    .selectFrom('progress_courses')
    .select([sql<string>`progress_courses.account_name`.as('learner_id'), 'progress_courses.course', 'progress_courses.first_at as enrolled'])
    .where('progress_courses.account_home_page', '=', home)
    .where('progress_courses.account_name', 'is not', null);
  if (f.course !== null) started = started.where('progress_courses.course', '=', f.course);
  // A cohort's report is about that cohort's enrolments only.
  const sources = f.cohort !== null ? enrolments : enrolments.unionAll(site).unionAll(started);

  let q = db
    .selectFrom(sources.as('x'))
    .innerJoin('learners as l', 'l.id', 'x.learner_id')
    .select([
      'l.id as learner_id',
      'x.course',
      (eb) => eb.fn.min('x.enrolled').as('enrolled'),
      sql<SexGroup>`CASE l.sex WHEN 'female' THEN 'female' WHEN 'male' THEN 'male' ELSE 'other' END`.as('sex'),
      'l.province_code',
      'l.district_code',
    ])
    .where('x.course', 'in', courses);
  if (f.organisation !== null) q = q.where('l.organisation_id', '=', f.organisation);
  if (f.province !== null) q = q.where('l.province_code', '=', f.province);
  if (f.district !== null) q = q.where('l.district_code', '=', f.district);
  // A visible cohort was checked when the filters were resolved: all its pairs are visible.
  if (me.role === 'trainer' && f.cohort === null) q = q.where((eb) => trainerSees(eb, me));
  return q.groupBy(['l.id', 'x.course']);
}

type PairScope = ExpressionBuilder<DB & { x: { learner_id: string; course: string; enrolled: string }; l: DB['learners'] }, 'x' | 'l'>;

/**
 * A trainer's pairs (their organisations and cohorts, scope.ts and cohorts/access.ts): the
 * learner belongs to one of the trainer's organisations, or is enrolled in the course in a
 * cohort of one of them or a cohort the trainer is listed on.
 */
function trainerSees(eb: PairScope, me: UserPrincipal): Expression<SqlBool> {
  const orgs = organisationsVisible(me);
  const own = orgs === 'all' ? [] : [...orgs];
  const cohortOk = (c: ExpressionBuilder<DB & { e2: DB['enrolments']; c2: DB['cohorts'] }, 'e2' | 'c2'>) => {
    const listed = c.exists(
      c.selectFrom('cohort_trainers').select('cohort_trainers.user_id').whereRef('cohort_trainers.cohort_id', '=', 'c2.id').where('cohort_trainers.user_id', '=', me.userId),
    );
    return own.length ? c.or([c('c2.organisation_id', 'in', own), listed]) : listed;
  };
  const inVisibleCohort = eb.exists(
    eb
      .selectFrom('enrolments as e2')
      .innerJoin('cohorts as c2', 'c2.id', 'e2.cohort_id')
      .select('e2.learner_id')
      .whereRef('e2.learner_id', '=', 'l.id')
      .whereRef('e2.course_slug', '=', 'x.course')
      .where(cohortOk),
  );
  return own.length ? eb.or([eb('l.organisation_id', 'in', own), inVisibleCohort]) : inVisibleCohort;
}
