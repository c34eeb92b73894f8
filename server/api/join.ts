// /api/join: the public join flow (DESIGN §5, way in 1). A participant's device looks a join
// code up, then sends the code with the participant's details and receives a learner token
// and the learner's xAPI actor; a device that already holds a token joins another cohort
// with /me. Rate-limited per address, because codes are short. Answers are CORS-open: the
// <champa-join> element runs on host sites' pages. Problems come back with `issues`, one per
// field, each with a Lao and an English message. Not for staff: /api/cohorts manages cohorts.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Cohorts } from '../db/schema.js';
import type { Env, RequestContext } from '../deps.js';
import { fail } from '../errors.js';
import { AGE_BANDS, DISABILITY, LANGUAGES, SEXES, learnerJson } from '../identity/learner-profile.js';
import { learnerAgent, learnerTokenInsert } from '../identity/learner-tokens.js';
import { admits } from '../identity/principal.js';
import { clientIp, consumeAttempt, forgetAttempt, type Limit } from '../identity/rate-limit.js';
import { courseBrief } from '../cohorts/catalogue.js';
import { enrolmentInserts, learnerInserts } from '../cohorts/enrol.js';
import { normaliseJoinCode } from '../cohorts/join-code.js';
import { CHOICE_LABELS, LABELS, PARTICIPANT_FIELDS, checkParticipant, issue, type Issue } from '../cohorts/participant.js';
import { jsonBody } from '../validators.js';

const WINDOW_MS = 15 * 60_000;

/**
 * 30 failed code look-ups per address per 15 minutes: a training room of 60 behind one NAT
 * has room for its typos, while sweeping 887 million codes stays out of reach. Successful
 * look-ups are not counted.
 */
export function joinLimits(ip: string): Limit[] {
  return [{ bucket: `join:ip:${ip}`, max: 30, windowMs: WINDOW_MS, label: 'join code attempts from this address' }];
}

/** New learners per address per hour: bounds what a leaked code lets one machine create. */
export function newLearnerLimits(ip: string): Limit[] {
  return [{ bucket: `join:new:ip:${ip}`, max: 300, windowMs: 3600_000, label: 'new participants from this address' }];
}

type CohortRow = Selectable<Cohorts>;

/** The answer to a refused join: `error` names the first field as every /api error does; `issues` lists them all. */
function refusal(status: 400 | 403 | 404, issues: Issue[], path = 'body') {
  const first = issues[0]!;
  const where = first.field === 'code' && path === 'params' ? 'code' : `${path}.${first.field}`;
  return { error: `${where}: ${first.message.en}`, status, issues };
}

/** The cohort a code opens, or the issue to answer with. Counts a failure against the address. */
async function openCohort(c: RequestContext, typed: unknown): Promise<{ cohort: CohortRow } | { status: 403 | 404; issue: Issue }> {
  const attempt = await consumeAttempt(c, joinLimits(clientIp(c)));
  const code = typeof typed === 'string' ? normaliseJoinCode(typed) : null;
  const cohort = code === null ? undefined : await c.var.db.selectFrom('cohorts').selectAll().where('join_code', '=', code).executeTakeFirst();
  if (!cohort) {
    return { status: 404, issue: issue('code', 'no cohort has this join code; check it with your trainer', 'ບໍ່ພົບລະຫັດນີ້: ກະລຸນາກວດເບິ່ງກັບຄູຝຶກ') };
  }
  if (!cohort.join_open) {
    return { status: 403, issue: issue('code', 'this cohort is closed to new participants', 'ຊຸດຝຶກອົບຮົມນີ້ປິດຮັບຜູ້ເຂົ້າຮ່ວມໃໝ່ແລ້ວ') };
  }
  await forgetAttempt(c, attempt);
  return { cohort };
}

async function cohortCourses(c: RequestContext, cohortId: string): Promise<string[]> {
  const rows = await c.var.db.selectFrom('cohort_courses').select('course_slug').where('cohort_id', '=', cohortId).orderBy('position').execute();
  return rows.map((r) => r.course_slug);
}

/** The body of POST /api/join: the code and the details; checked field by field in the handler. */
const joinBody = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });
const JOIN_FIELDS = new Set<string>(['code', ...PARTICIPANT_FIELDS]);

