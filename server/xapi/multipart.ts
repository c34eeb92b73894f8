// xAPI attachments over multipart/mixed (1.0.3 Communication §1.5.2, 2.0.0 §4.1.3) and signed
// statements (1.0.3 Data §2.6, 2.0.0 §4.2.6), on Web APIs only so it runs on Workers. Not for
// statement validation or storage: statements.ts owns those and calls in here.
import { base64url, compactVerify, flattenedVerify, importX509, type FlattenedJWSInput } from 'jose';
import type { XapiVersion } from '../deps.js';
import { fail } from '../errors.js';

export interface AttachmentPart {
  /** The X-Experience-API-Hash the part declared, lower-cased hex. */
  sha2: string;
  /** The part's Content-Type header; application/octet-stream when it sent none. */
  contentType: string;
  /** The raw octets, a view into the request body (never decoded as text). */
  bytes: Uint8Array;
  /** Every header of the part, names lower-cased. */
  headers: Record<string, string>;
}

/** Attachment Object fields this module reads; statements.ts has validated the rest. */
export interface AttachmentLike {
  usageType?: string;
  display?: Record<string, string>;
  description?: Record<string, string>;
  sha2: string;
  fileUrl?: string;
  contentType: string;
  length: number;
}

export interface StatementLike {
  attachments?: AttachmentLike[];
  object?: unknown;
}

export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature';

const CRLF = new Uint8Array([0x0d, 0x0a]);
const CRLFCRLF = new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]);
const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientText = new TextDecoder('utf-8');
// A part's headers are a few lines; a blank line not found this far in means a malformed part
// (and saves scanning megabytes of attachment for one).
const MAX_HEADER_BYTES = 16 * 1024;

/** A reusable Boyer–Moore–Horspool search for one byte pattern: O(n/m) on typical input. */
function byteFinder(pattern: Uint8Array): (hay: Uint8Array, from: number, end?: number) => number {
  const m = pattern.length;
  const skip = new Uint32Array(256).fill(m);
  for (let i = 0; i < m - 1; i++) skip[pattern[i]!] = m - 1 - i;
  const last = pattern[m - 1]!;
  return (hay, from, end = hay.length) => {
    const limit = end - m;
    let i = from;
    while (i <= limit) {
      const c = hay[i + m - 1]!;
      if (c === last) {
        let j = m - 2;
        while (j >= 0 && hay[i + j] === pattern[j]) j--;
        if (j < 0) return i;
      }
      i += skip[c]!;
    }
    return -1;
  };
}

function startsWithAt(hay: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > hay.length) return false;
  for (let i = 0; i < needle.length; i++) if (hay[at + i] !== needle[i]) return false;
  return true;
}

interface MediaType { essence: string; params: Map<string, string> }

/** RFC 2045 §5.1 Content-Type: type/subtype, then ;name=value with token or quoted-string values. */
export function parseMediaType(value: string): MediaType {
  const semi = value.indexOf(';');
  const essence = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params = new Map<string, string>();
  let i = semi < 0 ? value.length : semi + 1;
  while (i < value.length) {
    while (i < value.length && /[\s;]/.test(value[i]!)) i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (value[i] === ' ' || value[i] === '\t') i++;
    let v = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        v += value[i];
        i++;
      }
      i++;
    } else {
      const end = value.indexOf(';', i);
      v = value.slice(i, end < 0 ? value.length : end).trim();
      i = end < 0 ? value.length : end;
    }
    if (name && !params.has(name)) params.set(name, v);
  }
  return { essence, params };
}

