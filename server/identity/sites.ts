// Host sites as credentials: the site secret (shown once, stored as a SHA-256), resolving a
// request's Bearer or Basic credential to a SitePrincipal, the exact-origin rule for allowed
// origins, and the CORS gate of the launch routes (registered origins only, never `*`).
// Not for the launch flow itself (server/api/launch.ts) nor for managing sites (api/sites.ts).
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Env, SitePrincipal } from '../deps.js';
import { fail } from '../errors.js';
import { constantTimeEqualText, secretToken, sha256Hex } from './tokens.js';

/** Site secrets start with this, so that authenticate() can tell them from learner tokens. */
export const SITE_SECRET_PREFIX = 'css_';
/** Launch tokens (what a site's page hands to <champa-course token=...>) start with this. */
export const LAUNCH_TOKEN_PREFIX = 'clk_';
/**
 * How long a launch token may wait to be exchanged. It travels through the host's page, so
 * it is short-lived and single use; the learner token it becomes lasts a working day.
 */
export const LAUNCH_TOKEN_TTL_MS = 10 * 60_000;
/** The most origins one site may register: a site, its www twin, a staging copy, a few more. */
export const MAX_ORIGINS = 20;

/** A new site secret and the hash to store. */
export async function newSiteSecret(): Promise<{ secret: string; hash: string }> {
  const secret = secretToken(SITE_SECRET_PREFIX);
  return { secret, hash: await sha256Hex(secret) };
}

/**
 * Why `value` is not an allowed origin, or null. An origin is exactly what browsers send in
 * the Origin header: scheme://host[:port], lower-case, no default port, no path, no slash at
 * the end, no wildcard. http is allowed because some organisations' sites are not yet on
 * https; `null` (sandboxed frames, file:) never is.
 */
export function originProblem(value: string): string | null {
  const example = 'must be an origin such as https://union.example.la (scheme://host[:port], nothing after)';
  if (value === 'null' || value.includes('*')) return `${example}; wildcards and "null" are not origins`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return example;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${example}; only http and https`;
  if (url.origin !== value) {
    return url.origin === 'null' ? example : `${example}; did you mean ${url.origin}?`;
  }
  return null;
}

type SiteLookup = { db: Kysely<DB> };

/** The site whose secret this is (Bearer css_...), or null. The hash is unique, so no id is needed. */
export async function resolveSiteSecret(deps: SiteLookup, secret: string): Promise<SitePrincipal | null> {
  if (!secret.startsWith(SITE_SECRET_PREFIX)) return null;
  const row = await deps.db.selectFrom('sites').select('id').where('secret_hash', '=', await sha256Hex(secret)).executeTakeFirst();
  return row ? { kind: 'site', siteId: row.id } : null;
}

/** The site for Basic site-id:secret, or null; compares hashes in constant time. */
export async function resolveSiteBasic(deps: SiteLookup, id: string, secret: string): Promise<SitePrincipal | null> {
  const hash = await sha256Hex(secret);
  const row = id ? await deps.db.selectFrom('sites').select(['id', 'secret_hash']).where('id', '=', id).executeTakeFirst() : undefined;
  if (!row || !constantTimeEqualText(row.secret_hash, hash)) return null;
  return { kind: 'site', siteId: row.id };
}

/** Splits a Basic Authorization header into id and secret, or null when it is not Basic. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | 'malformed' | null {
  const m = /^Basic(?:\s+(\S*))?\s*$/i.exec(header ?? '');
  if (!m) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(atob(m[1] ?? ''), (ch) => ch.charCodeAt(0)));
  } catch {
    return 'malformed';
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The origins registered for `siteId`, or, without a site, whether any site registered `origin`. */
export async function originRegistered(db: Kysely<DB>, origin: string, siteId?: string): Promise<boolean> {
  let q = db.selectFrom('site_origins').select('site_id').where('origin', '=', origin);
  if (siteId !== undefined) q = q.where('site_id', '=', siteId);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

export interface LaunchCorsOptions {
  /** Methods a registered origin may use; empty: no browser may call the route at all. */
  methods: readonly string[];
  /** What a refused preflight or request is told. */
  purpose: string;
}

/**
 * CORS for the launch routes. A browser request (it carries Origin) passes only from an
 * origin some site registered: the handler then checks it against the very site involved.
 * A preflight from a registered origin is answered with that origin echoed (Vary: Origin),
 * never `*`; from any other origin it is refused with 403 and no CORS headers. Requests
 * without Origin (a site's backend) pass untouched.
 */
export function launchCors(options: LaunchCorsOptions): MiddlewareHandler<Env> {
  const methods = [...options.methods, 'OPTIONS'].join(', ');
  return async (c, next) => {
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin', { append: true });
    const preflight = c.req.method === 'OPTIONS';
    if (origin === undefined) {
      if (preflight) return c.body(null, 204, { Allow: methods });
      return next();
    }
    const registered = originProblem(origin) === null && (await originRegistered(c.var.db, origin));
    if (!registered || options.methods.length === 0) {
      fail(403, `Origin: ${origin} may not call this route (${options.purpose})`);
    }
    c.header('Access-Control-Allow-Origin', origin);
    if (preflight) {
      const wanted = (c.req.header('access-control-request-method') ?? '').toUpperCase();
      if (wanted && !options.methods.includes(wanted)) fail(403, `Access-Control-Request-Method: ${wanted} is not allowed here (${options.methods.join(', ')})`);
      return c.body(null, 204, {
        'Access-Control-Allow-Methods': methods,
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
    }
    return next();
  };
}
