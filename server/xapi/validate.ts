// Exhaustive xAPI statement validation for 1.0.3 and 2.0.0 (IEEE 9274.1.1): property names, types,
// formats and cross-property rules, failing on the first problem with a 400 naming its JSON path.
// Not for what needs storage or the request: id assignment, authority/stored overwrite, attachment payloads, signatures.
import type { XapiVersion } from '../deps.js';
import { fail } from '../errors.js';

export type LanguageMap = Record<string, string>;
export interface Account { homePage: string; name: string }
export interface Agent { objectType?: 'Agent'; name?: string; mbox?: string; mbox_sha1sum?: string; openid?: string; account?: Account }
export interface Group { objectType: 'Group'; name?: string; member?: Agent[]; mbox?: string; mbox_sha1sum?: string; openid?: string; account?: Account }
export interface InteractionComponent { id: string; description?: LanguageMap }
export interface ActivityDefinition {
  name?: LanguageMap; description?: LanguageMap; type?: string; moreInfo?: string; extensions?: Record<string, unknown>;
  interactionType?: string; correctResponsesPattern?: string[];
  choices?: InteractionComponent[]; scale?: InteractionComponent[]; source?: InteractionComponent[]; target?: InteractionComponent[]; steps?: InteractionComponent[];
}
export interface Activity { objectType?: 'Activity'; id: string; definition?: ActivityDefinition }
export interface StatementRef { objectType: 'StatementRef'; id: string }
export interface Attachment { usageType: string; display: Record<string, string>; description?: Record<string, string>; contentType: string; length: number; sha2: string; fileUrl?: string }
export type Statement = {
  id?: string; actor: any; verb: { id: string; display?: Record<string, string> }; object: any; result?: any; context?: any;
  timestamp?: string; stored?: string; authority?: any; version?: string; attachments?: Attachment[]; [k: string]: unknown;
};

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

