// /api/exams: a certification course's final exam, graded by the server so that no learner can
// certify themselves with a hand-made statement. A learner starts an attempt (the server draws
// the items and sends them without keys), then submits it once; the server grades it with the
// keys in dist/courses/keys.ts and stores the xAPI statements (authority: the Champa exam
// grader) through the LRS's own store, with progress, in one atomic write. Attempts last
// EXAM_TTL_MS. Not for module quizzes or pre/post-tests: those are formative, marked by the player.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { SLUG_RE, type CompiledCourse, type CompiledFinalExam, type ExamQuestion } from '../../courses/schema.js';
import { courses as bundled } from '../../dist/courses/bundle.js';
import { examKeys, type ExamKeys } from '../../dist/courses/keys.js';
import type { Env, LearnerPrincipal, RequestContext } from '../deps.js';
import { fail } from '../errors.js';
import { drawItems, isRight, responseProblem, scoreOf, SEP } from '../exams/grade.js';
import { examGrader } from '../exams/authority.js';
import { attemptStatements, type GradedItem } from '../exams/grader.js';
import { admits } from '../identity/principal.js';
import { courseCatalog } from '../progress/catalog.js';
import { progressQueries } from '../progress/derive.js';
import { storeStatements } from '../xapi/statement-store.js';
import { isUuid, validateStatement } from '../xapi/validate.js';
import { expecting, jsonBody } from '../validators.js';

/** How long an attempt may stay open: a sitting of 20–25 items with time to spare, on a phone that may drop off the network. */
export const EXAM_TTL_MS = 3 * 60 * 60 * 1000;
const MAX_ANSWER = 2000;

const submitBody = z.strictObject({
  answers: z
    .record(
      z.string().max(100, 'must be a question id'),
      z.string(expecting('must be a response string in xAPI format, e.g. "b", "a[,]c", "true"')).max(MAX_ANSWER, `must be at most ${MAX_ANSWER} characters`),
      expecting('must be an object of question id → response'),
    )
    .refine((a) => Object.keys(a).length <= 100, 'holds more answers than an exam has items'),
});

interface ExamCourse {
  course: CompiledCourse;
  exam: CompiledFinalExam;
  keys: ExamKeys;
}

const parsed = new Map<string, CompiledCourse>();

/** The course named by :slug, with its final exam and keys; 400/404 naming the slug otherwise. */
function examCourse(c: RequestContext): ExamCourse {
  const slug = c.req.param('slug') ?? '';
  if (!SLUG_RE.test(slug)) fail(400, `slug: "${slug}" is not a course slug (lowercase letters, digits and single hyphens, e.g. victim-identification)`);
  if (!Object.hasOwn(bundled, slug)) fail(404, `slug: no course "${slug}"; GET /api/courses lists the courses`);
  let course = parsed.get(slug);
  if (!course) parsed.set(slug, (course = JSON.parse(bundled[slug]!.json) as CompiledCourse));
  if (!course.finalExam) fail(404, `slug: course "${slug}" has no final exam (only certification courses have one)`);
  const keys = examKeys[slug];
  // The two generated modules come from one `npm run courses`; a mismatch is a broken build.
  if (!keys || keys.version !== course.version || keys.iri !== course.finalExam.iri) throw new Error(`dist/courses/keys.ts does not match course ${slug} ${course.version}: run npm run courses`);
  return { course, exam: course.finalExam, keys };
}

/**
 * The learner's graded attempts at a course: how many count against rules.attemptsAllowed
 * (those since their latest pass: passing starts a new count, so a refresher after a
 * certificate expires is possible) and the next submission's seq.
 */
async function gradedSoFar(c: RequestContext, me: LearnerPrincipal, slug: string) {
  const rows = await c.var.db
    .selectFrom('exam_submissions')
    .select(['seq', 'passed'])
    .where('learner_id', '=', me.learnerId)
    .where('course_slug', '=', slug)
    .orderBy('seq')
    .execute();
  const lastPass = rows.reduce((at, r) => (r.passed ? r.seq : at), 0);
  return { used: rows.filter((r) => r.seq > lastPass).length, nextSeq: (rows.at(-1)?.seq ?? 0) + 1 };
}

