// /api/cohorts: training events (DESIGN §8) with their courses, trainers and join code; the
// QR code of the join URL; the participants with their progress; CSV enrolment and its
// template. Who sees what is server/cohorts/access.ts: admins everything, trainers their
// organisations' cohorts and the ones they train, viewers read-only without join codes,
// learners nothing. Not for joining: the public join flow is /api/join.
import { Hono, type HonoRequest } from 'hono';
import { etag } from 'hono/etag';
import { sql, type Selectable } from 'kysely';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { Cohorts } from '../db/schema.js';
import type { Env, UserPrincipal } from '../deps.js';
import { fail } from '../errors.js';
import { districtCodeField, learnerJson, provinceCodeField } from '../identity/learner-profile.js';
import { learnerHomePage } from '../identity/learner-tokens.js';
import { admits } from '../identity/principal.js';
import { learnerVisible } from '../identity/scope.js';
import { cohortVisible, mayOwnCohortIn } from '../cohorts/access.js';
import { catalogue, courseBrief } from '../cohorts/catalogue.js';
import { MAX_CSV_BYTES, decodeCsv, dedupeKey, parseEnrolmentCsv, templateCsv, type CsvRow } from '../cohorts/csv.js';
import { enrolmentInserts, learnerInserts } from '../cohorts/enrol.js';
import { joinUrl, newJoinCode } from '../cohorts/join-code.js';
import { expecting, jsonBody, queryOf } from '../validators.js';

export const MODES = ['in-person', 'online', 'blended'] as const;
const MAX_COURSES = 10;
const MAX_TRAINERS = 20;
const MAX_PAGE = 50;
const MAX_PARTICIPANT_PAGE = 500;

const text = (max: number) =>
  z
    .string(expecting('must be text'))
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

const isCalendarDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const date = z
  .string(expecting('must be a date such as 2026-03-15'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-03-15')
  .refine(isCalendarDate, 'is not a date in the calendar');

const fields = {
  name: text(200),
  courses: z
    .array(z.string(expecting('must be a course slug')), expecting('must be a list of course slugs'))
    .min(1, 'must name at least one course')
    .max(MAX_COURSES, `must name at most ${MAX_COURSES} courses`),
  organisationId: z.string(expecting('must be an organisation id')).min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  provinceCode: provinceCodeField.nullable(),
  districtCode: districtCodeField.nullable(),
  startsOn: date,
  endsOn: date.nullable(),
  mode: z.enum(MODES, expecting(`must be one of ${MODES.join(', ')}`)),
  trainers: z
    .array(z.string(expecting('must be a user id')).min(1, 'must not be empty').max(64, 'must be at most 64 characters'), expecting('must be a list of user ids'))
    .max(MAX_TRAINERS, `must name at most ${MAX_TRAINERS} trainers`),
  joinOpen: z.boolean(expecting('must be true or false')),
};

const createBody = z.strictObject({
  name: fields.name,
  courses: fields.courses,
  organisationId: fields.organisationId,
  provinceCode: fields.provinceCode.optional(),
  districtCode: fields.districtCode.optional(),
  startsOn: fields.startsOn,
  endsOn: fields.endsOn.optional(),
  mode: fields.mode,
  trainers: fields.trainers.optional(),
  joinOpen: fields.joinOpen.optional(),
});

const updateBody = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> },
);

const boolParam = z.enum(['true', 'false', '1', '0'], expecting('must be true or false')).transform((v) => v === 'true' || v === '1');

const listQuery = z.strictObject({
  organisation: z.string().min(1).max(64).optional(),
  province: provinceCodeField.optional(),
  open: boolParam.optional(),
  q: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  limit: z.coerce.number(expecting('must be a number')).int('must be a whole number').min(1, 'must be at least 1').max(MAX_PAGE, `must be at most ${MAX_PAGE}`).optional(),
  offset: z.coerce.number(expecting('must be a number')).int('must be a whole number').min(0, 'must not be negative').optional(),
});

const participantsQuery = z.strictObject({
  limit: z.coerce
    .number(expecting('must be a number'))
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PARTICIPANT_PAGE, `must be at most ${MAX_PARTICIPANT_PAGE}`)
    .optional(),
  offset: z.coerce.number(expecting('must be a number')).int('must be a whole number').min(0, 'must not be negative').optional(),
});

