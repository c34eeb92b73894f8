// Storing statements: what the index tables hold for a statement, conflict and voiding
// rules, and the one atomic write of a batch. Not for HTTP parsing (statements.ts) or
// queries (statement-query.ts). Everything here runs after validation.
import type { CompiledQuery, Kysely } from 'kysely';
import type { AtomicResult } from '../db/atomic.js';
import { chunkRows, insertRows } from '../db/atomic.js';
import type { DB } from '../db/schema.js';
import type { Deps, LrsPrincipal as Principal, XapiVersion } from '../deps.js';
import { fail } from '../errors.js';
import { agentKey, type AgentLike } from './ifi.js';
import { statementDifference } from './multipart.js';
import { maxSeq } from './statement-query.js';
import type { Statement } from './validate.js';

export const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

type Json = Record<string, unknown>;

export interface IndexRows {
  agents: Map<string, number>; // agent key -> related (0 actor/object, 1 elsewhere)
  activities: Map<string, number>; // activity IRI -> related (0 object, 1 elsewhere)
  verbs: Set<string>;
  registrations: Set<string>;
}

function addAgent(rows: IndexRows, agent: unknown, related: number): void {
  if (!agent || typeof agent !== 'object') return;
  const key = agentKey(agent as AgentLike);
  if (key !== null) {
    const had = rows.agents.get(key);
    if (had === undefined || had > related) rows.agents.set(key, related);
  }
  // Members of a Group (e.g. the two-member OAuth authority) are related agents.
  const member = (agent as AgentLike).member;
  if (Array.isArray(member)) for (const m of member) addAgent(rows, m, 1);
}

function addActivity(rows: IndexRows, id: unknown, related: number): void {
  if (typeof id !== 'string') return;
  const had = rows.activities.get(id);
  if (had === undefined || had > related) rows.activities.set(id, related);
}

function addContext(rows: IndexRows, context: unknown): void {
  if (!context || typeof context !== 'object') return;
  const c = context as Json;
  addAgent(rows, c.instructor, 1);
  addAgent(rows, c.team, 1);
  if (Array.isArray(c.contextAgents)) for (const a of c.contextAgents) addAgent(rows, (a as Json).agent, 1);
  if (Array.isArray(c.contextGroups)) for (const g of c.contextGroups) addAgent(rows, (g as Json).group, 1);
  const ca = c.contextActivities as Json | undefined;
  if (ca && typeof ca === 'object') {
    for (const list of Object.values(ca)) {
      for (const a of Array.isArray(list) ? list : [list]) addActivity(rows, (a as Json | undefined)?.id, 1);
    }
  }
}

/**
 * The index rows of one statement (xAPI Communication §2.1.3 query semantics): the actor
 * and an Agent/Group object match "agent"; authority, instructor, team, context agents
 * and anything in a SubStatement match only "related_agents". Likewise for activities.
 */
export function indexRows(s: Statement): IndexRows {
  const rows: IndexRows = { agents: new Map(), activities: new Map(), verbs: new Set([s.verb.id]), registrations: new Set() };
  addAgent(rows, s.actor, 0);
  const obj = s.object as Json;
  const type = obj.objectType ?? 'Activity';
  if (type === 'Activity') addActivity(rows, obj.id, 0);
  else if (type === 'Agent' || type === 'Group') addAgent(rows, obj, 0);
  else if (type === 'SubStatement') {
    addAgent(rows, obj.actor, 1);
    const inner = obj.object as Json;
    const innerType = inner.objectType ?? 'Activity';
    if (innerType === 'Activity') addActivity(rows, inner.id, 1);
    else if (innerType === 'Agent' || innerType === 'Group') addAgent(rows, inner, 1);
    addContext(rows, obj.context);
  }
  addAgent(rows, s.authority, 1);
  addContext(rows, s.context);
  const reg = (s.context as Json | undefined)?.registration;
  if (typeof reg === 'string') rows.registrations.add(reg.toLowerCase());
  return rows;
}