// ---------------------------------------------------------------------------------------------
// Formats. Regexes are compiled once; every check is a plain function with no allocation on success.

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3987 best effort (allowed by Data 2.2.s4.b6): a scheme, then no whitespace, controls or
// characters IRIs never contain. The scheme check is what rejects "ab=c://x" and relative references.
const IRI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\x00-\x1f\x7f-\x9f]+$/;
// URIs (openid) are IRIs restricted to ASCII.
const URI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[!#-;=?-\[\]_a-z~]+$/;
const MBOX_RE = /^mailto:[^@\s:/?#]+@[^@\s.?#][^@\s?#]*$/i;
const SHA1_RE = /^[0-9a-f]{40}$/i;
const SHA2_RE = /^(?:[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;
// RFC 2046/6838 type "/" subtype, parameters accepted as written.
const MEDIA_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\s*;.*)?$/s;
// ISO 8601:2004 4.4.3.2 format with designators (PnYnMnDTnHnMnS or PnW); the alternative format is not allowed.
const DURATION_RE = /^P(?!$)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?$|^P\d+(?:[.,]\d+)?W$/;
// ISO 8601 allows a decimal fraction only on the lowest-order component.
const DURATION_FRACTION_NOT_LAST_RE = /[.,]\d+[YMWDHS]./;
// ISO 8601 combined date and time, extended or basic format; RFC 3339's space separator is accepted too.
const TS_EXTENDED_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const TS_BASIC_RE = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(?:(\d{2})(?:[.,]\d+)?)?(?:([Zz])|([+-])(\d{2})(\d{2})?)?$/;
/** The readable definitions that the hand-written scanners below implement exactly; tests hold them to it. */
export const FORMAT_PATTERNS = { uuid: UUID_RE, iri: IRI_RE, timestampExtended: TS_EXTENDED_RE, timestampBasic: TS_BASIC_RE } as const;
const VERSION_103_RE = /^1\.0(?:\.\d+)?$/;
const VERSION_200_RE = /^(?:1|2)\.0(?:\.\d+)?$/;

// RFC 5646 §2.1 langtag, privateuse or grandfathered; well-formedness only (Data 2.2.s4.b2 asks for
// "the sequence of token lengths"), plus the §2.2.5/§2.2.6 bans on repeated variants and singletons.
const LANGTAG_RE = /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?((?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*)((?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*)(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+)$/i;
const GRANDFATHERED = new Set([
  'en-gb-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo', 'i-navajo', 'i-pwn',
  'i-tao', 'i-tay', 'i-tsu', 'sgn-be-fr', 'sgn-be-nl', 'sgn-ch-de', 'art-lojban', 'cel-gaulish', 'no-bok', 'no-nyn',
  'zh-guoyu', 'zh-hakka', 'zh-min', 'zh-min-nan', 'zh-xiang',
]);
// Statements repeat a handful of tags; remembering good ones skips the regex. Bounded so hostile input cannot grow it.
const goodTags = new Set<string>();

function hasDuplicate(parts: string[]): boolean {
  for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) if (parts[i] === parts[j]) return true;
  return false;
}

function checkLanguageTag(s: string): boolean {
  const m = LANGTAG_RE.exec(s);
  if (m === null) return GRANDFATHERED.has(s.toLowerCase());
  const variants = m[1];
  if (variants) {
    const v = variants.toLowerCase().split('-');
    v.shift();
    if (hasDuplicate(v)) return false;
  }
  const extensions = m[2];
  if (extensions) {
    const singletons = extensions.toLowerCase().split('-').filter((p) => p.length === 1);
    if (hasDuplicate(singletons)) return false;
  }
  return true;
}

/** RFC 5646 well-formed language tag (case-insensitive). */
export function isLanguageTag(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  if (goodTags.has(s)) return true;
  if (!checkLanguageTag(s)) return false;
  if (goodTags.size < 1024) goodTags.add(s);
  return true;
}

// Hand-written scanners for the two formats every statement carries many of; they accept exactly
// what UUID_RE and IRI_RE accept (the regexes stay as the readable definition) at a fraction of the cost.
const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
const SCHEME = new Uint8Array(128); // characters allowed after a scheme's first letter
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-') SCHEME[c.charCodeAt(0)] = 1;
const IRI_ASCII = new Uint8Array(128); // ASCII allowed after the scheme: printable, minus what IRI_RE excludes
for (let c = 0x21; c < 0x7f; c++) if (!'<>"{}|\\^`'.includes(String.fromCharCode(c))) IRI_ASCII[c] = 1;

function uuidOk(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (c > 127 || HEX[c] === 0) {
      return false;
    }
  }
  return true;
}

/** Non-ASCII code units IRI_RE rejects: C1 controls, NBSP and the other Unicode spaces of \s. */
function badWide(c: number): boolean {
  return c <= 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function iriOk(s: string): boolean {
  const n = s.length;
  let c = s.charCodeAt(0) | 32;
  if (!(c >= 97 && c <= 122)) return false;
  let i = 1;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c === 58) break;
    if (c > 127 || SCHEME[c] === 0) return false;
  }
  if (i >= n - 1) return false; // no ":" or nothing after it
  for (i++; i < n; i++) {
    c = s.charCodeAt(i);
    if (c < 128 ? IRI_ASCII[c] === 0 : badWide(c)) return false;
  }
  return true;
}

/** UUID in standard string form, any version or variant, either case (Data 2.4.1, 4.4). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && uuidOk(s);
}

/** Absolute IRI (best effort, RFC 3987): has a scheme, no whitespace or forbidden characters. */
export function isIri(s: unknown): s is string {
  return typeof s === 'string' && iriOk(s);
}

/** IRL: an IRI meant to be resolved. Validated like an IRI (Data 2.2.s4.b6 allows best effort). */
export function isIrl(s: unknown): s is string {
  return typeof s === 'string' && iriOk(s);
}

/** ISO 8601:2004 §4.4.3.2 duration, e.g. PT4H35M59.14S, P3Y, P4W (not P4W1D, not the alternative format). */
export function isIsoDuration(s: unknown): s is string {
  return typeof s === 'string' && DURATION_RE.test(s) && !DURATION_FRACTION_NOT_LAST_RE.test(s);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Reads `n` decimal digits at `i`; -1 if any is missing or not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = s.charCodeAt(i + k) - 48;
    if (!(d >= 0 && d <= 9)) return -1; // NaN past the end fails too
    v = v * 10 + d;
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * ISO 8601 combined date and time (Data 4.5) naming a real instant: month, day, hour, minute and second in range
 * (no leap second, no 24:00), offsets within ±23:59 and never the "unknown offset" -00, -0000 or -00:00.
 * Extended (2015-11-18T12:17:00.5+07:00) or basic (20151118T121700Z) format; RFC 3339's space separator too.
 * 1.0.3 only recommends a time zone; 2.0.0 requires one. Same language as TS_EXTENDED_RE / TS_BASIC_RE, by hand for speed.
 */
export function isIsoTimestamp(s: unknown, version: XapiVersion): s is string {
  if (typeof s !== 'string') return false;
  const len = s.length;
  const year = digits(s, 0, 4);
  if (year < 0) return false;
  const ext = s.charCodeAt(4) === 45;
  let month: number, day: number, i: number;
  if (ext) {
    month = digits(s, 5, 2);
    if (s.charCodeAt(7) !== 45) return false;
    day = digits(s, 8, 2);
    i = 10;
  } else {
    month = digits(s, 4, 2);
    day = digits(s, 6, 2);
    i = 8;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  const sep = s.charCodeAt(i++);
  if (!(sep === 84 || sep === 116 || (sep === 32 && ext))) return false;
  const hour = digits(s, i, 2);
  if (hour < 0 || hour > 23) return false;
  i += 2;
  if (ext) {
    if (s.charCodeAt(i) !== 58) return false;
    i++;
  }
  const minute = digits(s, i, 2);
  if (minute < 0 || minute > 59) return false;
  i += 2;
  if (ext ? s.charCodeAt(i) === 58 : isDigit(s.charCodeAt(i))) {
    if (ext) i++;
    const second = digits(s, i, 2);
    if (second < 0 || second > 59) return false;
    i += 2;
    const f = s.charCodeAt(i);
    if (f === 46 || f === 44) {
      const start = ++i;
      while (i < len && isDigit(s.charCodeAt(i))) i++;
      if (i === start) return false;
    }
  }
  if (i === len) return version !== '2.0.0';
  const z = s.charCodeAt(i++);
  if (z === 90 || z === 122) return i === len;
  if (z !== 43 && z !== 45) return false;
  const oh = digits(s, i, 2);
  if (oh < 0 || oh > 23) return false;
  i += 2;
  let om = 0;
  if (i < len) {
    if (ext && s.charCodeAt(i) === 58) i++;
    om = digits(s, i, 2);
    if (om < 0 || om > 59) return false;
    i += 2;
    if (i !== len) return false;
  }
  return !(z === 45 && oh === 0 && om === 0);
}

// ---------------------------------------------------------------------------------------------
// Failure helpers: only called on the unhappy path, so they may allocate freely.

function bad(path: string, what: string): never {
  fail(400, `${path}: ${what}`);
}

function expected(path: string, what: string, v: unknown): never {
  bad(path, v === null ? `must be ${what}, not null` : `must be ${what}`);
}

const IDENT_RE = /^[A-Za-z_$][\w$-]*$/; // language tags read better unquoted
function child(path: string, key: string): string {
  return IDENT_RE.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function unknown(path: string, key: string): never {
  bad(child(path, key), 'unknown property');
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, path: string): void {
  if (typeof v !== 'string') expected(path, 'a string', v);
}

function iri(v: unknown, path: string): void {
  if (typeof v !== 'string' || !iriOk(v)) expected(path, 'an absolute IRI', v);
}

function irl(v: unknown, path: string): void {
  if (typeof v !== 'string' || !iriOk(v)) expected(path, 'an absolute IRL', v);
}

function uuid(v: unknown, path: string): void {
  if (typeof v !== 'string' || !uuidOk(v)) expected(path, 'a UUID', v);
}

function num(v: unknown, path: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) expected(path, 'a number', v);
}

function bool(v: unknown, path: string): void {
  if (typeof v !== 'boolean') expected(path, 'a boolean', v);
}

function timestamp(v: unknown, path: string, version: XapiVersion): void {
  if (!isIsoTimestamp(v, version)) {
    expected(path, version === '2.0.0' ? 'an ISO 8601 date and time with a time zone offset' : 'an ISO 8601 date and time', v);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared structures.

/** Language map (Data 4.2): an object whose keys are RFC 5646 tags and whose values are strings. */
export function validateLanguageMap(v: unknown, path: string): asserts v is LanguageMap {
  if (!isObj(v)) expected(path, 'a language map object', v);
  for (const k in v) {
    if (!isLanguageTag(k)) bad(child(path, k), 'key must be an RFC 5646 language tag');
    if (typeof v[k] !== 'string') expected(child(path, k), 'a string', v[k]);
  }
}

/** Extensions (Data 4.1): keys are IRIs; values are anything, null included, and never judged. */
function extensions(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'an object whose keys are IRIs', v);
  for (const k in v) if (!iriOk(k)) bad(child(path, k), 'extension key must be an absolute IRI');
}

function account(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'an account object with homePage and name', v);
  let homePage = false, name = false;
  for (const k in v) {
    switch (k) {
      case 'homePage': irl(v[k], path + '.homePage'); homePage = true; break;
      case 'name': str(v[k], path + '.name'); name = true; break;
      default: unknown(path, k);
    }
  }
  if (!homePage) bad(path + '.homePage', 'required');
  if (!name) bad(path + '.name', 'required');
}

/** Validates one IFI property; returns false for a key that is not an IFI. */
function ifi(k: string, v: unknown, path: string): boolean {
  switch (k) {
    case 'mbox':
      if (typeof v !== 'string' || !MBOX_RE.test(v)) expected(path + '.mbox', 'a mailto: IRI (mailto:name@example.com)', v);
      return true;
    case 'mbox_sha1sum':
      if (typeof v !== 'string' || !SHA1_RE.test(v)) expected(path + '.mbox_sha1sum', 'a hex-encoded SHA-1 hash (40 hex digits)', v);
      return true;
    case 'openid':
      if (typeof v !== 'string' || !URI_RE.test(v)) expected(path + '.openid', 'an absolute URI', v);
      return true;
    case 'account':
      account(v, path + '.account');
      return true;
    default:
      return false;
  }
}

const IFI_LIST = 'mbox, mbox_sha1sum, openid, account';

/** Agent (Data 2.4.2.1): exactly one IFI; objectType "Agent" when present (or when required). */
function agent(v: unknown, path: string, requireObjectType: boolean): void {
  if (!isObj(v)) expected(path, 'an Agent object', v);
  let ifis = 0;
  for (const k in v) {
    const x = v[k];
    if (k === 'objectType') {
      if (x !== 'Agent') {
        if (x === 'Group') bad(path, 'must be an Agent, not a Group');
        expected(path + '.objectType', '"Agent"', x);
      }
    } else if (k === 'name') {
      str(x, path + '.name');
    } else if (ifi(k, x, path)) {
      ifis++;
    } else if (k === 'member') {
      bad(path + '.member', 'only a Group has members (objectType "Group")');
    } else {
      unknown(path, k);
    }
  }
  if (requireObjectType && v.objectType === undefined) bad(path + '.objectType', 'required ("Agent")');
  if (ifis !== 1) bad(path, ifis === 0 ? `an Agent needs one inverse functional identifier (${IFI_LIST})` : `an Agent must have exactly one of ${IFI_LIST}, not ${ifis}`);
}

/**
 * Group (Data 2.4.2.2): objectType "Group"; an Identified Group has exactly one IFI, an Anonymous Group has none
 * and lists at least one member; members are Agents only. Returns the number of IFIs (0 or 1).
 */
function group(v: unknown, path: string): number {
  if (!isObj(v)) expected(path, 'a Group object', v);
  let ifis = 0;
  let member: unknown;
  for (const k in v) {
    const x = v[k];
    if (k === 'objectType') {
      if (x !== 'Group') expected(path + '.objectType', '"Group"', x);
    } else if (k === 'name') {
      str(x, path + '.name');
    } else if (k === 'member') {
      member = x;
      if (!Array.isArray(x)) expected(path + '.member', 'an array of Agents', x);
      for (let i = 0; i < x.length; i++) {
        const m = x[i];
        if (isObj(m) && m.objectType === 'Group') bad(`${path}.member[${i}]`, 'must be an Agent: a Group cannot be a member of a Group');
        agent(m, `${path}.member[${i}]`, false);
      }
    } else if (ifi(k, x, path)) {
      ifis++;
    } else {
      unknown(path, k);
    }
  }
  if (v.objectType === undefined) bad(path + '.objectType', 'required ("Group")');
  if (ifis > 1) bad(path, `an Identified Group must have exactly one of ${IFI_LIST}, not ${ifis}`);
  if (ifis === 0 && (member === undefined || (member as unknown[]).length === 0)) {
    bad(path + '.member', `an Anonymous Group (no ${IFI_LIST}) must list at least one member Agent`);
  }
  return ifis;
}

/** Agent or Group, chosen by objectType (absent means Agent). */
function actor(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'an Agent or Group object', v);
  const t = v.objectType;
  if (t === 'Group') group(v, path);
  else if (t === undefined || t === 'Agent') agent(v, path, false);
  else expected(path + '.objectType', '"Agent" or "Group"', t);
}

/** Validates an Agent or Group outside a statement (e.g. a query parameter); path names it in messages. */
export function validateActor(input: unknown, path: string): void {
  actor(input, path);
}

function verb(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'a Verb object', v);
  let id = false;
  for (const k in v) {
    switch (k) {
      case 'id': iri(v[k], path + '.id'); id = true; break;
      case 'display': validateLanguageMap(v[k], path + '.display'); break;
      default: unknown(path, k);
    }
  }
  if (!id) bad(path + '.id', 'required');
}

function statementRef(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'a StatementRef object', v);
  let id = false;
  for (const k in v) {
    switch (k) {
      case 'objectType': if (v[k] !== 'StatementRef') expected(path + '.objectType', '"StatementRef"', v[k]); break;
      case 'id': uuid(v[k], path + '.id'); id = true; break;
      default: unknown(path, k);
    }
  }
  if (v.objectType === undefined) bad(path + '.objectType', 'required ("StatementRef")');
  if (!id) bad(path + '.id', 'required');
}

// ---------------------------------------------------------------------------------------------
// Activities.

function components(v: unknown, path: string): void {
  if (!Array.isArray(v)) expected(path, 'an array of interaction components', v);
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    const p = `${path}[${i}]`;
    if (!isObj(c)) expected(p, 'an interaction component object', c);
    let hasId = false;
    for (const k in c) {
      switch (k) {
        case 'id': str(c[k], p + '.id'); hasId = true; break;
        case 'description': validateLanguageMap(c[k], p + '.description'); break;
        default: unknown(p, k);
      }
    }
    if (!hasId) bad(p + '.id', 'required');
  }
  // Data 2.4.4.1.s16.b1: ids are distinct within one list.
  const list = v as InteractionComponent[];
  if (list.length < 2) return;
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const id = list[i]!.id;
    if (seen.has(id)) bad(`${path}[${i}].id`, `must be distinct within the list ("${id}" appears more than once)`);
    seen.add(id);
  }
}

