// The statements resource (xAPI Communication §2.1 / 2.0.0 Part 3 §2.1): POST, PUT and GET
// with every query parameter, voided-statement rules, attachments and the `more` cursor.
import { Hono, type Context } from 'hono';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { courseCatalog } from '../progress/catalog.js';
import { progressQueries } from '../progress/derive.js';
import { canRead, learnerCaller, lrsPrincipal, requireOwnStatements, requireScope } from './auth.js';
import { buildMultipart, matchAttachments, parseMultipart, verifySignatures, type AttachmentPart } from './multipart.js';
import { attachmentHashes, formatStatements, parseFormat } from './statement-format.js';
import { decodeMore, encodeMore, maxSeq, parseQuery, runQuery, type StatementQuery } from './statement-query.js';
import { storeStatements } from './statement-store.js';
import { isUuid, validateStatement, type Statement } from './validate.js';

/** Request bodies above this are refused (413): batches of statements with attachments. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const QUERY_PARAMS = new Set([
  'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until',
  'limit', 'format', 'attachments', 'ascending',
]);
const SINGLE_PARAMS = new Set(['statementId', 'voidedStatementId', 'format', 'attachments']);
const utf8 = new TextDecoder();

async function readBody(c: Context<Env>): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) fail(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) fail(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  return bytes;
}

/** Parses a statements request body: JSON, or multipart/mixed with attachments. */
async function readStatements(c: Context<Env>): Promise<{ value: unknown; parts: AttachmentPart[] }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const body = await readBody(c);
  let json: string;
  let parts: AttachmentPart[] = [];
  if (type.startsWith('multipart/mixed')) {
    ({ json, parts } = await parseMultipart(c.req.header('content-type')!, body));
  } else if (type.startsWith('application/json') || type === '') {
    json = utf8.decode(body);
  } else {
    fail(400, `Content-Type ${JSON.stringify(type)} is not accepted: send application/json or multipart/mixed`);
  }
  try {
    return { value: JSON.parse(json), parts };
  } catch {
    fail(400, 'body: not valid JSON');
  }
}

async function validateAndStore(c: Context<Env>, list: unknown[], parts: AttachmentPart[], single: boolean): Promise<string[]> {
  const version = c.var.xapiVersion;
  const statements: Statement[] = list.map((s, i) => validateStatement(s, version, single ? 'statement' : `statements[${i}]`));
  const prefix = single ? 'statement' : 'statements';
  await requireOwnStatements(c, statements as unknown as Record<string, unknown>[], prefix, single);
  const matched = await matchAttachments(statements, parts, prefix);
  await verifySignatures(statements, matched, prefix, version);
  const attachments = new Map<string, { contentType: string; length: number }>();
  for (const part of new Set(matched.values())) {
    const sha2 = part.sha2.toLowerCase();
    if (attachments.has(sha2)) continue;
    // Bytes first: a failed write below leaves only an unreferenced, content-addressed blob.
    await c.var.blobs.put(sha2, part.bytes);
    attachments.set(sha2, { contentType: part.contentType, length: part.bytes.byteLength });
  }
  // Progress is derived in the same atomic write (DESIGN §3), so a rejected batch changes none.
  return storeStatements(c.var, lrsPrincipal(c), version, { statements, attachments, extra: (stored) => progressQueries(stored, courseCatalog()) });
}

function consistentThrough(c: Context<Env>): void {
  c.header('X-Experience-API-Consistent-Through', c.var.clock().toISOString());
}

/** Sends statements as JSON, or multipart/mixed with their attachments when asked to. */
async function respond(c: Context<Env>, json: string, statements: string[], withAttachments: boolean, lastModified?: string): Promise<Response> {
  if (lastModified) c.header('Last-Modified', new Date(lastModified).toUTCString());
  if (!withAttachments) return c.body(json, 200, { 'Content-Type': 'application/json' });
  const hashes = new Set<string>();
  for (const s of statements) for (const h of attachmentHashes(JSON.parse(s) as Record<string, unknown>)) hashes.add(h);
  const parts: { sha2: string; contentType: string; bytes: Uint8Array }[] = [];
  for (const sha2 of hashes) {
    const row = await c.var.db.selectFrom('attachments').select(['content_type']).where('sha2', '=', sha2).executeTakeFirst();
    const bytes = row ? await c.var.blobs.get(sha2) : null;
    if (row && bytes) parts.push({ sha2, contentType: row.content_type, bytes });
  }
  const { contentType, body } = buildMultipart(json, parts);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': contentType });
}

