// /api/learners: learner profiles. Admins and trainers list, read, create and correct the
// learners of their organisations (scope.ts), and issue or revoke their tokens; a learner
// reads and updates their own profile at /me with their bearer token. Not for enrolment
// (cohorts) and never for the LRS: statements only ever see the learner's opaque actor.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Env, UserPrincipal } from '../deps.js';
import { fail } from '../errors.js';
import {
  createLearnerBody,
  learnerJson,
  provinceCodeField,
  districtCodeField,
  resolveLearner,
  updateLearnerBody,
  updateOwnProfileBody,
  type LearnerRow,
} from '../identity/learner-profile.js';
import { learnerTokenInsert } from '../identity/learner-tokens.js';
import { admits } from '../identity/principal.js';
import { learnerVisible, mayAssignOrganisation } from '../identity/scope.js';
import { expecting, jsonBody, queryOf } from '../validators.js';

const MAX_PAGE = 200;

const listQuery = z.strictObject({
  organisation: z.string().min(1).max(64).optional(),
  province: provinceCodeField.optional(),
  district: districtCodeField.optional(),
  q: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  limit: z.coerce.number(expecting('must be a number')).int('must be a whole number').min(1, 'must be at least 1').max(MAX_PAGE, `must be at most ${MAX_PAGE}`).optional(),
  offset: z.coerce.number(expecting('must be a number')).int('must be a whole number').min(0, 'must not be negative').optional(),
});

const tokenBody = z.strictObject({ kind: z.literal('device', expecting('must be "device" (launch and cmi5 tokens come from their own flows)')).optional() });

async function visibleLearner(c: { var: Env['Variables'] }, me: UserPrincipal, id: string): Promise<LearnerRow> {
  const row = await c.var.db.selectFrom('learners').selectAll().where('id', '=', id).where(learnerVisible(me)).executeTakeFirst();
  // Not found and not yours read alike, so ids of other organisations' learners reveal nothing.
  if (!row) fail(404, `No learner ${id}${me.role === 'admin' ? '' : ' in your organisations'}`);
  return row;
}

function checkAssign(me: UserPrincipal, organisationId: string | null, field: string): void {
  if (!mayAssignOrganisation(me, organisationId)) {
    fail(403, organisationId === null ? `${field}: required; a trainer's learners belong to one of the trainer's organisations` : `${field}: ${organisationId} is not one of your organisations`);
  }
}

export const learners = new Hono<Env>()
  // /me is called from the player on host sites' pages with a bearer token, never a cookie.
  .use('/me', cors({ origin: '*', allowMethods: ['GET', 'PATCH', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type'] }))
  .get('/me', admits('learner'), async (c) => {
    const row = await c.var.db.selectFrom('learners').selectAll().where('id', '=', c.var.me.learnerId).executeTakeFirstOrThrow();
    return c.json(learnerJson(row, c.var.settings));
  })
  .patch('/me', admits('learner'), jsonBody(updateOwnProfileBody), async (c) => {
    const { db } = c.var;
    const current = await db.selectFrom('learners').selectAll().where('id', '=', c.var.me.learnerId).executeTakeFirstOrThrow();
    const now = c.var.clock();
    const values = await resolveLearner(db, c.req.valid('json'), current, now);
    const next = { ...values, id: current.id, created: current.created, updated: now.toISOString() };
    await c.var.atomic([db.updateTable('learners').set({ ...values, updated: next.updated }).where('id', '=', current.id).compile()]);
    return c.json(learnerJson(next, c.var.settings));
  })
  .get('/', admits('admin', 'trainer'), queryOf(listQuery), async (c) => {
    const me = c.var.me;
    const query = c.req.valid('query');
    if (query.organisation !== undefined && me.role === 'trainer' && !me.organisations.includes(query.organisation)) {
      fail(403, `query.organisation: ${query.organisation} is not one of your organisations`);
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    let q = c.var.db.selectFrom('learners').selectAll().where(learnerVisible(me));
    if (query.organisation !== undefined) q = q.where('organisation_id', '=', query.organisation);
    if (query.province !== undefined) q = q.where('province_code', '=', query.province);
    if (query.district !== undefined) q = q.where('district_code', '=', query.district);
    // Substring match without LIKE's wildcards; lower() folds Latin script (Lao has no case).
    if (query.q !== undefined) q = q.where(sql<SqlBool>`instr(lower(name), lower(${query.q})) > 0`);
    const rows = await q.orderBy('name').orderBy('id').limit(limit + 1).offset(offset).execute();
    return c.json({
      learners: rows.slice(0, limit).map((r) => learnerJson(r, c.var.settings)),
      next: rows.length > limit ? offset + limit : null,
    });
  })
  .get('/:id', admits('admin', 'trainer'), async (c) => {
    return c.json(learnerJson(await visibleLearner(c, c.var.me, c.req.param('id')), c.var.settings));
  })
  .post('/', admits('admin', 'trainer'), jsonBody(createLearnerBody), async (c) => {
    const me = c.var.me;
    const body = c.req.valid('json');
    checkAssign(me, body.organisationId ?? null, 'body.organisationId');
    const now = c.var.clock();
    const values = await resolveLearner(c.var.db, body, undefined, now);
    const row: LearnerRow = { ...values, id: crypto.randomUUID(), created: now.toISOString(), updated: now.toISOString() };
    await c.var.atomic([c.var.db.insertInto('learners').values(row).compile()]);
    c.header('Location', `/api/learners/${row.id}`);
    return c.json(learnerJson(row, c.var.settings), 201);
  })
  .patch('/:id', admits('admin', 'trainer'), jsonBody(updateLearnerBody), async (c) => {
    const me = c.var.me;
    const current = await visibleLearner(c, me, c.req.param('id'));
    const body = c.req.valid('json');
    if (body.organisationId !== undefined) checkAssign(me, body.organisationId, 'body.organisationId');
    const now = c.var.clock();
    const values = await resolveLearner(c.var.db, body, current, now);
    const next: LearnerRow = { ...values, id: current.id, created: current.created, updated: now.toISOString() };
    await c.var.atomic([c.var.db.updateTable('learners').set({ ...values, updated: next.updated }).where('id', '=', current.id).compile()]);
    return c.json(learnerJson(next, c.var.settings));
  })
  .post('/:id/tokens', admits('admin', 'trainer'), jsonBody(tokenBody), async (c) => {
    const learner = await visibleLearner(c, c.var.me, c.req.param('id'));
    const issued = await learnerTokenInsert(c.var.db, learner.id, 'device', c.var.clock());
    await c.var.atomic([issued.query]);
    return c.json({ token: issued.token, expires: issued.expires, kind: 'device' as const }, 201);
  })
  // A lost or shared phone: every token the learner holds stops working at once.
  .delete('/:id/tokens', admits('admin', 'trainer'), async (c) => {
    const learner = await visibleLearner(c, c.var.me, c.req.param('id'));
    const [res] = await c.var.atomic([
      c.var.db.updateTable('learner_tokens').set({ revoked: 1 }).where('learner_id', '=', learner.id).where('revoked', '=', 0).compile(),
    ]);
    return c.json({ revoked: res?.changes ?? 0 });
  });
