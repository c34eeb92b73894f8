// Statement builders for the progress tests: the statements the course player sends
// (initialized, experienced, answered, passed/failed, completed, terminated) about the real
// compiled courses, for a learner's opaque account. Not a test file.
import { randomUUID } from 'node:crypto';
import type { CompiledCourse } from '../../../courses/schema.js';
import { courses as bundled } from '../../../dist/courses/bundle.js';
import assert from 'node:assert/strict';
import { settingsFromEnv } from '../../../server/deps.js';
import { examGrader } from '../../../server/exams/authority.js';
import { courseCatalog } from '../../../server/progress/catalog.js';
import { progressQueries } from '../../../server/progress/derive.js';
import { storeStatements } from '../../../server/xapi/statement-store.js';
import { validateStatement } from '../../../server/xapi/validate.js';
import { isFinalResult } from '../../support/exam.js';
import { newLearner as newLearnerWithToken } from '../../support/people.js';
import type { Target } from '../../support/target.js';

export const HOME = 'http://champa.test/learners';
const ADL = 'http://adlnet.gov/expapi/verbs/';

export function compiledCourse(slug: string): CompiledCourse {
  const served = bundled[slug];
  if (!served) throw new Error(`no compiled course ${slug}: run npm run courses`);
  return JSON.parse(served.json) as CompiledCourse;
}

export interface Actor {
  objectType: 'Agent';
  account: { homePage: string; name: string };
}

export const newLearner = (): Actor => ({ objectType: 'Agent', account: { homePage: HOME, name: randomUUID() } });
export const agentKeyOf = (a: Actor) => `account:${a.account.homePage}|${a.account.name}`;

export type Json = Record<string, unknown>;

/** Minutes after a fixed day, as an xAPI timestamp: tests read times back in this form. */
export const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 8, 0) + minute * 60_000).toISOString();

export interface StatementOptions {
  minute: number;
  result?: Json;
  registration?: string;
  parent?: string;
  grouping?: string;
  other?: string;
  id?: string;
}

export function statement(actor: Actor, verb: string, object: string, o: StatementOptions): Json {
  const contextActivities: Json = {};
  if (o.parent) contextActivities.parent = [{ id: o.parent }];
  if (o.grouping) contextActivities.grouping = [{ id: o.grouping }];
  if (o.other) contextActivities.other = [{ id: o.other }];
  return {
    id: o.id ?? randomUUID(),
    actor,
    verb: { id: ADL + verb, display: { en: verb } },
    object: { objectType: 'Activity', id: object },
    ...(o.result ? { result: o.result } : {}),
    context: { registration: o.registration ?? '6f1c0d6e-3b1e-4f53-9d2a-0c8f6f0f0001', contextActivities },
    timestamp: at(o.minute),
  };
}