export const join = new Hono<Env>()
  .use('*', cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'] }))
  .get('/:code', admits('anyone'), async (c) => {
    const found = await openCohort(c, c.req.param('code'));
    if (!('cohort' in found)) return c.json(refusal(found.status, [found.issue], 'params'), found.status);
    const { cohort } = found;
    const { db } = c.var;
    const [slugs, organisations, provinces, districts] = await Promise.all([
      cohortCourses(c, cohort.id),
      db.selectFrom('organisations').select(['id', 'name_lo', 'name_en']).orderBy('name_en').orderBy('name_lo').execute(),
      db.selectFrom('provinces').select(['code', 'name_lo', 'name_en']).orderBy('name_en').execute(),
      db.selectFrom('districts').select(['code', 'province_code', 'name_lo', 'name_en']).orderBy('province_code').orderBy('name_en').execute(),
    ]);
    const org = organisations.find((o) => o.id === cohort.organisation_id);
    return c.json({
      code: cohort.join_code,
      cohort: {
        name: cohort.name,
        organisation: { id: cohort.organisation_id, nameLo: org?.name_lo ?? null, nameEn: org?.name_en ?? null },
        provinceCode: cohort.province_code,
        districtCode: cohort.district_code,
        startsOn: cohort.starts_on,
        endsOn: cohort.ends_on,
        mode: cohort.mode,
      },
      courses: slugs.map(courseBrief),
      // Everything the form offers, so that it needs no other request (and works on a slow link).
      choices: {
        organisations: organisations.map((o) => ({ id: o.id, nameLo: o.name_lo, nameEn: o.name_en })),
        provinces: provinces.map((p) => ({ code: p.code, nameLo: p.name_lo, nameEn: p.name_en })),
        districts: districts.map((d) => ({ code: d.code, provinceCode: d.province_code, nameLo: d.name_lo, nameEn: d.name_en })),
        sex: SEXES.map((v) => ({ value: v, lo: CHOICE_LABELS.sex[v], en: v })),
        ageBands: AGE_BANDS,
        languages: LANGUAGES.map((v) => ({ value: v, lo: CHOICE_LABELS.preferredLanguage[v], en: v === 'lo' ? 'Lao' : 'English' })),
        disability: DISABILITY.map((v) => ({ value: v, lo: CHOICE_LABELS.disability[v], en: v })),
      },
      labels: LABELS,
    });
  })
  .post('/me', admits('learner'), jsonBody(z.strictObject({ code: z.string({ error: 'must be text' }).max(32, 'must be at most 32 characters') })), async (c) => {
    const me = c.var.me;
    const found = await openCohort(c, c.req.valid('json').code);
    if (!('cohort' in found)) return c.json(refusal(found.status, [found.issue]), found.status);
    const { cohort } = found;
    const slugs = await cohortCourses(c, cohort.id);
    await c.var.atomic(enrolmentInserts(c.var.db, cohort.id, slugs, [me.learnerId], 'join', c.var.clock()));
    return c.json({ learner: { id: me.learnerId }, actor: me.actor, cohort: { name: cohort.name }, courses: slugs.map(courseBrief) });
  })
  .post('/', admits('anyone'), jsonBody(joinBody), async (c) => {
    const body = c.req.valid('json');
    for (const key of Object.keys(body)) if (!JOIN_FIELDS.has(key)) fail(400, `body.${key}: not a field of this request`);
    const found = await openCohort(c, body.code);
    if (!('cohort' in found)) return c.json(refusal(found.status, [found.issue]), found.status);
    const { cohort } = found;
    const { db } = c.var;
    const now = c.var.clock();
    const organisationId = typeof body.organisationId === 'string' && body.organisationId !== '' ? body.organisationId : cohort.organisation_id;
    const [provinces, districts, org] = await Promise.all([
      db.selectFrom('provinces').select('code').execute(),
      db.selectFrom('districts').select(['code', 'province_code']).execute(),
      db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst(),
    ]);
    const { code: _code, ...details } = body;
    const checked = checkParticipant(
      { ...details, organisationId },
      {
        provinces: new Set(provinces.map((p) => p.code)),
        districts: new Map(districts.map((d) => [d.code, d.province_code])),
        organisations: new Set(org ? [org.id] : []),
      },
      now,
    );
    if (!checked.participant) return c.json(refusal(400, checked.issues), 400);
    // Counted only once the details are good, and never forgotten: it bounds creation.
    await consumeAttempt(c, newLearnerLimits(clientIp(c)));
    const slugs = await cohortCourses(c, cohort.id);
    const stamp = now.toISOString();
    const row = { ...checked.participant, id: crypto.randomUUID(), created: stamp, updated: stamp };
    const issued = await learnerTokenInsert(db, row.id, 'device', now);
    await c.var.atomic([...learnerInserts(db, [row]), ...enrolmentInserts(db, cohort.id, slugs, [row.id], 'join', now), issued.query]);
    return c.json(
      {
        token: issued.token,
        expires: issued.expires,
        actor: learnerAgent(c.var.settings, row.id),
        learner: learnerJson(row, c.var.settings),
        cohort: { name: cohort.name },
        courses: slugs.map(courseBrief),
      },
      201,
    );
  });