/** A statement that targets another with a StatementRef also matches the target's filters (§2.1.3 "Filter Conditions for StatementRefs"). */
function inherit(rows: IndexRows, from: IndexRows): void {
  for (const [k, r] of from.agents) if (!rows.agents.has(k) || rows.agents.get(k)! > r) rows.agents.set(k, r);
  for (const [k, r] of from.activities) if (!rows.activities.has(k) || rows.activities.get(k)! > r) rows.activities.set(k, r);
  for (const v of from.verbs) rows.verbs.add(v);
  for (const r of from.registrations) rows.registrations.add(r);
}

/** A single context Activity is stored (and so returned) as an array of one (xAPI Data §2.4.6.2). */
function normaliseContextActivities(context: unknown): void {
  const ca = (context as Json | undefined)?.contextActivities as Json | undefined;
  if (!ca || typeof ca !== 'object') return;
  for (const [k, v] of Object.entries(ca)) if (!Array.isArray(v)) ca[k] = [v];
}

async function readInChunks<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const chunk of chunkRows(ids, 1)) out.push(...(await read(chunk)));
  return out;
}

async function loadIndexRows(db: Kysely<DB>, seqs: number[]): Promise<Map<number, IndexRows>> {
  const bySeq = new Map<number, IndexRows>();
  const get = (seq: number) => {
    let r = bySeq.get(seq);
    if (!r) bySeq.set(seq, (r = { agents: new Map(), activities: new Map(), verbs: new Set(), registrations: new Set() }));
    return r;
  };
  for (const chunk of chunkRows(seqs, 1)) {
    const [ag, ac, ve, re] = await Promise.all([
      db.selectFrom('statement_agents').select(['statement_seq', 'agent_key', 'related']).where('statement_seq', 'in', chunk).execute(),
      db.selectFrom('statement_activities').select(['statement_seq', 'activity_iri', 'related']).where('statement_seq', 'in', chunk).execute(),
      db.selectFrom('statement_verbs').select(['statement_seq', 'verb_iri']).where('statement_seq', 'in', chunk).execute(),
      db.selectFrom('statement_registrations').select(['statement_seq', 'registration']).where('statement_seq', 'in', chunk).execute(),
    ]);
    for (const r of ag) get(r.statement_seq).agents.set(r.agent_key, r.related);
    for (const r of ac) get(r.statement_seq).activities.set(r.activity_iri, r.related);
    for (const r of ve) get(r.statement_seq).verbs.add(r.verb_iri);
    for (const r of re) get(r.statement_seq).registrations.add(r.registration);
  }
  return bySeq;
}

export interface StoreInput {
  statements: Statement[];
  /** sha2 -> content type and length, for attachments whose bytes are already in the blob store. */
  attachments?: Map<string, { contentType: string; length: number }>;
  /** Extra queries to run in the same atomic write (derived progress, later). */
  extra?: (stored: Json[]) => CompiledQuery[];
}

/**
 * Stores a validated batch atomically. Statements whose id is already stored with the same
 * content are accepted again without writing (replays from offline outboxes); a different
 * statement under a known id is a 409. Returns the ids in request order.
 */
export async function storeStatements(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock'>,
  principal: Principal,
  version: XapiVersion,
  input: StoreInput,
): Promise<string[]> {
  const { db } = deps;
  const stored = deps.clock().toISOString();
  const batch = input.statements as unknown as Json[];

  // Ids: set where absent, lower-cased, unique within the batch.
  const ids = batch.map((s) => (typeof s.id === 'string' ? s.id.toLowerCase() : crypto.randomUUID()));
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) fail(400, `statements[${i}].id: ${id} appears twice in this batch`);
    seen.add(id);
  });

  // Seqs are assigned here (max + 1 ...), so index rows need no lookup of their statement. A
  // concurrent writer that took the same seqs, or stored one of these ids first, makes the
  // atomic write fail as a whole: read again and retry, and the second look sees its work.
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeOnce(deps, principal, version, input, batch, ids);
    } catch (err) {
      const conflict = /UNIQUE constraint failed: statements\.(id|seq)|PRIMARY KEY/.test(String(err));
      if (!conflict) throw err;
      if (attempt >= 5) fail(409, 'Statements were stored concurrently under these ids; retry to compare');
    }
  }
}