const csvQuery = z.strictObject({
  dryRun: boolParam.optional(),
  existing: z.enum(['error', 'skip'], expecting('must be error or skip')).optional(),
});

type Ctx = { var: Env['Variables'] };
type CohortRow = Selectable<Cohorts>;

async function visibleCohort(c: Ctx, me: UserPrincipal, id: string): Promise<CohortRow> {
  const row = await c.var.db.selectFrom('cohorts').selectAll().where('id', '=', id).where(cohortVisible(me)).executeTakeFirst();
  // Not found and not yours read alike, so other organisations' cohort ids reveal nothing.
  if (!row) fail(404, `No cohort ${id}${me.role === 'trainer' ? ' among your organisations and cohorts' : ''}`);
  return row;
}

interface SexCounts {
  total: number;
  female: number;
  male: number;
  other: number;
  notStated: number;
}

interface Details {
  courses: Map<string, string[]>;
  trainers: Map<string, { id: string; name: string }[]>;
  orgs: Map<string, { id: string; nameLo: string | null; nameEn: string | null }>;
  counts: Map<string, SexCounts>;
}

/** The courses, trainers, organisation and participant counts (split by sex) of cohorts, for their JSON. */
async function details(c: Ctx, rows: readonly CohortRow[]): Promise<Details> {
  const ids = rows.map((r) => r.id);
  const { db } = c.var;
  if (!ids.length) return { courses: new Map(), trainers: new Map(), orgs: new Map(), counts: new Map() };
  const [courseRows, trainerRows, orgRows, countRows] = await Promise.all([
    db.selectFrom('cohort_courses').select(['cohort_id', 'course_slug']).where('cohort_id', 'in', ids).orderBy('cohort_id').orderBy('position').execute(),
    db
      .selectFrom('cohort_trainers')
      .innerJoin('users', 'users.id', 'cohort_trainers.user_id')
      .select(['cohort_trainers.cohort_id', 'users.id', 'users.display_name'])
      .where('cohort_trainers.cohort_id', 'in', ids)
      .orderBy('users.display_name')
      .execute(),
    db
      .selectFrom('organisations')
      .select(['id', 'name_lo', 'name_en'])
      .where('id', 'in', [...new Set(rows.map((r) => r.organisation_id))])
      .execute(),
    db
      .selectFrom('enrolments')
      .innerJoin('learners', 'learners.id', 'enrolments.learner_id')
      .select(['enrolments.cohort_id', 'learners.sex'])
      .select(sql<number>`count(distinct enrolments.learner_id)`.as('n'))
      .where('enrolments.cohort_id', 'in', ids)
      .groupBy(['enrolments.cohort_id', 'learners.sex'])
      .execute(),
  ]);
  const group = <T, V>(items: T[], key: (t: T) => string, value: (t: T) => V) => {
    const m = new Map<string, V[]>();
    for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), value(it)]);
    return m;
  };
  const counts = new Map<string, SexCounts>();
  for (const r of countRows) {
    const cnt = counts.get(r.cohort_id) ?? { total: 0, female: 0, male: 0, other: 0, notStated: 0 };
    const n = Number(r.n);
    cnt.total += n;
    if (r.sex === 'female') cnt.female += n;
    else if (r.sex === 'male') cnt.male += n;
    else if (r.sex === 'other') cnt.other += n;
    else cnt.notStated += n;
    counts.set(r.cohort_id, cnt);
  }
  return {
    courses: group(courseRows, (r) => r.cohort_id, (r) => r.course_slug),
    trainers: group(trainerRows, (r) => r.cohort_id, (r) => ({ id: r.id, name: r.display_name })),
    orgs: new Map(orgRows.map((o) => [o.id, { id: o.id, nameLo: o.name_lo, nameEn: o.name_en }])),
    counts,
  };
}

