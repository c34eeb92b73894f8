// Helpers for certificate tests: the xAPI statements a learner's player sends on the way
// through a certification course (every lesson viewed, every module quiz and the final exam
// passed), posted through the real LRS with the learner's own token so that progress is
// derived as in production (the final exam taken through /api/exams, which grades it); and
// forging helpers (another key, a tampered payload). Runs on both runtimes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { CompiledCourse } from '../../courses/schema.js';
import { courses as bundled } from '../../dist/courses/bundle.js';
import { isFinalResult, scaledOf, slugOf, takeExam, type Fetcher } from './exam.js';
import type { Target } from './target.js';

export const CERT_COURSE = 'victim-identification';

export function compiled(slug: string): CompiledCourse {
  return JSON.parse(bundled[slug]!.json) as CompiledCourse;
}

type Actor = { objectType: 'Agent'; account: { homePage: string; name: string } };

const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { en: name } });

export interface Path {
  /** Every lesson, every module quiz. */
  modules?: boolean;
  /** The final exam's scaled score; omitted: not taken. */
  final?: number;
}

/** The statements of a learner's way through a course, timestamped a minute apart from `start`. */
export function courseStatements(course: CompiledCourse, actor: Actor, path: Path, start = new Date(Date.now() - 3600_000)): Record<string, unknown>[] {
  const registration = randomUUID();
  let t = start.getTime();
  const at = () => new Date((t += 60_000)).toISOString();
  const ctx = (parents: string[]) => ({ registration, contextActivities: { parent: parents.map((id) => ({ id })), grouping: [{ id: course.iri }] } });
  const out: Record<string, unknown>[] = [];
  const push = (v: string, object: string, parents: string[], result?: Record<string, unknown>) =>
    out.push({ id: randomUUID(), actor, verb: verb(v), object: { objectType: 'Activity', id: object }, context: ctx(parents), timestamp: at(), ...(result ? { result } : {}) });
  push('initialized', course.iri, []);
  if (path.modules) {
    for (const m of course.modules) {
      for (const l of m.lessons) push('experienced', l.iri, [m.iri]);
      if (m.quiz) push('passed', m.quiz.iri, [m.iri], { score: { scaled: 1, raw: m.quiz.items, min: 0, max: m.quiz.items }, success: true, completion: true });
    }
  }
  if (path.final !== undefined && course.finalExam) {
    const pass = path.final >= course.rules.masteryScore;
    const max = course.finalExam.items;
    push(pass ? 'passed' : 'failed', course.finalExam.iri, [course.iri], { score: { scaled: path.final, raw: Math.round(path.final * max), min: 0, max }, success: pass, completion: true });
  }
  return out;
}

/**
 * Posts the statements with the learner's own bearer token, as the player does. A final exam's
 * result is not posted (the LRS refuses it from a learner): the exam is taken through
 * /api/exams instead, with about the score the statement carries.
 */
export async function record(t: Target | Fetcher, bearer: { Authorization: string }, statements: Record<string, unknown>[]): Promise<void> {
  const f: Fetcher = typeof t === 'function' ? t : t.fetch;
  const own = statements.filter((s) => !isFinalResult(s));
  const res = await f('/xapi/statements', {
    method: 'POST',
    headers: { ...bearer, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
    body: JSON.stringify(own),
  });
  assert.equal(res.status, 200, `POST /xapi/statements: ${await res.text()}`);
  for (const s of statements.filter(isFinalResult)) await takeExam(f, bearer, slugOf(String((s.object as { id: string }).id)), scaledOf(s));
}

/** Claims the learner's certificate for the course. */
export function claim(t: Target, bearer: { Authorization: string }, course = CERT_COURSE): Promise<Response> {
  return t.fetch('/api/certificates/claim', { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body: JSON.stringify({ course }) });
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** The JWS with its payload replaced (the signature left as it was): a tampered certificate. */
export function tamper(jws: string, change: (payload: Record<string, unknown>) => void): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(payload);
  return `${h}.${b64url(new TextEncoder().encode(JSON.stringify(payload)))}.${s}`;
}

/**
 * The same payload signed with a key the deployment never had: with that key's own kid
 * (`kid: 'own'`, an unknown key) or claiming the deployment's kid (a wrong key).
 */
export async function resign(jws: string, kid: 'own' | string): Promise<string> {
  const [h, p] = jws.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const ownKid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return new CompactSign(Buffer.from(p, 'base64url'))
    .setProtectedHeader({ ...header, alg: 'ES256', kid: kid === 'own' ? ownKid : kid })
    .sign(privateKey);
}

export const headerOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')) as { alg: string; kid: string; typ: string };
export const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