/** Which interaction component lists each interactionType supports (Data 2.4.4.1.s15 table 2). */
function componentAllowed(list: string, type: string): boolean {
  switch (list) {
    case 'choices': return type === 'choice' || type === 'sequencing';
    case 'scale': return type === 'likert';
    case 'source': case 'target': return type === 'matching';
    case 'steps': return type === 'performance';
    default: return false;
  }
}

function isInteractionType(t: unknown): boolean {
  switch (t) {
    case 'true-false': case 'choice': case 'fill-in': case 'long-fill-in': case 'matching':
    case 'performance': case 'sequencing': case 'likert': case 'numeric': case 'other':
      return true;
    default:
      return false;
  }
}

const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

function definition(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'an Activity Definition object', v);
  let interaction: string | undefined;
  for (const k in v) {
    const x = v[k];
    switch (k) {
      case 'name': case 'description': validateLanguageMap(x, path + '.' + k); break;
      case 'type': iri(x, path + '.type'); break;
      case 'moreInfo': irl(x, path + '.moreInfo'); break;
      case 'extensions': extensions(x, path + '.extensions'); break;
      case 'interactionType':
        if (!isInteractionType(x)) {
          expected(path + '.interactionType', 'one of "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"', x);
        }
        break;
      case 'correctResponsesPattern':
        if (!Array.isArray(x)) expected(path + '.correctResponsesPattern', 'an array of strings', x);
        for (let i = 0; i < x.length; i++) str(x[i], `${path}.correctResponsesPattern[${i}]`);
        interaction ??= k;
        break;
      case 'choices': case 'scale': case 'source': case 'target': case 'steps':
        components(x, path + '.' + k);
        interaction ??= k;
        break;
      default: unknown(path, k);
    }
  }
  if (interaction === undefined) return;
  const type = v.interactionType as string | undefined;
  if (type === undefined) bad(path + '.interactionType', `required when ${interaction} is present (an Interaction Activity needs a valid interactionType)`);
  for (const list of COMPONENT_LISTS) {
    if (v[list] !== undefined && !componentAllowed(list, type)) bad(path + '.' + list, `not allowed for interactionType "${type}"`);
  }
}

