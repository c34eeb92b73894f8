// Storing statements: what the index tables hold for a statement, conflict and voiding
// rules, and the one atomic write of a batch. Not for HTTP parsing (statements.ts) or
// queries (statement-query.ts). Everything here runs after validation.
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { AtomicResult } from '../db/atomic.js';
import { chunkRows, compileOnce, insertRows, jsonList, readTogether, Slot } from '../db/atomic.js';
import type { DB } from '../db/schema.js';
import type { Deps, LrsPrincipal as Principal, XapiVersion } from '../deps.js';
import { fail } from '../errors.js';
import { agentKey, type AgentLike } from './ifi.js';
import { statementDifference } from './multipart.js';
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
  for (const k in ca) if (!Array.isArray(ca[k])) ca[k] = [ca[k]];
}

function contextActivitiesAreArrays(context: unknown): boolean {
  const ca = (context as Json | undefined)?.contextActivities as Json | undefined;
  if (ca) for (const k in ca) if (!Array.isArray(ca[k])) return false;
  return true;
}

/** Sets what the LRS owns (id, stored, authority, default timestamp and version) and normal forms, in this order. */
function completeStatement(s: Json, id: string, stored: string, authority: unknown, version: XapiVersion): void {
  s.id = id;
  s.stored = stored;
  s.authority = authority;
  if (s.timestamp === undefined) s.timestamp = stored;
  if (s.version === undefined) s.version = version === '2.0.0' ? '2.0.0' : '1.0.0';
  normaliseContextActivities(s.context);
  const obj = s.object as Json;
  if (obj.objectType === 'SubStatement') normaliseContextActivities(obj.context);
}

/**
 * True when completing `s` as it was completed then would give exactly the stored text: a
 * replay from an outbox, accepted without parsing the stored statement or comparing it field
 * by field. Anything else (another authority or version header, a single context Activity,
 * different content) goes to the semantic comparison.
 */
