// Which cohorts a staff member may see and manage: the one place that turns "trainer (their
// organisations and cohorts)" into a query condition for cohorts. Admins and viewers see
// every cohort (viewers read only, and never the join code); a trainer sees and manages the
// cohorts of their organisations and the cohorts they are listed as a trainer of, including
// those participants' details. Not for roles per route: that is admits().
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.js';
import type { UserPrincipal } from '../deps.js';

export function cohortVisible(me: UserPrincipal) {
  return (eb: ExpressionBuilder<DB, 'cohorts'>): Expression<SqlBool> => {
    if (me.role !== 'trainer') return sql<SqlBool>`1 = 1`;
    const listed = eb.exists(
      eb
        .selectFrom('cohort_trainers')
        .select('cohort_trainers.user_id')
        .whereRef('cohort_trainers.cohort_id', '=', 'cohorts.id')
        .where('cohort_trainers.user_id', '=', me.userId),
    );
    if (me.organisations.length === 0) return listed;
    return eb.or([eb('cohorts.organisation_id', 'in', [...me.organisations]), listed]);
  };
}

/** Whether the user may make a cohort belong to this organisation. */
export function mayOwnCohortIn(me: UserPrincipal, organisationId: string): boolean {
  return me.role === 'admin' || (me.role === 'trainer' && me.organisations.includes(organisationId));
}
