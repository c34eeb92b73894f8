// Host-site launch. POST /api/launch (role: site) — a site's backend, with its secret, names
// one of its users and a course; Champa creates or updates the learner it keeps for that
// (site, user id), enrols them (in site_enrolments, and in a cohort of the site's
// organisation when the site names one) and answers a launch token: single use, 10 minutes. POST
// /api/launch/exchange (anyone holding a launch token, from a page of that site) — the
// <champa-course token=...> element trades it for a learner token and the learner's actor.
// CORS: exchange admits only origins some site registered, and then only the issuing site's;
// /api/launch is for backends and refuses every browser request. Not for managing sites (sites.ts).
import { Hono } from 'hono';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { z } from 'zod';
import { SLUG_RE } from '../../courses/schema.js';
import { courses as compiled } from '../../dist/courses/bundle.js';
import type { DB } from '../db/schema.js';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { learnerFields, resolveLearner, type LearnerInput, type LearnerRow } from '../identity/learner-profile.js';
import { learnerAgent, LEARNER_TOKEN_PREFIX, TOKEN_TTL_MS } from '../identity/learner-tokens.js';
import { admits } from '../identity/principal.js';
import { LAUNCH_TOKEN_PREFIX, LAUNCH_TOKEN_TTL_MS, launchCors, originRegistered } from '../identity/sites.js';
import { secretToken, sha256Hex } from '../identity/tokens.js';
import { expecting, jsonBody } from '../validators.js';

const courseSlug = z
  .string(expecting('must be a course slug such as workers-rights'))
  .regex(SLUG_RE, 'must be a course slug such as workers-rights')
  .refine((s) => Object.hasOwn(compiled, s), { message: 'no such course (GET /api/courses lists them)' });

/** The user as the site knows them: its own id, and the profile the join flow asks for. */
const launchUser = z.strictObject({
  id: z
    .string(expecting("must be the site's own id for this user"))
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'),
  name: learnerFields.name,
  sex: learnerFields.sex,
  birthYear: learnerFields.birthYear.optional(),
  ageBand: learnerFields.ageBand.optional(),
  organisationId: learnerFields.organisationId.optional(),
  position: learnerFields.position.optional(),
  provinceCode: learnerFields.provinceCode.optional(),
  districtCode: learnerFields.districtCode.optional(),
  preferredLanguage: learnerFields.preferredLanguage.optional(),
});

const launchBody = z.strictObject({
  course: courseSlug,
  user: launchUser,
  /** Optional: a cohort of the site's organisation taking this course, to enrol the user in (source "launch"). */
  cohortId: z.string(expecting('must be a cohort id')).min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
});
const exchangeBody = z.strictObject({
  token: z.string(expecting('must be the launch token the site gave the page')).min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  course: z.string(expecting('must be a course slug')).optional(),
});

/** Launch tokens nobody exchanged are deleted a day after they expired. */
const KEEP_EXPIRED_MS = 24 * 3600_000;

function siteLearnerId(siteId: string, externalId: string) {
  return (eb: ExpressionBuilder<DB, keyof DB>) =>
    eb.selectFrom('site_learners').select('learner_id').where('site_id', '=', siteId).where('external_id', '=', externalId);
}

async function currentLearner(db: Kysely<DB>, siteId: string, externalId: string): Promise<LearnerRow | undefined> {
  return db
    .selectFrom('site_learners')
    .innerJoin('learners', 'learners.id', 'site_learners.learner_id')
    .selectAll('learners')
    .where('site_learners.site_id', '=', siteId)
    .where('site_learners.external_id', '=', externalId)
    .executeTakeFirst();
}

/**
 * A site may enrol its users only in a cohort of its own organisation that takes the course
 * and is open to new participants (one already enrolled may always be launched again).
 */
