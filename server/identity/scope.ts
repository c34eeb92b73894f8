// What each staff role may see: the one place that turns "trainer (their organisations and
// cohorts)" into query conditions. Cohorts extend learnerVisible (a trainer also sees the
// learners of cohorts they run); reports use organisationsVisible. Not for roles per route:
// that is admits() in principal.ts.
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.js';
import type { UserPrincipal } from '../deps.js';

/** Admins and viewers see every organisation; a trainer sees the ones they belong to. */
export function organisationsVisible(me: UserPrincipal): 'all' | readonly string[] {
  return me.role === 'trainer' ? me.organisations : 'all';
}

const never = sql<SqlBool>`0 = 1`;

/** Condition on `learners` rows the user may read and manage. Viewers see none (reports only). */
export function learnerVisible(me: UserPrincipal) {
  return (eb: ExpressionBuilder<DB, 'learners'>): Expression<SqlBool> => {
    if (me.role === 'admin') return sql<SqlBool>`1 = 1`;
    if (me.role !== 'trainer' || me.organisations.length === 0) return never;
    return eb('learners.organisation_id', 'in', [...me.organisations]);
  };
}

/** Whether the user may place a learner in this organisation (null: none). */
export function mayAssignOrganisation(me: UserPrincipal, organisationId: string | null): boolean {
  if (me.role === 'admin') return true;
  return me.role === 'trainer' && organisationId !== null && me.organisations.includes(organisationId);
}
