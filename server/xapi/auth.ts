// LRS credentials: Basic auth key/secret checked against lrs_clients, learner bearer tokens
// (self-only: their own statements and state), and the xAPI scopes a route needs. The
// authority of stored statements comes from here, never the request.
import type { Context, MiddlewareHandler } from 'hono';
import type { ClientPrincipal, Env, LearnerPrincipal, LrsPrincipal } from '../deps.js';
import { fail } from '../errors.js';
import { EXAM_GRADER_KEY } from '../exams/authority.js';
import { isFinalExamActivity } from '../exams/grader.js';
import { resolveLearnerToken } from '../identity/learner-tokens.js';
import { agentKey, type AgentLike } from './ifi.js';

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

/**
 * Requires a valid credential and sets c.var.principal: Basic (an LRS client) or Bearer (a
 * learner token, which may only write and read statements and state about its own learner).
 */
export const lrsAuth: MiddlewareHandler<Env> = async (c, next) => {
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (bearer) {
    const learner = await resolveLearnerToken(c.var, bearer[1]!);
    if (learner === 'unknown' || learner === 'expired') {
      c.header('WWW-Authenticate', 'Bearer realm="Champa LRS", error="invalid_token"');
      fail(401, learner === 'expired' ? 'Authorization: this learner token has expired' : 'Authorization: unknown or revoked learner token');
    }
    c.set('principal', learner);
    return next();
  }
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match) {
    c.header('WWW-Authenticate', 'Basic realm="Champa LRS"');
    fail(401, 'Authorization header with Basic credentials (or a learner Bearer token) is required');
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
  const principal: ClientPrincipal = {
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

/** The LRS caller: lrsAuth admits only LRS clients and learners to /xapi. */
export function lrsPrincipal(c: Context<Env>): LrsPrincipal {
  const p = c.var.principal;
  if (p.kind !== 'client' && p.kind !== 'learner') fail(403, 'This credential cannot use the LRS');
  return p;
}

/** The learner, when the LRS caller holds a learner token. */
export function learnerCaller(c: Context<Env>): LearnerPrincipal | undefined {
  const p = lrsPrincipal(c);
  return p.kind === 'learner' ? p : undefined;
}

/** For a learner token: throws 403 unless the agent (by its key) is the learner's own account. */
export function requireOwnAgent(c: Context<Env>, key: string, param: string): void {
  const learner = learnerCaller(c);
  if (learner && key !== learner.agentKey) {
    fail(403, `${param}: a learner token may only use its own agent, ${JSON.stringify(learner.actor)}`);
  }
}

/** Verbs of a result: a learner's own about a final exam would certify them (server/exams/ grades those). */
const RESULT_VERBS = new Set(['passed', 'failed', 'answered'].map((v) => `http://adlnet.gov/expapi/verbs/${v}`));

/**
 * For a learner token: every statement's actor must be the learner's own account (with no
 * name), no statement may be a result (passed, failed, answered) about a final exam or its
 * items, and a voiding statement may only void the learner's own statements (one in the same
 * batch, or a stored one whose actor or object is the learner) and none the exam grader
 * stored. Otherwise 403 naming the path.
 */
export async function requireOwnStatements(c: Context<Env>, statements: readonly Record<string, unknown>[], prefix: string, single: boolean): Promise<void> {
  const learner = learnerCaller(c);
  if (!learner) return;
  const at = (i: number) => (single ? prefix : `${prefix}[${i}]`);
  const batchIds = new Set<string>();
  statements.forEach((s, i) => {
    const actor = s.actor as AgentLike;
    if ((actor.objectType ?? 'Agent') !== 'Agent' || agentKey(actor) !== learner.agentKey) {
      fail(403, `${at(i)}.actor: a learner token may only write statements whose actor is its own account, ${JSON.stringify(learner.actor)}`);
    }
    // Learners are pseudonymous in the LRS: their name stays in the learners table.
    if (actor.name !== undefined) fail(403, `${at(i)}.actor.name: a learner's statements carry no name, only the account`);
    const object = s.object as { objectType?: string; id?: unknown };
    if (RESULT_VERBS.has((s.verb as { id?: string }).id ?? '') && (object.objectType ?? 'Activity') === 'Activity' && typeof object.id === 'string' && isFinalExamActivity(object.id)) {
      fail(403, `${at(i)}.object.id: a learner token may not record results of a final exam (${object.id}); the server grades it (POST /api/exams/<course>/attempts)`);
    }
    if (typeof s.id === 'string') batchIds.add(s.id.toLowerCase());
  });
  for (const [i, s] of statements.entries()) {
    const verb = s.verb as { id?: string };
    const object = s.object as { objectType?: string; id?: string };
    if (verb.id !== 'http://adlnet.gov/expapi/verbs/voided' || object.objectType !== 'StatementRef' || typeof object.id !== 'string') continue;
    const target = object.id.toLowerCase();
    if (batchIds.has(target)) continue;
    const own = await c.var.db
      .selectFrom('statements')
      .innerJoin('statement_agents', 'statement_agents.statement_seq', 'statements.seq')
      .select(['statements.seq', 'statements.client_key'])
      .where('statements.id', '=', target)
      .where('statement_agents.agent_key', '=', learner.agentKey)
      .where('statement_agents.related', '=', 0)
      .executeTakeFirst();
    if (!own) fail(403, `${at(i)}.object.id: a learner token may only void its own learner's statements`);
    // A graded exam is the record certification rests on: failed attempts stay on it.
    if (own.client_key === EXAM_GRADER_KEY) fail(403, `${at(i)}.object.id: a learner token may not void the exam grader's statements`);
  }
}

/** Throws 403 unless the principal holds one of the scopes (or "all"). */
export function requireScope(c: Context<Env>, ...anyOf: Scope[]): void {
  const scopes = lrsPrincipal(c).scopes;
  if (scopes.has('all') || anyOf.some((s) => scopes.has(s))) return;
  fail(403, `This credential lacks the scope for this request (needs one of: ${anyOf.join(', ')})`);
}

/** The read scopes: all/read covers every read. */
export function canRead(c: Context<Env>, specific: Scope): boolean {
  const s = lrsPrincipal(c).scopes;
  return s.has('all') || s.has('all/read') || s.has(specific);
}