async function storeOnce(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock'>,
  principal: Principal,
  version: XapiVersion,
  input: StoreInput,
  batch: Json[],
  ids: string[],
): Promise<string[]> {
  const { db } = deps;
  const stored = deps.clock().toISOString();
  const existing = new Map(
    (await readInChunks(ids, (chunk) => db.selectFrom('statements').select(['id', 'statement']).where('id', 'in', chunk).execute())).map(
      (r) => [r.id, r.statement],
    ),
  );
  const fresh: number[] = [];
  ids.forEach((id, i) => {
    const old = existing.get(id);
    if (old === undefined) return void fresh.push(i);
    const diff = statementDifference(JSON.parse(old), batch[i]!);
    if (diff !== null) fail(409, `statements[${i}].id: a different statement with id ${id} is already stored (differs at ${diff || 'the root'})`);
  });
  if (fresh.length === 0) return ids;

  // StatementRef targets: voiding rules and filter inheritance.
  const refTargets = new Map<number, string>();
  for (const i of fresh) {
    const obj = batch[i]!.object as Json;
    if (obj.objectType === 'StatementRef') refTargets.set(i, String(obj.id).toLowerCase());
  }
  const targetIds = [...new Set(refTargets.values())];
  const targets = new Map(
    (
      await readInChunks(targetIds, (chunk) =>
        db.selectFrom('statements').select(['id', 'seq', 'voids_id']).where('id', 'in', chunk).execute(),
      )
    ).map((r) => [r.id, r]),
  );
  const targetRows = await loadIndexRows(db, [...targets.values()].map((t) => t.seq!));
  const batchIndex = new Map(ids.map((id, i) => [id, i]));
  const voidsInBatch = new Set<string>();
  for (const i of fresh) if ((batch[i]!.verb as Json).id === VOIDED) voidsInBatch.add(ids[i]!);

  // Statements that an earlier voiding statement already names are stored voided.
  const alreadyVoided = new Set(
    (
      await readInChunks(
        fresh.map((i) => ids[i]!),
        (chunk) => db.selectFrom('statements').select('voids_id').where('voids_id', 'in', chunk).execute(),
      )
    ).map((r) => r.voids_id!),
  );

  const firstSeq = (await maxSeq(db)) + 1;
  const seqOf = new Map(fresh.map((i, n) => [i, firstSeq + n]));
  const rowsOf = new Map<number, IndexRows>();
  const voidTargets: string[] = [];
  const statementRows = fresh.map((i) => {
    const s = batch[i]!;
    s.id = ids[i];
    s.stored = stored;
    s.authority = principal.authority;
    if (s.timestamp === undefined) s.timestamp = stored;
    if (s.version === undefined) s.version = version === '2.0.0' ? '2.0.0' : '1.0.0';
    normaliseContextActivities(s.context);
    if ((s.object as Json).objectType === 'SubStatement') normaliseContextActivities((s.object as Json).context);
    const rows = indexRows(s as unknown as Statement);
    const target = refTargets.get(i);
    const isVoiding = (s.verb as Json).id === VOIDED;
    if (target !== undefined) {
      const t = targets.get(target);
      if (isVoiding && (t?.voids_id || voidsInBatch.has(target))) {
        fail(400, `statements[${i}].object.id: ${target} is a voiding statement, and voiding statements cannot be voided`);
      }
      if (t) inherit(rows, targetRows.get(t.seq!) ?? rows);
      else if (batchIndex.has(target) && rowsOf.has(batchIndex.get(target)!)) inherit(rows, rowsOf.get(batchIndex.get(target)!)!);
      if (isVoiding) voidTargets.push(target);
    }
    rowsOf.set(i, rows);
    return {
      seq: seqOf.get(i)!,
      id: ids[i]!,
      stored,
      voided: alreadyVoided.has(ids[i]!) ? 1 : 0,
      voids_id: isVoiding ? (target ?? null) : null,
      client_key: principal.key,
      statement: JSON.stringify(s),
    };
  });

  const queries: CompiledQuery[] = insertRows(
    'statements',
    ['seq', 'id', 'stored', 'voided', 'voids_id', 'client_key', 'statement'],
    statementRows.map((r) => [r.seq, r.id, r.stored, r.voided, r.voids_id, r.client_key, r.statement]),
  );
  const agentRows: unknown[][] = [];
  const activityRows: unknown[][] = [];
  const verbRows: unknown[][] = [];
  const regRows: unknown[][] = [];
  for (const i of fresh) {
    const seq = seqOf.get(i)!;
    const r = rowsOf.get(i)!;
    for (const [key, related] of r.agents) agentRows.push([key, seq, related]);
    for (const [iri, related] of r.activities) activityRows.push([iri, seq, related]);
    for (const verb of r.verbs) verbRows.push([verb, seq]);
    for (const reg of r.registrations) regRows.push([reg, seq]);
  }
  queries.push(
    ...insertRows('statement_agents', ['agent_key', 'statement_seq', 'related'], agentRows),
    ...insertRows('statement_activities', ['activity_iri', 'statement_seq', 'related'], activityRows),
    ...insertRows('statement_verbs', ['verb_iri', 'statement_seq'], verbRows),
    ...insertRows('statement_registrations', ['registration', 'statement_seq'], regRows),
  );

  for (const c of chunkRows(voidTargets, 1)) queries.push(db.updateTable('statements').set({ voided: 1 }).where('id', 'in', c).where('voids_id', 'is', null).compile());

  queries.push(...definitionWrites(fresh.map((i) => batch[i]!), principal, stored));
  if (input.attachments?.size) {
    const rows = [...input.attachments].map(([sha2, a]) => ({ sha2, content_type: a.contentType, length: a.length, stored }));
    for (const c of chunkRows(rows, 4)) queries.push(db.insertInto('attachments').values(c).onConflict((oc) => oc.column('sha2').doNothing()).compile());
  }
  if (input.extra) queries.push(...input.extra(fresh.map((i) => batch[i]!)));

  await deps.atomic(queries);
  return ids;
}