function refuseWhenUsedUp(allowed: number, used: number, slug: string): void {
  if (allowed > 0 && used >= allowed) {
    fail(409, `rules.attemptsAllowed: all ${allowed} attempts at the final exam of "${slug}" are used (a passed attempt starts a new count)`);
  }
}

function attemptJson(x: ExamCourse, row: { id: string; registration: string; items: string; started: string; expires: string }, used: number) {
  return {
    attempt: row.id,
    registration: row.registration,
    course: x.course.slug,
    version: x.course.version,
    assessment: x.exam.iri,
    started: row.started,
    expires: row.expires,
    masteryScore: x.course.rules.masteryScore,
    attemptsAllowed: x.course.rules.attemptsAllowed,
    attemptsUsed: used,
    items: (JSON.parse(row.items) as string[]).map((id) => x.exam.questions[id]!),
  };
}

/** A graded attempt as the learner sees it: the score, and each item's result with its explanation and the feedback of the choices made. */
function resultJson(
  x: ExamCourse,
  attempt: { id: string; registration: string },
  sub: { submitted: string; raw: number; max: number; scaled: number; passed: number; results: string },
  used: number,
) {
  const results = JSON.parse(sub.results) as { id: string; response: string; success: boolean }[];
  return {
    attempt: attempt.id,
    registration: attempt.registration,
    course: x.course.slug,
    assessment: x.exam.iri,
    submitted: sub.submitted,
    score: { scaled: sub.scaled, raw: sub.raw, min: 0, max: sub.max },
    passed: sub.passed === 1,
    masteryScore: x.course.rules.masteryScore,
    attemptsAllowed: x.course.rules.attemptsAllowed,
    attemptsUsed: used,
    items: results.map((r) => {
      // An attempt graded on an earlier version of the course may name an item that is gone.
      const key = x.keys.items[r.id];
      const chosen = r.response.split(SEP).filter((id) => key && Object.hasOwn(key.feedback, id));
      return {
        id: r.id,
        response: r.response,
        success: r.success,
        explanation: key?.explanation ?? null,
        feedback: Object.fromEntries(chosen.map((id) => [id, key!.feedback[id]!])),
      };
    }),
  };
}

