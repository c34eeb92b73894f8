// R3 certification (domain-research §5.2, §5.4): per certifying course, the certificates
// issued in the period (and how many of those were since revoked), the people certified,
// the final exam (people who first sat it in the period, how many of them have passed, the
// pass rate and the mean number of attempts), and where certificates stand today: valid,
// expiring within N days (a refresher is due soon) and expired (refresher due). "Today" is
// the request's time, not the period. Reads certificate and progress rows only.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { courseBrief } from '../cohorts/catalogue.js';
import { courseCatalog } from '../progress/catalog.js';
import { addTo, MeanBuilder, shares, zeroCounts, type Counts, type Means } from './counts.js';
import { filtersJson, type Filters } from './filters.js';
import { flag, inPeriod, learnerAgentKey, population, reportCourses, type SexGroup } from './population.js';

export const DEFAULT_EXPIRING_DAYS = 90;

export interface CourseCertification {
  course: string;
  title: { lo: string; en: string };
  issued: Counts;
  revoked: Counts;
  certified: Counts;
  finalExam: { sat: Counts; passed: Counts; passRate: Means; meanAttempts: Means } | null;
  valid: Counts;
  expiringSoon: Counts;
  expired: Counts;
}

export async function certificationReport(
  db: Kysely<DB>,
  settings: Settings,
  me: UserPrincipal,
  f: Filters,
  now: Date,
  expiringWithinDays = DEFAULT_EXPIRING_DAYS,
) {
  const rules = courseCatalog().courses.filter((c) => c.certifies !== 'none' && reportCourses(f).includes(c.course));
  const base = { report: 'certification' as const, filters: filtersJson(f), expiringWithinDays, asOf: now.toISOString() };
  if (rules.length === 0) return { ...base, courses: [] as CourseCertification[] };
  const slugs = rules.map((r) => r.course);
  const today = now.toISOString();
  const soon = new Date(now.getTime() + expiringWithinDays * 86400_000).toISOString();

  const active = sql`cert.status = 'active'`;
  // Whether a certificate is the pair's latest: the one that says where the person stands.
  const latest = sql`NOT EXISTS (SELECT 1 FROM certificates newer WHERE newer.learner_id = cert.learner_id AND newer.course_slug = cert.course_slug AND newer.issued > cert.issued)`;
  const current = sql`(${latest} AND ${active})`;
  const zero = sql<number>`0`;
  // One statement: the pairs of the certifying courses only, built once (materialized) and
  // read twice, for the certificates and for the final exam, each joined with the pairs
  // outside (CROSS JOIN: SQLite does not reorder it, and without statistics the planner
  // would start from the other table and scan the pairs once per row).
  const rows = await db
    .with((cte) => cte('pop').materialized(), () => population(db, settings, me, f, slugs))
    .selectFrom('pop')
    .crossJoin('certificates as cert')
    .whereRef('cert.learner_id', '=', 'pop.learner_id')
    .whereRef('cert.course_slug', '=', 'pop.course')
    .select([
      sql<'certificates' | 'exam'>`'certificates'`.as('part'),
      'pop.course',
      'pop.sex',
      sql<number>`sum(${flag(inPeriod(f, 'cert.issued'))})`.as('issued'),
      sql<number>`sum(${flag(sql`${inPeriod(f, 'cert.issued')} AND cert.status = 'revoked'`)})`.as('revoked'),
      sql<number>`count(DISTINCT CASE WHEN ${active} AND ${inPeriod(f, 'cert.issued')} THEN pop.learner_id END)`.as('certified'),
      sql<number>`sum(${flag(sql`${current} AND (cert.expires IS NULL OR cert.expires > ${today})`)})`.as('valid'),
      sql<number>`sum(${flag(sql`${current} AND cert.expires > ${today} AND cert.expires <= ${soon}`)})`.as('expiring'),
      sql<number>`sum(${flag(sql`${current} AND cert.expires <= ${today}`)})`.as('expired'),
      zero.as('sat'),
      zero.as('passed'),
      zero.as('attempts'),
    ])
    .groupBy(['pop.course', 'pop.sex'])
    .unionAll((eb) =>
      eb
        .selectFrom('pop')
        .crossJoin('progress_assessments as pa')
        .where('pa.agent_key', '=', learnerAgentKey(settings, sql.ref('pop.learner_id')))
        .whereRef('pa.course', '=', 'pop.course')
        .where('pa.assessment', '=', 'final')
        .select([
          sql<'certificates' | 'exam'>`'exam'`.as('part'),
          'pop.course',
          'pop.sex',
          zero.as('issued'),
          zero.as('revoked'),
          zero.as('certified'),
          zero.as('valid'),
          zero.as('expiring'),
          zero.as('expired'),
          sql<number>`sum(${flag(inPeriod(f, 'pa.first_at'))})`.as('sat'),
          sql<number>`sum(${flag(sql`${inPeriod(f, 'pa.first_at')} AND pa.passed = 1`)})`.as('passed'),
          sql<number>`sum(CASE WHEN ${inPeriod(f, 'pa.first_at')} THEN pa.attempts END)`.as('attempts'),
        ])
        .groupBy(['pop.course', 'pop.sex']),
    )
    .execute();
  const certRows = rows.filter((r) => r.part === 'certificates');
  const examRows = rows.filter((r) => r.part === 'exam');

  const courses: CourseCertification[] = rules.map((r) => {
    const c = { issued: zeroCounts(), revoked: zeroCounts(), certified: zeroCounts(), valid: zeroCounts(), expiringSoon: zeroCounts(), expired: zeroCounts() };
    for (const row of certRows.filter((x) => x.course === r.course)) {
      const sex = row.sex as SexGroup;
      addTo(c.issued, sex, row.issued);
      addTo(c.revoked, sex, row.revoked);
      addTo(c.certified, sex, row.certified);
      addTo(c.valid, sex, row.valid);
      addTo(c.expiringSoon, sex, row.expiring);
      addTo(c.expired, sex, row.expired);
    }
    let finalExam: CourseCertification['finalExam'] = null;
    if (r.hasFinal) {
      const attempts = new MeanBuilder();
      const passed = zeroCounts();
      for (const row of examRows.filter((x) => x.course === r.course)) {
        attempts.add(row.sex as SexGroup, row.sat, row.attempts);
        addTo(passed, row.sex as SexGroup, row.passed);
      }
      finalExam = { sat: attempts.n, passed, passRate: shares(passed, attempts.n), meanAttempts: attempts.means() };
    }
    return { course: r.course, title: courseBrief(r.course).title, ...c, finalExam };
  });
  return { ...base, courses };
}

export type CertificationReport = Awaited<ReturnType<typeof certificationReport>>;