function cohortJson(c: Ctx, me: UserPrincipal, row: CohortRow, d: Details) {
  const showCode = me.role !== 'viewer';
  return {
    id: row.id,
    name: row.name,
    organisation: d.orgs.get(row.organisation_id) ?? { id: row.organisation_id, nameLo: null, nameEn: null },
    provinceCode: row.province_code,
    districtCode: row.district_code,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    mode: row.mode,
    courses: (d.courses.get(row.id) ?? []).map(courseBrief),
    trainers: d.trainers.get(row.id) ?? [],
    joinOpen: !!row.join_open,
    // Viewers read reports; the code would let them enrol people.
    ...(showCode
      ? { joinCode: row.join_code, joinUrl: joinUrl(c.var.settings.publicUrl, row.join_code), qrCode: `/api/cohorts/${row.id}/qr.svg` }
      : {}),
    participants: d.counts.get(row.id) ?? { total: 0, female: 0, male: 0, other: 0, notStated: 0 },
    createdBy: row.created_by,
    created: row.created,
    updated: row.updated,
  };
}

async function oneCohortJson(c: Ctx, me: UserPrincipal, row: CohortRow) {
  return cohortJson(c, me, row, await details(c, [row]));
}

function checkCourses(slugs: readonly string[]): void {
  const known = catalogue();
  slugs.forEach((slug, i) => {
    if (!known.has(slug)) fail(400, `body.courses[${i}]: no course "${slug}" (GET /api/courses lists them)`);
    if (slugs.indexOf(slug) !== i) fail(400, `body.courses[${i}]: "${slug}" is listed twice`);
  });
}

async function checkOrganisation(c: Ctx, me: UserPrincipal, id: string): Promise<void> {
  const org = await c.var.db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
  if (!org) fail(400, `body.organisationId: no organisation ${id}`);
  if (!mayOwnCohortIn(me, id)) fail(403, `body.organisationId: ${id} is not one of your organisations`);
}

async function checkPlace(c: Ctx, province: string | null, district: string | null): Promise<void> {
  const { db } = c.var;
  if (district !== null && province === null) fail(400, 'body.provinceCode: required when districtCode is given');
  if (province !== null) {
    const p = await db.selectFrom('provinces').select('code').where('code', '=', province).executeTakeFirst();
    if (!p) fail(400, `body.provinceCode: no province ${province} (GET /api/places/provinces lists them)`);
  }
  if (district !== null) {
    const d = await db.selectFrom('districts').select('province_code').where('code', '=', district).executeTakeFirst();
    if (!d) fail(400, `body.districtCode: no district ${district} (GET /api/places/districts?province=${province} lists them)`);
    if (d.province_code !== province) fail(400, `body.districtCode: district ${district} is in ${d.province_code}, not ${province}`);
  }
}

async function checkTrainers(c: Ctx, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const rows = await c.var.db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...ids])
    .where('role', 'in', ['trainer', 'admin'])
    .where('disabled', '=', 0)
    .execute();
  const ok = new Set(rows.map((r) => r.id));
  ids.forEach((id, i) => {
    if (!ok.has(id)) fail(400, `body.trainers[${i}]: no trainer ${id} (an enabled trainer or admin account)`);
    if (ids.indexOf(id) !== i) fail(400, `body.trainers[${i}]: ${id} is listed twice`);
  });
}

function checkDates(startsOn: string, endsOn: string | null): void {
  if (endsOn !== null && endsOn < startsOn) fail(400, `body.endsOn: ${endsOn} is before startsOn ${startsOn}`);
}

/** A code no cohort has yet. The UNIQUE index still decides a race; the caller retries. */
async function freeJoinCode(c: Ctx): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const code = newJoinCode();
    const taken = await c.var.db.selectFrom('cohorts').select('id').where('join_code', '=', code).executeTakeFirst();
    if (!taken) return code;
  }
  fail(503, 'Could not find a free join code; try again');
}

const isCodeClash = (err: unknown) => /UNIQUE constraint failed: cohorts\.join_code/i.test(String(err));

/** Runs a write that takes a new join code, again with another code if another request took it first. */
async function withFreshCode(c: Ctx, write: (code: string) => Promise<void>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const code = await freeJoinCode(c);
    try {
      await write(code);
      return code;
    } catch (err) {
      if (!isCodeClash(err) || attempt >= 2) throw err;
    }
  }
}