async function checkCohort(db: Kysely<DB>, organisationId: string, cohortId: string, course: string, learnerId: string | undefined): Promise<void> {
  const cohort = await db.selectFrom('cohorts').select(['organisation_id', 'join_open']).where('id', '=', cohortId).executeTakeFirst();
  // Another organisation's cohort reads as no cohort at all: its id reveals nothing.
  if (!cohort || cohort.organisation_id !== organisationId) fail(400, `body.cohortId: no cohort ${cohortId} in the site's organisation`);
  const takes = await db.selectFrom('cohort_courses').select('course_slug').where('cohort_id', '=', cohortId).where('course_slug', '=', course).executeTakeFirst();
  if (!takes) fail(400, `body.cohortId: cohort ${cohortId} does not take the course ${course}`);
  if (!cohort.join_open) {
    const enrolled = learnerId
      ? await db.selectFrom('enrolments').select('learner_id').where('cohort_id', '=', cohortId).where('course_slug', '=', course).where('learner_id', '=', learnerId).executeTakeFirst()
      : undefined;
    if (!enrolled) fail(409, `body.cohortId: cohort ${cohortId} is closed to new participants`);
  }
}

export const launch = new Hono<Env>()
  .use('/', launchCors({ methods: [], purpose: "POST /api/launch is for the site's backend, with its secret; a page exchanges the launch token at /api/launch/exchange" }))
  .post('/', admits('site'), jsonBody(launchBody), async (c) => {
    const { db } = c.var;
    const { course, user, cohortId } = c.req.valid('json');
    const site = await db.selectFrom('sites').select(['id', 'organisation_id']).where('id', '=', c.var.me.siteId).executeTakeFirstOrThrow();
    if (user.organisationId !== undefined && user.organisationId !== null && user.organisationId !== site.organisation_id) {
      fail(403, `body.user.organisationId: a site places its users in its own organisation (${site.organisation_id}); leave it out`);
    }
    const now = c.var.clock();
    const at = now.toISOString();
    const current = await currentLearner(db, site.id, user.id);
    if (cohortId !== undefined) await checkCohort(db, site.organisation_id, cohortId, course, current?.id);
    const { id: externalId, ...profile } = user;
    // A learner keeps the organisation they were created in: an admin may have moved them since.
    const input: LearnerInput = current ? { ...profile, organisationId: undefined } : { ...profile, organisationId: site.organisation_id };
    const values = await resolveLearner(db, input, current, now, 'body.user');
    const learnerId = siteLearnerId(site.id, externalId);

    const queries = [];
    if (current) {
      queries.push(db.updateTable('learners').set({ ...values, updated: at }).where('id', '=', current.id).compile());
    } else {
      // Two first launches of one user at once: the second finds the mapping the first made
      // and launches that learner, instead of failing or leaving a learner nobody maps to.
      const row: LearnerRow = { ...values, id: crypto.randomUUID(), created: at, updated: at };
      const cols = Object.keys(row) as (keyof LearnerRow & string)[];
      queries.push(
        db
          .insertInto('learners')
          .columns(cols)
          .expression(
            db
              .selectNoFrom((eb) => cols.map((k) => eb.val(row[k]).as(k)))
              .where((eb) => eb.not(eb.exists(eb.selectFrom('site_learners').select('learner_id').where('site_id', '=', site.id).where('external_id', '=', externalId)))),
          )
          .compile(),
        db
          .insertInto('site_learners')
          .values({ site_id: site.id, external_id: externalId, learner_id: row.id, created: at })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
    }
    const token = secretToken(LAUNCH_TOKEN_PREFIX);
    const expires = new Date(now.getTime() + LAUNCH_TOKEN_TTL_MS).toISOString();
    queries.push(
      db
        .insertInto('site_enrolments')
        .values({ site_id: site.id, learner_id: learnerId, course_slug: course, enrolled: at, last_launch: at, launches: 1 })
        .onConflict((oc) => oc.columns(['site_id', 'learner_id', 'course_slug']).doUpdateSet({ last_launch: at, launches: sql<number>`launches + 1` }))
        .compile(),
      ...(cohortId !== undefined
        ? [
            db
              .insertInto('enrolments')
              .values({ cohort_id: cohortId, course_slug: course, learner_id: learnerId, enrolled: at, source: 'launch' })
              .onConflict((oc) => oc.doNothing())
              .compile(),
          ]
        : []),
      db
        .insertInto('launch_tokens')
        .values({ token_hash: await sha256Hex(token), site_id: site.id, learner_id: learnerId, course_slug: course, created: at, expires })
        .compile(),
      db.deleteFrom('launch_tokens').where('expires', '<', new Date(now.getTime() - KEEP_EXPIRED_MS).toISOString()).compile(),
    );
    await c.var.atomic(queries);
    const launched = await currentLearner(db, site.id, externalId);
    return c.json({ token, expires, course, learnerId: launched!.id }, 201);
  })
  .use('/exchange', launchCors({ methods: ['POST'], purpose: 'a launch token is exchanged from a page of a registered site' }))
  .post('/exchange', admits('anyone'), jsonBody(exchangeBody), async (c) => {
    const { db, settings } = c.var;
    const body = c.req.valid('json');
    const origin = c.req.header('origin');
    if (origin === undefined) fail(403, "Origin: required; a launch token is exchanged by <champa-course> on a page of the site that asked for it");
    const hash = await sha256Hex(body.token);
    const row = body.token.startsWith(LAUNCH_TOKEN_PREFIX)
      ? await db.selectFrom('launch_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst()
      : undefined;
    if (!row) fail(401, 'body.token: unknown launch token');
    if (!(await originRegistered(db, origin, row.site_id))) {
      fail(403, `Origin: ${origin} is not an allowed origin of the site that asked for this launch token`);
    }
    const now = c.var.clock();
    const at = now.toISOString();
    const used = (): never => fail(401, 'body.token: this launch token was already exchanged (they are single use): the site asks for a new one');
    if (row.used !== null) used();
    if (row.expires <= at) fail(401, `body.token: this launch token expired at ${row.expires} (they last ${LAUNCH_TOKEN_TTL_MS / 60_000} minutes): the site asks for a new one`);
    if (body.course !== undefined && body.course !== row.course_slug) fail(400, `body.course: this launch token is for the course ${row.course_slug}`);

    const nonce = crypto.randomUUID();
    const token = secretToken(LEARNER_TOKEN_PREFIX);
    const tokenHash = await sha256Hex(token);
    const expires = new Date(now.getTime() + TOKEN_TTL_MS.launch).toISOString();
    const [claimed] = await c.var.atomic([
      db.updateTable('launch_tokens').set({ used: at, exchange_nonce: nonce }).where('token_hash', '=', hash).where('used', 'is', null).where('expires', '>', at).compile(),
      // Inserts only for the exchange whose nonce the UPDATE wrote: of two racing, one wins.
      db
        .insertInto('learner_tokens')
        .columns(['token_hash', 'learner_id', 'kind', 'created', 'expires'])
        .expression(
          db
            .selectFrom('launch_tokens')
            .select((eb) => [eb.val(tokenHash).as('token_hash'), 'learner_id', eb.val('launch').as('kind'), eb.val(at).as('created'), eb.val(expires).as('expires')])
            .where('token_hash', '=', hash)
            .where('exchange_nonce', '=', nonce),
        )
        .compile(),
    ]);
    if (!claimed || claimed.changes !== 1) used();
    const learner = await db.selectFrom('learners').select(['id', 'preferred_language']).where('id', '=', row.learner_id).executeTakeFirstOrThrow();
    return c.json({
      token,
      tokenType: 'Bearer' as const,
      expires,
      actor: learnerAgent(settings, learner.id),
      course: row.course_slug,
      preferredLanguage: learner.preferred_language,
      /** Where the player sends statements with this token. */
      endpoint: `${settings.publicUrl}/xapi/`,
    });
  });
