// Staff sessions: a random token in an HttpOnly, SameSite=Lax cookie (Secure and __Host-
// prefixed over https), a server-side row with an expiry and a CSRF token, and logout.
// Not for learners: they hold bearer tokens (learner-tokens.ts), never cookies.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RequestContext, UserPrincipal } from '../deps.js';
import { secretToken, sha256Hex } from './tokens.js';

/** A working day of training plus margin; after it the trainer signs in again. */
export const SESSION_TTL_MS = 12 * 3600_000;

/**
 * Over https the cookie is Secure and __Host- prefixed (no Domain, Path=/), so that no
 * sibling subdomain can set or overwrite it; over plain http (local use) it cannot be.
 */
function secure(c: RequestContext): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

export const SESSION_COOKIE = 'champa_session';
export const CSRF_HEADER = 'X-CSRF-Token';

export function sessionCookieName(c: RequestContext): string {
  return secure(c) ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** The session token the request carries, if any. */
export function sessionToken(c: RequestContext): string | undefined {
  return getCookie(c as unknown as Context, SESSION_COOKIE, secure(c) ? 'host' : undefined) || undefined;
}

/** Starts a session: stores its row and sets the cookie. Returns the CSRF token for the client. */
export async function startSession(c: RequestContext, userId: string): Promise<{ csrfToken: string; expires: string }> {
  const token = secretToken();
  const csrfToken = secretToken();
  const now = c.var.clock();
  const expires = new Date(now.getTime() + SESSION_TTL_MS);
  const { db, atomic } = c.var;
  await atomic([
    db
      .insertInto('sessions')
      .values({ token_hash: await sha256Hex(token), user_id: userId, csrf_token: csrfToken, created: now.toISOString(), expires: expires.toISOString() })
      .compile(),
    // Expired sessions are dropped as new ones start, so the table stays the size of who is active.
    db.deleteFrom('sessions').where('expires', '<=', now.toISOString()).compile(),
  ]);
  setCookie(c as unknown as Context, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    expires,
    ...(secure(c) ? { secure: true, prefix: 'host' as const } : {}),
  });
  return { csrfToken, expires: expires.toISOString() };
}

/** The signed-in user and the session's CSRF token, or null for a missing, expired or disabled one. */
export async function resolveSession(c: RequestContext, token: string): Promise<{ principal: UserPrincipal; csrfToken: string } | null> {
  const { db } = c.var;
  const hash = await sha256Hex(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.csrf_token', 'sessions.expires', 'users.id', 'users.email', 'users.display_name', 'users.role', 'users.disabled'])
    .where('sessions.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.disabled || row.expires <= c.var.clock().toISOString()) return null;
  const orgs = await db.selectFrom('user_organisations').select('organisation_id').where('user_id', '=', row.id).orderBy('organisation_id').execute();
  return {
    csrfToken: row.csrf_token,
    principal: {
      kind: 'user',
      userId: row.id,
      role: row.role as UserPrincipal['role'],
      email: row.email,
      name: row.display_name,
      organisations: orgs.map((o) => o.organisation_id),
      sessionHash: hash,
    },
  };
}

/** Ends the session the request carries and clears the cookie. */
export async function endSession(c: RequestContext, sessionHash: string): Promise<void> {
  await c.var.atomic([c.var.db.deleteFrom('sessions').where('token_hash', '=', sessionHash).compile()]);
  deleteCookie(c as unknown as Context, SESSION_COOKIE, { path: '/', ...(secure(c) ? { secure: true, prefix: 'host' as const } : {}) });
}
