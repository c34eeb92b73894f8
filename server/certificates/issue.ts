// Who gets a certificate, decided on the server from derived progress (progress_courses,
// written by the LRS on ingest), never from what a client says: issueCertificate() checks
// the learner's certification_eligible flag, signs, and records, idempotently. Also the
// compiled courses' titles and rules, and the issuer's name. Not for HTTP (api/certificates.ts).
import type { Kysely } from 'kysely';
import type { CompiledCourse } from '../../courses/schema.js';
import { courses as bundled } from '../../dist/courses/bundle.js';
import type { Atomic } from '../db/atomic.js';
import type { DB } from '../db/schema.js';
import type { Settings } from '../deps.js';
import { fail } from '../errors.js';
import { learnerAgent } from '../identity/learner-tokens.js';
import { agentKey } from '../xapi/ifi.js';
import { registerKeyQuery, type SigningKeySource } from './keys.js';
import { addMonths, newCertificateId, signCertificate, type CertificatePayload, type Localized } from './signed.js';

/**
 * Until the issuing authority is agreed (domain-research §5.4 ⚠), certificates name the
 * programme; a deployment sets its own with CHAMPA_CERTIFICATE_ISSUER_LO / _EN.
 */
export const DEFAULT_ISSUER: Localized = { lo: 'ໂຄງການຝຶກອົບຮົມ Champa', en: 'Champa training programme' };

export const issuerOf = (settings: Settings): Localized => settings.certificateIssuer ?? DEFAULT_ISSUER;

const parsed = new Map<string, CompiledCourse>();

/** The compiled course with this slug, or undefined. */
export function compiledCourse(slug: string): CompiledCourse | undefined {
  if (!Object.hasOwn(bundled, slug)) return undefined;
  let course = parsed.get(slug);
  if (!course) {
    course = JSON.parse(bundled[slug]!.json) as CompiledCourse;
    parsed.set(slug, course);
  }
  return course;
}

/** Slugs of the courses that certify. */
export function certificationCourses(): string[] {
  return Object.keys(bundled)
    .filter((slug) => compiledCourse(slug)?.certification)
    .sort();
}

export type Eligibility = { eligible: true; basis: string } | { eligible: false; why: string };

/**
 * Whether the learner's recorded progress meets the course's certification rule. basis is
 * when it first held (progress_courses.eligible_at): one certificate per basis.
 */
export async function eligibility(db: Kysely<DB>, settings: Settings, learnerId: string, course: CompiledCourse): Promise<Eligibility> {
  const key = agentKey(learnerAgent(settings, learnerId))!;
  const row = await db
    .selectFrom('progress_courses')
    .select(['certification_eligible', 'eligible_at', 'modules_completed', 'modules_total', 'final_passed'])
    .where('agent_key', '=', key)
    .where('course', '=', course.slug)
    .executeTakeFirst();
  if (!row) return { eligible: false, why: 'no progress recorded in this course yet' };
  if (row.certification_eligible === 1 && row.eligible_at) return { eligible: true, basis: row.eligible_at };
  const missing = [`${row.modules_completed} of ${row.modules_total} modules completed`];
  if (course.rules.certifies === 'final-exam-passed' && row.final_passed !== 1) missing.push('final exam not passed');
  return { eligible: false, why: missing.join('; ') };
}

/**
 * When the learner last met the rule again after `since` (an earlier certificate's issue
 * time): the newest passing final exam attempt recorded after it (progress_events, scored
 * against masteryScore as progress does). null when there is none, and always for courses
 * certified by completion, which cannot be completed a second time.
 */