function sameAsStored(s: Json, id: string, old: { stored: string; statement: string }, authority: unknown, version: XapiVersion): boolean {
  const obj = s.object as Json;
  if (!contextActivitiesAreArrays(s.context) || (obj.objectType === 'SubStatement' && !contextActivitiesAreArrays(obj.context))) return false;
  const copy = { ...s };
  completeStatement(copy, id, old.stored, authority, version);
  return JSON.stringify(copy) === old.statement;
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

/** Ids per json_each list parameter: ~390 KB, within D1's 1 MB per string; one read for any usual batch. */
const IDS_PER_READ = 10_000;

/** A stored statement that the batch's StatementRefs target, directly or through other stored ones. */
interface Target {
  voiding: boolean;
  statement: Json;
}

// The reads' SQL is the same for every batch (each list is one json_each parameter), so Kysely
// builds and compiles them once per database and each batch only binds its lists.
const readQueries = new WeakMap<Kysely<DB>, ReturnType<typeof buildReads>>();

function buildReads(db: Kysely<DB>) {
  const ids = jsonList(new Slot('ids'));
  const refs = jsonList(new Slot('refs'));
  return [
    compileOnce(db.selectFrom('statements').select(['id', 'stored', 'statement']).where('id', 'in', ids)),
    compileOnce(db.selectFrom('statements').select('voids_id').where('voids_id', 'in', ids)),
    // Stored ids are lower-case; a StatementRef's id in stored JSON is as its client sent it.
    compileOnce(
      db
        .withRecursive('chain(id, voids_id, statement)', (qb) =>
          qb
            .selectFrom('statements')
            .select(['id', 'voids_id', 'statement'])
            .where('id', 'in', refs)
            .union((u) =>
              u
                .selectFrom('chain')
                .innerJoin('statements as s', (j) => j.on('s.id', '=', sql<string>`lower(json_extract(chain.statement, '$.object.id'))`))
                .where(sql<string>`json_extract(chain.statement, '$.object.objectType')`, '=', 'StatementRef')
                .select(['s.id', 's.voids_id', 's.statement']),
            ),
        )
        .selectFrom('chain')
        .select(['id', 'voids_id', 'statement']),
    ),
    compileOnce(db.selectFrom('statements').select((eb) => eb.fn.max('seq').as('m'))),
  ] as const;
}

/**
 * What the write depends on, read in one go: the batch's ids already stored (with their JSON),
 * ids that an earlier voiding statement names, the statements the batch's StatementRefs
 * target and, recursively, the statements those target (filter inheritance, §2.1.3 "This
 * rule applies recursively"), and the last seq.
 */
async function readState(deps: Pick<Deps, 'db' | 'atomic'>, ids: readonly string[], refIds: readonly string[]) {
  let reads = readQueries.get(deps.db);
  if (!reads) readQueries.set(deps.db, (reads = buildReads(deps.db)));
  const [storedQ, voidingQ, chainQ, lastQ] = reads;
  const existing = new Map<string, { stored: string; statement: string }>();
  const voidedBefore = new Set<string>();
  const targets = new Map<string, Target>();
  let lastSeq = 0;
  for (let at = 0; at === 0 || at < ids.length || at < refIds.length; at += IDS_PER_READ) {
    const values = { ids: JSON.stringify(ids.slice(at, at + IDS_PER_READ)), refs: JSON.stringify(refIds.slice(at, at + IDS_PER_READ)) };
    const [stored, voiding, chain, last] = await readTogether(deps.atomic, [storedQ(values), voidingQ(values), chainQ(values), lastQ(values)]);
    for (const r of stored) existing.set(r.id, r);
    for (const r of voiding) voidedBefore.add(r.voids_id!);
    for (const r of chain) targets.set(r.id, { voiding: r.voids_id !== null, statement: JSON.parse(r.statement) as Json });
    lastSeq = Number(last[0]?.m ?? 0);
  }
  return { existing, voidedBefore, targets, lastSeq };
}

/** The index rows a stored target passes on: its own and, recursively, those of what it targets. */
function targetRows(id: string, targets: Map<string, Target>, memo: Map<string, IndexRows | null>): IndexRows | null {
  if (memo.has(id)) return memo.get(id)!;
  const t = targets.get(id);
  if (!t) return null;
  memo.set(id, null); // a cycle of references ends here
  const rows = indexRows(t.statement as unknown as Statement);
  const obj = t.statement.object as Json;
  if (obj.objectType === 'StatementRef') {
    const further = targetRows(String(obj.id).toLowerCase(), targets, memo);
    if (further) inherit(rows, further);
  }
  memo.set(id, rows);
  return rows;
}

async function storeOnce(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock'>,
  principal: Principal,
  version: XapiVersion,
  input: StoreInput,
  batch: Json[],
  ids: string[],
): Promise<string[]> {
  const stored = deps.clock().toISOString();
  const n = batch.length;

  // StatementRef targets: voiding rules and filter inheritance.
  const refOf: (string | undefined)[] = new Array(n);
  const refIds = new Set<string>();
  for (let i = 0; i < n; i++) {
    const obj = batch[i]!.object as Json;
    if (obj.objectType === 'StatementRef') refIds.add((refOf[i] = String(obj.id).toLowerCase()));
  }
  const { existing, voidedBefore, targets, lastSeq } = await readState(deps, ids, [...refIds]);

  const fresh: number[] = [];
  for (let i = 0; i < n; i++) {
    const old = existing.get(ids[i]!);
    if (old === undefined) {
      fresh.push(i);
      continue;
    }
    if (sameAsStored(batch[i]!, ids[i]!, old, principal.authority, version)) continue;
    const diff = statementDifference(JSON.parse(old.statement), batch[i]!);
    if (diff !== null) fail(409, `statements[${i}].id: a different statement with id ${ids[i]} is already stored (differs at ${diff || 'the root'})`);
  }
  if (fresh.length === 0) return ids;

  const isVoiding = (s: Json) => (s.verb as Json).id === VOIDED;
  const batchIndex = new Map<string, number>();
  const voidsInBatch = new Set<string>();
  for (const i of fresh) {
    batchIndex.set(ids[i]!, i);
    if (isVoiding(batch[i]!)) voidsInBatch.add(ids[i]!);
  }

  const memo = new Map<string, IndexRows | null>();
  const rowsOf: (IndexRows | undefined)[] = new Array(n);
  const voidTargets: string[] = [];
  const statementValues: unknown[] = [];
  const agentValues: unknown[] = [];
  const activityValues: unknown[] = [];
  const verbValues: unknown[] = [];
  const regValues: unknown[] = [];
  for (let k = 0; k < fresh.length; k++) {
    const i = fresh[k]!;
    const s = batch[i]!;
    const id = ids[i]!;
    const seq = lastSeq + 1 + k;
    completeStatement(s, id, stored, principal.authority, version);
    const rows = indexRows(s as unknown as Statement);
    const target = refOf[i];
    const voiding = isVoiding(s);
    if (target !== undefined) {
      const t = targets.get(target);
      if (voiding && (t?.voiding || voidsInBatch.has(target))) {
        fail(400, `statements[${i}].object.id: ${target} is a voiding statement, and voiding statements cannot be voided`);
      }
      if (t) inherit(rows, targetRows(target, targets, memo) ?? rows);
      else if (batchIndex.has(target) && rowsOf[batchIndex.get(target)!]) inherit(rows, rowsOf[batchIndex.get(target)!]!);
      if (voiding) voidTargets.push(target);
    }
    rowsOf[i] = rows;
    statementValues.push(seq, id, stored, voidedBefore.has(id) ? 1 : 0, voiding ? (target ?? null) : null, principal.key, JSON.stringify(s));
    for (const [key, related] of rows.agents) agentValues.push(key, seq, related);
    for (const [iri, related] of rows.activities) activityValues.push(iri, seq, related);
    for (const verb of rows.verbs) verbValues.push(verb, seq);
    for (const reg of rows.registrations) regValues.push(reg, seq);
  }

  const queries: CompiledQuery[] = [
    ...insertRows('statements', ['seq', 'id', 'stored', 'voided', 'voids_id', 'client_key', 'statement'], statementValues),
    ...insertRows('statement_agents', ['agent_key', 'statement_seq', 'related'], agentValues),
    ...insertRows('statement_activities', ['activity_iri', 'statement_seq', 'related'], activityValues),
    ...insertRows('statement_verbs', ['verb_iri', 'statement_seq'], verbValues),
    ...insertRows('statement_registrations', ['registration', 'statement_seq'], regValues),
  ];
  const { db } = deps;
  if (voidTargets.length) queries.push(db.updateTable('statements').set({ voided: 1 }).where('id', 'in', jsonList(voidTargets)).where('voids_id', 'is', null).compile());

  const freshStatements = fresh.map((i) => batch[i]!);
  queries.push(...definitionWrites(freshStatements, principal, stored));
  if (input.attachments?.size) {
    const rows = [...input.attachments].map(([sha2, a]) => ({ sha2, content_type: a.contentType, length: a.length, stored }));
    for (const c of chunkRows(rows, 4)) queries.push(db.insertInto('attachments').values(c).onConflict((oc) => oc.column('sha2').doNothing()).compile());
  }
  if (input.extra) queries.push(...input.extra(freshStatements));

  await deps.atomic(queries);
  return ids;
}

/**
 * Activity definitions and agents seen in statements, for the activities and agents
 * resources. With "define" a credential's definitions become canonical (merged over the
 * old); without it, only an activity not seen before gets its first definition. An
 * activity given without a definition (most context activities) changes nothing stored,
 * so it is only inserted when new, and SQLite has no JSON to merge for it.
 */
function definitionWrites(statements: Json[], principal: Principal, now: string): CompiledQuery[] {
  const canDefine = principal.scopes.has('all') || principal.scopes.has('define');
  const activities = new Map<string, Json | undefined>(); // id -> the batch's definition, merged in order; undefined if none
  const agents = new Map<string, Json>();
  const visitActivity = (a: unknown) => {
    if (!a || typeof a !== 'object') return;
    const act = a as Json;
    if ((act.objectType ?? 'Activity') !== 'Activity' || typeof act.id !== 'string') return;
    const def = act.definition as Json | undefined;
    const had = activities.get(act.id);
    if (def === undefined || isEmpty(def)) {
      if (!activities.has(act.id)) activities.set(act.id, undefined);
    } else {
      activities.set(act.id, had === undefined ? def : { ...had, ...def });
    }
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
    const ca = (s.context as Json | undefined)?.contextActivities as Json | undefined;
    if (ca) {
      for (const k in ca) {
        const list = ca[k];
        for (const a of Array.isArray(list) ? list : [list]) visitActivity(a);
      }
    }
  }
  const defined: unknown[] = [];
  const bare: unknown[] = [];
  for (const [id, def] of activities) {
    if (def === undefined) bare.push(id, '{}', now);
    else (canDefine ? defined : bare).push(id, JSON.stringify(def), now);
  }
  const agentValues: unknown[] = [];
  for (const [key, agent] of agents) agentValues.push(key, JSON.stringify(agent), now);
  const merged = 'json_patch(activities.definition, excluded.definition)';
  return [
    // Clients resend the definition they sent before: the same text is no change, and SQLite
    // skips the merge (which would also drop null-valued extensions from a repeated definition).
    ...insertRows('activities', ['id', 'definition', 'updated'], defined, {
      onConflict: `ON CONFLICT (id) DO UPDATE SET definition = ${merged}, updated = excluded.updated WHERE activities.definition IS NOT excluded.definition AND activities.definition IS NOT ${merged}`,
    }),
    ...insertRows('activities', ['id', 'definition', 'updated'], bare, { onConflict: 'ON CONFLICT (id) DO NOTHING' }),
    // Unchanged agents are not rewritten: most batches repeat the same few learners.
    ...insertRows('agents', ['agent_key', 'agent', 'updated'], agentValues, {
      onConflict: 'ON CONFLICT (agent_key) DO UPDATE SET agent = excluded.agent, updated = excluded.updated WHERE agents.agent IS NOT excluded.agent',
    }),
  ];
}

function isEmpty(o: Json): boolean {
  for (const _ in o) return false;
  return true;
}

export type { AtomicResult };
