// Who is calling /api, and the one way a route states which roles it admits: `admits(...)`
// as a route's first middleware (or `requireRole(c, ...)` inside a handler). Also the CSRF
// rule for cookie sessions. Not for the LRS: /xapi authenticates in xapi/auth.ts.
//
// CSRF: a cookie-authenticated request that changes state (any method but GET/HEAD/OPTIONS)
// must carry the session's CSRF token in X-CSRF-Token, and must not come from another site
// (Origin, when sent, is this deployment's; Sec-Fetch-Site, when sent, is same-origin or
// none). The custom header alone already forces a CORS preflight that no other origin
// passes; the session-bound token (a synchronizer token, stronger than a double-submit
// cookie, which a sibling subdomain could plant) also holds if CORS is ever loosened, and the
// Origin check covers browsers that send no Sec-Fetch-Site. SameSite=Lax keeps the cookie off
// cross-site subrequests in the first place. Bearer tokens are never sent by a browser on its
// own, so they need none of this.
import type { Context, MiddlewareHandler } from 'hono';
import type { ClientPrincipal, Env, LearnerPrincipal, Principal, RequestContext, SitePrincipal, StaffRole, UserPrincipal } from '../deps.js';
import { fail } from '../errors.js';
import { resolveLearnerToken } from './learner-tokens.js';
import { CSRF_HEADER, resolveSession, sessionToken } from './sessions.js';
import { basicCredentials, resolveSiteBasic, resolveSiteSecret, SITE_SECRET_PREFIX } from './sites.js';
import { constantTimeEqualText } from './tokens.js';

export type Role = StaffRole | 'learner' | 'site' | 'client';
export const ROLES: readonly Role[] = ['admin', 'trainer', 'viewer', 'learner', 'site', 'client'];

/** The principal a role stands for, so that requireRole's result is narrowed. */
export type PrincipalFor<R extends Role> = R extends StaffRole
  ? UserPrincipal & { role: R }
  : R extends 'learner'
    ? LearnerPrincipal
    : R extends 'site'
      ? SitePrincipal
      : ClientPrincipal;

export function roleOf(p: Principal): Role {
  return p.kind === 'user' ? p.role : p.kind;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a cookie-authenticated state-changing request must be refused, or null when it may pass. */
function csrfProblem(c: RequestContext, expected: string): string | null {
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    const allowed = new Set([new URL(c.req.url).origin, new URL(c.var.settings.publicUrl).origin]);
    if (!allowed.has(origin)) return `Origin: ${origin} is another site; a signed-in request that changes something must come from this site`;
  }
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `Sec-Fetch-Site: ${site} request refused; a signed-in request that changes something must come from this site`;
  }
  const sent = c.req.header(CSRF_HEADER);
  if (!sent) return `${CSRF_HEADER}: required on signed-in requests that change something (login and GET /api/auth/me return it)`;
  if (!constantTimeEqualText(sent, expected)) return `${CSRF_HEADER}: does not match this session`;
  return null;
}

/**
 * Sets c.var.principal from a learner bearer token or a staff session cookie, when the
 * request carries one; admits nobody by itself (that is each route's admits()). A bearer
 * token that is unknown or expired is a 401 at once: the caller meant to be someone.
 */
export const authenticate: MiddlewareHandler<Env> = async (c, next) => {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  if (bearer?.[1]!.startsWith(SITE_SECRET_PREFIX)) {
    const site = await resolveSiteSecret(c.var, bearer[1]!);
    if (!site) {
      c.header('WWW-Authenticate', 'Bearer realm="Champa", error="invalid_token"');
      fail(401, 'Authorization: unknown site secret (a rotated secret stops working at once)');
    }
    c.set('principal', site);
    return next();
  }
  if (bearer) {
    const learner = await resolveLearnerToken(c.var, bearer[1]!);
    if (learner === 'expired' || learner === 'unknown') {
      c.header('WWW-Authenticate', 'Bearer realm="Champa", error="invalid_token"');
      fail(401, learner === 'expired' ? 'Authorization: this learner token has expired' : 'Authorization: unknown or revoked learner token');
    }
    c.set('principal', learner);
    return next();
  }
  // Basic on /api is a host site's backend (site-id:secret); LRS clients use Basic at /xapi
  // only, so here a Basic that is no site's is a problem for routes that need a role, not for public ones.
  const basic = basicCredentials(c.req.header('authorization'));
  if (basic) {
    const site = basic === 'malformed' ? null : await resolveSiteBasic(c.var, basic.id, basic.secret);
    if (site) c.set('principal', site);
    else c.set('authProblem', { status: 401, message: 'Authorization: unknown site or wrong secret (Basic takes site-id:secret)' });
    return next();
  }
  const token = sessionToken(c);
  if (token) {
    const session = await resolveSession(c, token);
    if (!session) {
      c.set('authProblem', { status: 401, message: 'Your session has ended: sign in again' });
    } else if (!SAFE_METHODS.has(c.req.method)) {
      const problem = csrfProblem(c, session.csrfToken);
      if (problem) c.set('authProblem', { status: 403, message: problem });
      else c.set('principal', session.principal);
    } else {
      c.set('principal', session.principal);
    }
  }
  return next();
};

/** The request's principal, if it authenticated as anyone. */
export function principalOf(c: RequestContext): Principal | undefined {
  return c.var.principal as Principal | undefined;
}

/**
 * Returns the principal when its role is one of `roles`; otherwise 401 (nobody, or a
 * session that ended), or 403 (someone else, or a CSRF failure) naming what was needed.
 */
export function requireRole<R extends Role>(c: RequestContext, ...roles: R[]): PrincipalFor<R> {
  const p = principalOf(c);
  const wanted = roles.join(', ');
  if (!p) {
    const problem = c.var.authProblem;
    if (problem?.status === 403) fail(403, problem.message);
    fail(401, `${problem ? `${problem.message}. ` : ''}Sign-in required: this route admits ${wanted}`);
  }
  const role = roleOf(p);
  if (!(roles as Role[]).includes(role)) fail(403, `This route admits ${wanted}; you are signed in as ${role}`);
  return p as PrincipalFor<R>;
}

/**
 * A route's first middleware: states the roles it admits and refuses everyone else before
 * the body is read or validated. The handler finds the narrowed principal in c.var.me.
 * `admits('anyone')` marks a public route (reference data).
 */
export function admits<R extends Role>(...roles: R[]): MiddlewareHandler<{ Variables: { me: PrincipalFor<R> } }>;
export function admits(anyone: 'anyone'): MiddlewareHandler<{ Variables: { me: Principal | undefined } }>;
export function admits(...roles: (Role | 'anyone')[]): MiddlewareHandler {
  const middleware: MiddlewareHandler = async (c, next) => {
    const ctx = c as unknown as Context<Env & { Variables: { me: Principal | undefined } }>;
    ctx.set('me', roles.includes('anyone') ? principalOf(ctx) : requireRole(ctx, ...(roles as Role[])));
    await next();
  };
  // Lets a test list every route's roles from app.routes (no route without stated roles).
  return Object.assign(middleware, { [ADMITS]: [...roles] });
}

/** The property admits() leaves on its middleware: the roles it states. */
export const ADMITS = Symbol.for('champa.admits');
