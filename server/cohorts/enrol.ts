// The writes that put learners into cohorts: new learner rows and enrolment rows, as
// compiled queries chunked within D1's parameter limit, for the caller's one atomic write.
// Shared by the join flow, CSV enrolment and (if it enrols into a cohort) host launch.
// Not for deciding who may enrol: the routes do that.
import type { CompiledQuery, Insertable, Kysely } from 'kysely';
import { chunkRows } from '../db/atomic.js';
import type { DB, Enrolments, Learners } from '../db/schema.js';

export type EnrolmentSource = 'join' | 'csv' | 'launch';

export function learnerInserts(db: Kysely<DB>, rows: readonly Insertable<Learners>[]): CompiledQuery[] {
  if (!rows.length) return [];
  const width = Object.keys(rows[0]!).length;
  return chunkRows(rows, width).map((chunk) => db.insertInto('learners').values(chunk).compile());
}

/** Enrols each learner in each of the cohort's courses; an existing enrolment is kept as it was. */
export function enrolmentInserts(
  db: Kysely<DB>,
  cohortId: string,
  courseSlugs: readonly string[],
  learnerIds: readonly string[],
  source: EnrolmentSource,
  now: Date,
): CompiledQuery[] {
  const enrolled = now.toISOString();
  const rows: Insertable<Enrolments>[] = learnerIds.flatMap((learner_id) =>
    courseSlugs.map((course_slug) => ({ cohort_id: cohortId, course_slug, learner_id, enrolled, source })),
  );
  if (!rows.length) return [];
  return chunkRows(rows, 5).map((chunk) =>
    db
      .insertInto('enrolments')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .compile(),
  );
}
