// /api/places: the Lao administrative places as public reference data — the 18 provinces
// (ISO 3166-2:LA, with whether each code and name is confirmed) and the districts an admin
// imported. Not for changing them: districts come in through `champa places import-districts`.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { provinceCodeField } from '../identity/learner-profile.js';
import { admits } from '../identity/principal.js';
import { queryOf } from '../validators.js';

// Reference data changes only with a migration or an import: cache for an hour.
const CACHE_CONTROL = 'public, max-age=3600';

export const places = new Hono<Env>()
  // Public, and read by the join form on host sites' pages.
  .use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }))
  .get('/provinces', admits('anyone'), queryOf(z.strictObject({})), async (c) => {
    const rows = await c.var.db.selectFrom('provinces').selectAll().orderBy('name_en').execute();
    c.header('Cache-Control', CACHE_CONTROL);
    return c.json(rows.map((r) => ({ code: r.code, nameLo: r.name_lo, nameEn: r.name_en, verified: !!r.verified, basis: r.basis })));
  })
  .get('/districts', admits('anyone'), queryOf(z.strictObject({ province: provinceCodeField.optional() })), async (c) => {
    const { province } = c.req.valid('query');
    const { db } = c.var;
    if (province !== undefined) {
      const known = await db.selectFrom('provinces').select('code').where('code', '=', province).executeTakeFirst();
      if (!known) fail(400, `query.province: no province ${province} (GET /api/places/provinces lists them)`);
    }
    let q = db.selectFrom('districts').select(['code', 'province_code', 'name_lo', 'name_en', 'source']).orderBy('province_code').orderBy('code');
    if (province !== undefined) q = q.where('province_code', '=', province);
    const rows = await q.execute();
    c.header('Cache-Control', CACHE_CONTROL);
    return c.json(rows.map((r) => ({ code: r.code, provinceCode: r.province_code, nameLo: r.name_lo, nameEn: r.name_en, source: r.source })));
  });
