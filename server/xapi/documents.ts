// The xAPI document resources — State (/activities/state), Activity Profile
// (/activities/profile), Agent Profile (/agents/profile) — for xAPI 1.0.3 and 2.0.0, and the
// query-parameter parsing the Activities and Agents resources share. Not for statements.
import { Hono, type Context } from 'hono';
import type { Env, XapiVersion } from '../deps.js';
import { fail } from '../errors.js';
import { canRead, requireOwnAgent, requireScope } from './auth.js';
import { parseAgentParam, type AgentLike } from './ifi.js';
import { isIri, isIsoTimestamp, isUuid } from './validate.js';

// ---------------------------------------------------------------------------------------
// Query parameters. xAPI 1.0.3 §3.2 (and 2.0.0 §4.1.5): a parameter the LRS does not
// recognise in its context, or one that matches a known name in all but case, is a 400.

/** The query parameters of the request, refusing unknown, miscased and repeated names. */
export function queryParams(c: Context<Env>, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of new URL(c.req.url).searchParams) {
    if (!allowed.includes(name)) {
      const near = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
      fail(400, near
        ? `${name}: unknown parameter; parameter names are case-sensitive (did you mean ${near}?)`
        : `${name}: not a parameter of this request (allowed: ${allowed.join(', ')})`);
    }
    if (out.has(name)) fail(400, `${name}: given more than once`);
    out.set(name, value);
  }
  return out;
}

export function parseIriParam(raw: string | undefined, name: string): string {
  if (raw === undefined || raw === '') fail(400, `${name}: required`);
  if (!isIri(raw)) fail(400, `${name}: must be an absolute IRI such as https://example.org/activities/1`);
  return raw;
}

/** A UUID parameter in its canonical lower-case form, so that lookups ignore case. */
export function parseUuidParam(raw: string, name: string): string {
  if (!isUuid(raw)) fail(400, `${name}: must be a UUID such as 0d6b6a5e-1c2f-4f7a-9d1e-2b3c4d5e6f70`);
  return raw.toLowerCase();
}

// Both ISO 8601 forms isIsoTimestamp admits (extended and basic), to read the instant from.
const TIMESTAMP = /^(\d{4})-?(\d{2})-?(\d{2})[Tt ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * A timestamp parameter (ISO 8601, as the statement validator reads it for the version) as
 * the instant in `toISOString()` form: millisecond precision, UTC, no offset meaning UTC.
 * Stored times have millisecond precision, so dropping finer digits keeps "after since" exact.
 */
export function parseTimestampParam(raw: string, name: string, version: XapiVersion): string {
  const m = isIsoTimestamp(raw, version) ? TIMESTAMP.exec(raw) : null;
  if (!m) fail(400, `${name}: must be an ISO 8601 timestamp${version === '2.0.0' ? ' with a time zone' : ''}, such as 2026-01-31T12:00:00.000Z`);
  const n = (i: number) => Number(m[i] ?? 0);
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const offsetMinutes = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (n(9) * 60 + n(10));
  return new Date(Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), ms) - offsetMinutes * 60_000).toISOString();
}

/**
 * The "agent" parameter: an Agent (or, where allowed, an identified Group) with exactly one
 * inverse functional identifier, checked like an actor in a statement.
 */
export function parseAgentObjectParam(raw: string | undefined, name: string, opts: { group: boolean }): AgentLike & { key: string } {
  const agent = parseAgentParam(raw, name);
  if (!opts.group && agent.objectType === 'Group') fail(400, `${name}.objectType: must be "Agent" here, not a Group`);
  return agent;
}

// ---------------------------------------------------------------------------------------
// Content, ETags and HTTP dates.

/** The largest document accepted; a larger body is refused with 413 (xAPI 1.0.3 §3.2). */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
// Past this, an oversized upload is cut off instead of read to its end.
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

type Bytes = Uint8Array<ArrayBuffer>;