/** On the failure path only: what an object without objectType was probably meant to be. */
function missingObjectTypeHint(v: Record<string, unknown>, key: string): string {
  switch (key) {
    case 'mbox': case 'mbox_sha1sum': case 'openid': case 'account': case 'member': case 'name':
      return 'unknown property (an Agent or Group used as an object must state its objectType)';
    case 'actor': case 'verb': case 'object': case 'result': case 'context': case 'timestamp':
      return v.objectType === undefined ? 'unknown property (a SubStatement must state objectType "SubStatement")' : 'unknown property';
    default:
      return 'unknown property';
  }
}

function activity(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'an Activity object', v);
  let id = false;
  for (const k in v) {
    const x = v[k];
    switch (k) {
      case 'objectType': if (x !== 'Activity') expected(path + '.objectType', '"Activity"', x); break;
      case 'id':
        if (typeof x === 'string' && !iriOk(x) && uuidOk(x) && v.objectType === undefined) {
          bad(path + '.id', 'must be an absolute IRI (a StatementRef must state objectType "StatementRef")');
        }
        iri(x, path + '.id');
        id = true;
        break;
      case 'definition': definition(x, path + '.definition'); break;
      default: bad(child(path, k), missingObjectTypeHint(v, k));
    }
  }
  if (!id) bad(path + '.id', 'required');
}

