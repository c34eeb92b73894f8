// The filters every report takes (course, cohort, organisation, province, district, a date
// range or a quarter), their query-string schema, and their resolution into checked values
// with UTC bounds. Dates are Lao calendar dates (Asia/Vientiane, UTC+7 all year), because
// a training on 1 July starts before 1 July in UTC. Not for who may see what: scope.ts.
import { z } from 'zod';
import { SLUG_RE } from '../../courses/schema.js';
import type { Env, UserPrincipal } from '../deps.js';
import { fail } from '../errors.js';
import { cohortVisible } from '../cohorts/access.js';
import { districtCodeField, provinceCodeField } from '../identity/learner-profile.js';
import { courseCatalog } from '../progress/catalog.js';
import { expecting } from '../validators.js';

/** Lao PDR keeps UTC+7 all year (no daylight saving). */
const LAO_OFFSET_MS = 7 * 3600_000;

const isCalendarDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const date = z
  .string(expecting('must be a date such as 2026-07-01'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-07-01')
  .refine(isCalendarDate, 'is not a date in the calendar');

export const QUARTER_RE = /^(FY)?(\d{4})-Q([1-4])$/;

/** The common filters, as query parameters (each given once; unknown ones are refused). */
export const filterFields = {
  course: z
    .string(expecting('must be a course slug'))
    .regex(SLUG_RE, 'must be a course slug such as workers-rights (GET /api/courses lists them)')
    .optional(),
  cohort: z.string(expecting('must be a cohort id')).min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
  organisation: z.string(expecting('must be an organisation id')).min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
  province: provinceCodeField.optional(),
  district: districtCodeField.optional(),
  from: date.optional(),
  to: date.optional(),
  quarter: z
    .string(expecting('must be a quarter'))
    .regex(QUARTER_RE, 'must be a calendar quarter such as 2026-Q3 (July–September 2026) or a US fiscal quarter such as FY2026-Q1 (October–December 2025)')
    .optional(),
};

type FilterInput = { [K in keyof typeof filterFields]?: string };

/** Cross-field rules of the filters, as zod issues that name the parameter. */
export function checkFilterCombination(v: FilterInput, ctx: z.RefinementCtx): void {
  if (v.quarter !== undefined && (v.from !== undefined || v.to !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['quarter'], message: 'give either quarter or from/to, not both' });
  }
  if (typeof v.from === 'string' && typeof v.to === 'string' && v.to < v.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${v.from})` });
  }
  // Zod runs this even when a field failed its own check: read only what parsed.
  const quarter = typeof v.quarter === 'string' ? QUARTER_RE.exec(v.quarter) : null;
  if (quarter) {
    const year = Number(quarter[2]);
    if (year < 2000 || year > 2100) ctx.addIssue({ code: 'custom', path: ['quarter'], message: 'must be a year from 2000 to 2100' });
  }
}

/** The first and last Lao calendar day of a quarter: calendar (2026-Q3 = Jul–Sep 2026) or US fiscal (FY2026-Q1 = Oct–Dec 2025). */
export function quarterDates(quarter: string): { from: string; to: string } {
  const m = QUARTER_RE.exec(quarter)!;
  const fiscal = m[1] !== undefined;
  const year = Number(m[2]);
  const q = Number(m[3]);
  // The US federal fiscal year N runs from 1 October of N-1 to 30 September of N.
  const startMonth = fiscal ? (q === 1 ? 9 : (q - 2) * 3) : (q - 1) * 3;
  const startYear = fiscal && q === 1 ? year - 1 : year;
  const start = new Date(Date.UTC(startYear, startMonth, 1));
  const end = new Date(Date.UTC(startYear, startMonth + 3, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** The UTC instant a Lao calendar day starts, as stored timestamps are written (ISO, ms, Z). */
export function laoDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - LAO_OFFSET_MS).toISOString();
}

/** The filters once checked: what the report queries read. */
export interface Filters {
  course: string | null;
  cohort: string | null;
  organisation: string | null;
  province: string | null;
  district: string | null;
  /** Inclusive Lao calendar days (null: open). */
  from: string | null;
  to: string | null;
  quarter: string | null;
  /** UTC bounds of the period: since inclusive, until exclusive (null: open). */
  since: string | null;
  until: string | null;
}

/** What a report says it was filtered by (echoed in JSON and printed in exports). */
export function filtersJson(f: Filters) {
  return {
    course: f.course,
    cohort: f.cohort,
    organisation: f.organisation,
    province: f.province,
    district: f.district,
    quarter: f.quarter,
    from: f.from,
    to: f.to,
  };
}

/**
 * Checks the filters against what exists (a trainer's unknown and invisible cohorts read
 * alike, so ids of other organisations' cohorts reveal nothing) and resolves the period.
 */
export async function resolveFilters(vars: Env['Variables'], me: UserPrincipal, input: FilterInput): Promise<Filters> {
  const { db } = vars;
  if (input.course !== undefined && !courseCatalog().courses.some((c) => c.course === input.course)) {
    fail(400, `query.course: no course "${input.course}" (GET /api/courses lists them)`);
  }
  const [cohort, organisation, province, district] = await Promise.all([
    input.cohort === undefined
      ? undefined
      : db.selectFrom('cohorts').select('id').where('id', '=', input.cohort).where(cohortVisible(me)).executeTakeFirst(),
    input.organisation === undefined ? undefined : db.selectFrom('organisations').select('id').where('id', '=', input.organisation).executeTakeFirst(),
    input.province === undefined ? undefined : db.selectFrom('provinces').select('code').where('code', '=', input.province).executeTakeFirst(),
    input.district === undefined ? undefined : db.selectFrom('districts').select(['code', 'province_code']).where('code', '=', input.district).executeTakeFirst(),
  ]);
  if (input.cohort !== undefined && !cohort) {
    fail(400, `query.cohort: no cohort ${input.cohort}${me.role === 'trainer' ? ' among your organisations and cohorts' : ''}`);
  }
  if (input.organisation !== undefined && !organisation) fail(400, `query.organisation: no organisation ${input.organisation}`);
  if (input.province !== undefined && !province) fail(400, `query.province: no province ${input.province} (GET /api/places/provinces lists them)`);
  if (input.district !== undefined) {
    if (!district) fail(400, `query.district: no district ${input.district} (GET /api/places/districts lists them)`);
    if (input.province !== undefined && district.province_code !== input.province) {
      fail(400, `query.district: ${input.district} is in ${district.province_code}, not in ${input.province}`);
    }
  }
  const period = input.quarter !== undefined ? quarterDates(input.quarter) : { from: input.from ?? null, to: input.to ?? null };
  const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
  return {
    course: input.course ?? null,
    cohort: input.cohort ?? null,
    organisation: input.organisation ?? null,
    province: input.province ?? null,
    district: input.district ?? null,
    from: period.from,
    to: period.to,
    quarter: input.quarter ?? null,
    since: period.from === null ? null : laoDayStart(period.from),
    until: period.to === null ? null : laoDayStart(nextDay(period.to)),
  };
}
