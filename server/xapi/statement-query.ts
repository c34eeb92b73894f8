// Statement queries (GET /xapi/statements without statementId): parameters, the `more`
// cursor and the SQL that keeps every filter an index lookup. Not for formatting the
// statements returned: statement-format.ts does that.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { fail } from '../errors.js';
import { parseAgentParam } from './ifi.js';
import { isIri, isIsoTimestamp, isUuid } from './validate.js';
import type { XapiVersion } from '../deps.js';

export const MAX_LIMIT = 500;

export interface StatementQuery {
  agent?: string; // agent key
  verb?: string;
  activity?: string;
  registration?: string;
  relatedAgents: boolean;
  relatedActivities: boolean;
  since?: string;
  until?: string;
  limit: number;
  ascending: boolean;
  /** Only statements stored by this client (statements/read/mine). */
  clientKey?: string;
  /** Cursor: continue after this seq (exclusive). */
  after?: number;
  /** Snapshot: never return statements stored after the first page was read. */
  maxSeq?: number;
}

const bool = (name: string, v: string | undefined): boolean => {
  if (v === undefined) return false;
  if (v === 'true') return true;
  if (v === 'false') return false;
  fail(400, `${name}: must be true or false`);
};

/** Reads the filter parameters of a statements query (xAPI Communication §2.1.3). */
export function parseQuery(q: Record<string, string>, version: XapiVersion): StatementQuery {
  const out: StatementQuery = {
    relatedAgents: bool('related_agents', q.related_agents),
    relatedActivities: bool('related_activities', q.related_activities),
    ascending: bool('ascending', q.ascending),
    limit: MAX_LIMIT,
  };
  if (q.agent !== undefined) out.agent = parseAgentParam(q.agent, 'agent').key;
  if (q.verb !== undefined) {
    if (!isIri(q.verb)) fail(400, 'verb: must be an IRI');
    out.verb = q.verb;
  }
  if (q.activity !== undefined) {
    if (!isIri(q.activity)) fail(400, 'activity: must be an IRI');
    out.activity = q.activity;
  }
  if (q.registration !== undefined) {
    if (!isUuid(q.registration)) fail(400, 'registration: must be a UUID');
    out.registration = q.registration.toLowerCase();
  }
  for (const name of ['since', 'until'] as const) {
    const v = q[name];
    if (v === undefined) continue;
    if (!isIsoTimestamp(v, version)) fail(400, `${name}: must be an ISO 8601 timestamp`);
    out[name] = new Date(v).toISOString();
  }
  if (q.limit !== undefined) {
    if (!/^\d+$/.test(q.limit)) fail(400, 'limit: must be a non-negative integer');
    const n = Number(q.limit);
    out.limit = n === 0 || n > MAX_LIMIT ? MAX_LIMIT : n;
  }
  return out;
}

/** The `more` token: the query itself plus where the next page starts. Opaque to clients. */
export function encodeMore(q: StatementQuery, extra: Record<string, string>): string {
  const json = JSON.stringify({ q, x: extra });
  return btoa(String.fromCharCode(...new TextEncoder().encode(json))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeMore(token: string): { q: StatementQuery; x: Record<string, string> } {
  try {
    const b64 = token.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const v = JSON.parse(new TextDecoder().decode(bytes)) as { q: StatementQuery; x: Record<string, string> };
    if (!v || typeof v.q !== 'object' || typeof v.q.limit !== 'number') throw new Error('shape');
    return v;
  } catch {
    fail(400, 'more: not a cursor this LRS issued');
  }
}

/**
 * Runs the query. The most selective filter drives (registration, then agent, then
 * activity, then verb) through its index in seq order, and the others are probes of their
 * primary keys, so a page costs about `limit` index seeks whatever the table size.
 */
export async function runQuery(db: Kysely<DB>, q: StatementQuery): Promise<{ seq: number; stored: string; statement: string }[]> {
  type Driver = { table: 'statement_registrations' | 'statement_agents' | 'statement_activities' | 'statement_verbs'; col: string; value: string; related?: boolean };
  const drivers: Driver[] = [];
  if (q.registration) drivers.push({ table: 'statement_registrations', col: 'registration', value: q.registration });
  if (q.agent) drivers.push({ table: 'statement_agents', col: 'agent_key', value: q.agent, related: q.relatedAgents });
  if (q.activity) drivers.push({ table: 'statement_activities', col: 'activity_iri', value: q.activity, related: q.relatedActivities });
  if (q.verb) drivers.push({ table: 'statement_verbs', col: 'verb_iri', value: q.verb });
  const dir = q.ascending ? sql`ASC` : sql`DESC`;
  const limit = q.limit + 1;

  const where: ReturnType<typeof sql>[] = [sql`s.voided = 0`];
  if (q.since) where.push(sql`s.stored > ${q.since}`);
  if (q.until) where.push(sql`s.stored <= ${q.until}`);
  if (q.clientKey) where.push(sql`s.client_key = ${q.clientKey}`);

  const [driver, ...probes] = drivers;
  const seqCol = driver ? sql`d.statement_seq` : sql`s.seq`;
  if (q.after !== undefined) where.push(q.ascending ? sql`${seqCol} > ${q.after}` : sql`${seqCol} < ${q.after}`);
  if (q.maxSeq !== undefined) where.push(sql`${seqCol} <= ${q.maxSeq}`);
  if (driver) {
    where.push(sql`d.${sql.ref(driver.col)} = ${driver.value}`);
    if (driver.related === false) where.push(sql`d.related = 0`);
  }
  for (const p of probes) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ${sql.table(p.table)} p WHERE p.${sql.ref(p.col)} = ${p.value} AND p.statement_seq = ${seqCol}${
        p.related === false ? sql` AND p.related = 0` : sql``
      })`,
    );
  }
  // CROSS JOIN fixes the join order in SQLite: the driver's index is walked in seq order.
  const from = driver ? sql`${sql.table(driver.table)} d CROSS JOIN statements s ON s.seq = d.statement_seq` : sql`statements s`;
  const query = sql<{ seq: number; stored: string; statement: string }>`SELECT s.seq AS seq, s.stored AS stored, s.statement AS statement FROM ${from} WHERE ${sql.join(
    where,
    sql` AND `,
  )} ORDER BY ${seqCol} ${dir} LIMIT ${limit}`;
  const res = await query.execute(db);
  return res.rows;
}

export async function maxSeq(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('statements').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
  return Number(row?.m ?? 0);
}