// ---------------------------------------------------------------------------------------------
// Result, context, attachments.

function score(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'a score object', v);
  for (const k in v) {
    switch (k) {
      case 'scaled': case 'raw': case 'min': case 'max': num(v[k], path + '.' + k); break;
      default: unknown(path, k);
    }
  }
  const { scaled, raw, min, max } = v as { scaled?: number; raw?: number; min?: number; max?: number };
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) bad(path + '.scaled', 'must be between -1 and 1 inclusive');
  if (min !== undefined && max !== undefined && !(min < max)) bad(path + '.min', 'must be less than max');
  if (raw !== undefined) {
    if (min !== undefined && raw < min) bad(path + '.raw', 'must not be less than min');
    if (max !== undefined && raw > max) bad(path + '.raw', 'must not be greater than max');
  }
}

function result(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'a result object', v);
  for (const k in v) {
    const x = v[k];
    switch (k) {
      case 'score': score(x, path + '.score'); break;
      case 'success': case 'completion': bool(x, path + '.' + k); break;
      case 'response': str(x, path + '.response'); break;
      case 'duration': if (!isIsoDuration(x)) expected(path + '.duration', 'an ISO 8601 duration (e.g. PT1H30M5.2S)', x); break;
      case 'extensions': extensions(x, path + '.extensions'); break;
      default: unknown(path, k);
    }
  }
}

