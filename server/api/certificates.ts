// /api/certificates: a learner claims (POST /claim) and lists (/me) their own certificates;
// admins list all, trainers those of their organisations' learners, viewers all without
// names (reports); admins revoke; anyone verifies (/:id/verify). Issuing is decided from
// derived progress in certificates/issue.ts. Not for the printable and verify pages
// (certificates/pages.ts).
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { SLUG_RE } from '../../courses/schema.js';
import { issueCertificate } from '../certificates/issue.js';
import { CERTIFICATE_ID_RE, verifyCertificate, verifyUrl, type CertificatePayload, type Verification } from '../certificates/signed.js';
import type { Certificates } from '../db/schema.js';
import type { Env, Principal, Settings } from '../deps.js';
import { fail } from '../errors.js';
import { admits } from '../identity/principal.js';
import { expecting, jsonBody, queryOf } from '../validators.js';

const MAX_PAGE = 200;

const claimBody = z.strictObject({
  course: z.string(expecting('must be a course slug such as victim-identification')).regex(SLUG_RE, 'must be a course slug such as victim-identification'),
});

const revokeBody = z.strictObject({
  reason: z
    .string(expecting('must be text'))
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty: say why the certificate is revoked').max(500, 'must be at most 500 characters')),
});

const STATUSES = ['valid', 'expired', 'revoked'] as const;

const listQuery = z.strictObject({
  course: z.string().regex(SLUG_RE, 'must be a course slug').optional(),
  learner: z.string().min(1).max(64).optional(),
  organisation: z.string().min(1).max(64).optional(),
  status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` }).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(MAX_PAGE, `must be at most ${MAX_PAGE}`).optional(),
  offset: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').optional(),
});

type Row = Selectable<Certificates> & { organisation_id: string | null; sex: string; province_code: string | null };

/** The signed payload of a certificate this deployment recorded (its signature was checked when it was issued). */
function payloadOf(jws: string): CertificatePayload {
  const part = jws.split('.')[1] ?? '';
  const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)))) as CertificatePayload;
}

const statusAt = (row: Pick<Row, 'status' | 'expires'>, now: Date): (typeof STATUSES)[number] =>
  row.status === 'revoked' ? 'revoked' : row.expires !== null && row.expires <= now.toISOString() ? 'expired' : 'valid';

/**
 * A certificate as the API shows it. Viewers read certificates for reports: they get the
 * learner's id, sex, organisation and province but neither the name nor the JWS (which
 * carries the name).
 */
function certificateJson(row: Row, me: Principal, settings: Settings, now: Date) {
  const p = payloadOf(row.jws);
  const named = !(me.kind === 'user' && me.role === 'viewer');
  return {
    id: row.id,
    learnerId: row.learner_id,
    ...(named ? { learnerName: p.name } : {}),
    sex: row.sex,
    organisationId: row.organisation_id,
    provinceCode: row.province_code,
    course: { slug: row.course_slug, version: row.course_version, title: p.course.title },
    issued: row.issued,
    expires: row.expires,
    status: statusAt(row, now),
    issuer: p.issuer,
    kid: row.kid,
    ...(row.status === 'revoked' ? { revoked: { at: row.revoked_at, reason: row.revoked_reason, ...(me.kind === 'user' && me.role === 'admin' ? { by: row.revoked_by } : {}) } } : {}),
    ...(named ? { jws: row.jws, verifyUrl: verifyUrl(settings.publicUrl, row.jws) } : {}),
    /** The printable page (also reached by the QR code's verify page). */
    url: `${settings.publicUrl}/certificates/${row.id}`,
  };
}

function verificationJson(id: string, v: Verification) {
  const p = v.status === 'forged' ? undefined : v.payload;
  return {
    id,
    status: v.status,
    ...(v.reason ? { reason: v.reason } : {}),
    ...(v.detail ? { detail: v.detail } : {}),
    ...(p
      ? {
          certificate: {
            id: p.jti,
            name: p.name,
            course: p.course,
            issued: new Date(p.iat * 1000).toISOString(),
            expires: p.exp === undefined ? null : new Date(p.exp * 1000).toISOString(),
            issuer: p.issuer,
          },
        }
      : {}),
    ...(v.revoked ? { revoked: v.revoked } : {}),
  };
}

function baseQuery(db: Env['Variables']['db']) {
  return db
    .selectFrom('certificates')
    .innerJoin('learners', 'learners.id', 'certificates.learner_id')
    .selectAll('certificates')
    .select(['learners.organisation_id', 'learners.sex', 'learners.province_code']);
}

/** The certificate if `me` may read it; not found and not yours read alike. */
async function readable(c: { var: Env['Variables'] }, me: Principal, id: string): Promise<Row> {
  if (!CERTIFICATE_ID_RE.test(id)) fail(404, `No certificate ${id}`);
  let q = baseQuery(c.var.db).where('certificates.id', '=', id);
  if (me.kind === 'learner') q = q.where('certificates.learner_id', '=', me.learnerId);
  else if (me.kind === 'user' && me.role === 'trainer') {
    if (me.organisations.length === 0) fail(404, `No certificate ${id} among your organisations' learners`);
    q = q.where('learners.organisation_id', 'in', [...me.organisations]);
  }
  const row = await q.executeTakeFirst();
  if (!row) fail(404, `No certificate ${id}${me.kind === 'user' && me.role === 'trainer' ? " among your organisations' learners" : me.kind === 'learner' ? ' of yours' : ''}`);
  return row;
}