function parseHeaders(block: Uint8Array, partNo: number): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lenientText.decode(block).split(/\r?\n/)) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && last !== undefined) {
      headers[last] += ' ' + line.trim(); // RFC 5322 §2.2.3 folded header line
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) fail(400, `multipart part ${partNo}: header line ${JSON.stringify(line.slice(0, 80))} is not "Name: value"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    last = name;
  }
  return headers;
}

const findBlankLine = byteFinder(CRLFCRLF);

/** body-part := headers [CRLF *OCTET] (RFC 2046 §5.1.1). */
function splitPart(raw: Uint8Array, partNo: number): { headers: Record<string, string>; body: Uint8Array } {
  if (startsWithAt(raw, CRLF, 0)) return { headers: {}, body: raw.subarray(2) };
  const blank = findBlankLine(raw, 0, Math.min(raw.length, MAX_HEADER_BYTES + 4));
  if (blank < 0) {
    if (raw.length > MAX_HEADER_BYTES) fail(400, `multipart part ${partNo}: no blank line ends its headers`);
    return { headers: parseHeaders(raw, partNo), body: raw.subarray(raw.length) };
  }
  return { headers: parseHeaders(raw.subarray(0, blank), partNo), body: raw.subarray(blank + 4) };
}

const HEX_DIGEST = /^[0-9a-f]+$/;
const DIGEST_BY_LENGTH: Record<number, string> = { 64: 'SHA-256', 96: 'SHA-384', 128: 'SHA-512' };

/** The SHA-2 a hex digest's length implies (Communication §1.5.2.s4.b4: SHA-256, -384 or -512). */
function digestAlgorithm(sha2: string): string | undefined {
  return HEX_DIGEST.test(sha2) ? DIGEST_BY_LENGTH[sha2.length] : undefined;
}

/**
 * Parses a multipart/mixed request body. Throws fail(400, message) when: the boundary is missing,
 * the first part is not application/json, a part lacks X-Experience-API-Hash or declares a
 * Content-Transfer-Encoding other than binary, the body is malformed. Returns the first part's JSON
 * text and the attachment parts, each with the sha2 it declared and its bytes.
 *
 * CRLF line breaks as RFC 2046 requires; a preamble and an epilogue are ignored. A part without
 * Content-Transfer-Encoding is taken as binary (1.0.3 §1.5.2.s3.b6, 2.0.0 §4.1.3: the LRS
 * "should assume" binary), so only a different declared encoding is refused.
 */
export async function parseMultipart(contentType: string, body: Uint8Array): Promise<{ json: string; parts: AttachmentPart[] }> {
  const type = parseMediaType(contentType);
  if (type.essence !== 'multipart/mixed') fail(400, `Content-Type: expected multipart/mixed, got ${JSON.stringify(contentType)}`);
  const boundary = type.params.get('boundary');
  if (!boundary) fail(400, 'Content-Type: multipart/mixed needs a boundary parameter (RFC 2046 §5.1.1)');
  const dashBoundary = encoder.encode(`--${boundary}`);
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  const findDelimiter = byteFinder(delimiter);

  // The first delimiter may open the body or follow a preamble line.
  let pos: number;
  if (startsWithAt(body, dashBoundary, 0)) pos = dashBoundary.length;
  else {
    const at = findDelimiter(body, 0);
    if (at < 0) fail(400, `multipart body: no "--${boundary}" delimiter line found (RFC 2046 §5.1.1)`);
    pos = at + delimiter.length;
  }
  const raws: Uint8Array[] = [];
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // close-delimiter; what follows is epilogue
    let p = pos;
    while (body[p] === 0x20 || body[p] === 0x09) p++; // transport padding
    if (p >= body.length) fail(400, `multipart body: ends without the closing "--${boundary}--" delimiter`);
    if (!startsWithAt(body, CRLF, p)) fail(400, `multipart body: a "--${boundary}" delimiter is followed by other text on its line`);
    const start = p + 2;
    const next = findDelimiter(body, start);
    if (next < 0) fail(400, `multipart body: ends without the closing "--${boundary}--" delimiter`);
    raws.push(body.subarray(start, next));
    pos = next + delimiter.length;
  }
  if (raws.length === 0) fail(400, 'multipart body: has no parts; the first part must hold the Statements');

  const first = splitPart(raws[0]!, 1);
  const firstType = first.headers['content-type'];
  if (firstType === undefined || parseMediaType(firstType).essence !== 'application/json') {
    fail(400, `multipart part 1: Content-Type must be application/json (the Statements), got ${firstType === undefined ? 'none' : JSON.stringify(firstType)}`);
  }
  let json: string;
  try {
    json = utf8.decode(first.body);
  } catch {
    fail(400, 'multipart part 1: the Statements are not valid UTF-8');
  }

  const parts = raws.slice(1).map((raw, k): AttachmentPart => {
    const partNo = k + 2;
    const { headers, body: bytes } = splitPart(raw, partNo);
    const declared = headers['x-experience-api-hash'];
    if (declared === undefined || declared === '') fail(400, `multipart part ${partNo}: X-Experience-API-Hash header is missing (Communication §1.5.2.s2.b2.b3)`);
    const sha2 = declared.toLowerCase();
    if (!digestAlgorithm(sha2)) fail(400, `multipart part ${partNo}: X-Experience-API-Hash ${JSON.stringify(declared)} is not a hex SHA-256, SHA-384 or SHA-512 digest`);
    const cte = headers['content-transfer-encoding'];
    if (cte !== undefined && cte.toLowerCase() !== 'binary') {
      fail(400, `multipart part ${partNo}: Content-Transfer-Encoding must be binary, got ${JSON.stringify(cte)} (Communication §1.5.2.s2.b2.b4)`);
    }
    return { sha2, contentType: headers['content-type'] || 'application/octet-stream', bytes, headers };
  });
  return { json, parts };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

async function digestHex(bytes: Uint8Array, algorithm: string): Promise<string> {
  return toHex(await crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>));
}

/** Computes SHA-256 hex of bytes (WebCrypto). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return digestHex(bytes, 'SHA-256');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every Attachment Object of a statement with its path: its own, then its SubStatement's. */
function attachmentsOf(statement: StatementLike, base: string): Array<{ attachment: AttachmentLike; path: string }> {
  const out: Array<{ attachment: AttachmentLike; path: string }> = [];
  const add = (list: unknown, path: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((attachment: AttachmentLike, j) => out.push({ attachment, path: `${path}[${j}]` }));
  };
  add(statement.attachments, `${base}.attachments`);
  if (isObject(statement.object) && statement.object.objectType === 'SubStatement') add(statement.object.attachments, `${base}.object.attachments`);
  return out;
}

/**
 * Checks statements against parts: every part's declared hash equals the digest of its bytes
 * (else 400 naming the part), every Attachment Object without fileUrl has a part with its sha2
 * (else 400 naming statements[i].attachments[j]), and no part is left unreferenced (else 400).
 * Returns parts keyed by sha2: lower-cased, and also as each statement spelled it.
 *
 * Paths are `${pathPrefix}[i].attachments[j]` (or `.object.attachments[j]` for a SubStatement,
 * whose attachments are held to the same rule, so the LRS can return them later). Call it with
 * parts = [] for an application/json request: every attachment then needs a fileUrl
 * (Communication §1.5.1). Several parts with one hash are accepted (the same data twice).
 */
export async function matchAttachments(statements: StatementLike[], parts: AttachmentPart[], pathPrefix: string): Promise<Map<string, AttachmentPart>> {
  const actual = await Promise.all(parts.map(async (part, k) => {
    const algorithm = digestAlgorithm(part.sha2.toLowerCase());
    if (!algorithm) fail(400, `multipart part ${k + 2}: X-Experience-API-Hash ${JSON.stringify(part.sha2)} is not a hex SHA-256, SHA-384 or SHA-512 digest`);
    return digestHex(part.bytes, algorithm);
  }));
  const byHash = new Map<string, AttachmentPart>();
  parts.forEach((part, k) => {
    const declared = part.sha2.toLowerCase();
    if (actual[k] !== declared) {
      fail(400, `multipart part ${k + 2}: X-Experience-API-Hash ${part.sha2} does not match its ${part.bytes.length} bytes, whose ${DIGEST_BY_LENGTH[declared.length]} is ${actual[k]}`);
    }
    if (!byHash.has(declared)) byHash.set(declared, part);
  });

  const matched = new Map<string, AttachmentPart>();
  statements.forEach((statement, i) => {
    for (const { attachment, path } of attachmentsOf(statement, `${pathPrefix}[${i}]`)) {
      if (!isObject(attachment) || typeof attachment.sha2 !== 'string') fail(400, `${path}.sha2: must be a string`);
      const key = attachment.sha2.toLowerCase();
      const part = byHash.get(key);
      if (part) {
        matched.set(key, part);
        matched.set(attachment.sha2, part);
      } else if (typeof attachment.fileUrl !== 'string') {
        fail(400, `${path}: no multipart part has X-Experience-API-Hash ${attachment.sha2}, and it has no fileUrl (Communication §1.5.2.s3.b5)`);
      }
    }
  });
  parts.forEach((part, k) => {
    if (!matched.has(part.sha2.toLowerCase())) fail(400, `multipart part ${k + 2}: X-Experience-API-Hash ${part.sha2} matches no attachment's sha2 in the Statements`);
  });
  return matched;
}

