// /api/organisations: the agencies, unions and NGOs learners and trainers belong to. Admins
// manage them; trainers list their own; viewers list all (report labels). Not for
// membership: /api/users assigns trainers to organisations.
import { Hono } from 'hono';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Organisations } from '../db/schema.js';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { provinceCodeField } from '../identity/learner-profile.js';
import { admits } from '../identity/principal.js';
import { organisationsVisible } from '../identity/scope.js';
import { expecting, jsonBody } from '../validators.js';

/** The agency breakdown of report R1 (domain-research §5.2), plus NGOs and anything else. */
export const ORGANISATION_KINDS = ['police', 'prosecutor', 'court', 'molsw', 'lftu', 'lwu', 'committee', 'ngo', 'other'] as const;

const name = z
  .string(expecting('must be text'))
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'))
  .nullable();

const fields = {
  nameLo: name,
  nameEn: name,
  kind: z.enum(ORGANISATION_KINDS, expecting(`must be one of ${ORGANISATION_KINDS.join(', ')}`)),
  provinceCode: provinceCodeField.nullable(),
};

const createBody = z
  .strictObject({ nameLo: fields.nameLo.optional(), nameEn: fields.nameEn.optional(), kind: fields.kind, provinceCode: fields.provinceCode.optional() })
  .refine((b) => (b.nameLo ?? null) !== null || (b.nameEn ?? null) !== null, { message: 'nameLo or nameEn is required', path: ['nameLo'] });

const updateBody = z.strictObject({
  nameLo: fields.nameLo.optional(),
  nameEn: fields.nameEn.optional(),
  kind: fields.kind.optional(),
  provinceCode: fields.provinceCode.optional(),
});

function json(row: Selectable<Organisations>) {
  return { id: row.id, nameLo: row.name_lo, nameEn: row.name_en, kind: row.kind, provinceCode: row.province_code, created: row.created, updated: row.updated };
}

async function checkProvince(c: { var: Env['Variables'] }, code: string | null | undefined): Promise<void> {
  if (code === null || code === undefined) return;
  const row = await c.var.db.selectFrom('provinces').select('code').where('code', '=', code).executeTakeFirst();
  if (!row) fail(400, `body.provinceCode: no province ${code} (GET /api/places/provinces lists them)`);
}

export const organisations = new Hono<Env>()
  .get('/', admits('admin', 'trainer', 'viewer'), async (c) => {
    const visible = organisationsVisible(c.var.me);
    let q = c.var.db.selectFrom('organisations').selectAll().orderBy('name_en').orderBy('name_lo');
    if (visible !== 'all') {
      if (visible.length === 0) return c.json([]);
      q = q.where('id', 'in', [...visible]);
    }
    return c.json((await q.execute()).map(json));
  })
  .get('/:id', admits('admin', 'trainer', 'viewer'), async (c) => {
    const id = c.req.param('id');
    const visible = organisationsVisible(c.var.me);
    const row = await c.var.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (visible !== 'all' && !visible.includes(id))) fail(404, `No organisation ${id}${visible === 'all' ? '' : ' among yours'}`);
    return c.json(json(row));
  })
  .post('/', admits('admin'), jsonBody(createBody), async (c) => {
    const body = c.req.valid('json');
    await checkProvince(c, body.provinceCode);
    const now = c.var.clock().toISOString();
    const row = {
      id: crypto.randomUUID(),
      name_lo: body.nameLo ?? null,
      name_en: body.nameEn ?? null,
      kind: body.kind,
      province_code: body.provinceCode ?? null,
      created: now,
      updated: now,
    };
    await c.var.atomic([c.var.db.insertInto('organisations').values(row).compile()]);
    c.header('Location', `/api/organisations/${row.id}`);
    return c.json(json(row), 201);
  })
  .patch('/:id', admits('admin'), jsonBody(updateBody), async (c) => {
    const id = c.req.param('id');
    const body = c.req.valid('json');
    const { db } = c.var;
    const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) fail(404, `No organisation ${id}`);
    await checkProvince(c, body.provinceCode);
    const next = {
      ...row,
      ...(body.nameLo !== undefined ? { name_lo: body.nameLo } : {}),
      ...(body.nameEn !== undefined ? { name_en: body.nameEn } : {}),
      ...(body.kind !== undefined ? { kind: body.kind } : {}),
      ...(body.provinceCode !== undefined ? { province_code: body.provinceCode } : {}),
      updated: c.var.clock().toISOString(),
    };
    if (next.name_lo === null && next.name_en === null) fail(400, 'body.nameLo: nameLo or nameEn is required; this would leave the organisation without a name');
    const { id: _id, created: _created, ...set } = next;
    await c.var.atomic([db.updateTable('organisations').set(set).where('id', '=', id).compile()]);
    return c.json(json(next));
  })
  .delete('/:id', admits('admin'), async (c) => {
    const id = c.req.param('id');
    const { db } = c.var;
    const row = await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) fail(404, `No organisation ${id}`);
    const { n } = await db
      .selectFrom('learners')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(n) > 0) fail(409, `Organisation ${id} still has ${n} learner(s); move them to another organisation first`);
    try {
      // Trainers' memberships go with it (ON DELETE CASCADE).
      await c.var.atomic([db.deleteFrom('organisations').where('id', '=', id).compile()]);
    } catch (err) {
      if (/FOREIGN KEY constraint failed/i.test(String(err))) fail(409, `Organisation ${id} is still referred to (e.g. by cohorts); remove those first`);
      throw err;
    }
    return c.body(null, 204);
  });