/** The player's statements for one course and learner. */
export function player(course: CompiledCourse, actor: Actor, registration = randomUUID()) {
  const ctx = (minute: number, parent?: string) => ({ minute, registration, parent, grouping: course.iri });
  const moduleOf = (slug: string) => {
    const m = course.modules.find((x) => x.slug === slug);
    if (!m) throw new Error(`no module ${slug} in ${course.slug}`);
    return m;
  };
  return {
    course,
    actor,
    initialized: (minute: number) => statement(actor, 'initialized', course.iri, ctx(minute)),
    /** experienced one lesson of a module, for `seconds`. */
    lesson: (module: string, index: number, minute: number, seconds = 60) => {
      const m = moduleOf(module);
      const l = m.lessons[index];
      if (!l) throw new Error(`no lesson ${index} in ${module}`);
      return statement(actor, 'experienced', l.iri, { ...ctx(minute, m.iri), result: { duration: `PT${seconds}S` } });
    },
    /** Every lesson of a module, a minute apart. */
    lessons: (module: string, minute: number, seconds = 60) =>
      moduleOf(module).lessons.map((l, i) => statement(actor, 'experienced', l.iri, { ...ctx(minute + i, moduleOf(module).iri), result: { duration: `PT${seconds}S` } })),
    quiz: (module: string, scaled: number, minute: number, verb?: 'passed' | 'failed', seconds = 120) => {
      const m = moduleOf(module);
      return statement(actor, verb ?? (scaled >= course.rules.masteryScore ? 'passed' : 'failed'), m.quiz!.iri, {
        ...ctx(minute, m.iri),
        result: { score: { scaled, raw: Math.round(scaled * 10), min: 0, max: 10 }, success: scaled >= course.rules.masteryScore, duration: `PT${seconds}S` },
      });
    },
    test: (which: 'pretest' | 'posttest' | 'final', scaled: number, minute: number, verb?: 'passed' | 'failed', seconds = 300) => {
      const iri = which === 'final' ? course.finalExam!.iri : which === 'pretest' ? course.prePostTest!.pretestIri : course.prePostTest!.posttestIri;
      return statement(actor, verb ?? (scaled >= course.rules.masteryScore ? 'passed' : 'failed'), iri, {
        ...ctx(minute),
        result: { score: { scaled }, success: scaled >= course.rules.masteryScore, duration: `PT${seconds}S` },
      });
    },
    answer: (questionId: string, success: boolean, minute: number, assessmentIri?: string, response = 'a') => {
      const q = course.questions[questionId] ?? course.finalExam?.questions[questionId];
      if (!q) throw new Error(`no question ${questionId}`);
      return statement(actor, 'answered', q.iri, { ...ctx(minute, assessmentIri), result: { success, response, duration: 'PT10S' } });
    },
    completed: (iri: string, minute: number) => statement(actor, 'completed', iri, ctx(minute)),
    terminated: (minute: number) => statement(actor, 'terminated', course.iri, { ...ctx(minute), result: { duration: 'PT1H' } }),
    /** Everything that completes every module: lessons then a passing quiz. */
    allModules: (minute: number) =>
      course.modules.flatMap((m, i) => [
        ...m.lessons.map((l, j) => statement(actor, 'experienced', l.iri, { ...ctx(minute + i * 10 + j, m.iri), result: { duration: 'PT60S' } })),
        ...(m.quiz
          ? [statement(actor, 'passed', m.quiz.iri, { ...ctx(minute + i * 10 + 9, m.iri), result: { score: { scaled: 1 }, success: true, duration: 'PT120S' } })]
          : []),
      ]),
  };
}

export async function post(t: Target, statements: Json[], as: 'all' | 'write' = 'all'): Promise<Response> {
  return t.as(as, '/xapi/statements', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(statements) });
}

/**
 * Stores statements as the exam grader does (server/api/exams.ts), in process only: a final
 * exam's result counts for progress only with the grader's authority.
 */
export async function storeAsGrader(t: Target, statements: Json[]): Promise<void> {
  if (!t.local) throw new Error('storeAsGrader needs the in-process database');
  const valid = statements.map((s, i) => validateStatement(structuredClone(s), '2.0.0', `statements[${i}]`));
  await storeStatements({ db: t.local.db, atomic: t.local.atomic, clock: () => new Date() }, examGrader(settingsFromEnv({ CHAMPA_PUBLIC_URL: t.baseUrl })), '2.0.0', {
    statements: valid,
    extra: (stored) => progressQueries(stored, courseCatalog()),
  });
}

/**
 * Posts statements through the LRS with the 'all' client, except a final exam's results:
 * those are stored as the exam grader stores them (storeAsGrader), after the rest.
 */
export async function postOk(t: Target, statements: Json[]): Promise<void> {
  const rest = statements.filter((s) => !isFinalResult(s));
  if (rest.length) {
    const res = await post(t, rest);
    if (res.status !== 200) throw new Error(`POST /xapi/statements: ${res.status} ${await res.text()}`);
  }
  const graded = statements.filter(isFinalResult);
  if (graded.length) await storeAsGrader(t, graded);
}

export function voiding(actor: Actor, target: Json, minute: number): Json {
  return {
    id: randomUUID(),
    actor,
    verb: { id: ADL + 'voided', display: { en: 'voided' } },
    object: { objectType: 'StatementRef', id: target.id },
    timestamp: at(minute),
  };
}

/** A new learner (through the API) who posts statements with their own token and reads /api/progress/me. */
export async function learnerPosting(t: Target) {
  const { learner, bearer } = await newLearnerWithToken(t);
  const send = async (statements: Json[]) => {
    const res = await t.fetch('/xapi/statements', {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
      body: JSON.stringify(statements),
    });
    assert.equal(res.status, 200, await res.clone().text());
  };
  const get = async (query = '') => {
    const res = await t.fetch(`/api/progress/me${query}`, { headers: bearer });
    return { status: res.status, body: (await res.json()) as Json };
  };
  return { actor: learner.actor as Actor, bearer, send, get };
}