function randomBoundary(): string {
  return `xapi-${toHex(crypto.getRandomValues(new Uint8Array(16)).buffer)}`;
}

const HEADER_VALUE = /^[\x21-\x7e][\x20-\x7e]*$/;

/**
 * Builds a multipart/mixed response: first part the JSON text, then one part per attachment
 * (Content-Type, Content-Transfer-Encoding: binary, X-Experience-API-Hash), one part per distinct
 * sha2 (Communication §1.5.2.s2.b2.b5). Returns { contentType (with boundary), body }.
 */
export function buildMultipart(json: string, parts: Array<{ sha2: string; contentType: string; bytes: Uint8Array }>): { contentType: string; body: Uint8Array } {
  const seen = new Set<string>();
  const unique = parts.filter((p) => {
    const key = p.sha2.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (const p of unique) {
    if (!HEADER_VALUE.test(p.contentType)) throw new TypeError(`buildMultipart: content type ${JSON.stringify(p.contentType)} cannot be sent as a header`);
    if (!digestAlgorithm(p.sha2.toLowerCase())) throw new TypeError(`buildMultipart: ${JSON.stringify(p.sha2)} is not a hex SHA-2 digest`);
  }
  const jsonBytes = encoder.encode(json);
  // The boundary must occur in no part (RFC 2046 §5.1.1); a random one almost never does, but check.
  let boundary = randomBoundary();
  for (;;) {
    const find = byteFinder(encoder.encode(`--${boundary}`));
    if (find(jsonBytes, 0) < 0 && unique.every((p) => find(p.bytes, 0) < 0)) break;
    boundary = randomBoundary();
  }
  const pieces: Uint8Array[] = [
    encoder.encode(`--${boundary}\r\nContent-Type: application/json\r\n\r\n`),
    jsonBytes,
  ];
  for (const p of unique) {
    pieces.push(encoder.encode(
      `\r\n--${boundary}\r\nContent-Type: ${p.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${p.sha2.toLowerCase()}\r\n\r\n`,
    ), p.bytes);
  }
  pieces.push(encoder.encode(`\r\n--${boundary}--\r\n`));
  let total = 0;
  for (const piece of pieces) total += piece.length;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    body.set(piece, offset);
    offset += piece.length;
  }
  return { contentType: `multipart/mixed; boundary=${boundary}`, body };
}

// ---------------------------------------------------------------------------------------------
// Statement comparison (1.0.3 Data §2.3.1 "Statement Comparison Requirements"; 2.0.0 §4.2.6):
// differences that the immutability exceptions could cause are ignored, every other one counts.

const DROP = Symbol('drop');

function lower(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/** Timestamps compare as instants (§2.3.1.b4), to the millisecond (Data §4.5.s1.b7). */
function instant(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : new Date(ms).toISOString();
}

/** Durations compare as strings, ignoring precision beyond 0.01 s (Data §4.6.s1.b5, 2.0.0 §4.2.7). */
function duration(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/(\.\d{2})\d+S$/, '$1S') : v;
}

function languageMap(v: unknown): unknown {
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([tag, text]) => [tag.toLowerCase(), text]));
}