function contextActivities(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'a contextActivities object', v);
  for (const k in v) {
    switch (k) {
      case 'parent': case 'grouping': case 'category': case 'other': {
        const x = v[k];
        const p = path + '.' + k;
        // A single Activity is accepted (Data 2.4.6.2.s4.b2); the store returns it as an array of one.
        if (Array.isArray(x)) for (let i = 0; i < x.length; i++) activity(x[i], `${p}[${i}]`);
        else if (isObj(x)) activity(x, p);
        else expected(p, 'an Activity or an array of Activities', x);
        break;
      }
      default: unknown(path, k);
    }
  }
}

function relevantTypes(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length === 0) expected(path, 'a non-empty array of IRIs', v);
  for (let i = 0; i < v.length; i++) iri(v[i], `${path}[${i}]`);
}

/** xAPI 2.0.0 contextAgents: [{ objectType: "contextAgent", agent: Agent, relevantTypes?: IRI[] }]. */
function contextAgents(v: unknown, path: string): void {
  if (!Array.isArray(v)) expected(path, 'an array of contextAgent objects', v);
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    const p = `${path}[${i}]`;
    if (!isObj(c)) expected(p, 'a contextAgent object', c);
    let hasAgent = false;
    for (const k in c) {
      const x = c[k];
      switch (k) {
        case 'objectType': if (x !== 'contextAgent') expected(p + '.objectType', '"contextAgent"', x); break;
        case 'agent':
          if (isObj(x) && x.objectType === 'Group') bad(p + '.agent', 'must be an Agent, not a Group (use contextGroups)');
          agent(x, p + '.agent', false);
          hasAgent = true;
          break;
        case 'relevantTypes': relevantTypes(x, p + '.relevantTypes'); break;
        default: unknown(p, k);
      }
    }
    if (c.objectType === undefined) bad(p + '.objectType', 'required ("contextAgent")');
    if (!hasAgent) bad(p + '.agent', 'required');
  }
}

