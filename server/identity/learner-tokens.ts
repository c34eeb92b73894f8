// Who a learner is to the LRS: the opaque xAPI account, the bearer tokens a device, host
// launch or cmi5 launch holds, and the LearnerPrincipal a token resolves to. The join flow,
// host launch and cmi5 issue tokens through learnerTokenInsert. Not for staff sessions.
import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { LearnerAgent, LearnerPrincipal, Settings } from '../deps.js';
import { agentKey } from '../xapi/ifi.js';
import { secretToken, sha256Hex } from './tokens.js';

export type LearnerTokenKind = 'device' | 'launch' | 'cmi5';

/** How long a token of each kind lasts unless the issuer says otherwise. */
export const TOKEN_TTL_MS: Record<LearnerTokenKind, number> = {
  // A phone keeps its token through a course and later reprints of its certificate.
  device: 365 * 24 * 3600_000,
  launch: 8 * 3600_000,
  cmi5: 8 * 3600_000,
};

/** Learner tokens start with this, so that logs and support can tell them from other secrets. */
export const LEARNER_TOKEN_PREFIX = 'clt_';

/**
 * The account homePage of every learner: stable for a deployment (it follows settings.publicUrl)
 * and the same whichever way the learner came in (join code, host launch, cmi5).
 */
export const learnerHomePage = (settings: Settings) => `${settings.publicUrl}/learners`;

/** The xAPI actor of a learner: the opaque id as an account name, and nothing else. */
export function learnerAgent(settings: Settings, learnerId: string): LearnerAgent {
  return { objectType: 'Agent', account: { homePage: learnerHomePage(settings), name: learnerId } };
}

/** The authority the LRS puts on statements written with a learner token. */
export function learnerAuthority(settings: Settings): LearnerPrincipal['authority'] {
  return {
    objectType: 'Agent',
    name: 'Champa learner token',
    account: { homePage: `${settings.publicUrl}/xapi/clients`, name: 'champa-learner-token' },
  };
}

/** What a learner token may do in the LRS, besides the self-only rules in xapi/auth.ts. */
export const LEARNER_SCOPES: ReadonlySet<string> = new Set(['statements/write', 'state']);

/**
 * A new token for the learner, and the INSERT that stores its hash: run the query in the
 * same atomic write that creates or enrols the learner. The token is shown once; only its
 * hash is kept.
 */
export async function learnerTokenInsert(
  db: Kysely<DB>,
  learnerId: string,
  kind: LearnerTokenKind,
  now: Date,
  ttlMs = TOKEN_TTL_MS[kind],
): Promise<{ token: string; expires: string; query: CompiledQuery }> {
  const token = secretToken(LEARNER_TOKEN_PREFIX);
  const expires = new Date(now.getTime() + ttlMs).toISOString();
  const query = db
    .insertInto('learner_tokens')
    .values({ token_hash: await sha256Hex(token), learner_id: learnerId, kind, created: now.toISOString(), expires })
    .compile();
  return { token, expires, query };
}

/** The learner a bearer token stands for, or why it does not stand for one. */
export async function resolveLearnerToken(
  deps: { db: Kysely<DB>; settings: Settings; clock: () => Date },
  token: string,
): Promise<LearnerPrincipal | 'unknown' | 'expired'> {
  if (!token.startsWith(LEARNER_TOKEN_PREFIX)) return 'unknown';
  const row = await deps.db
    .selectFrom('learner_tokens')
    .select(['learner_id', 'kind', 'expires', 'revoked'])
    .where('token_hash', '=', await sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.revoked) return 'unknown';
  if (row.expires <= deps.clock().toISOString()) return 'expired';
  const actor = learnerAgent(deps.settings, row.learner_id);
  return {
    kind: 'learner',
    learnerId: row.learner_id,
    tokenKind: row.kind,
    key: `learner:${row.learner_id}`,
    scopes: LEARNER_SCOPES,
    authority: learnerAuthority(deps.settings),
    actor,
    agentKey: agentKey(actor)!,
  };
}
