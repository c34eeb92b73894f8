// What a certificate says and how it is signed and checked: the JWS payload, the
// verification code, and verify(), which tells valid / expired / revoked / forged apart.
// Not for deciding who gets a certificate (issue.ts) or for rendering it (pages.ts).
import { CompactSign, compactVerify, decodeProtectedHeader, errors } from 'jose';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { publicKeyFor, SIGNING_ALG, type SigningKey } from './keys.js';

/** The JWS "typ" of a Champa certificate (RFC 8725 §3.11: explicit typing). */
export const CERTIFICATE_TYP = 'champa-certificate+jwt';

export interface Localized {
  lo: string;
  en: string;
}

/**
 * The signed payload. Registered JWT claim names where one fits, so that a generic JWT tool
 * shows the dates: iss (the deployment's URL), jti (the verification code), iat and exp
 * (seconds since 1970, UTC; no exp when the certificate does not expire).
 */
export interface CertificatePayload {
  iss: string;
  jti: string;
  iat: number;
  exp?: number;
  /** The learner's name as it was on the day of issue. */
  name: string;
  course: { slug: string; version: string; title: Localized };
  issuer: Localized;
}

// Crockford base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CERTIFICATE_ID_RE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A new verification code: 60 random bits as XXXX-XXXX-XXXX. */
export function newCertificateId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let out = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += CROCKFORD[bytes[i]! & 31];
  }
  return out;
}

/**
 * A typed code as the canonical id: upper case, and the letters Crockford reads as digits
 * (O→0, I/L→1) mapped, hyphens and spaces ignored. null when it cannot be a code.
 */
export function normaliseCertificateId(input: string): string | null {
  const chars = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(chars)) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** The link a certificate's QR code carries: the verify page with the signed certificate. */
export const verifyUrl = (publicUrl: string, jws: string) => `${publicUrl}/verify?c=${jws}`;

/** Signs the payload as a compact JWS with the current key. */
export function signCertificate(payload: CertificatePayload, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: CERTIFICATE_TYP })
    .sign(key.privateKey);
}

export type ForgedReason = 'malformed' | 'unknown-key' | 'bad-signature';

export type SignatureCheck =
  | { ok: true; kid: string; payload: CertificatePayload }
  | { ok: false; reason: ForgedReason; detail: string };

function isPayload(v: unknown): v is CertificatePayload {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  const course = p.course as Record<string, unknown> | undefined;
  const loc = (x: unknown) => typeof x === 'object' && x !== null && typeof (x as Localized).lo === 'string' && typeof (x as Localized).en === 'string';
  return (
    typeof p.iss === 'string' &&
    typeof p.jti === 'string' &&
    typeof p.iat === 'number' &&
    (p.exp === undefined || typeof p.exp === 'number') &&
    typeof p.name === 'string' &&
    typeof course === 'object' &&
    course !== null &&
    typeof course.slug === 'string' &&
    typeof course.version === 'string' &&
    loc(course.title) &&
    loc(p.issuer)
  );
}

/**
 * Checks a compact JWS against this deployment's keys: the key named by kid must be one that
 * signed for this deployment, the algorithm ES256 and the type a Champa certificate. Says
 * nothing about revocation or expiry (status() does).
 */
export async function checkSignature(db: Kysely<DB>, jws: string): Promise<SignatureCheck> {
  let kid: string;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.alg !== SIGNING_ALG) return { ok: false, reason: 'malformed', detail: `header.alg: must be ${SIGNING_ALG}` };
    if (header.typ !== CERTIFICATE_TYP) return { ok: false, reason: 'malformed', detail: `header.typ: must be ${CERTIFICATE_TYP}` };
    if (typeof header.kid !== 'string' || header.kid === '') return { ok: false, reason: 'malformed', detail: 'header.kid: required' };
    kid = header.kid;
  } catch {
    return { ok: false, reason: 'malformed', detail: 'not a compact JWS' };
  }
  const key = await publicKeyFor(db, kid);
  if (!key) return { ok: false, reason: 'unknown-key', detail: `header.kid: ${kid} is not a key of this deployment` };
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(jws, key, { algorithms: [SIGNING_ALG] }));
  } catch (err) {
    if (err instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'bad-signature', detail: 'the signature does not match the content' };
    return { ok: false, reason: 'malformed', detail: err instanceof Error ? err.message : 'not a compact JWS' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(payloadBytes));
  } catch {
    return { ok: false, reason: 'malformed', detail: 'payload: not JSON' };
  }
  // Only a key of ours signed this, so a wrong shape is a bug or an old format, not a forgery
  // by an outsider; still nothing to vouch for.
  if (!isPayload(payload)) return { ok: false, reason: 'malformed', detail: 'payload: not a Champa certificate' };
  return { ok: true, kid, payload };
}

export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'forged' | 'not-found';

/** The row fields verification needs. */
export interface CertificateRecord {
  id: string;
  jws: string;
  status: 'active' | 'revoked' | string;
  expires: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface Verification {
  status: CertificateStatus;
  /** For forged: which check failed. */
  reason?: ForgedReason | 'not-issued' | 'record-mismatch';
  detail?: string;
  /** The signed content, when the signature holds. */
  payload?: CertificatePayload;
  revoked?: { at: string; reason: string };
}

/**
 * The verdict on a certificate presented as a JWS (from a QR code) or looked up by its code.
 * The signature is checked first (a JWS that fails is forged whatever the database says);
 * then the record decides: revoked before expired, both checked online against `now`.
 */
export async function verifyCertificate(
  db: Kysely<DB>,
  now: Date,
  input: { jws: string } | { id: string },
): Promise<Verification> {
  let record: CertificateRecord | undefined;
  let jws: string;
  if ('jws' in input) {
    jws = input.jws;
  } else {
    record = await findRecord(db, input.id);
    if (!record) return { status: 'not-found', detail: `no certificate ${input.id}` };
    jws = record.jws;
  }
  const sig = await checkSignature(db, jws);
  if (!sig.ok) return { status: 'forged', reason: sig.reason, detail: sig.detail };
  if (!record) {
    record = await findRecord(db, sig.payload.jti);
    // Signed by a key of ours but never recorded: a key has leaked, or the record was deleted.
    if (!record) return { status: 'forged', reason: 'not-issued', detail: `no certificate ${sig.payload.jti} was issued here`, payload: sig.payload };
  }
  // The record's own JWS must be the one presented, and name the record's code: a record
  // edited in the database, or a second signature over other content with the same code,
  // vouches for nothing.
  if (record.jws !== jws || sig.payload.jti !== record.id) {
    return { status: 'forged', reason: 'record-mismatch', detail: `certificate ${record.id} was issued with other content`, payload: sig.payload };
  }
  if (record.status === 'revoked') {
    return { status: 'revoked', payload: sig.payload, revoked: { at: record.revoked_at ?? '', reason: record.revoked_reason ?? '' } };
  }
  if (sig.payload.exp !== undefined && now.getTime() >= sig.payload.exp * 1000) return { status: 'expired', payload: sig.payload };
  return { status: 'valid', payload: sig.payload };
}

async function findRecord(db: Kysely<DB>, id: string): Promise<CertificateRecord | undefined> {
  return db.selectFrom('certificates').select(['id', 'jws', 'status', 'expires', 'revoked_at', 'revoked_reason']).where('id', '=', id).executeTakeFirst();
}

/** issued + months, in UTC, with the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}
