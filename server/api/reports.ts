// /api/reports: the reports of domain-research §5.2 as JSON for the dashboard, and as CSV and
// XLSX exports with Lao and English labels and small cells suppressed: participation (R1),
// learning-gain (R2), certification (R3), items (R5) and rollup (R7), each filterable by
// course, cohort, organisation, province, district and period (from/to or quarter). Admins
// and viewers see every organisation's aggregates; trainers their organisations and cohorts
// (server/reports/population.ts); learners, sites and LRS clients nothing. Every count is
// split by sex. Definitions: README-reports.md. Not for per-person progress: /api/cohorts.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Env, UserPrincipal } from '../deps.js';
import { fail } from '../errors.js';
import { admits } from '../identity/principal.js';
import { certificationReport, DEFAULT_EXPIRING_DAYS } from '../reports/certification.js';
import { renderTable, toCsv, toXlsx } from '../reports/files.js';
import { checkFilterCombination, filterFields, resolveFilters, type Filters } from '../reports/filters.js';
import { DEFAULT_MIN_GAIN, gainReport } from '../reports/gain.js';
import { itemsReport } from '../reports/items.js';
import { L, suppressionNote, TITLES } from '../reports/labels.js';
import { participationReport } from '../reports/participation.js';
import { rollupReport } from '../reports/rollup.js';
import type { Table, Text } from '../reports/suppress.js';
import { certificationTable, filterNotes, gainTable, itemsTable, participationTable, rollupTable } from '../reports/tables.js';
import { expecting, queryOf } from '../validators.js';

const STAFF = ['admin', 'trainer', 'viewer'] as const;
type ReportName = keyof typeof TITLES;
type Format = 'json' | 'csv' | 'xlsx';

const minGain = z.coerce
  .number(expecting('must be a number from 0 to 1 (a share of the maximum score)'))
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1 (scores are scaled 0–1)');
const expiringWithinDays = z.coerce
  .number(expecting('must be a whole number of days'))
  .int('must be a whole number of days')
  .min(1, 'must be at least 1')
  .max(3650, 'must be at most 3650');
const suppressBelow = z.coerce.number(expecting('must be a whole number of people')).int('must be a whole number of people').min(0).max(999, 'must be at most 999');
const requiredCourse = filterFields.course.unwrap();

const participationQuery = z.strictObject(filterFields).superRefine(checkFilterCombination);
const gainQuery = z.strictObject({ ...filterFields, minGain: minGain.optional() }).superRefine(checkFilterCombination);
const certificationQuery = z.strictObject({ ...filterFields, expiringWithinDays: expiringWithinDays.optional() }).superRefine(checkFilterCombination);
const assessment = z.string(expecting('must be an assessment name')).regex(/^[a-z0-9-]{1,64}$/, 'must be an assessment name such as pretest, final or quiz-indicators');
const itemsQuery = z.strictObject({ ...filterFields, course: requiredCourse, assessment: assessment.optional() }).superRefine(checkFilterCombination);
const rollupQuery = participationQuery;

// Exports take one more parameter: a stricter threshold for this file.
const exportField = { suppressBelow: suppressBelow.optional() };
const participationExport = z.strictObject({ ...filterFields, ...exportField }).superRefine(checkFilterCombination);
const gainExport = z.strictObject({ ...filterFields, ...exportField, minGain: minGain.optional() }).superRefine(checkFilterCombination);
const certificationExport = z
  .strictObject({ ...filterFields, ...exportField, expiringWithinDays: expiringWithinDays.optional() })
  .superRefine(checkFilterCombination);
const itemsExport = z
  .strictObject({ ...filterFields, ...exportField, course: requiredCourse, assessment: assessment.optional() })
  .superRefine(checkFilterCombination);

type Query = Partial<Record<keyof typeof filterFields, string>> & { minGain?: number; expiringWithinDays?: number; suppressBelow?: number; assessment?: string };
type Ctx = Context<Env & { Variables: { me: UserPrincipal } }>;

/** Computes a report: its JSON and the table its exports are written from. */
async function compute(c: Ctx, name: ReportName, q: Query, f: Filters): Promise<{ json: object; table: Omit<Table, 'notes'>; notes: Text[] }> {
  const { db, settings } = c.var;
  const me = c.var.me;
  switch (name) {
    case 'participation': {
      const r = await participationReport(db, settings, me, f);
      return { json: r, table: participationTable(r), notes: [] };
    }
    case 'learning-gain': {
      const r = await gainReport(db, settings, me, f, q.minGain ?? DEFAULT_MIN_GAIN);
      return { json: r, table: gainTable(r), notes: [] };
    }
    case 'certification': {
      const r = await certificationReport(db, settings, me, f, c.var.clock(), q.expiringWithinDays ?? DEFAULT_EXPIRING_DAYS);
      const asOf = { lo: `ສະຖານະຂອງໃບຢັ້ງຢືນ ນັບຮອດ ${r.asOf}`, en: `Certificate status as of ${r.asOf}` };
      return { json: r, table: certificationTable(r), notes: [asOf] };
    }
    case 'items': {
      const r = await itemsReport(db, settings, me, { ...f, course: f.course! }, q.assessment ?? null);
      return { json: r, table: itemsTable(r), notes: [] };
    }
    case 'rollup': {
      const r = await rollupReport(db, settings, me, f);
      return { json: r, table: rollupTable(r), notes: [] };
    }
  }
}

