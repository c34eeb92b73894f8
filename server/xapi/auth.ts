// LRS credentials: Basic auth key/secret checked against lrs_clients, and the xAPI scopes
// a route needs. The authority of stored statements comes from here, never the request.
import type { Context, MiddlewareHandler } from 'hono';
import type { Env, Principal } from '../deps.js';
import { fail } from '../errors.js';

export const SCOPES = [
  'all', 'all/read', 'statements/write', 'statements/read', 'statements/read/mine', 'state', 'define', 'profile',
] as const;
export type Scope = (typeof SCOPES)[number];

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random credential part: 20 bytes as hex. */
export function randomToken(bytes = 20): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Requires a valid Basic credential and sets c.var.principal. */
export const basicAuth: MiddlewareHandler<Env> = async (c, next) => {
  const header = c.req.header('authorization');
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match) {
    c.header('WWW-Authenticate', 'Basic realm="Champa LRS"');
    fail(401, 'Authorization header with Basic credentials is required');
  }
  let decoded: string;
  try {
    decoded = atob(match[1]!);
  } catch {
    fail(401, 'Authorization header is not valid base64');
  }
  const colon = decoded.indexOf(':');
  const key = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  const row = await c.var.db
    .selectFrom('lrs_clients')
    .select(['key', 'name', 'secret_hash', 'scopes', 'revoked'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.revoked || !timingSafeEqual(row.secret_hash, await sha256Hex(secret))) {
    c.header('WWW-Authenticate', 'Basic realm="Champa LRS"');
    fail(401, 'Unknown or revoked LRS credential');
  }
  const principal: Principal = {
    kind: 'client',
    key: row.key,
    name: row.name,
    scopes: new Set(JSON.parse(row.scopes) as string[]),
    authority: {
      objectType: 'Agent',
      name: row.name,
      account: { homePage: `${c.var.settings.publicUrl}/xapi/clients`, name: row.key },
    },
  };
  c.set('principal', principal);
  await next();
};

/** Throws 403 unless the principal holds one of the scopes (or "all"). */
export function requireScope(c: Context<Env>, ...anyOf: Scope[]): void {
  const scopes = c.var.principal.scopes;
  if (scopes.has('all') || anyOf.some((s) => scopes.has(s))) return;
  fail(403, `This credential lacks the scope for this request (needs one of: ${anyOf.join(', ')})`);
}

/** The read scopes: all/read covers every read. */
export function canRead(c: Context<Env>, specific: Scope): boolean {
  const s = c.var.principal.scopes;
  return s.has('all') || s.has('all/read') || s.has(specific);
}