/**
 * Activity definitions and agents seen in statements, for the activities and agents
 * resources. With "define" a credential's definitions become canonical (merged over the
 * old); without it, only an activity not seen before gets its first definition.
 */
function definitionWrites(statements: Json[], principal: Principal, now: string): CompiledQuery[] {
  const canDefine = principal.scopes.has('all') || principal.scopes.has('define');
  const activities = new Map<string, Json>();
  const agents = new Map<string, Json>();
  const visitActivity = (a: unknown) => {
    if (!a || typeof a !== 'object') return;
    const act = a as Json;
    if ((act.objectType ?? 'Activity') !== 'Activity' || typeof act.id !== 'string') return;
    const def = (act.definition as Json | undefined) ?? {};
    activities.set(act.id, { ...(activities.get(act.id) ?? {}), ...def });
  };
  const visitAgent = (a: unknown) => {
    if (!a || typeof a !== 'object') return;
    const ag = a as AgentLike;
    if ((ag.objectType ?? 'Agent') !== 'Agent') return;
    const key = agentKey(ag);
    if (key) agents.set(key, a as Json);
  };
  for (const s of statements) {
    visitAgent(s.actor);
    visitActivity(s.object);
    const obj = s.object as Json;
    if (obj.objectType === 'Agent') visitAgent(obj);
    if (obj.objectType === 'SubStatement') {
      visitAgent(obj.actor);
      visitActivity(obj.object);
    }
    const ca = ((s.context as Json | undefined)?.contextActivities ?? {}) as Json;
    for (const list of Object.values(ca)) for (const a of Array.isArray(list) ? list : [list]) visitActivity(a);
  }
  const actRows = [...activities].map(([id, def]) => [id, JSON.stringify(def), now]);
  const agentRows = [...agents].map(([key, agent]) => [key, JSON.stringify(agent), now]);
  const merged = 'json_patch(activities.definition, excluded.definition)';
  const queries: CompiledQuery[] = [
    ...insertRows('activities', ['id', 'definition', 'updated'], actRows, {
      onConflict: canDefine
        ? `ON CONFLICT (id) DO UPDATE SET definition = ${merged}, updated = excluded.updated WHERE activities.definition IS NOT ${merged}`
        : 'ON CONFLICT (id) DO NOTHING',
    }),
    // Unchanged agents are not rewritten: most batches repeat the same few learners.
    ...insertRows('agents', ['agent_key', 'agent', 'updated'], agentRows, {
      onConflict: 'ON CONFLICT (agent_key) DO UPDATE SET agent = excluded.agent, updated = excluded.updated WHERE agents.agent IS NOT excluded.agent',
    }),
  ];
  return queries;
}

export type { AtomicResult };
