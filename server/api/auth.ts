// /api/auth: staff sign-in with email and password (rate-limited per account and per
// address), sign-out, who am I, and changing one's own password. Not for learners: they are
// identified by bearer tokens, which GET /me also describes.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Env, RequestContext } from '../deps.js';
import { fail } from '../errors.js';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from '../identity/passwords.js';
import { admits } from '../identity/principal.js';
import { clearBucket, clientIp, consumeAttempt, forgetAttempt, type Limit } from '../identity/rate-limit.js';
import { endSession, startSession } from '../identity/sessions.js';
import { expecting, jsonBody } from '../validators.js';

const WINDOW_MS = 15 * 60_000;

/**
 * 5 failures per account per 15 minutes stops password guessing against one person; 20 per
 * address is higher because a provincial training shares one address behind NAT, and stops
 * one machine from spraying many accounts.
 */
export function loginLimits(email: string, ip: string): Limit[] {
  return [
    { bucket: `login:account:${email}`, max: 5, windowMs: WINDOW_MS, label: 'failed sign-in attempts for this account' },
    { bucket: `login:ip:${ip}`, max: 20, windowMs: WINDOW_MS, label: 'failed sign-in attempts from this address' },
  ];
}

const email = z
  .string(expecting('must be an email address'))
  .trim()
  .toLowerCase()
  .pipe(z.email(expecting('must be an email address')).max(254, 'must be at most 254 characters'));

export const emailField = email;

const loginBody = z.strictObject({
  email,
  password: z.string(expecting('must be text')).min(1, 'required').max(1024, 'too long'),
});

const changePasswordBody = z.strictObject({
  currentPassword: z.string(expecting('must be text')).min(1, 'required').max(1024, 'too long'),
  newPassword: z.string(expecting('must be text')),
});

/** Login CSRF: a sign-in form posted from another site must not sign the browser in. */
function refuseCrossSite(c: RequestContext): void {
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== new URL(c.req.url).origin && origin !== new URL(c.var.settings.publicUrl).origin) {
    fail(403, `Origin: ${origin} is another site; sign in from this site`);
  }
  const site = c.req.header('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') fail(403, `Sec-Fetch-Site: ${site} sign-in refused; sign in from this site`);
}

const WRONG = 'email or password is wrong';

export const auth = new Hono<Env>()
  .post('/login', admits('anyone'), jsonBody(loginBody), async (c) => {
    refuseCrossSite(c);
    const { email, password } = c.req.valid('json');
    const attempt = await consumeAttempt(c, loginLimits(email, clientIp(c)));
    const { db } = c.var;
    const user = await db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'password_hash', 'disabled'])
      .where('email', '=', email)
      .executeTakeFirst();
    // verifyPassword does the same work for unknown accounts, so timing tells nothing.
    const matches = await verifyPassword(password, user?.password_hash);
    if (!user || !matches || user.disabled) fail(401, WRONG);
    await forgetAttempt(c, attempt);
    await clearBucket(c, `login:account:${email}`);
    if (needsRehash(user.password_hash)) {
      const rehashed = await hashPassword(password);
      await c.var.atomic([db.updateTable('users').set({ password_hash: rehashed }).where('id', '=', user.id).compile()]);
    }
    const { csrfToken, expires } = await startSession(c, user.id);
    const orgs = await db.selectFrom('user_organisations').select('organisation_id').where('user_id', '=', user.id).orderBy('organisation_id').execute();
    return c.json({
      user: { id: user.id, email: user.email, name: user.display_name, role: user.role, organisations: orgs.map((o) => o.organisation_id) },
      csrfToken,
      expires,
    });
  })
  .post('/logout', admits('admin', 'trainer', 'viewer'), async (c) => {
    await endSession(c, c.var.me.sessionHash);
    return c.body(null, 204);
  })
  .get('/me', admits('admin', 'trainer', 'viewer', 'learner'), async (c) => {
    const me = c.var.me;
    if (me.kind === 'learner') {
      return c.json({ kind: 'learner' as const, learner: { id: me.learnerId }, actor: me.actor, tokenKind: me.tokenKind });
    }
    const session = await c.var.db.selectFrom('sessions').select(['csrf_token', 'expires']).where('token_hash', '=', me.sessionHash).executeTakeFirstOrThrow();
    return c.json({
      kind: 'user' as const,
      user: { id: me.userId, email: me.email, name: me.name, role: me.role, organisations: me.organisations },
      csrfToken: session.csrf_token,
      expires: session.expires,
    });
  })
  .post('/password', admits('admin', 'trainer', 'viewer'), jsonBody(changePasswordBody), async (c) => {
    const me = c.var.me;
    const { currentPassword, newPassword } = c.req.valid('json');
    const problem = passwordProblem(newPassword);
    if (problem) fail(400, `body.newPassword: ${problem}`);
    // Guessing the current password through this route counts like guessing it at login.
    const attempt = await consumeAttempt(c, loginLimits(me.email, clientIp(c)));
    const { db } = c.var;
    const row = await db.selectFrom('users').select('password_hash').where('id', '=', me.userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(currentPassword, row.password_hash))) fail(403, 'body.currentPassword: wrong password');
    await forgetAttempt(c, attempt);
    const hash = await hashPassword(newPassword);
    // Other sessions (another browser, a stolen cookie) end; this one stays.
    await c.var.atomic([
      db.updateTable('users').set({ password_hash: hash, updated: c.var.clock().toISOString() }).where('id', '=', me.userId).compile(),
      db.deleteFrom('sessions').where('user_id', '=', me.userId).where('token_hash', '<>', me.sessionHash).compile(),
    ]);
    return c.body(null, 204);
  });
