// The three statement formats of GET /xapi/statements (xAPI Communication §2.1.3 "format"):
// exact (as stored), ids (agents, activities and verbs reduced to their identifiers) and
// canonical (one language per language map, canonical activity definitions).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { fail } from '../errors.js';

export type Format = 'exact' | 'ids' | 'canonical';
type Json = Record<string, unknown>;

export function parseFormat(v: string | undefined): Format {
  if (v === undefined) return 'exact';
  if (v === 'exact' || v === 'ids' || v === 'canonical') return v;
  fail(400, 'format: must be one of ids, exact, canonical');
}

function agentIds(a: unknown): unknown {
  if (!a || typeof a !== 'object') return a;
  const src = a as Json;
  const out: Json = {};
  if (src.objectType !== undefined) out.objectType = src.objectType;
  for (const k of ['mbox', 'mbox_sha1sum', 'openid', 'account']) if (src[k] !== undefined) out[k] = src[k];
  // An anonymous Group is identified by its members.
  if (src.objectType === 'Group' && Array.isArray(src.member) && !['mbox', 'mbox_sha1sum', 'openid', 'account'].some((k) => src[k] !== undefined)) {
    out.member = src.member.map(agentIds);
  }
  return out;
}

function activityIds(a: unknown): unknown {
  if (!a || typeof a !== 'object') return a;
  const src = a as Json;
  return src.objectType !== undefined ? { objectType: src.objectType, id: src.id } : { id: src.id };
}

function mapContext(ctx: unknown, agent: (a: unknown) => unknown, activity: (a: unknown) => unknown): unknown {
  if (!ctx || typeof ctx !== 'object') return ctx;
  const c = { ...(ctx as Json) };
  if (c.instructor) c.instructor = agent(c.instructor);
  if (c.team) c.team = agent(c.team);
  if (Array.isArray(c.contextAgents)) c.contextAgents = c.contextAgents.map((x) => ({ ...(x as Json), agent: agent((x as Json).agent) }));
  if (Array.isArray(c.contextGroups)) c.contextGroups = c.contextGroups.map((x) => ({ ...(x as Json), group: agent((x as Json).group) }));
  if (c.contextActivities && typeof c.contextActivities === 'object') {
    const ca: Json = {};
    for (const [k, list] of Object.entries(c.contextActivities as Json)) ca[k] = Array.isArray(list) ? list.map(activity) : [activity(list)];
    c.contextActivities = ca;
  }
  return c;
}

function mapStatement(s: Json, agent: (a: unknown) => unknown, activity: (a: unknown) => unknown, verb: (v: unknown) => unknown): Json {
  const out: Json = { ...s, actor: agent(s.actor), verb: verb(s.verb) };
  const obj = s.object as Json;
  const type = obj.objectType ?? 'Activity';
  if (type === 'Activity') out.object = activity(obj);
  else if (type === 'Agent' || type === 'Group') out.object = agent(obj);
  else if (type === 'SubStatement') out.object = mapStatement(obj, agent, activity, verb);
  if (s.context) out.context = mapContext(s.context, agent, activity);
  if (s.authority) out.authority = agent(s.authority);
  return out;
}

/** Picks the best language of a language map for the Accept-Language preferences. */
function pickLanguage(map: unknown, prefs: string[]): unknown {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return map;
  const entries = Object.entries(map as Json);
  if (entries.length <= 1) return map;
  for (const p of prefs) {
    const exact = entries.find(([k]) => k.toLowerCase() === p);
    if (exact) return { [exact[0]]: exact[1] };
    const prefix = entries.find(([k]) => k.toLowerCase().split('-')[0] === p.split('-')[0]);
    if (prefix) return { [prefix[0]]: prefix[1] };
  }
  const [first] = entries;
  return { [first![0]]: first![1] };
}

export function languagePrefs(acceptLanguage: string | undefined): string[] {
  if (!acceptLanguage) return [];
  return acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.tag && x.tag !== '*' && x.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((x) => x.tag);
}

const LANGUAGE_MAP_KEYS = new Set(['display', 'name', 'description']);

function reduceLanguageMaps(v: unknown, prefs: string[], inExtensions = false): unknown {
  if (Array.isArray(v)) return v.map((x) => reduceLanguageMaps(x, prefs, inExtensions));
  if (!v || typeof v !== 'object') return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v as Json)) {
    if (inExtensions || k === 'extensions') out[k] = x;
    else if (LANGUAGE_MAP_KEYS.has(k)) out[k] = pickLanguage(x, prefs);
    else out[k] = reduceLanguageMaps(x, prefs);
  }
  return out;
}

/** Formats stored statements (JSON strings) for the response. */
export async function formatStatements(
  db: Kysely<DB>,
  rows: string[],
  format: Format,
  acceptLanguage: string | undefined,
): Promise<Json[] | null> {
  if (format === 'exact') return null; // the caller splices the stored JSON as it is
  const statements = rows.map((r) => JSON.parse(r) as Json);
  if (format === 'ids') {
    return statements.map((s) => mapStatement(s, agentIds, activityIds, (v) => ({ id: (v as Json).id })));
  }
  // canonical: the LRS's canonical definition of each activity, then one language per map.
  const ids = new Set<string>();
  const collect = (a: unknown) => {
    if (a && typeof a === 'object' && typeof (a as Json).id === 'string') ids.add((a as Json).id as string);
    return a;
  };
  for (const s of statements) mapStatement(s, (a) => a, collect, (v) => v);
  const defs = new Map<string, Json>();
  const list = [...ids];
  for (let i = 0; i < list.length; i += 100) {
    const rows = await db.selectFrom('activities').select(['id', 'definition']).where('id', 'in', list.slice(i, i + 100)).execute();
    for (const r of rows) defs.set(r.id, JSON.parse(r.definition) as Json);
  }
  const canonicalActivity = (a: unknown) => {
    if (!a || typeof a !== 'object') return a;
    const act = a as Json;
    const def = typeof act.id === 'string' ? defs.get(act.id) : undefined;
    return def && Object.keys(def).length ? { ...act, definition: def } : act;
  };
  const prefs = languagePrefs(acceptLanguage);
  return statements.map((s) => reduceLanguageMaps(mapStatement(s, (a) => a, canonicalActivity, (v) => v), prefs) as Json);
}

/** The sha2 of every attachment a statement (or its SubStatement) declares; those sent with fileUrl may have no bytes here. */
export function attachmentHashes(statement: Json): string[] {
  const out: string[] = [];
  for (const s of [statement, statement.object as Json]) {
    if (Array.isArray(s?.attachments)) for (const a of s.attachments) out.push(String((a as Json).sha2));
  }
  return out;
}