// Past this, an oversized upload is cut off instead of read to its end.
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * Reads a body up to `max` bytes; null when it is larger. The rest of a refused upload is
 * read and dropped rather than left: a half-read request breaks the keep-alive connection
 * behind it on workerd (the next request on it fails).
 */
async function readUpTo(stream: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | null> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_DRAIN_BYTES) {
      await reader.cancel();
      return null;
    }
    if (size <= max) chunks.push(value);
  }
  if (size > max) return null;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'text/comma-separated-values'];

/** What an uploaded CSV request carries: a text/csv body, or a multipart form with a `file` field. */
async function readCsvUpload(req: HonoRequest): Promise<Uint8Array> {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const tooLarge: () => never = () => fail(413, `body: larger than ${MAX_CSV_BYTES} bytes; split the file`);
  if (type === 'multipart/form-data') {
    // The form's own framing is small next to the limit; the file inside is checked again.
    const raw = await readUpTo(req.raw.body, MAX_CSV_BYTES + 64 * 1024);
    if (raw === null) tooLarge();
    const form = await new Response(raw as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': req.header('content-type')! } }).formData().catch(() => null);
    const file: unknown = form?.get('file');
    if (!(file instanceof Blob)) fail(400, 'body.file: required (the CSV file as a form field named file)');
    if (file.size > MAX_CSV_BYTES) tooLarge();
    return new Uint8Array(await file.arrayBuffer());
  }
  const bytes = await readUpTo(req.raw.body, MAX_CSV_BYTES);
  if (!CSV_TYPES.includes(type)) fail(415, `Content-Type: must be text/csv or multipart/form-data (got ${type || 'none'})`);
  if (bytes === null) tooLarge();
  return bytes;
}

export const cohorts = new Hono<Env>()
  .get('/', admits('admin', 'trainer', 'viewer'), queryOf(listQuery), async (c) => {
    const me = c.var.me;
    const query = c.req.valid('query');
    const limit = query.limit ?? MAX_PAGE;
    const offset = query.offset ?? 0;
    let q = c.var.db.selectFrom('cohorts').selectAll().where(cohortVisible(me));
    if (query.organisation !== undefined) q = q.where('organisation_id', '=', query.organisation);
    if (query.province !== undefined) q = q.where('province_code', '=', query.province);
    if (query.open !== undefined) q = q.where('join_open', '=', query.open ? 1 : 0);
    if (query.q !== undefined) q = q.where(sql<boolean>`instr(lower(name), lower(${query.q})) > 0`);
    const rows = await q.orderBy('starts_on', 'desc').orderBy('name').orderBy('id').limit(limit + 1).offset(offset).execute();
    const page = rows.slice(0, limit);
    const d = await details(c, page);
    return c.json({ cohorts: page.map((r) => cohortJson(c, me, r, d)), next: rows.length > limit ? offset + limit : null });
  })
  .get('/template.csv', admits('admin', 'trainer'), queryOf(z.strictObject({ lang: z.enum(['lo', 'en'], expecting('must be lo or en')).optional() })), (c) => {
    const lang = c.req.valid('query').lang ?? 'lo';
    return c.body(templateCsv(lang), 200, {
      'Content-Type': 'text/csv; charset=UTF-8',
      'Content-Disposition': `attachment; filename="champa-participants-${lang}.csv"`,
    });
  })
  .post('/', admits('admin', 'trainer'), jsonBody(createBody), async (c) => {
    const me = c.var.me;
    const body = c.req.valid('json');
    checkCourses(body.courses);
    await checkOrganisation(c, me, body.organisationId);
    await checkPlace(c, body.provinceCode ?? null, body.districtCode ?? null);
    checkDates(body.startsOn, body.endsOn ?? null);
    // A trainer who creates a cohort runs it unless they say who does; an admin need not.
    const trainers = body.trainers ?? (me.role === 'trainer' ? [me.userId] : []);
    await checkTrainers(c, trainers);
    const { db } = c.var;
    const now = c.var.clock().toISOString();
    const id = crypto.randomUUID();
    let row: CohortRow | undefined;
    await withFreshCode(c, async (code) => {
      row = {
        id,
        name: body.name,
        organisation_id: body.organisationId,
        province_code: body.provinceCode ?? null,
        district_code: body.districtCode ?? null,
        starts_on: body.startsOn,
        ends_on: body.endsOn ?? null,
        mode: body.mode,
        join_code: code,
        join_open: body.joinOpen === false ? 0 : 1,
        created_by: me.userId,
        created: now,
        updated: now,
      };
      await c.var.atomic([
        db.insertInto('cohorts').values(row).compile(),
        db
          .insertInto('cohort_courses')
          .values(body.courses.map((course_slug, position) => ({ cohort_id: id, course_slug, position })))
          .compile(),
        ...(trainers.length ? [db.insertInto('cohort_trainers').values(trainers.map((user_id) => ({ cohort_id: id, user_id }))).compile()] : []),
      ]);
    });
    c.header('Location', `/api/cohorts/${id}`);
    return c.json(await oneCohortJson(c, me, row!), 201);
  })
  .get('/:id', admits('admin', 'trainer', 'viewer'), async (c) => {
    const me = c.var.me;
    return c.json(await oneCohortJson(c, me, await visibleCohort(c, me, c.req.param('id'))));
  })
  .patch('/:id', admits('admin', 'trainer'), jsonBody(updateBody), async (c) => {
    const me = c.var.me;
    const current = await visibleCohort(c, me, c.req.param('id'));
    const body = c.req.valid('json');
    const { db } = c.var;
    const id = current.id;
    if (body.organisationId !== undefined && body.organisationId !== current.organisation_id) await checkOrganisation(c, me, body.organisationId);
    const province = body.provinceCode !== undefined ? body.provinceCode : current.province_code;
    // A new province without a district clears the old district, which lies in the old province.
    const district = body.districtCode !== undefined ? body.districtCode : body.provinceCode !== undefined && body.provinceCode !== current.province_code ? null : current.district_code;
    if (body.provinceCode !== undefined || body.districtCode !== undefined) await checkPlace(c, province, district);
    const startsOn = body.startsOn ?? current.starts_on;
    const endsOn = body.endsOn !== undefined ? body.endsOn : current.ends_on;
    checkDates(startsOn, endsOn);
    if (body.trainers !== undefined) await checkTrainers(c, body.trainers);

    const queries = [];
    const now = c.var.clock();
    if (body.courses !== undefined) {
      checkCourses(body.courses);
      const before = (await db.selectFrom('cohort_courses').select('course_slug').where('cohort_id', '=', id).execute()).map((r) => r.course_slug);
      const removed = before.filter((s) => !body.courses!.includes(s));
      const added = body.courses.filter((s) => !before.includes(s));
      if (removed.length) {
        const used = await db
          .selectFrom('enrolments')
          .select(['course_slug'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('cohort_id', '=', id)
          .where('course_slug', 'in', removed)
          .groupBy('course_slug')
          .executeTakeFirst();
        if (used) fail(409, `body.courses: ${used.course_slug} has ${used.n} enrolment(s) in this cohort; a course participants are enrolled in cannot be removed`);
        // The NOT EXISTS keeps an enrolment that arrived since the check (enrolments cascade).
        queries.push(
          db
            .deleteFrom('cohort_courses')
            .where('cohort_id', '=', id)
            .where('course_slug', 'in', removed)
            .where((eb) => eb.not(eb.exists(eb.selectFrom('enrolments').select('learner_id').whereRef('enrolments.cohort_id', '=', 'cohort_courses.cohort_id').whereRef('enrolments.course_slug', '=', 'cohort_courses.course_slug'))))
            .compile(),
        );
      }
      for (const [position, slug] of body.courses.entries()) {
        if (added.includes(slug)) {
          queries.push(db.insertInto('cohort_courses').values({ cohort_id: id, course_slug: slug, position }).compile());
          // Participants take the whole cohort: they are enrolled in an added course too,
          // with the source of their first enrolment.
          queries.push(
            db
              .insertInto('enrolments')
              .columns(['cohort_id', 'course_slug', 'learner_id', 'enrolled', 'source'])
              .expression((eb) =>
                eb
                  .selectFrom('enrolments')
                  .select([
                    'cohort_id',
                    sql.lit(slug).as('course_slug'),
                    'learner_id',
                    sql.val(now.toISOString()).as('enrolled'),
                    sql<string>`min(source)`.as('source'),
                  ])
                  .where('cohort_id', '=', id)
                  .groupBy(['cohort_id', 'learner_id']),
              )
              .onConflict((oc) => oc.doNothing())
              .compile(),
          );
        } else {
          queries.push(db.updateTable('cohort_courses').set({ position }).where('cohort_id', '=', id).where('course_slug', '=', slug).compile());
        }
      }
    }
    if (body.trainers !== undefined) {
      queries.push(db.deleteFrom('cohort_trainers').where('cohort_id', '=', id).compile());
      if (body.trainers.length) queries.push(db.insertInto('cohort_trainers').values(body.trainers.map((user_id) => ({ cohort_id: id, user_id }))).compile());
    }
    const next: CohortRow = {
      ...current,
      name: body.name ?? current.name,
      organisation_id: body.organisationId ?? current.organisation_id,
      province_code: province,
      district_code: district,
      starts_on: startsOn,
      ends_on: endsOn,
      mode: body.mode ?? current.mode,
      join_open: body.joinOpen === undefined ? current.join_open : body.joinOpen ? 1 : 0,
      updated: now.toISOString(),
    };
    const { id: _id, created: _created, created_by: _by, join_code: _code, ...set } = next;
    queries.unshift(db.updateTable('cohorts').set(set).where('id', '=', id).compile());
    await c.var.atomic(queries);
    return c.json(await oneCohortJson(c, me, next));
  })
  .delete('/:id', admits('admin', 'trainer'), async (c) => {
    const me = c.var.me;
    const row = await visibleCohort(c, me, c.req.param('id'));
    const { db } = c.var;
    const used = await db.selectFrom('enrolments').select('learner_id').where('cohort_id', '=', row.id).limit(1).executeTakeFirst();
    if (used) fail(409, `Cohort ${row.id} has participants; close it to new participants (joinOpen: false) instead`);
    await c.var.atomic([db.deleteFrom('cohorts').where('id', '=', row.id).compile()]);
    return c.body(null, 204);
  })
  .post('/:id/join-code', admits('admin', 'trainer'), async (c) => {
    // A code that leaked (a photo of the slide online) is replaced; the old one stops working.
    const me = c.var.me;
    const row = await visibleCohort(c, me, c.req.param('id'));
    const now = c.var.clock().toISOString();
    const code = await withFreshCode(c, async (code) => {
      await c.var.atomic([c.var.db.updateTable('cohorts').set({ join_code: code, updated: now }).where('id', '=', row.id).compile()]);
    });
    return c.json(await oneCohortJson(c, me, { ...row, join_code: code, updated: now }));
  })
  .get('/:id/qr.svg', admits('admin', 'trainer'), async (c) => {
    const row = await visibleCohort(c, c.var.me, c.req.param('id'));
    const url = joinUrl(c.var.settings.publicUrl, row.join_code);
    // ecc M survives a projector's glare or a crease in print; a 4-module quiet zone is the spec's.
    const svg = renderSVG(url, { ecc: 'M', border: 4 }).replace(/^<svg /, `<svg role="img" aria-label="${url}" `);
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml; charset=UTF-8',
      'Cache-Control': 'private, no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
  })
  // The dashboard polls this every few seconds over 3G: an ETag (a hash of the body) lets an
  // unchanged page come back as a bodiless 304 to If-None-Match.
  .get('/:id/participants', admits('admin', 'trainer'), queryOf(participantsQuery), etag(), async (c) => {
    const me = c.var.me;
    c.header('Cache-Control', 'private, no-cache');
    const cohort = await visibleCohort(c, me, c.req.param('id'));
    const { limit = 200, offset = 0 } = c.req.valid('query');
    const { db } = c.var;
    const page = await db
      .selectFrom('enrolments')
      .innerJoin('learners', 'learners.id', 'enrolments.learner_id')
      .selectAll('learners')
      .select(sql<string>`min(enrolments.enrolled)`.as('first_enrolled'))
      .where('enrolments.cohort_id', '=', cohort.id)
      .groupBy('learners.id')
      .orderBy('learners.name')
      .orderBy('learners.id')
      .limit(limit + 1)
      .offset(offset)
      .execute();
    const learners = page.slice(0, limit);
    const ids = learners.map((l) => l.id);
    const enrolments = ids.length
      ? await db
          .selectFrom('enrolments')
          .leftJoin('progress_courses', (j) =>
            j
              .onRef('progress_courses.account_name', '=', 'enrolments.learner_id')
              .onRef('progress_courses.course', '=', 'enrolments.course_slug')
              .on('progress_courses.account_home_page', '=', learnerHomePage(c.var.settings)),
          )
          .select([
            'enrolments.learner_id',
            'enrolments.course_slug',
            'enrolments.enrolled',
            'enrolments.source',
            'progress_courses.state',
            'progress_courses.modules_completed',
            'progress_courses.modules_total',
            'progress_courses.pretest_scaled',
            'progress_courses.posttest_best',
            'progress_courses.final_best',
            'progress_courses.passed',
            'progress_courses.certification_eligible',
            'progress_courses.last_at',
          ])
          .select((eb) =>
            eb
              .selectFrom('certificates')
              .select(sql<string>`json_object('id', id, 'issued', issued, 'expires', expires, 'status', status)`.as('c'))
              .whereRef('certificates.learner_id', '=', 'enrolments.learner_id')
              .whereRef('certificates.course_slug', '=', 'enrolments.course_slug')
              .orderBy('issued', 'desc')
              .limit(1)
              .as('certificate'),
          )
          .where('enrolments.cohort_id', '=', cohort.id)
          .where('enrolments.learner_id', 'in', ids)
          .execute()
      : [];
    const order = (await db.selectFrom('cohort_courses').select('course_slug').where('cohort_id', '=', cohort.id).orderBy('position').execute()).map((r) => r.course_slug);
    const byLearner = new Map<string, typeof enrolments>();
    for (const e of enrolments) byLearner.set(e.learner_id, [...(byLearner.get(e.learner_id) ?? []), e]);
    return c.json({
      cohort: { id: cohort.id, name: cohort.name },
      courses: order.map(courseBrief),
      participants: learners.map((l) => {
        const { first_enrolled, ...row } = l;
        const mine = (byLearner.get(l.id) ?? []).sort((a, b) => order.indexOf(a.course_slug) - order.indexOf(b.course_slug));
        return {
          ...learnerJson(row, c.var.settings),
          enrolled: first_enrolled,
          courses: mine.map((e) => ({
            slug: e.course_slug,
            enrolled: e.enrolled,
            source: e.source,
            // No progress row: the learner has not started the course.
            progress:
              e.state === null
                ? { state: 'not-started' as const }
                : {
                    state: e.state,
                    modulesCompleted: e.modules_completed,
                    modulesTotal: e.modules_total,
                    pretestScaled: e.pretest_scaled,
                    posttestBest: e.posttest_best,
                    finalBest: e.final_best,
                    passed: !!e.passed,
                    certificationEligible: !!e.certification_eligible,
                    lastActive: e.last_at,
                  },
            certificate: e.certificate ? (JSON.parse(e.certificate) as { id: string; issued: string; expires: string | null; status: string }) : null,
          })),
        };
      }),
      next: page.length > limit ? offset + limit : null,
    });
  })
  .post('/:id/participants.csv', admits('admin', 'trainer'), queryOf(csvQuery), async (c) => {
    const me = c.var.me;
    const cohort = await visibleCohort(c, me, c.req.param('id'));
    const { dryRun = false, existing = 'error' } = c.req.valid('query');
    const text = decodeCsv(await readCsvUpload(c.req));
    if (text === null) fail(400, 'file: not UTF-8 text; save it as "CSV UTF-8" (comma delimited)');
    const { db } = c.var;
    const now = c.var.clock();
    const [provinceRows, districtRows, organisationRows, courseRows, current] = await Promise.all([
      db.selectFrom('provinces').select(['code', 'name_lo', 'name_en']).execute(),
      db.selectFrom('districts').select(['code', 'province_code', 'name_lo', 'name_en']).execute(),
      db.selectFrom('organisations').select(['id', 'name_lo', 'name_en']).execute(),
      db.selectFrom('cohort_courses').select('course_slug').where('cohort_id', '=', cohort.id).orderBy('position').execute(),
      db
        .selectFrom('enrolments')
        .innerJoin('learners', 'learners.id', 'enrolments.learner_id')
        .select(['learners.id', 'learners.name', 'learners.sex', 'learners.birth_year', 'learners.age_band'])
        .distinct()
        .where('enrolments.cohort_id', '=', cohort.id)
        .execute(),
    ]);
    const parsed = parseEnrolmentCsv(
      text,
      {
        provinces: new Set(provinceRows.map((p) => p.code)),
        districts: new Map(districtRows.map((d) => [d.code, d.province_code])),
        organisations: new Set(organisationRows.map((o) => o.id)),
        provinceRows,
        districtRows,
        organisationRows,
      },
      {
        now,
        defaultOrganisation: cohort.organisation_id,
        // A trainer places participants in the cohort's organisation or one of their own.
        mayUseOrganisation: (id) => me.role === 'admin' || id === cohort.organisation_id || (me.role === 'trainer' && me.organisations.includes(id)),
      },
    );
    const errors = [...parsed.errors];
    const skipped: { row: number; reason: string }[] = [];
    const currentByKey = new Map(current.map((l) => [dedupeKey(l), l.id]));
    const currentIds = new Set(current.map((l) => l.id));

    // Existing learners named by learner_id must be ones the caller may see.
    const existingRows = parsed.rows.filter((r): r is Extract<CsvRow, { kind: 'existing' }> => r.kind === 'existing');
    const known = new Set<string>();
    for (let i = 0; i < existingRows.length; i += 90) {
      const ids = existingRows.slice(i, i + 90).map((r) => r.learnerId);
      for (const r of await db.selectFrom('learners').select('id').where('id', 'in', ids).where(learnerVisible(me)).execute()) known.add(r.id);
    }
    const toCreate: Extract<CsvRow, { kind: 'new' }>[] = [];
    const toEnrol: { row: number; learnerId: string }[] = [];
    for (const r of parsed.rows) {
      const already = r.kind === 'new' ? currentByKey.get(r.dedupeKey) : currentIds.has(r.learnerId) ? r.learnerId : undefined;
      if (r.kind === 'existing' && !known.has(r.learnerId) && !currentIds.has(r.learnerId)) {
        errors.push(`row ${r.row}, column learner_id: no learner ${r.learnerId}${me.role === 'admin' ? '' : ' in your organisations'}`);
        continue;
      }
      if (already !== undefined) {
        const reason = `already a participant of this cohort (learner ${already})`;
        if (existing === 'skip') skipped.push({ row: r.row, reason });
        else errors.push(`row ${r.row}, column ${r.kind === 'new' ? 'name' : 'learner_id'}: ${reason}; remove the row, or send ?existing=skip`);
        continue;
      }
      if (r.kind === 'new') toCreate.push(r);
      else toEnrol.push({ row: r.row, learnerId: r.learnerId });
    }
    if (errors.length) {
      errors.sort((a, b) => rowOf(a) - rowOf(b));
      return c.json({ error: errors[0]!, status: 400, errors, imported: 0 }, 400);
    }
    const created = toCreate.map((r) => ({ row: r.row, id: crypto.randomUUID(), participant: r.participant }));
    const summary = {
      rows: parsed.rows.length,
      created: created.map((r) => ({ row: r.row, id: r.id, name: r.participant.name })),
      enrolled: toEnrol,
      skipped,
      courses: courseRows.map((r) => r.course_slug),
    };
    if (dryRun) return c.json({ dryRun: true, ...summary, created: summary.created.map(({ row, name }) => ({ row, name })) });
    const stamp = now.toISOString();
    const queries = [
      ...learnerInserts(
        db,
        created.map((r) => ({ ...r.participant, id: r.id, created: stamp, updated: stamp })),
      ),
      ...enrolmentInserts(db, cohort.id, summary.courses, [...created.map((r) => r.id), ...toEnrol.map((r) => r.learnerId)], 'csv', now),
    ];
    if (queries.length) await c.var.atomic(queries);
    return c.json({ dryRun: false, imported: created.length + toEnrol.length, ...summary }, 201);
  });

const rowOf = (message: string) => Number(/^row (\d+)/.exec(message)?.[1] ?? 0);