function mapFields(o: Record<string, unknown>, f: (key: string, value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const r = f(k, v);
    if (r !== DROP) out[k] = r;
  }
  return out;
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function agentOrGroup(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out = mapFields(v, (k, x) => {
    if (k === 'mbox' && typeof x === 'string') {
      const at = x.lastIndexOf('@'); // the domain of an address is case-insensitive (§2.3.1.b7)
      return at < 0 ? x : x.slice(0, at) + x.slice(at).toLowerCase();
    }
    if (k === 'mbox_sha1sum') return lower(x);
    // Group members are an unordered list (§2.3.1.b5).
    if (k === 'member' && Array.isArray(x)) return x.map(agentOrGroup).sort((a, b) => (stableStringify(a) < stableStringify(b) ? -1 : 1));
    return x;
  });
  out.objectType ??= 'Agent';
  return out;
}

/** An Activity's definition is not part of the Statement (§2.3.1.b2). */
function activity(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out = mapFields(v, (k, x) => (k === 'definition' ? DROP : x));
  out.objectType ??= 'Activity';
  return out;
}

function statementObject(v: unknown): unknown {
  if (!isObject(v)) return v;
  switch (v.objectType ?? 'Activity') {
    case 'Activity': return activity(v);
    case 'Agent': case 'Group': return agentOrGroup(v);
    case 'StatementRef': return mapFields(v, (k, x) => (k === 'id' ? lower(x) : x));
    case 'SubStatement': return statementBody(v);
    default: return v;
  }
}

function context(v: unknown): unknown {
  if (!isObject(v)) return v;
  return mapFields(v, (k, x) => {
    switch (k) {
      case 'registration': case 'language': return lower(x);
      case 'instructor': case 'team': return agentOrGroup(x);
      case 'statement': return statementObject(x);
      // The LRS returns each value as an array (Data §2.4.6.2), so one Activity equals [it].
      case 'contextActivities': return isObject(x)
        ? mapFields(x, (_, list) => (Array.isArray(list) ? list : [list]).map(activity))
        : x;
      case 'contextAgents': return Array.isArray(x) ? x.map((c) => (isObject(c) ? { ...c, agent: agentOrGroup(c.agent) } : c)) : x;
      case 'contextGroups': return Array.isArray(x) ? x.map((c) => (isObject(c) ? { ...c, group: agentOrGroup(c.group) } : c)) : x;
      default: return x;
    }
  });
}

function attachmentObject(v: unknown): unknown {
  if (!isObject(v)) return v;
  return mapFields(v, (k, x) => (k === 'display' || k === 'description' ? languageMap(x) : k === 'sha2' ? lower(x) : x));
}

/** A Statement or SubStatement, without the properties only the LRS sets (§2.3.1.b1). */
function statementBody(v: Record<string, unknown>): Record<string, unknown> {
  const out = mapFields(v, (k, x) => {
    switch (k) {
      case 'stored': case 'authority': return DROP;
      case 'id': return lower(x);
      case 'timestamp': return instant(x);
      case 'actor': return agentOrGroup(x);
      // A Verb's display is not part of the Statement (§2.3.1.b3).
      case 'verb': return isObject(x) ? mapFields(x, (vk, vx) => (vk === 'display' ? DROP : vx)) : x;
      case 'object': return statementObject(x);
      case 'result': return isObject(x) ? mapFields(x, (rk, rx) => (rk === 'duration' ? duration(rx) : rx)) : x;
      case 'context': return context(x);
      case 'attachments': return Array.isArray(x) ? x.map(attachmentObject) : x;
      default: return x;
    }
  });
  if (Array.isArray(out.attachments) && out.attachments.length === 0) delete out.attachments;
  return out;
}

/** id, timestamp and version may be assigned by the LRS when absent: only a present pair is compared. */
function dropOneSided(a: Record<string, unknown>, b: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) {
    if ((k in a) !== (k in b)) {
      delete a[k];
      delete b[k];
    }
  }
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path || '(statement)'} (${a.length} items against ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in a) || !(k in b)) return p;
      const d = firstDifference(a[k], b[k], p);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : path || '(statement)';
}