async function readBody(c: Context<Env>): Promise<Bytes> {
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const declared = Number(c.req.header('content-length') ?? 0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_DOCUMENT_BYTES || declared > MAX_DOCUMENT_BYTES) {
      // The rest of a moderately large upload is read and dropped rather than cancelled: an
      // upload left half-read can break the keep-alive connection behind it in some proxies.
      if (declared > MAX_DRAIN_BYTES || size > MAX_DRAIN_BYTES) await reader.cancel();
      else while (!(await reader.read()).done);
      fail(413, `content: documents are limited to ${MAX_DOCUMENT_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Hex SHA-1 of the bytes: the ETag xAPI 1.0.3 §3.1 prescribes (2.0.0 keeps it compatible). */
export async function sha1Hex(bytes: Bytes | string): Promise<string> {
  const data = typeof bytes === 'string' ? utf8(bytes) : bytes;
  const digest = await crypto.subtle.digest('SHA-1', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const quoted = (etag: string) => `"${etag}"`;

/** RFC 7231 IMF-fixdate, e.g. "Sat, 31 Jan 2026 12:00:00 GMT". */
export const httpDate = (iso: string) => new Date(iso).toUTCString();

const isJsonType = (type: string) => type.split(';')[0]!.trim().toLowerCase() === 'application/json';

const utf8 = (text: string): Bytes => new Uint8Array(new TextEncoder().encode(text));

/** D1 returns BLOB columns as arrays of numbers, better-sqlite3 as Buffers. */
function asBytes(content: unknown): Bytes {
  if (content instanceof Uint8Array) return new Uint8Array(content.buffer as ArrayBuffer, content.byteOffset, content.byteLength);
  if (content instanceof ArrayBuffer) return new Uint8Array(content);
  if (Array.isArray(content)) return Uint8Array.from(content as number[]);
  if (typeof content === 'string') return utf8(content);
  throw new Error('documents.content: unexpected column type');
}

function parseJson(bytes: Bytes, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    fail(400, `${what}: Content-Type is application/json but the content is not valid JSON`);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------
// Preconditions (xAPI 1.0.3 §3.1, 2.0.0 §4.1.4; RFC 7232 §3.1-3.2).

function entityTags(header: string): '*' | string[] {
  if (header.trim() === '*') return '*';
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1').toLowerCase());
}

/** Throws 412 when If-Match or If-None-Match does not hold for the document's current ETag. */
function checkPreconditions(c: Context<Env>, current: string | undefined): void {
  const ifMatch = c.req.header('if-match');
  if (ifMatch !== undefined) {
    const tags = entityTags(ifMatch);
    if (current === undefined) fail(412, 'If-Match: there is no such document to match');
    if (tags !== '*' && !tags.includes(current)) fail(412, `If-Match: the document has changed; its current ETag is ${quoted(current)}`);
  }
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined && current !== undefined) {
    const tags = entityTags(ifNoneMatch);
    if (tags === '*') fail(412, 'If-None-Match: * — the document already exists');
    if (tags.includes(current)) fail(412, `If-None-Match: the document's ETag is ${quoted(current)}`);
  }
}

const CONFLICT_MESSAGE =
  'Conflict: this document already exists and the PUT carried neither If-Match nor If-None-Match. ' +
  'Check the current state of the document (GET it), then send the PUT again with If-Match set to its current ETag.';

// ---------------------------------------------------------------------------------------
// The three resources share one implementation, configured per resource.

type Kind = 'state' | 'activity_profile' | 'agent_profile';

interface ResourceSpec {
  kind: Kind;
  label: string;
  idParam: 'stateId' | 'profileId';
  scope: 'state' | 'profile';
  activity: boolean;
  agent: boolean;
  registration: boolean;
  /** State alone has the multiple-document DELETE. */
  multiDelete: boolean;
  /**
   * Whether a PUT without If-Match/If-None-Match on an existing document is a 409.
   * 1.0.3 §3.1: only the profile resources (state "will permit" blind writes).
   * 2.0.0 §4.1.4 lists the State Resource among the concurrency-controlled ones and drops
   * that exemption; the 2.0 conformance suite expects the 409 for state too.
   */
  conflictOnBlindPut: (version: XapiVersion) => boolean;
}

interface DocScope {
  kind: Kind;
  activity_id: string;
  agent_key: string;
  /** null: not given — the multiple-document requests then span every registration. */
  registration: string | null;
}

interface DocKey {
  kind: Kind;
  activity_id: string;
  agent_key: string;
  registration: string;
  document_id: string;
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

function parseRequest(c: Context<Env>, spec: ResourceSpec, method: Method): { scope: DocScope; id: string | undefined; since: string | undefined } {
  const allowed: string[] = [];
  if (spec.activity) allowed.push('activityId');
  if (spec.agent) allowed.push('agent');
  if (spec.registration) allowed.push('registration');
  allowed.push(spec.idParam);
  // "since" belongs to the multiple-document GET; a single-document GET ignores it.
  if (method === 'GET') allowed.push('since');
  const params = queryParams(c, allowed);

  const activity_id = spec.activity ? parseIriParam(params.get('activityId'), 'activityId') : '';
  const agent_key = spec.agent ? parseAgentObjectParam(params.get('agent'), 'agent', { group: true }).key : '';
  if (spec.agent) requireOwnAgent(c, agent_key, 'agent');
  const rawRegistration = params.get('registration');
  const registration = rawRegistration === undefined ? null : parseUuidParam(rawRegistration, 'registration');

  const id = params.get(spec.idParam);
  if (id === '') fail(400, `${spec.idParam}: must not be empty`);
  const needsId = method === 'PUT' || method === 'POST' || (method === 'DELETE' && !spec.multiDelete);
  if (needsId && id === undefined) fail(400, `${spec.idParam}: required`);

  const rawSince = params.get('since');
  const since = rawSince === undefined ? undefined : parseTimestampParam(rawSince, 'since', c.var.xapiVersion);
  return { scope: { kind: spec.kind, activity_id, agent_key, registration }, id, since };
}

const keyOf = (scope: DocScope, id: string): DocKey => ({
  kind: scope.kind,
  activity_id: scope.activity_id,
  agent_key: scope.agent_key,
  registration: scope.registration ?? '',
  document_id: id,
});

/** Column filter for every document in the scope (all registrations when none was given). */
function scopeFilter(scope: DocScope) {
  const { registration, ...rest } = scope;
  return registration === null ? rest : { ...rest, registration };
}

// A conditional write is retried this often when another writer got in between.
const MAX_ATTEMPTS = 10;

interface Current {
  etag: string;
  content_type: string;
  content?: Bytes;
}

type Action = { kind: 'put'; content: Bytes; contentType: string } | { kind: 'delete' } | { kind: 'conflict' };

function documentResource(spec: ResourceSpec) {
  const forRead = (c: Context<Env>) => {
    if (!canRead(c, spec.scope)) fail(403, `This credential lacks the scope for this request (needs one of: ${spec.scope}, all/read, all)`);
  };

  /**
   * Applies one write as an optimistic loop: read the current ETag, check the request's
   * preconditions against it, then write only if the row is still as read (INSERT when it
   * was absent, UPDATE/DELETE WHERE etag = the one read). If another writer got in between,
   * nothing was written and the loop decides again on fresh data — so of two writers with
   * the same If-Match exactly one succeeds and the other gets 412, and a merge never loses
   * an update.
   */
  async function writeLoop(
    c: Context<Env>,
    key: DocKey,
    opts: { withContent: boolean },
    decide: (current: Current | undefined) => Promise<Action> | Action,
  ): Promise<Response> {
    const { db, atomic } = c.var;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let current: Current | undefined;
      if (opts.withContent) {
        const row = await db.selectFrom('documents').select(['etag', 'content_type', 'content']).where((eb) => eb.and(key)).executeTakeFirst();
        current = row && { etag: row.etag, content_type: row.content_type, content: asBytes(row.content) };
      } else {
        current = await db.selectFrom('documents').select(['etag', 'content_type']).where((eb) => eb.and(key)).executeTakeFirst();
      }
      const action = await decide(current);
      if (action.kind === 'conflict') return c.text(CONFLICT_MESSAGE, 409);
      let query;
      let etag: string | undefined;
      if (action.kind === 'delete') {
        if (!current) return c.body(null, 204);
        query = db.deleteFrom('documents').where((eb) => eb.and({ ...key, etag: current.etag }));
      } else {
        const values = {
          content: action.content,
          content_type: action.contentType,
          etag: await sha1Hex(action.content),
          updated: c.var.clock().toISOString(),
        };
        query = current
          ? db.updateTable('documents').set(values).where((eb) => eb.and({ ...key, etag: current.etag }))
          : db.insertInto('documents').values({ ...key, ...values }).onConflict((oc) => oc.doNothing());
        etag = values.etag;
      }
      const [result] = await atomic([query.compile()]);
      if (result && result.changes > 0) return c.body(null, 204, etag === undefined ? {} : { ETag: quoted(etag) });
    }
    fail(409, 'The document kept changing while this request was applied; send it again');
  }

  const hasConcurrencyHeader = (c: Context<Env>) =>
    c.req.header('if-match') !== undefined || c.req.header('if-none-match') !== undefined;

  return new Hono<Env>()
    .get('/', async (c) => {
      forRead(c);
      const { scope, id, since } = parseRequest(c, spec, 'GET');
      const db = c.var.db;
      if (id !== undefined) {
        const row = await db
          .selectFrom('documents')
          .select(['content', 'content_type', 'etag', 'updated'])
          .where((eb) => eb.and(keyOf(scope, id)))
          .executeTakeFirst();
        if (!row) fail(404, `${spec.idParam}: no ${spec.label} document ${JSON.stringify(id)} here`);
        const headers = { ETag: quoted(row.etag), 'Last-Modified': httpDate(row.updated) };
        const ifNoneMatch = c.req.header('if-none-match');
        if (ifNoneMatch !== undefined) {
          const tags = entityTags(ifNoneMatch);
          if (tags === '*' || tags.includes(row.etag)) return c.body(null, 304, headers);
        }
        return c.body(asBytes(row.content), 200, { ...headers, 'Content-Type': row.content_type });
      }
      let query = db
        .selectFrom('documents')
        .select((eb) => ['document_id', eb.fn.max('updated').as('updated')])
        .where((eb) => eb.and(scopeFilter(scope)))
        .groupBy('document_id')
        .orderBy('document_id');
      if (since !== undefined) query = query.where('updated', '>', since);
      const rows = await query.execute();
      const body = JSON.stringify(rows.map((r) => r.document_id));
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ETag: quoted(await sha1Hex(body)) };
      const latest = rows.reduce<string | undefined>((max, r) => (max === undefined || r.updated > max ? r.updated : max), undefined);
      if (latest !== undefined) headers['Last-Modified'] = httpDate(latest);
      return c.body(body, 200, headers);
    })
    .put('/', async (c) => {
      requireScope(c, spec.scope);
      const { scope, id } = parseRequest(c, spec, 'PUT');
      const content = await readBody(c);
      const contentType = c.req.header('content-type') ?? 'application/octet-stream';
      if (isJsonType(contentType)) parseJson(content, 'content');
      const strict = spec.conflictOnBlindPut(c.var.xapiVersion) && !hasConcurrencyHeader(c);
      return writeLoop(c, keyOf(scope, id!), { withContent: false }, (current) => {
        checkPreconditions(c, current?.etag);
        if (current && strict) return { kind: 'conflict' };
        return { kind: 'put', content, contentType };
      });
    })
    .post('/', async (c) => {
      requireScope(c, spec.scope);
      const { scope, id } = parseRequest(c, spec, 'POST');
      const content = await readBody(c);
      const contentType = c.req.header('content-type') ?? 'application/octet-stream';
      let posted: Record<string, unknown> | undefined;
      if (isJsonType(contentType)) {
        const value = parseJson(content, 'content');
        if (!isPlainObject(value)) fail(400, 'content: a POSTed application/json document must be a JSON object, to be merged');
        posted = value;
      }
      return writeLoop(c, keyOf(scope, id!), { withContent: true }, (current) => {
        checkPreconditions(c, current?.etag);
        // No document yet: the POST stores it as a PUT would (xAPI 1.0.3 §2.2, 2.0.0 §4.1.6).
        if (!current) return { kind: 'put', content, contentType };
        if (!isJsonType(current.content_type)) {
          fail(400, `content: the stored document is ${current.content_type}, not application/json, so it cannot be merged; PUT it instead`);
        }
        if (!posted) fail(400, `Content-Type: the stored document is JSON, so a POST must send application/json to merge (got ${contentType})`);
        const existing = parseJson(current.content!, 'stored document');
        if (!isPlainObject(existing)) fail(400, 'content: the stored JSON document is not an object, so it cannot be merged; PUT it instead');
        // Only top-level properties merge; each posted one replaces the stored one whole.
        const merged = utf8(JSON.stringify({ ...existing, ...posted }));
        return { kind: 'put', content: merged, contentType: 'application/json' };
      });
    })
    .delete('/', async (c) => {
      requireScope(c, spec.scope);
      const { scope, id } = parseRequest(c, spec, 'DELETE');
      if (id === undefined) {
        // State's multiple-document DELETE: everything for the activity and agent (and
        // registration, when given).
        await c.var.atomic([c.var.db.deleteFrom('documents').where((eb) => eb.and(scopeFilter(scope))).compile()]);
        return c.body(null, 204);
      }
      return writeLoop(c, keyOf(scope, id), { withContent: false }, (current) => {
        checkPreconditions(c, current?.etag);
        return { kind: 'delete' };
      });
    });
}

export const state = documentResource({
  kind: 'state',
  label: 'state',
  idParam: 'stateId',
  scope: 'state',
  activity: true,
  agent: true,
  registration: true,
  multiDelete: true,
  conflictOnBlindPut: (v) => v === '2.0.0',
});

export const activityProfile = documentResource({
  kind: 'activity_profile',
  label: 'activity profile',
  idParam: 'profileId',
  scope: 'profile',
  activity: true,
  agent: false,
  registration: false,
  multiDelete: false,
  conflictOnBlindPut: () => true,
});

export const agentProfile = documentResource({
  kind: 'agent_profile',
  label: 'agent profile',
  idParam: 'profileId',
  scope: 'profile',
  activity: false,
  agent: true,
  registration: false,
  multiDelete: false,
  conflictOnBlindPut: () => true,
});