export const statements = new Hono<Env>()
  .use('*', async (c, next) => {
    await next();
    consistentThrough(c);
  })
  .post('/', async (c) => {
    requireScope(c, 'statements/write');
    for (const k of Object.keys(c.req.query())) fail(400, `${k}: POST /statements takes no query parameters (use PUT with statementId)`);
    const { value, parts } = await readStatements(c);
    const single = !Array.isArray(value);
    const list = single ? [value] : (value as unknown[]);
    const ids = await validateAndStore(c, list, parts, single);
    return c.json(ids, 200);
  })
  .put('/', async (c) => {
    requireScope(c, 'statements/write');
    const query = c.req.query();
    for (const k of Object.keys(query)) if (k !== 'statementId') fail(400, `${k}: not a parameter of PUT /statements`);
    const id = query.statementId;
    if (id === undefined) fail(400, 'statementId: required for PUT');
    if (!isUuid(id)) fail(400, 'statementId: must be a UUID');
    const { value, parts } = await readStatements(c);
    if (!value || typeof value !== 'object' || Array.isArray(value)) fail(400, 'statement: PUT takes one statement object');
    const s = value as Record<string, unknown>;
    if (s.id !== undefined && String(s.id).toLowerCase() !== id.toLowerCase()) {
      fail(400, `statement.id: ${String(s.id)} does not match statementId ${id}`);
    }
    s.id = id.toLowerCase();
    await validateAndStore(c, [s], parts, true);
    return c.body(null, 204);
  })
  .get('/', async (c) => {
    const principal = lrsPrincipal(c);
    const scopes = principal.scopes;
    // A learner token reads the statements about its learner (actor or object), and no others.
    const learner = learnerCaller(c);
    const mine = !learner && !canRead(c, 'statements/read');
    if (mine && !scopes.has('statements/read/mine')) requireScope(c, 'statements/read', 'statements/read/mine', 'all/read');
    const params = c.req.query();
    const attachments = params.attachments === undefined ? false : params.attachments === 'true' ? true : params.attachments === 'false' ? false : fail(400, 'attachments: must be true or false');
    const format = parseFormat(params.format);
    const accept = c.req.header('accept-language');
    if (accept) c.header('Content-Language', accept.split(',')[0]!.split(';')[0]!.trim());

    // One statement by id (§2.1.3: only format and attachments may accompany it).
    if (params.statementId !== undefined || params.voidedStatementId !== undefined) {
      for (const k of Object.keys(params)) if (!SINGLE_PARAMS.has(k)) fail(400, `${k}: not allowed with statementId or voidedStatementId`);
      if (params.statementId !== undefined && params.voidedStatementId !== undefined) fail(400, 'statementId: not allowed together with voidedStatementId');
      const voided = params.voidedStatementId !== undefined;
      const id = (voided ? params.voidedStatementId : params.statementId)!;
      if (!isUuid(id)) fail(400, `${voided ? 'voidedStatementId' : 'statementId'}: must be a UUID`);
      let q = c.var.db.selectFrom('statements').select(['statement', 'stored', 'voided']).where('id', '=', id.toLowerCase());
      if (mine) q = q.where('client_key', '=', principal.key);
      if (learner) {
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('statement_agents')
              .select('statement_seq')
              .whereRef('statement_agents.statement_seq', '=', 'statements.seq')
              .where('statement_agents.agent_key', '=', learner.agentKey)
              .where('statement_agents.related', '=', 0),
          ),
        );
      }
      const row = await q.executeTakeFirst();
      if (!row || !!row.voided !== voided) {
        fail(404, voided ? `No voided statement with id ${id}` : `No statement with id ${id}${row ? ' (it has been voided: use voidedStatementId)' : ''}`);
      }
      const formatted = await formatStatements(c.var.db, [row.statement], format, accept);
      const json = formatted ? JSON.stringify(formatted[0]) : row.statement;
      return respond(c, json, [row.statement], attachments, row.stored);
    }

    let query: StatementQuery;
    let x: Record<string, string>;
    if (params.more !== undefined) {
      for (const k of Object.keys(params)) if (k !== 'more') fail(400, `${k}: not allowed with more`);
      ({ q: query, x } = decodeMore(params.more));
    } else {
      for (const k of Object.keys(params)) if (!QUERY_PARAMS.has(k)) fail(400, `${k}: not a parameter of GET /statements`);
      query = parseQuery(params, c.var.xapiVersion);
      query.maxSeq = await maxSeq(c.var.db);
      if (mine) query.clientKey = principal.key;
      if (learner) {
        if (query.agent !== undefined && query.agent !== learner.agentKey) {
          fail(403, `agent: a learner token may only read statements about its own account, ${JSON.stringify(learner.actor)}`);
        }
        if (query.relatedAgents) fail(403, 'related_agents: a learner token may only read statements whose actor or object is its own account');
        query.agent = learner.agentKey;
      }
      x = { format, attachments: String(attachments) };
    }
    if (mine && query.clientKey !== principal.key) fail(403, 'more: this cursor belongs to a broader query than this credential may read');
    if (learner && (query.agent !== learner.agentKey || query.relatedAgents)) fail(403, 'more: this cursor belongs to a query about another agent');
    const fmt = parseFormat(x.format);
    const withAttachments = x.attachments === 'true';
    const rows = await runQuery(c.var.db, query);
    const page = rows.slice(0, query.limit);
    let more = '';
    if (rows.length > query.limit) {
      more = `/xapi/statements?more=${encodeMore({ ...query, after: page[page.length - 1]!.seq }, x)}`;
    }
    const formatted = await formatStatements(c.var.db, page.map((r) => r.statement), fmt, accept);
    const body = formatted ? JSON.stringify(formatted) : `[${page.map((r) => r.statement).join(',')}]`;
    const json = `{"statements":${body},"more":${JSON.stringify(more)}}`;
    const newest = page.reduce<string | undefined>((m, r) => (!m || r.stored > m ? r.stored : m), undefined);
    return respond(c, json, page.map((r) => r.statement), withAttachments, newest);
  });