async function renewalBasis(db: Kysely<DB>, settings: Settings, learnerId: string, course: CompiledCourse, since: string): Promise<string | null> {
  if (course.rules.certifies !== 'final-exam-passed') return null;
  const row = await db
    .selectFrom('progress_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('agent_key', '=', agentKey(learnerAgent(settings, learnerId))!)
    .where('course', '=', course.slug)
    .where('kind', '=', 'assessment')
    .where('item', '=', 'final')
    .where('verb', '=', 'passed')
    // The same 1e-9 as progress/derive.ts, so that 4/5 scored as 0.7999… passes both.
    .where('scaled', '>=', course.rules.masteryScore - 1e-9)
    .where('at', '>', since)
    .executeTakeFirst();
  return row?.at ?? null;
}

export interface IssueDeps {
  db: Kysely<DB>;
  atomic: Atomic;
  clock: () => Date;
  settings: Settings;
  signingKey: SigningKeySource;
}

/**
 * The learner's certificate for the course: their current one while it is valid (created:
 * false), or a new one signed and recorded now (created: true) when progress meets the
 * course's rule and, after an expired or revoked certificate, a newer result does too.
 * Refuses with 409 otherwise. A repeated or concurrent call issues nothing twice:
 * certificates are unique per (learner, course, basis).
 */
export async function issueCertificate(deps: IssueDeps, learnerId: string, slug: string): Promise<{ id: string; created: boolean }> {
  const { db } = deps;
  const course = compiledCourse(slug);
  if (!course) fail(404, `body.course: no course "${slug}"; GET /api/courses lists the courses`);
  if (!course.certification || course.rules.certifies === 'none') fail(409, `body.course: "${slug}" does not lead to a certificate`);
  // The learner's newest certificate for the course: while it is valid, it is the answer.
  const latest = await db
    .selectFrom('certificates')
    .select(['id', 'issued', 'expires', 'status', 'basis'])
    .where('learner_id', '=', learnerId)
    .where('course_slug', '=', slug)
    .orderBy('issued', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const now = deps.clock();
  const ended = !latest ? null : latest.status === 'revoked' ? 'was revoked' : latest.expires !== null && latest.expires <= now.toISOString() ? 'has expired' : null;
  if (latest && !ended) return { id: latest.id, created: false };
  const elig = await eligibility(db, deps.settings, learnerId, course);
  if (!elig.eligible) fail(409, `body.course: "${slug}" does not certify you yet: ${elig.why}`);
  let basis = elig.basis;
  if (latest) {
    // A refresher (domain-research §5.4): after expiry or revocation, only a result recorded
    // after that certificate was issued earns a new one.
    // After its basis too: issued is whole seconds (the JWS iat), and the result it was
    // issued for may have been recorded earlier in that same second.
    const since = latest.basis > latest.issued ? latest.basis : latest.issued;
    const renewal = await renewalBasis(db, deps.settings, learnerId, course, since);
    if (!renewal) {
      fail(409, `body.course: your certificate ${latest.id} ${ended}; ${course.rules.certifies === 'final-exam-passed' ? 'pass the final exam again' : 'complete the course again'} to be issued a new one`);
    }
    basis = renewal;
  }
  const existing = () =>
    db
      .selectFrom('certificates')
      .select('id')
      .where('learner_id', '=', learnerId)
      .where('course_slug', '=', slug)
      .where('basis', '=', basis)
      .executeTakeFirst();

  const learner = await db.selectFrom('learners').select('name').where('id', '=', learnerId).executeTakeFirst();
  if (!learner) fail(404, `No learner ${learnerId}`);
  let key;
  try {
    key = await deps.signingKey();
  } catch (err) {
    // Verification keeps working; only issuing needs the private key.
    console.error(err);
    fail(503, `Certificates cannot be issued: ${err instanceof Error ? err.message : 'no signing key'}`);
  }
  const issued = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const months = course.rules.certificateValidMonths;
  const expires = months === null ? null : addMonths(issued, months);
  const issuer = issuerOf(deps.settings);
  const id = newCertificateId();
  const payload: CertificatePayload = {
    iss: deps.settings.publicUrl,
    jti: id,
    iat: issued.getTime() / 1000,
    ...(expires ? { exp: expires.getTime() / 1000 } : {}),
    name: learner.name,
    course: { slug: course.slug, version: course.version, title: course.title },
    issuer,
  };
  const jws = await signCertificate(payload, key);
  const [, inserted] = await deps.atomic([
    registerKeyQuery(db, key, now),
    db
      .insertInto('certificates')
      .values({
        id,
        learner_id: learnerId,
        course_slug: course.slug,
        course_version: course.version,
        basis,
        issued: issued.toISOString(),
        expires: expires?.toISOString() ?? null,
        issuer: JSON.stringify(issuer),
        kid: key.kid,
        jws,
        status: 'active',
      })
      .onConflict((oc) => oc.columns(['learner_id', 'course_slug', 'basis']).doNothing())
      .compile(),
  ]);
  if (inserted && inserted.changes > 0) return { id, created: true };
  // A concurrent claim recorded the certificate for this basis first: that one stands.
  const winner = await existing();
  if (!winner) throw new Error(`certificate for ${learnerId} ${slug} ${basis} neither inserted nor found`);
  return { id: winner.id, created: false };
}
