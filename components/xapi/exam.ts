// The final exam's client in the browser: a certification course's final exam is drawn and
// graded by the server (/api/exams), never by the player, and its xAPI statements are stored
// by the server's exam grader — the player records nothing about it (the LRS refuses a
// learner's own passed/failed/answered about a final exam). Not for quizzes or pre/post-tests:
// those stay with the recorder. Plain fetch, no dependencies: it ships in the player's chunk.
import type { ExamQuestion, Localized } from '../../courses/schema.js';

/** An attempt as started (or resumed): the drawn items without keys, and until when it can be submitted. */
export interface ExamAttempt {
  attempt: string;
  /** The xAPI registration of the attempt's statements (the server's, not the recorder's). */
  registration: string;
  course: string;
  version: string;
  /** The final exam's activity IRI. */
  assessment: string;
  started: string;
  /** After this the attempt cannot be submitted (3 hours after it started). */
  expires: string;
  masteryScore: number;
  /** 0 = unlimited. */
  attemptsAllowed: number;
  /** Graded attempts since the learner's last pass (a pass starts a new count). */
  attemptsUsed: number;
  items: ExamQuestion[];
}

/** A graded attempt: the score, and per item whether it was right, with its explanation and the feedback of the choices made. */
export interface ExamResult {
  attempt: string;
  registration: string;
  course: string;
  assessment: string;
  submitted: string;
  score: { scaled: number; raw: number; min: number; max: number };
  passed: boolean;
  masteryScore: number;
  attemptsAllowed: number;
  attemptsUsed: number;
  items: { id: string; response: string; success: boolean; explanation: Localized | null; feedback: Record<string, Localized> }[];
}

/** The learner's attempts at one course's final exam. */
export interface ExamAttempts {
  course: string;
  assessment: string;
  attemptsAllowed: number;
  attemptsUsed: number;
  /** null when unlimited. */
  attemptsLeft: number | null;
  attempts: { attempt: string; registration: string; started: string; expires: string; state: 'open' | 'expired' | 'submitted'; submitted: string | null; scaled: number | null; passed: boolean | null }[];
}

/**
 * Why a call failed: `status` is the HTTP status, or 0 when there was no answer (offline: keep
 * the answers and submit again; the attempt stays open until it expires). 409 on start means
 * every allowed attempt is used; 410 on submit means the attempt expired.
 */
export class ExamError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExamError';
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A learner token, or a whole Authorization value ("Bearer …"). */
const authorization = (token: string) => (/^Bearer\s/i.test(token) ? token : `Bearer ${token}`);

async function call<T>(fetchFn: FetchLike, url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetchFn(url, { ...init, cache: 'no-store' });
  } catch (err) {
    throw new ExamError(0, `No answer from the server (${err instanceof Error ? err.message : String(err)})`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const message = (json as { error?: unknown } | undefined)?.error;
    throw new ExamError(res.status, typeof message === 'string' ? message : `HTTP ${res.status}`);
  }
  return json as T;
}

const base = (origin: string, slug: string) => new URL(`/api/exams/${encodeURIComponent(slug)}/attempts`, origin).href;

/** The learner's attempts at the course's final exam (how many are left, an open one to resume). */
export function examAttempts(origin: string, slug: string, token: string, fetchFn: FetchLike = fetch): Promise<ExamAttempts> {
  return call(fetchFn, base(origin, slug), { method: 'GET', headers: { Authorization: authorization(token) } });
}

/**
 * Starts an attempt, or resumes the learner's open one (the same items, the same expiry): the
 * server draws the items. Throws ExamError 409 when every allowed attempt is used.
 */
export function startExam(origin: string, slug: string, token: string, fetchFn: FetchLike = fetch): Promise<ExamAttempt> {
  return call(fetchFn, base(origin, slug), { method: 'POST', headers: { Authorization: authorization(token) } });
}

/**
 * Submits the attempt once, `answers` keyed by question id in xAPI response format in the
 * served ids ("b", "a[,]c", "true", "ram[,]cpu[,]disk", "isolation[.]r2[,]…"); an item left
 * out is unanswered (wrong). Safe to call again after a lost answer: when the server already
 * graded the attempt, its stored result is returned.
 */
export async function submitExam(origin: string, slug: string, token: string, attempt: string, answers: Record<string, string>, fetchFn: FetchLike = fetch): Promise<ExamResult> {
  const url = `${base(origin, slug)}/${encodeURIComponent(attempt)}`;
  try {
    return await call<ExamResult>(fetchFn, `${url}/submit`, {
      method: 'POST',
      headers: { Authorization: authorization(token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers }),
    });
  } catch (err) {
    if (!(err instanceof ExamError) || err.status !== 409) throw err;
    const stored = await call<ExamResult & { state: string }>(fetchFn, url, { method: 'GET', headers: { Authorization: authorization(token) } });
    if (stored.state !== 'submitted') throw err;
    const { state: _state, ...result } = stored;
    return result;
  }
}

/** xAPI's list and pair separators: how a response string is built from the learner's choices. */
export const SEP = '[,]';
export const PAIR = '[.]';

/** The response string for an item from what the learner chose (choice ids, the order of item ids, or left→right pairs). */
export function examResponse(q: ExamQuestion, chosen: string[] | boolean | Record<string, string>): string {
  if (q.type === 'true-false') return typeof chosen === 'boolean' ? String(chosen) : '';
  if (q.type === 'matching') return typeof chosen === 'object' && !Array.isArray(chosen) ? Object.entries(chosen).map(([l, r]) => `${l}${PAIR}${r}`).join(SEP) : '';
  return Array.isArray(chosen) ? chosen.join(SEP) : '';
}
