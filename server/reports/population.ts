// Who a report counts: learner x course pairs, each once, with the learner's sex and place,
// after the filters and the caller's scope. A pair exists when a Champa learner is enrolled
// in a course (by a cohort or a host site) or has started it without an enrolment; counting
// pairs, not enrolments, keeps a person enrolled twice from counting twice (domain-research
// §5.3: people, not events). Also the period test every stage uses. Not for the stages
// themselves: each report reads progress rows for those.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { learnerHomePage } from '../identity/learner-tokens.js';
import { organisationsVisible } from '../identity/scope.js';
import { courseCatalog } from '../progress/catalog.js';
import type { Filters } from './filters.js';

// Any select of pairs, whatever tables it reads (the sources differ in their FROM clauses).
type AnySelect = SelectQueryBuilder<any, any, { learner_id: string; course: string; enrolled: string }>;

/** The three sex groups every count is split into (domain-research §5.1: "60 participants, 21 women"). */
export const SEX_GROUPS = ['female', 'male', 'other'] as const;
export type SexGroup = (typeof SEX_GROUPS)[number];

/** What precedes the learner id in the agent key progress rows carry (server/xapi/ifi.ts, account IFI). */
export const agentKeyPrefix = (settings: Settings) => `account:${learnerHomePage(settings)}|`;