export const exams = new Hono<Env>()
  // Learners call from the page that embeds the player, on any origin, with a bearer token.
  .use('*', cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type'] }))
  // The learner's attempts at a course's final exam: how many count, and the one still open.
  .get('/:slug/attempts', admits('learner'), async (c) => {
    const x = examCourse(c);
    const me = c.var.me;
    const now = c.var.clock().toISOString();
    const [{ used }, rows] = await Promise.all([
      gradedSoFar(c, me, x.course.slug),
      c.var.db
        .selectFrom('exam_attempts as a')
        .leftJoin('exam_submissions as s', 's.attempt_id', 'a.id')
        .select(['a.id', 'a.registration', 'a.started', 'a.expires', 'a.course_version', 's.submitted', 's.scaled', 's.passed'])
        .where('a.learner_id', '=', me.learnerId)
        .where('a.course_slug', '=', x.course.slug)
        .orderBy('a.started')
        .execute(),
    ]);
    const allowed = x.course.rules.attemptsAllowed;
    return c.json({
      course: x.course.slug,
      assessment: x.exam.iri,
      attemptsAllowed: allowed,
      attemptsUsed: used,
      attemptsLeft: allowed === 0 ? null : Math.max(0, allowed - used),
      attempts: rows.map((r) => ({
        attempt: r.id,
        registration: r.registration,
        started: r.started,
        expires: r.expires,
        state: r.submitted ? 'submitted' : r.expires <= now || r.course_version !== x.course.version ? 'expired' : 'open',
        submitted: r.submitted ?? null,
        scaled: r.scaled ?? null,
        passed: r.passed === null || r.passed === undefined ? null : !!r.passed,
      })),
    });
  })
  // Starts an attempt: the items are drawn here and sent without keys. An attempt still open
  // (not submitted, not expired) is answered again instead, so a reload resumes it.
  .post('/:slug/attempts', admits('learner'), async (c) => {
    const x = examCourse(c);
    const me = c.var.me;
    const { db } = c.var;
    const now = c.var.clock();
    const { used } = await gradedSoFar(c, me, x.course.slug);
    refuseWhenUsedUp(x.course.rules.attemptsAllowed, used, x.course.slug);
    const open = await db
      .selectFrom('exam_attempts as a')
      .leftJoin('exam_submissions as s', 's.attempt_id', 'a.id')
      .select(['a.id', 'a.registration', 'a.items', 'a.started', 'a.expires'])
      .where('a.learner_id', '=', me.learnerId)
      .where('a.course_slug', '=', x.course.slug)
      .where('a.course_version', '=', x.course.version)
      .where('a.expires', '>', now.toISOString())
      .where('s.attempt_id', 'is', null)
      .orderBy('a.started', 'desc')
      .executeTakeFirst();
    if (open) return c.json(attemptJson(x, open, used), 200);
    const isCase = (id: string) => x.exam.questions[id]?.type === 'scenario';
    const row = {
      id: crypto.randomUUID(),
      learner_id: me.learnerId,
      course_slug: x.course.slug,
      course_version: x.course.version,
      registration: crypto.randomUUID(),
      items: JSON.stringify(drawItems(x.course.banks[x.exam.bank] ?? [], x.exam.items, x.course.rules.randomiseItems, isCase)),
      started: now.toISOString(),
      expires: new Date(now.getTime() + EXAM_TTL_MS).toISOString(),
    };
    await db.insertInto('exam_attempts').values(row).execute();
    return c.json(attemptJson(x, row, used), 201);
  })
  // Grades an attempt once, stores its statements and grade in one write, and answers the
  // score with each item's explanation and feedback (now that it cannot be answered again).
  .post('/:slug/attempts/:id/submit', admits('learner'), jsonBody(submitBody), async (c) => {
    const x = examCourse(c);
    const me = c.var.me;
    const { db } = c.var;
    const id = c.req.param('id').toLowerCase();
    const { answers } = c.req.valid('json');
    const attempt = isUuid(id)
      ? await db
          .selectFrom('exam_attempts')
          .selectAll()
          .where('id', '=', id)
          .where('learner_id', '=', me.learnerId)
          .where('course_slug', '=', x.course.slug)
          .executeTakeFirst()
      : undefined;
    // Another learner's attempt is "not found" too: its id says nothing to anyone else.
    if (!attempt) fail(404, `id: you have no attempt ${c.req.param('id')} at the final exam of "${x.course.slug}"`);
    const done = await db.selectFrom('exam_submissions').select('submitted').where('attempt_id', '=', id).executeTakeFirst();
    if (done) fail(409, `id: attempt ${id} was already submitted (${done.submitted}); an attempt is graded once`);
    const now = c.var.clock();
    if (attempt.expires <= now.toISOString()) fail(410, `id: attempt ${id} expired at ${attempt.expires} (an attempt lasts ${EXAM_TTL_MS / 3_600_000} hours); start a new one`);
    if (attempt.course_version !== x.course.version) fail(409, `id: attempt ${id} was drawn from version ${attempt.course_version} of the course, which has changed to ${x.course.version}; start a new one`);
    const { used, nextSeq } = await gradedSoFar(c, me, x.course.slug);
    refuseWhenUsedUp(x.course.rules.attemptsAllowed, used, x.course.slug);

    const itemIds = JSON.parse(attempt.items) as string[];
    const inAttempt = new Set(itemIds);
    for (const [qid, response] of Object.entries(answers)) {
      if (!inAttempt.has(qid)) fail(400, `body.answers.${qid}: not an item of attempt ${id}`);
      const problem = responseProblem(x.exam.questions[qid]!, response);
      if (problem) fail(400, `body.answers.${qid}: ${problem}`);
    }
    const graded: GradedItem[] = itemIds.map((qid) => {
      const question: ExamQuestion = x.exam.questions[qid]!;
      const response = answers[qid] ?? '';
      return { question, response, success: isRight(question, x.keys.items[qid]!, response) };
    });
    const score = scoreOf(graded.map((g) => g.success), x.course.rules.masteryScore);
    const statements = attemptStatements({
      course: { iri: x.course.iri, version: x.course.version, finalExam: x.exam },
      actor: me.actor,
      registration: attempt.registration,
      items: graded,
      score,
      started: new Date(attempt.started),
      at: now,
    }).map((s, i) => validateStatement(s, '2.0.0', `statements[${i}]`));
    const results = graded.map((g) => ({ id: g.question.id, response: g.response, success: g.success }));
    const submission = db
      .insertInto('exam_submissions')
      .values({
        attempt_id: id,
        learner_id: me.learnerId,
        course_slug: x.course.slug,
        seq: nextSeq,
        submitted: now.toISOString(),
        raw: score.raw,
        max: score.max,
        scaled: score.scaled,
        passed: score.passed ? 1 : 0,
        results: JSON.stringify(results),
      })
      .compile();
    try {
      // The LRS's own store: the same validation, index rows and progress derivation as
      // POST /xapi/statements, with the grader as authority; the grade's row in the same write.
      await storeStatements(c.var, examGrader(c.var.settings), '2.0.0', {
        statements,
        extra: (stored) => [...progressQueries(stored, courseCatalog()), submission],
      });
    } catch (err) {
      // The primary key or seq of exam_submissions: another submission got there first.
      if (/exam_submissions/.test(String(err))) fail(409, `id: attempt ${id} was submitted at the same time by another request; an attempt is graded once`);
      throw err;
    }
    return c.json(resultJson(x, attempt, { submitted: now.toISOString(), ...score, passed: score.passed ? 1 : 0, results: JSON.stringify(results) }, score.passed ? 0 : used + 1));
  })
  // One of the learner's attempts: open, it is the attempt again (items without keys, to
  // resume); submitted, its result (so a phone that lost the answer to its submit can ask).
  .get('/:slug/attempts/:id', admits('learner'), async (c) => {
    const x = examCourse(c);
    const me = c.var.me;
    const id = c.req.param('id').toLowerCase();
    const attempt = isUuid(id)
      ? await c.var.db
          .selectFrom('exam_attempts as a')
          .leftJoin('exam_submissions as s', 's.attempt_id', 'a.id')
          .select(['a.id', 'a.registration', 'a.items', 'a.started', 'a.expires', 'a.course_version', 's.submitted', 's.raw', 's.max', 's.scaled', 's.passed', 's.results'])
          .where('a.id', '=', id)
          .where('a.learner_id', '=', me.learnerId)
          .where('a.course_slug', '=', x.course.slug)
          .executeTakeFirst()
      : undefined;
    if (!attempt) fail(404, `id: you have no attempt ${c.req.param('id')} at the final exam of "${x.course.slug}"`);
    const { used } = await gradedSoFar(c, me, x.course.slug);
    const s = attempt;
    if (s.submitted && s.raw !== null && s.max !== null && s.scaled !== null && s.passed !== null && s.results !== null) {
      return c.json({ state: 'submitted', ...resultJson(x, attempt, { submitted: s.submitted, raw: s.raw, max: s.max, scaled: s.scaled, passed: s.passed, results: s.results }, used) });
    }
    const expired = attempt.expires <= c.var.clock().toISOString() || attempt.course_version !== x.course.version;
    return c.json({ state: expired ? 'expired' : 'open', ...attemptJson(x, attempt, used) });
  });