/**
 * Compares two Statements by the Statement Comparison Requirements and returns the path of the
 * first difference that counts, or null when they match. Ignored: stored, authority; id, timestamp
 * and version when only one side has them; timestamp serialisation; Activity definitions and Verb
 * display; Group member order; case of mbox domains, UUIDs and language tags; duration precision
 * beyond 0.01 s; a single contextActivities Activity against an array of it; an empty attachments
 * array against none.
 */
export function statementDifference(original: unknown, received: unknown): string | null {
  if (!isObject(original) || !isObject(received)) return isObject(original) === isObject(received) && original === received ? null : '(statement)';
  const a = statementBody(original);
  const b = statementBody(received);
  dropOneSided(a, b, ['id', 'timestamp', 'version']);
  if (isObject(a.object) && isObject(b.object) && a.object.objectType === 'SubStatement' && b.object.objectType === 'SubStatement') {
    dropOneSided(a.object, b.object, ['timestamp']);
  }
  return firstDifference(a, b, '');
}

// ---------------------------------------------------------------------------------------------
// Signed statements (1.0.3 Data §2.6.s5, 2.0.0 §4.2.6 "Additional Requirements"): the LRS must
// decode the JWS, check its payload is logically equivalent to the received Statement, check the
// algorithm is RS256/RS384/RS512 and, when the header carries an X.509 certificate (x5c), verify
// the signature against it. Certificate chains are not validated: the spec calls that check a way
// to catch mistakes, not a security measure.