/** xAPI 2.0.0 contextGroups: [{ objectType: "contextGroup", group: Group, relevantTypes?: IRI[] }]. */
function contextGroups(v: unknown, path: string): void {
  if (!Array.isArray(v)) expected(path, 'an array of contextGroup objects', v);
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    const p = `${path}[${i}]`;
    if (!isObj(c)) expected(p, 'a contextGroup object', c);
    let hasGroup = false;
    for (const k in c) {
      const x = c[k];
      switch (k) {
        case 'objectType': if (x !== 'contextGroup') expected(p + '.objectType', '"contextGroup"', x); break;
        case 'group':
          if (!isObj(x) || x.objectType !== 'Group') expected(p + '.group', 'a Group object (objectType "Group")', x);
          group(x, p + '.group');
          hasGroup = true;
          break;
        case 'relevantTypes': relevantTypes(x, p + '.relevantTypes'); break;
        default: unknown(p, k);
      }
    }
    if (c.objectType === undefined) bad(p + '.objectType', 'required ("contextGroup")');
    if (!hasGroup) bad(p + '.group', 'required');
  }
}

function context(v: unknown, path: string, objectIsActivity: boolean, v2: boolean): void {
  if (!isObj(v)) expected(path, 'a context object', v);
  for (const k in v) {
    const x = v[k];
    switch (k) {
      case 'registration': uuid(x, path + '.registration'); break;
      case 'instructor': actor(x, path + '.instructor'); break;
      case 'team':
        if (!isObj(x) || x.objectType !== 'Group') expected(path + '.team', 'a Group object (objectType "Group")', x);
        group(x, path + '.team');
        break;
      case 'contextActivities': contextActivities(x, path + '.contextActivities'); break;
      case 'revision': case 'platform':
        str(x, path + '.' + k);
        if (!objectIsActivity) bad(path + '.' + k, "only allowed when the statement's object is an Activity");
        break;
      case 'language': if (!isLanguageTag(x)) expected(path + '.language', 'an RFC 5646 language tag', x); break;
      case 'statement': statementRef(x, path + '.statement'); break;
      case 'extensions': extensions(x, path + '.extensions'); break;
      case 'contextAgents': if (!v2) unknown(path, k); contextAgents(x, path + '.contextAgents'); break;
      case 'contextGroups': if (!v2) unknown(path, k); contextGroups(x, path + '.contextGroups'); break;
      default: unknown(path, k);
    }
  }
}

function attachments(v: unknown, path: string): void {
  if (!Array.isArray(v)) expected(path, 'an array of Attachment objects', v);
  for (let i = 0; i < v.length; i++) {
    const a: unknown = v[i];
    const p = `${path}[${i}]`;
    if (!isObj(a)) expected(p, 'an Attachment object', a);
    for (const k in a) {
      const x = a[k];
      switch (k) {
        case 'usageType': iri(x, p + '.usageType'); break;
        case 'display': case 'description': validateLanguageMap(x, p + '.' + k); break;
        case 'contentType': if (typeof x !== 'string' || !MEDIA_TYPE_RE.test(x)) expected(p + '.contentType', 'an Internet Media Type (e.g. "image/png")', x); break;
        case 'length': if (!Number.isSafeInteger(x) || (x as number) < 0) expected(p + '.length', 'a non-negative integer (octets)', x); break;
        case 'sha2': if (typeof x !== 'string' || !SHA2_RE.test(x)) expected(p + '.sha2', 'a hex-encoded SHA-2 hash', x); break;
        case 'fileUrl': irl(x, p + '.fileUrl'); break;
        default: unknown(p, k);
      }
    }
    if (a.usageType === undefined) bad(p + '.usageType', 'required');
    if (a.display === undefined) bad(p + '.display', 'required');
    if (a.contentType === undefined) bad(p + '.contentType', 'required');
    if (a.length === undefined) bad(p + '.length', 'required');
    if (a.sha2 === undefined) bad(p + '.sha2', 'required');
  }
}

