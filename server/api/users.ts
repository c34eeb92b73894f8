// /api/users: admins manage staff accounts — admins, trainers and viewers — their passwords,
// whether they are disabled, and which organisations a trainer works for. Not for one's own
// password (POST /api/auth/password) nor for learners (/api/learners).
import { Hono } from 'hono';
import type { CompiledQuery, Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { hashPassword, passwordProblem } from '../identity/passwords.js';
import { admits } from '../identity/principal.js';
import { expecting, jsonBody } from '../validators.js';
import { emailField } from './auth.js';

const ROLES = ['admin', 'trainer', 'viewer'] as const;

const displayName = z
  .string(expecting('must be text'))
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));
const role = z.enum(ROLES, expecting('must be admin, trainer or viewer'));
const password = z.string(expecting('must be text')).superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const organisationIds = z.array(z.string(expecting('must be an organisation id')).min(1).max(64), expecting('must be a list of organisation ids')).max(50, 'at most 50');

const createBody = z.strictObject({ email: emailField, name: displayName, role, password, organisations: organisationIds.optional() });
const updateBody = z.strictObject({
  name: displayName.optional(),
  role: role.optional(),
  password: password.optional(),
  disabled: z.boolean(expecting('must be true or false')).optional(),
  organisations: organisationIds.optional(),
});

type UserJson = { id: string; email: string; name: string; role: string; organisations: string[]; disabled: boolean; created: string; updated: string };

async function loadUsers(db: Kysely<DB>, id?: string): Promise<UserJson[]> {
  let q = db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'disabled', 'created', 'updated']).orderBy('email');
  if (id !== undefined) q = q.where('id', '=', id);
  const rows = await q.execute();
  let mq = db.selectFrom('user_organisations').select(['user_id', 'organisation_id']).orderBy('organisation_id');
  if (id !== undefined) mq = mq.where('user_id', '=', id);
  const members = await mq.execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.display_name,
    role: r.role,
    organisations: members.filter((m) => m.user_id === r.id).map((m) => m.organisation_id),
    disabled: !!r.disabled,
    created: r.created,
    updated: r.updated,
  }));
}

/** Checks the organisation list for the role, and that every organisation exists. */
async function checkOrganisations(db: Kysely<DB>, roleName: string, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length && roleName !== 'trainer') fail(400, `body.organisations: only trainers belong to organisations (this user is ${roleName === 'admin' ? 'an admin' : 'a viewer'})`);
  if (unique.length) {
    const found = new Set((await db.selectFrom('organisations').select('id').where('id', 'in', unique).execute()).map((r) => r.id));
    const missing = unique.findIndex((o) => !found.has(o));
    if (missing >= 0) fail(400, `body.organisations[${ids.indexOf(unique[missing]!)}]: no organisation ${unique[missing]}`);
  }
  return unique;
}

const membershipWrites = (db: Kysely<DB>, userId: string, orgs: readonly string[]): CompiledQuery[] => [
  db.deleteFrom('user_organisations').where('user_id', '=', userId).compile(),
  ...(orgs.length ? [db.insertInto('user_organisations').values(orgs.map((organisation_id) => ({ user_id: userId, organisation_id }))).compile()] : []),
];

export const users = new Hono<Env>()
  .get('/', admits('admin'), async (c) => c.json(await loadUsers(c.var.db)))
  .get('/:id', admits('admin'), async (c) => {
    const [user] = await loadUsers(c.var.db, c.req.param('id'));
    if (!user) fail(404, `No user ${c.req.param('id')}`);
    return c.json(user);
  })
  .post('/', admits('admin'), jsonBody(createBody), async (c) => {
    const body = c.req.valid('json');
    const { db } = c.var;
    const orgs = await checkOrganisations(db, body.role, body.organisations ?? []);
    const taken = await db.selectFrom('users').select('id').where('email', '=', body.email).executeTakeFirst();
    if (taken) fail(409, `body.email: there is already a user with email ${body.email}`);
    const now = c.var.clock().toISOString();
    const id = crypto.randomUUID();
    try {
      await c.var.atomic([
        db
          .insertInto('users')
          .values({ id, email: body.email, display_name: body.name, role: body.role, password_hash: await hashPassword(body.password), created: now, updated: now })
          .compile(),
        ...membershipWrites(db, id, orgs),
      ]);
    } catch (err) {
      if (/UNIQUE constraint failed: users\.email/.test(String(err))) fail(409, `body.email: there is already a user with email ${body.email}`);
      throw err;
    }
    c.header('Location', `/api/users/${id}`);
    return c.json((await loadUsers(db, id))[0]!, 201);
  })
  .patch('/:id', admits('admin'), jsonBody(updateBody), async (c) => {
    const id = c.req.param('id');
    const body = c.req.valid('json');
    const { db } = c.var;
    const me = c.var.me;
    const [user] = await loadUsers(db, id);
    if (!user) fail(404, `No user ${id}`);
    // An admin cannot lock themselves out; another admin (or the CLI) can.
    if (id === me.userId && body.role !== undefined && body.role !== 'admin') fail(409, 'body.role: you cannot change your own role');
    if (id === me.userId && body.disabled === true) fail(409, 'body.disabled: you cannot disable your own account');
    const nextRole = body.role ?? user.role;
    // Leaving the trainer role leaves the trainer's organisations too.
    const orgs = await checkOrganisations(db, nextRole, body.organisations ?? (nextRole === 'trainer' ? user.organisations : []));
    const now = c.var.clock().toISOString();
    const set = {
      ...(body.name !== undefined ? { display_name: body.name } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled ? 1 : 0 } : {}),
      ...(body.password !== undefined ? { password_hash: await hashPassword(body.password) } : {}),
      updated: now,
    };
    const endSessions = body.disabled === true || body.password !== undefined || (body.role !== undefined && body.role !== user.role);
    await c.var.atomic([
      db.updateTable('users').set(set).where('id', '=', id).compile(),
      ...membershipWrites(db, id, orgs),
      // A disabled account, a reset password or a changed role signs the user out everywhere
      // (but an admin resetting their own password keeps the session doing it).
      ...(endSessions ? [db.deleteFrom('sessions').where('user_id', '=', id).where('token_hash', '<>', me.sessionHash).compile()] : []),
    ]);
    return c.json((await loadUsers(db, id))[0]!);
  });