const SIGNATURE_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

function decodeJsonSegment(segment: unknown, what: string, path: string): unknown {
  if (typeof segment !== 'string') fail(400, `${path}: the JWS ${what} is missing`);
  try {
    return JSON.parse(utf8.decode(base64url.decode(segment)));
  } catch {
    fail(400, `${path}: the JWS ${what} is not base64url-encoded JSON (Data §2.6.s4.b3)`);
  }
}

function certificatePem(der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${der.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----`;
}

/**
 * Checks that a signature part is a well-formed JWS for the statement that carries it, and throws
 * fail(400, message naming `${path}.attachments[j]`) when it is not. The signature attachment is
 * the statement's attachment with usageType SIGNATURE_USAGE_TYPE and the part's sha2; the payload
 * must equal the statement without that attachment. xAPI 2.0.0 allows only the Compact
 * Serialization; 1.0.3 also accepts the (discouraged) flattened or general JSON Serialization.
 */
export async function verifySignature(
  statement: StatementLike,
  part: Pick<AttachmentPart, 'sha2' | 'bytes'>,
  options: { path?: string; version?: XapiVersion } = {},
): Promise<void> {
  const { path: base = 'statement', version = '2.0.0' } = options;
  const attachments = Array.isArray(statement.attachments) ? statement.attachments : [];
  const index = attachments.findIndex((a) => isObject(a) && a.usageType === SIGNATURE_USAGE_TYPE && typeof a.sha2 === 'string' && a.sha2.toLowerCase() === part.sha2.toLowerCase());
  const path = `${base}.attachments[${index}]`;
  if (index < 0) fail(400, `${base}.attachments: no signature attachment has sha2 ${part.sha2}`);

  let text: string;
  try {
    text = utf8.decode(part.bytes).trim();
  } catch {
    fail(400, `${path}: the signature is not a JWS (its data is not UTF-8 text)`);
  }
  let jws: FlattenedJWSInput | undefined; // set for the JSON Serialization
  let segments: { protected?: string; payload?: string };
  if (text.startsWith('{')) {
    if (version === '2.0.0') fail(400, `${path}: xAPI 2.0.0 requires the JWS Compact Serialization, not the JSON Serialization (§4.2.6)`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      fail(400, `${path}: the signature is not a JWS (malformed JSON Serialization)`);
    }
    const first = isObject(parsed) && Array.isArray(parsed.signatures) ? parsed.signatures[0] : parsed;
    if (!isObject(parsed) || !isObject(first) || typeof parsed.payload !== 'string' || typeof first.signature !== 'string') {
      fail(400, `${path}: the signature is not a JWS (the JSON Serialization needs payload and signature)`);
    }
    jws = { payload: parsed.payload, signature: first.signature } as FlattenedJWSInput;
    if (typeof first.protected === 'string') jws.protected = first.protected;
    if (isObject(first.header)) jws.header = first.header;
    segments = { protected: first.protected as string | undefined, payload: parsed.payload };
  } else {
    const parts = text.split('.');
    if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p)) || parts[2] === '') {
      fail(400, `${path}: the signature is not a JWS in Compact Serialization (header.payload.signature)`);
    }
    segments = { protected: parts[0], payload: parts[1] };
  }

  // The JSON Serialization may carry its whole header unprotected.
  const protectedHeader = jws && segments.protected === undefined ? {} : decodeJsonSegment(segments.protected, 'protected header', path);
  if (!isObject(protectedHeader)) fail(400, `${path}: the JWS protected header is not a JSON object`);
  const header = { ...(jws?.header ?? {}), ...protectedHeader };
  if (typeof header.alg !== 'string' || !SIGNATURE_ALGORITHMS.includes(header.alg)) {
    fail(400, `${path}: the JWS algorithm must be RS256, RS384 or RS512, got ${JSON.stringify(header.alg ?? null)} (Data §2.6.s4.b4)`);
  }
  const payload = decodeJsonSegment(segments.payload, 'payload', path);
  if (!isObject(payload)) fail(400, `${path}: the JWS payload is not a JSON Statement (Data §2.6.s4.b3)`);

  // The payload is the Statement "before the signature was added": compare without this attachment.
  const received: Record<string, unknown> = { ...statement, attachments: attachments.filter((_, j) => j !== index) };
  const difference = statementDifference(payload, received);
  if (difference !== null) fail(400, `${path}: the signed Statement differs from the received one at ${difference} (Data §2.6.s5.b3)`);

  if (header.x5c !== undefined) {
    const chain = header.x5c;
    if (!Array.isArray(chain) || typeof chain[0] !== 'string') fail(400, `${path}: the JWS header x5c must be an array of base64 certificates`);
    let key: CryptoKey;
    try {
      key = await importX509(certificatePem(chain[0]), header.alg);
    } catch {
      fail(400, `${path}: x5c[0] is not an X.509 certificate with an RSA key`);
    }
    try {
      if (jws) await flattenedVerify(jws, key, { algorithms: [header.alg] });
      else await compactVerify(text, key, { algorithms: [header.alg] });
    } catch {
      fail(400, `${path}: the JWS signature does not verify against the certificate in x5c (Data §2.6.s5.b3.b3)`);
    }
  }
}

/**
 * Checks every signature attachment of every statement (not of SubStatements): its contentType
 * must be application/octet-stream (Data §2.6.s4.b1), and its part, when one was sent, must pass
 * verifySignature. A signature given only by fileUrl cannot be read and is not checked. Call it
 * after matchAttachments, with the map that returned.
 */
export async function verifySignatures(
  statements: StatementLike[],
  matched: Map<string, AttachmentPart>,
  pathPrefix: string,
  version: XapiVersion,
): Promise<void> {
  for (const [i, statement] of statements.entries()) {
    const base = `${pathPrefix}[${i}]`;
    const attachments = Array.isArray(statement.attachments) ? statement.attachments : [];
    for (const [j, a] of attachments.entries()) {
      if (!isObject(a) || a.usageType !== SIGNATURE_USAGE_TYPE) continue;
      if (typeof a.contentType !== 'string' || parseMediaType(a.contentType).essence !== 'application/octet-stream') {
        fail(400, `${base}.attachments[${j}].contentType: a signature must be application/octet-stream, got ${JSON.stringify(a.contentType)} (Data §2.6.s4.b1)`);
      }
      const part = typeof a.sha2 === 'string' ? matched.get(a.sha2.toLowerCase()) : undefined;
      if (part) await verifySignature(statement, part, { path: base, version });
    }
  }
}
