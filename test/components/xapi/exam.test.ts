// The final exam's browser client (components/xapi/exam.ts) in real Chromium against a fake
// server: the requests it makes (paths, bearer token, body), errors with their status (0 when
// offline), a submit retried after a lost answer reading the stored result back, and the
// response strings it builds. DESIGN §7: the server grades the final exam, never the player.
import { examAttempts, ExamError, examResponse, startExam, submitExam, type ExamResult } from '../../../components/xapi/exam.js';
import type { ExamQuestion } from '../../../courses/schema.js';
import { assert, equal } from './fake-lrs.js';

const ORIGIN = 'https://training.test';
const SLUG = 'victim-identification';

interface Seen {
  url: string;
  method: string;
  auth: string | null;
  body: unknown;
}

/** A fetch that records each request and answers from `reply` (a thrown error = no network). */
function fakeFetch(reply: (req: Seen) => { status: number; json?: unknown } | 'offline') {
  const seen: Seen[] = [];
  const fn = async (input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const req: Seen = { url: input, method: init.method ?? 'GET', auth: headers.get('Authorization'), body: init.body ? JSON.parse(String(init.body)) : undefined };
    seen.push(req);
    const r = reply(req);
    if (r === 'offline') throw new TypeError('Failed to fetch');
    return new Response(r.json === undefined ? null : JSON.stringify(r.json), { status: r.status, headers: { 'Content-Type': 'application/json' } });
  };
  return { fn, seen };
}

const result: ExamResult = {
  attempt: 'a1',
  registration: 'r1',
  course: SLUG,
  assessment: `https://champa.la/xapi/activities/course/${SLUG}/assessment/final`,
  submitted: '2026-05-01T09:00:00.000Z',
  score: { scaled: 0.8, raw: 4, min: 0, max: 5 },
  passed: true,
  masteryScore: 0.75,
  attemptsAllowed: 3,
  attemptsUsed: 0,
  items: [],
};

describe('components/xapi/exam.ts', () => {
  it('starts an attempt with the learner token as a bearer, at /api/exams/<slug>/attempts on the server origin', async () => {
    const { fn, seen } = fakeFetch(() => ({ status: 201, json: { attempt: 'a1', items: [] } }));
    const attempt = await startExam(ORIGIN, SLUG, 'clt_token', fn);
    equal(attempt.attempt, 'a1', 'the attempt');
    equal(seen[0]!.url, `${ORIGIN}/api/exams/${SLUG}/attempts`, 'url');
    equal(seen[0]!.method, 'POST', 'method');
    equal(seen[0]!.auth, 'Bearer clt_token', 'a bare token becomes a bearer');
    await startExam(ORIGIN, SLUG, 'Bearer clt_token', fn);
    equal(seen[1]!.auth, 'Bearer clt_token', 'a whole header value is kept');
  });

  it('lists the attempts (GET) and submits the answers once as JSON', async () => {
    const { fn, seen } = fakeFetch((req) => (req.method === 'GET' ? { status: 200, json: { attemptsLeft: 2, attempts: [] } } : { status: 200, json: result }));
    equal((await examAttempts(ORIGIN, SLUG, 't', fn)).attemptsLeft, 2, 'attempts left');
    const graded = await submitExam(ORIGIN, SLUG, 't', 'a1', { q1: 'b', q2: 'true' }, fn);
    equal(graded.passed, true, 'the graded result');
    equal(seen[1]!.url, `${ORIGIN}/api/exams/${SLUG}/attempts/a1/submit`, 'submit url');
    equal(JSON.stringify(seen[1]!.body), JSON.stringify({ answers: { q1: 'b', q2: 'true' } }), 'body');
  });

  it('a refusal is an ExamError with the server\'s status and message; no answer at all is status 0 (offline)', async () => {
    const used = fakeFetch(() => ({ status: 409, json: { error: 'rules.attemptsAllowed: all 3 attempts … are used' } }));
    try {
      await startExam(ORIGIN, SLUG, 't', used.fn);
      assert(false, 'should have thrown');
    } catch (err) {
      assert(err instanceof ExamError, 'an ExamError');
      equal(err.status, 409, 'status');
      assert(err.message.startsWith('rules.attemptsAllowed'), 'the server\'s message');
      equal(err.offline, false, 'not offline');
    }
    const offline = fakeFetch(() => 'offline');
    try {
      await submitExam(ORIGIN, SLUG, 't', 'a1', {}, offline.fn);
      assert(false, 'should have thrown');
    } catch (err) {
      assert(err instanceof ExamError && err.offline && err.status === 0, 'offline');
    }
    const expired = fakeFetch(() => ({ status: 410, json: { error: 'id: attempt a1 expired' } }));
    try {
      await submitExam(ORIGIN, SLUG, 't', 'a1', {}, expired.fn);
      assert(false, 'should have thrown');
    } catch (err) {
      assert(err instanceof ExamError && err.status === 410, 'expired is 410, not retried');
      equal(expired.seen.length, 1, 'one request');
    }
  });

  it('a submit retried after its answer was lost returns the result the server stored (409, then GET the attempt)', async () => {
    const { fn, seen } = fakeFetch((req) =>
      req.method === 'POST' ? { status: 409, json: { error: 'id: attempt a1 was already submitted' } } : { status: 200, json: { state: 'submitted', ...result } },
    );
    const graded = await submitExam(ORIGIN, SLUG, 't', 'a1', { q1: 'b' }, fn);
    equal(JSON.stringify(graded), JSON.stringify(result), 'the stored result, without its state');
    equal(seen[1]!.url, `${ORIGIN}/api/exams/${SLUG}/attempts/a1`, 'read back');
    // A 409 for an attempt that is not graded (e.g. the course changed) stays an error.
    const changed = fakeFetch((req) => (req.method === 'POST' ? { status: 409, json: { error: 'id: attempt a1 was drawn from version 1.0.0' } } : { status: 200, json: { state: 'expired' } }));
    try {
      await submitExam(ORIGIN, SLUG, 't', 'a1', {}, changed.fn);
      assert(false, 'should have thrown');
    } catch (err) {
      assert(err instanceof ExamError && err.status === 409 && err.message.includes('drawn from version'), 'the original refusal');
    }
  });

  it('examResponse builds xAPI response strings in the served ids', () => {
    const loc = { lo: 'ລາວ', en: 'x' };
    const base = { id: 'q', bank: 'final', iri: 'https://champa.la/q', prompt: loc };
    const choice = { ...base, type: 'multiple', interactionType: 'choice', choices: [{ id: 'a', text: loc }, { id: 'b', text: loc }] } as ExamQuestion;
    const tf = { ...base, type: 'true-false', interactionType: 'true-false' } as ExamQuestion;
    const match = { ...base, type: 'matching', interactionType: 'matching', left: [{ id: 'l1', text: loc }], right: [{ id: 'r1', text: loc }] } as ExamQuestion;
    equal(examResponse(choice, ['a', 'b']), 'a[,]b', 'choices');
    equal(examResponse(tf, false), 'false', 'true-false');
    equal(examResponse(match, { l1: 'r2', l2: 'r1' }), 'l1[.]r2[,]l2[.]r1', 'pairs');
    equal(examResponse(tf, ['a']), '', 'a wrong kind of choice is no answer');
  });
});