/** Authority (Data 2.4.9): an Agent, or for 3-legged OAuth an anonymous Group of exactly two Agents. */
function authority(v: unknown, path: string): void {
  if (!isObj(v)) expected(path, 'an Agent or Group object', v);
  if (v.objectType === 'Group') {
    const ifis = group(v, path);
    const member = v.member as unknown[];
    if (ifis !== 0 || member.length !== 2) bad(path, 'a Group authority must be an anonymous Group of exactly two Agents (3-legged OAuth)');
  } else {
    actor(v, path);
  }
}

// ---------------------------------------------------------------------------------------------
// Statements and SubStatements.

type ObjectKind = 'Activity' | 'Agent' | 'Group' | 'StatementRef' | 'SubStatement';

function object(v: unknown, path: string, version: XapiVersion, inSub: boolean): ObjectKind {
  if (!isObj(v)) expected(path, 'an Activity, Agent, Group, StatementRef or SubStatement object', v);
  const t = v.objectType;
  switch (t) {
    case undefined: case 'Activity': activity(v, path); return 'Activity';
    case 'Agent': agent(v, path, true); return 'Agent';
    case 'Group': group(v, path); return 'Group';
    case 'StatementRef': statementRef(v, path); return 'StatementRef';
    case 'SubStatement':
      if (inSub) bad(path, 'a SubStatement cannot contain a SubStatement');
      body(v, path, version, true);
      return 'SubStatement';
    default:
      expected(path + '.objectType', 'one of "Activity", "Agent", "Group", "StatementRef", "SubStatement"', t);
  }
}

function body(s: Record<string, unknown>, path: string, version: XapiVersion, sub: boolean): void {
  for (const k in s) {
    const x = s[k];
    switch (k) {
      case 'actor': case 'verb': case 'object': case 'result': case 'context': case 'attachments': break;
      case 'timestamp': timestamp(x, path + '.timestamp', version); break;
      case 'objectType': if (!sub) unknown(path, k); break; // checked by the caller that dispatched here
      case 'id': case 'stored': case 'version': case 'authority':
        if (sub) bad(path + '.' + k, 'not allowed in a SubStatement');
        if (k === 'id') uuid(x, path + '.id');
        else if (k === 'stored') timestamp(x, path + '.stored', version);
        else if (k === 'version') {
          if (typeof x !== 'string' || !(version === '2.0.0' ? VERSION_200_RE : VERSION_103_RE).test(x)) {
            expected(path + '.version', version === '2.0.0' ? 'a 1.0.x or 2.0.x version' : 'a 1.0.x version', x);
          }
        } else authority(x, path + '.authority');
        break;
      default: unknown(path, k);
    }
  }
  if (s.actor === undefined) bad(path + '.actor', 'required');
  actor(s.actor, path + '.actor');
  if (s.verb === undefined) bad(path + '.verb', 'required');
  verb(s.verb, path + '.verb');
  if (s.object === undefined) bad(path + '.object', 'required');
  const kind = object(s.object, path + '.object', version, sub);
  // Data 2.3.2.s2: a voiding statement's object is the StatementRef of the statement it voids.
  if (!sub && kind !== 'StatementRef' && (s.verb as { id: string }).id === VOIDED_VERB) {
    bad(path + '.object', `a voiding statement (verb ${VOIDED_VERB}) must have a StatementRef object`);
  }
  if (s.result !== undefined) result(s.result, path + '.result');
  if (s.context !== undefined) context(s.context, path + '.context', kind === 'Activity', version === '2.0.0');
  if (s.attachments !== undefined) attachments(s.attachments, path + '.attachments');
}

/**
 * Throws fail(400, "<path>: <what is wrong>") on the first problem; returns the input typed as Statement.
 * path defaults to "statement"; for batches the caller passes e.g. "statements[3]".
 */
export function validateStatement(input: unknown, version: XapiVersion, path = 'statement'): Statement {
  if (!isObj(input)) expected(path, 'a Statement object', input);
  body(input, path, version, false);
  return input as Statement;
}