export const certificates = new Hono<Env>()
  // /me and /claim are called by the player on host sites' pages with a bearer token.
  .use('/me', cors({ origin: '*', allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['Authorization'] }))
  .use('/claim', cors({ origin: '*', allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type'] }))
  .use('/:id/verify', cors({ origin: '*', allowMethods: ['GET', 'OPTIONS'] }))
  .get('/me', admits('learner'), async (c) => {
    const rows = await baseQuery(c.var.db)
      .where('certificates.learner_id', '=', c.var.me.learnerId)
      .orderBy('certificates.issued', 'desc')
      .orderBy('certificates.id')
      .execute();
    const now = c.var.clock();
    return c.json({ certificates: rows.map((r) => certificateJson(r, c.var.me, c.var.settings, now)) });
  })
  // Issues the learner's certificate when their recorded progress meets the course's rule;
  // 201 when it was issued now, 200 when this eligibility had already earned it.
  .post('/claim', admits('learner'), jsonBody(claimBody), async (c) => {
    const me = c.var.me;
    const { course } = c.req.valid('json');
    const result = await issueCertificate({ ...c.var, signingKey: c.var.signingKey! }, me.learnerId, course);
    const row = await readable(c, me, result.id);
    if (result.created) c.header('Location', `/api/certificates/${result.id}`);
    return c.json(certificateJson(row, me, c.var.settings, c.var.clock()), result.created ? 201 : 200);
  })
  .get('/', admits('admin', 'trainer', 'viewer'), queryOf(listQuery), async (c) => {
    const me = c.var.me;
    const query = c.req.valid('query');
    if (query.organisation !== undefined && me.role === 'trainer' && !me.organisations.includes(query.organisation)) {
      fail(403, `query.organisation: ${query.organisation} is not one of your organisations`);
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const now = c.var.clock().toISOString();
    let q = baseQuery(c.var.db);
    if (me.role === 'trainer') {
      if (me.organisations.length === 0) return c.json({ certificates: [], next: null });
      q = q.where('learners.organisation_id', 'in', [...me.organisations]);
    }
    if (query.course !== undefined) q = q.where('certificates.course_slug', '=', query.course);
    if (query.learner !== undefined) q = q.where('certificates.learner_id', '=', query.learner);
    if (query.organisation !== undefined) q = q.where('learners.organisation_id', '=', query.organisation);
    if (query.status === 'revoked') q = q.where('certificates.status', '=', 'revoked');
    else if (query.status === 'expired') q = q.where('certificates.status', '=', 'active').where('certificates.expires', '<=', now);
    else if (query.status === 'valid') {
      q = q.where('certificates.status', '=', 'active').where((eb) => eb.or([eb('certificates.expires', 'is', null), eb('certificates.expires', '>', now)]));
    }
    const rows = await q.orderBy('certificates.issued', 'desc').orderBy('certificates.id').limit(limit + 1).offset(offset).execute();
    const at = c.var.clock();
    return c.json({
      certificates: rows.slice(0, limit).map((r) => certificateJson(r, me, c.var.settings, at)),
      next: rows.length > limit ? offset + limit : null,
    });
  })
  .get('/:id', admits('admin', 'trainer', 'viewer', 'learner'), async (c) => {
    const row = await readable(c, c.var.me, c.req.param('id'));
    return c.json(certificateJson(row, c.var.me, c.var.settings, c.var.clock()));
  })
  // Public: what the verify page shows, as JSON. ?c=<jws> checks a presented certificate too.
  .get('/:id/verify', admits('anyone'), async (c) => {
    const id = c.req.param('id');
    const jws = c.req.query('c');
    const now = c.var.clock();
    let v: Verification;
    if (!CERTIFICATE_ID_RE.test(id)) v = { status: 'not-found', detail: `${id} is not a verification code` };
    else if (jws) {
      v = await verifyCertificate(c.var.db, now, { jws });
      if (v.payload && v.payload.jti !== id && v.status !== 'forged') {
        v = { status: 'forged', reason: 'record-mismatch', detail: `query.c: the signed certificate is ${v.payload.jti}, not ${id}` };
      }
    } else v = await verifyCertificate(c.var.db, now, { id });
    c.header('Cache-Control', 'no-store');
    return c.json(verificationJson(id, v), v.status === 'not-found' ? 404 : 200);
  })
  .post('/:id/revoke', admits('admin'), jsonBody(revokeBody), async (c) => {
    const me = c.var.me;
    const row = await readable(c, me, c.req.param('id'));
    if (row.status === 'revoked') fail(409, `Certificate ${row.id} was already revoked on ${row.revoked_at}`);
    const { reason } = c.req.valid('json');
    const at = c.var.clock().toISOString();
    const [res] = await c.var.atomic([
      c.var.db
        .updateTable('certificates')
        .set({ status: 'revoked', revoked_at: at, revoked_by: me.userId, revoked_reason: reason })
        .where('id', '=', row.id)
        .where('status', '=', 'active')
        .compile(),
    ]);
    if (!res || res.changes === 0) fail(409, `Certificate ${row.id} was revoked meanwhile`);
    return c.json(certificateJson({ ...row, status: 'revoked', revoked_at: at, revoked_by: me.userId, revoked_reason: reason }, me, c.var.settings, c.var.clock()));
  });
