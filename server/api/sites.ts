// /api/sites: admins register host sites (an organisation's existing website), their allowed
// origins and their secret, which is shown once at creation and at each rotation and stored
// only as a hash. Every route admits admin only. Not for launching: /api/launch (launch.ts).
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { admits } from '../identity/principal.js';
import { MAX_ORIGINS, newSiteSecret, originProblem } from '../identity/sites.js';
import { expecting, jsonBody } from '../validators.js';

const name = z
  .string(expecting('must be text'))
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));
const organisationId = z.string(expecting('must be an organisation id')).min(1, 'must not be empty').max(64, 'must be at most 64 characters');
const origins = z
  .array(
    z.string(expecting('must be an origin such as https://union.example.la')).superRefine((o, ctx) => {
      const problem = originProblem(o);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    expecting('must be a list of origins such as ["https://union.example.la"]'),
  )
  .min(1, 'must list at least one origin: the pages that embed the course')
  .max(MAX_ORIGINS, `must list at most ${MAX_ORIGINS} origins`)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((o, i) => {
      const first = seen.get(o);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i], message: `repeats origins[${first}]` });
      else seen.set(o, i);
    });
  });

const createBody = z.strictObject({ name, organisationId, origins });
const updateBody = z.strictObject({ name: name.optional(), organisationId: organisationId.optional(), origins: origins.optional() });

export interface SiteJson {
  id: string;
  name: string;
  organisationId: string;
  origins: string[];
  secretCreated: string;
  created: string;
  updated: string;
}

async function loadSites(db: Kysely<DB>, id?: string): Promise<SiteJson[]> {
  let q = db.selectFrom('sites').select(['id', 'name', 'organisation_id', 'secret_created', 'created', 'updated']).orderBy('name').orderBy('id');
  if (id !== undefined) q = q.where('id', '=', id);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  let oq = db.selectFrom('site_origins').select(['site_id', 'origin']).orderBy('origin');
  if (id !== undefined) oq = oq.where('site_id', '=', id);
  const byId = new Map<string, string[]>();
  for (const o of await oq.execute()) byId.set(o.site_id, [...(byId.get(o.site_id) ?? []), o.origin]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    organisationId: r.organisation_id,
    origins: byId.get(r.id) ?? [],
    secretCreated: r.secret_created,
    created: r.created,
    updated: r.updated,
  }));
}

async function oneSite(db: Kysely<DB>, id: string): Promise<SiteJson> {
  const [site] = await loadSites(db, id);
  if (!site) fail(404, `No site ${id}`);
  return site;
}

async function checkOrganisation(db: Kysely<DB>, id: string): Promise<void> {
  const row = await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) fail(400, `body.organisationId: no organisation ${id} (GET /api/organisations lists them)`);
}

export const sites = new Hono<Env>()
  .get('/', admits('admin'), async (c) => c.json(await loadSites(c.var.db)))
  .get('/:id', admits('admin'), async (c) => c.json(await oneSite(c.var.db, c.req.param('id'))))
  .post('/', admits('admin'), jsonBody(createBody), async (c) => {
    const body = c.req.valid('json');
    const { db } = c.var;
    await checkOrganisation(db, body.organisationId);
    const now = c.var.clock().toISOString();
    const id = crypto.randomUUID();
    const { secret, hash } = await newSiteSecret();
    await c.var.atomic([
      db.insertInto('sites').values({ id, name: body.name, organisation_id: body.organisationId, secret_hash: hash, secret_created: now, created: now, updated: now }).compile(),
      db.insertInto('site_origins').values(body.origins.map((origin) => ({ site_id: id, origin }))).compile(),
    ]);
    c.header('Location', `/api/sites/${id}`);
    // The only time the secret is shown, besides a rotation: Champa keeps its hash.
    return c.json({ ...(await oneSite(db, id)), secret }, 201);
  })
  .patch('/:id', admits('admin'), jsonBody(updateBody), async (c) => {
    const body = c.req.valid('json');
    const { db } = c.var;
    const id = c.req.param('id');
    await oneSite(db, id);
    if (body.organisationId !== undefined) await checkOrganisation(db, body.organisationId);
    const now = c.var.clock().toISOString();
    const queries = [
      db
        .updateTable('sites')
        .set({ updated: now, ...(body.name !== undefined ? { name: body.name } : {}), ...(body.organisationId !== undefined ? { organisation_id: body.organisationId } : {}) })
        .where('id', '=', id)
        .compile(),
    ];
    if (body.origins !== undefined) {
      queries.push(db.deleteFrom('site_origins').where('site_id', '=', id).compile());
      queries.push(db.insertInto('site_origins').values(body.origins.map((origin) => ({ site_id: id, origin }))).compile());
    }
    await c.var.atomic(queries);
    return c.json(await oneSite(db, id));
  })
  // Rotation replaces the secret at once: the old one stops working with this response.
  .post('/:id/secret', admits('admin'), async (c) => {
    const { db } = c.var;
    const id = c.req.param('id');
    await oneSite(db, id);
    const now = c.var.clock().toISOString();
    const { secret, hash } = await newSiteSecret();
    await c.var.atomic([db.updateTable('sites').set({ secret_hash: hash, secret_created: now, updated: now }).where('id', '=', id).compile()]);
    return c.json({ ...(await oneSite(db, id)), secret });
  })
  // The learners the site launched stay (with their progress); its mapping of its users to
  // them, its enrolment rows and its unexchanged launch tokens go with it.
  .delete('/:id', admits('admin'), async (c) => {
    const { db } = c.var;
    const id = c.req.param('id');
    await oneSite(db, id);
    await c.var.atomic([db.deleteFrom('sites').where('id', '=', id).compile()]);
    return c.body(null, 204);
  });