/** The agent key progress rows carry for a Champa learner. */
export function learnerAgentKey(settings: Settings, learnerColumn: Expression<string>): RawBuilder<string> {
  return sql<string>`${agentKeyPrefix(settings)} || ${learnerColumn}`;
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

/**
 * Always true (sex is required and never empty), and a hint: with it the planner reads
 * learners_report (id, sex, organisation, place), which holds all a report needs, instead of
 * the id index plus the table, when the database has no planner statistics (the usual case).
 */
export const covering = sql<SqlBool>`l.sex > ''`;

/** 1 when the condition holds, else 0: what the stage sums add up. */
export const flag = (condition: RawBuilder<unknown> | Expression<SqlBool>) => sql<number>`CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/** Courses a report may cover: the one filtered, or every course this build serves. */
export function reportCourses(f: Filters): string[] {
  return f.course !== null ? [f.course] : courseCatalog().courses.map((c) => c.course);
}

/**
 * The pairs as a query (columns learner_id, course, enrolled, sex, province_code,
 * district_code), to be used as a CTE. enrolled is the earliest cohort enrolment, else the
 * host-site enrolment, else the first activity of a pair with neither. `courses` narrows the
 * filters' courses to those a report covers (e.g. the certifying ones), so that pairs it
 * would drop are never built.
 *
 * Built for speed at tens of thousands of pairs: the three sources are made disjoint by
 * anti-joins instead of being unioned and regrouped (a sort of every pair by its long key),
 * and a trainer's pairs start from their cohorts and their organisations' learners.
 */
export function population(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters, courses: readonly string[] = reportCourses(f)) {
  const home = learnerHomePage(settings);
  // No course at all: an empty IN list is not SQL, and a course slug is never ''.
  const list = courses.length ? courses : [''];
  const inCourses = <T extends string>(column: T) => (list.length === 1 ? sql<SqlBool>`${sql.ref(column)} = ${list[0]}` : sql<SqlBool>`${sql.ref(column)} IN (${sql.join(list)})`);

  // One row per learner x course (the primary key is per cohort): grouped in index order.
  const enrolments = (only?: (eb: ExpressionBuilder<DB, 'enrolments'>) => Expression<SqlBool>) => {
    let q = db
      .selectFrom('enrolments')
      .select(['enrolments.learner_id', 'enrolments.course_slug as course', (eb) => eb.fn.min('enrolments.enrolled').as('enrolled')])
      .where(inCourses('enrolments.course_slug'));
    if (only) q = q.where(only);
    return q.groupBy(['enrolments.learner_id', 'enrolments.course_slug']);
  };
  type Learners = SelectQueryBuilder<DB, 'learners', { id: string }>;
  // Host-site enrolments of pairs no cohort enrolled.
  const site = (learners?: Learners) => {
    let q = db
      .selectFrom('site_enrolments as s')
      .select(['s.learner_id', 's.course_slug as course', (eb) => eb.fn.min('s.enrolled').as('enrolled')])
      .where(inCourses('s.course_slug'))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('enrolments as e').select('e.learner_id').whereRef('e.learner_id', '=', 's.learner_id').whereRef('e.course_slug', '=', 's.course_slug'))),
      );
    if (learners) q = q.where('s.learner_id', 'in', learners);
    return q.groupBy(['s.learner_id', 's.course_slug']);
  };
  // Courses started with no enrolment at all (a learner an admin made, taking a course directly).
  const started = (learners?: Learners) => {
    let q = db
      .selectFrom('progress_courses as p')
      .select([sql<string>`p.account_name`.as('learner_id'), 'p.course', 'p.first_at as enrolled'])
      .where('p.account_home_page', '=', home)
      .where('p.account_name', 'is not', null)
      // Unary + keeps the (course, state) index out: reading the table in order is cheaper
      // than seeking every row through it.
      .where(sql<SqlBool>`+p.course IN (${sql.join(list)})`)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('enrolments as e').select('e.learner_id').whereRef('e.learner_id', '=', 'p.account_name').whereRef('e.course_slug', '=', 'p.course'))),
      )
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('site_enrolments as s').select('s.learner_id').whereRef('s.learner_id', '=', 'p.account_name').whereRef('s.course_slug', '=', 'p.course'))),
      );
    if (learners) q = q.where('p.account_name', 'in', learners);
    return q;
  };

  let sources;
  if (f.cohort !== null) {
    // A cohort's report is about that cohort's enrolments; a visible cohort was checked when
    // the filters were resolved, so all its pairs are visible.
    sources = enrolments((eb) => eb('enrolments.cohort_id', '=', f.cohort!));
  } else if (me.role === 'trainer') {
    sources = trainerSources(db, me, enrolments, site, started);
  } else {
    sources = enrolments().unionAll(site()).unionAll(started());
  }

  let q = db
    .selectFrom(sources.as('x'))
    // CROSS JOIN keeps the pairs outside (SQLite does not reorder it): one seek per pair.
    .crossJoin('learners as l')
    .whereRef('l.id', '=', 'x.learner_id')
    .where(covering)
    .select([
      'l.id as learner_id',
      'x.course',
      'x.enrolled',
      sql<SexGroup>`CASE l.sex WHEN 'female' THEN 'female' WHEN 'male' THEN 'male' ELSE 'other' END`.as('sex'),
      'l.province_code',
      'l.district_code',
    ]);
  if (f.organisation !== null) q = q.where('l.organisation_id', '=', f.organisation);
  if (f.province !== null) q = q.where('l.province_code', '=', f.province);
  if (f.district !== null) q = q.where('l.district_code', '=', f.district);
  return q;
}

/**
 * A trainer's pairs (their organisations and cohorts, scope.ts and cohorts/access.ts): every
 * pair of a learner who belongs to one of the trainer's organisations, and the enrolments of
 * the cohorts of those organisations and of the cohorts the trainer is listed on. Both sets
 * are small, so they are unioned and regrouped.
 */
function trainerSources(
  db: Kysely<DB>,
  me: UserPrincipal,
  enrolments: (only?: (eb: ExpressionBuilder<DB, 'enrolments'>) => Expression<SqlBool>) => AnySelect,
  site: (learners: SelectQueryBuilder<DB, 'learners', { id: string }>) => AnySelect,
  started: (learners: SelectQueryBuilder<DB, 'learners', { id: string }>) => AnySelect,
) {
  const orgs = organisationsVisible(me);
  const own = orgs === 'all' ? [] : [...orgs];
  const visibleCohorts = db
    .selectFrom('cohorts')
    .select('cohorts.id')
    .where((eb) => {
      const listed = eb('cohorts.id', 'in', eb.selectFrom('cohort_trainers').select('cohort_trainers.cohort_id').where('cohort_trainers.user_id', '=', me.userId));
      return own.length ? eb.or([eb('cohorts.organisation_id', 'in', own), listed]) : listed;
    });
  const inCohorts = enrolments((eb) => eb('enrolments.cohort_id', 'in', visibleCohorts));
  if (!own.length) return inCohorts;
  const ownLearners = db.selectFrom('learners').select('learners.id').where('learners.organisation_id', 'in', own);
  const ofOwnLearners = enrolments((eb) => eb('enrolments.learner_id', 'in', ownLearners))
    .unionAll(site(ownLearners))
    .unionAll(started(ownLearners));
  return db
    .selectFrom(inCohorts.unionAll(ofOwnLearners).as('z'))
    .select(['z.learner_id', 'z.course', (eb) => eb.fn.min('z.enrolled').as('enrolled')])
    .groupBy(['z.learner_id', 'z.course']);
}