async function answer(c: Ctx, name: ReportName, format: Format, q: Query) {
  const f = await resolveFilters(c.var, c.var.me, q);
  const configured = c.var.settings.suppressBelow;
  if (q.suppressBelow !== undefined && q.suppressBelow < configured) {
    fail(400, `query.suppressBelow: may raise this deployment's threshold (${configured}), not lower it`);
  }
  const k = q.suppressBelow ?? configured;
  const generated = c.var.clock().toISOString();
  const { json, table, notes } = await compute(c, name, q, f);
  c.header('Cache-Control', 'private, no-store');
  if (format === 'json') return c.json({ ...json, generated });

  const sheet = renderTable(
    {
      ...table,
      notes: [
        ...filterNotes(f),
        ...notes,
        ...(k > 1 ? [suppressionNote(k)] : []),
        { lo: `${L.generated.lo}: ${generated}`, en: `${L.generated.en}: ${generated}` },
        { lo: 'ຄຳອະທິບາຍຕົວເລກ: README-reports.md', en: 'What each number means: README-reports.md' },
      ],
    },
    k,
  );
  const file = `champa-${name}${f.quarter ? `-${f.quarter}` : ''}-${generated.slice(0, 10)}.${format}`;
  c.header('Content-Disposition', `attachment; filename="${file}"`);
  if (format === 'csv') return c.body(toCsv(sheet), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  return c.body(toXlsx(sheet, TITLES[name].en) as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

const REPORT_LIST = (Object.keys(TITLES) as ReportName[]).map((name) => ({
  name,
  title: TITLES[name],
  json: `/api/reports/${name}`,
  csv: `/api/reports/${name}.csv`,
  xlsx: `/api/reports/${name}.xlsx`,
}));

export const reports = new Hono<Env>()
  .get('/', admits(...STAFF), queryOf(z.strictObject({})), (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json({ reports: REPORT_LIST, suppressBelow: c.var.settings.suppressBelow });
  })
  .get('/participation', admits(...STAFF), queryOf(participationQuery), (c) => answer(c, 'participation', 'json', c.req.valid('query')))
  .get('/participation.csv', admits(...STAFF), queryOf(participationExport), (c) => answer(c, 'participation', 'csv', c.req.valid('query')))
  .get('/participation.xlsx', admits(...STAFF), queryOf(participationExport), (c) => answer(c, 'participation', 'xlsx', c.req.valid('query')))
  .get('/learning-gain', admits(...STAFF), queryOf(gainQuery), (c) => answer(c, 'learning-gain', 'json', c.req.valid('query')))
  .get('/learning-gain.csv', admits(...STAFF), queryOf(gainExport), (c) => answer(c, 'learning-gain', 'csv', c.req.valid('query')))
  .get('/learning-gain.xlsx', admits(...STAFF), queryOf(gainExport), (c) => answer(c, 'learning-gain', 'xlsx', c.req.valid('query')))
  .get('/certification', admits(...STAFF), queryOf(certificationQuery), (c) => answer(c, 'certification', 'json', c.req.valid('query')))
  .get('/certification.csv', admits(...STAFF), queryOf(certificationExport), (c) => answer(c, 'certification', 'csv', c.req.valid('query')))
  .get('/certification.xlsx', admits(...STAFF), queryOf(certificationExport), (c) => answer(c, 'certification', 'xlsx', c.req.valid('query')))
  .get('/items', admits(...STAFF), queryOf(itemsQuery), (c) => answer(c, 'items', 'json', c.req.valid('query')))
  .get('/items.csv', admits(...STAFF), queryOf(itemsExport), (c) => answer(c, 'items', 'csv', c.req.valid('query')))
  .get('/items.xlsx', admits(...STAFF), queryOf(itemsExport), (c) => answer(c, 'items', 'xlsx', c.req.valid('query')))
  .get('/rollup', admits(...STAFF), queryOf(rollupQuery), (c) => answer(c, 'rollup', 'json', c.req.valid('query')))
  .get('/rollup.csv', admits(...STAFF), queryOf(participationExport), (c) => answer(c, 'rollup', 'csv', c.req.valid('query')))
  .get('/rollup.xlsx', admits(...STAFF), queryOf(participationExport), (c) => answer(c, 'rollup', 'xlsx', c.req.valid('query')));
