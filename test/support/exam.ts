// Taking a certification course's final exam through /api/exams as the player does, with a
// chosen number of items answered right. Tests may read the server-side keys
// (dist/courses/keys.ts) to answer; the player never can. Runs on both runtimes.
import assert from 'node:assert/strict';
import type { ExamQuestion, Localized } from '../../courses/schema.js';
import { examKeys } from '../../dist/courses/keys.js';

/** t.fetch, or an in-process app's request function. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response> | Response;
export type Bearer = { Authorization: string };

export interface StartedExam {
  attempt: string;
  registration: string;
  course: string;
  version: string;
  assessment: string;
  started: string;
  expires: string;
  masteryScore: number;
  attemptsAllowed: number;
  attemptsUsed: number;
  items: ExamQuestion[];
}

export interface GradedExam {
  attempt: string;
  registration: string;
  submitted: string;
  score: { scaled: number; raw: number; min: number; max: number };
  passed: boolean;
  attemptsUsed: number;
  items: { id: string; response: string; success: boolean; explanation: Localized; feedback: Record<string, Localized> }[];
}

const SEP = '[,]';
const PAIR = '[.]';

export const keyOf = (slug: string, id: string) => {
  const k = examKeys[slug]?.items[id];
  if (!k) throw new Error(`no exam key for ${slug}/${id}: run npm run courses`);
  return k;
};

/** The right response to an item, in its served ids. */
export const rightAnswer = (slug: string, q: ExamQuestion): string => keyOf(slug, q.id).correct;

/** A well-formed wrong response to an item. */
export function wrongAnswer(slug: string, q: ExamQuestion): string {
  const right = rightAnswer(slug, q);
  switch (q.type) {
    case 'true-false':
      return right === 'true' ? 'false' : 'true';
    case 'single':
    case 'multiple':
    case 'scenario': {
      const wrong = q.choices.map((c) => c.id).find((id) => !right.split(SEP).includes(id))!;
      return wrong;
    }
    case 'ordering':
      return right.split(SEP).reverse().join(SEP);
    case 'matching': {
      const pairs = right.split(SEP).map((p) => p.split(PAIR) as [string, string]);
      return pairs.map(([l], i) => `${l}${PAIR}${pairs[(i + 1) % pairs.length]![1]}`).join(SEP);
    }
  }
}

/** Answers to the items: the first `right` right, the others wrong. */
export function answersFor(slug: string, items: readonly ExamQuestion[], right: number): Record<string, string> {
  return Object.fromEntries(items.map((q, i) => [q.id, i < right ? rightAnswer(slug, q) : wrongAnswer(slug, q)]));
}

export async function startExam(f: Fetcher, bearer: Bearer, slug: string): Promise<Response> {
  return f(`/api/exams/${slug}/attempts`, { method: 'POST', headers: bearer });
}

export async function submitExam(f: Fetcher, bearer: Bearer, slug: string, attempt: string, answers: Record<string, string>): Promise<Response> {
  return f(`/api/exams/${slug}/attempts/${attempt}/submit`, {
    method: 'POST',
    headers: { ...bearer, 'Content-Type': 'application/json' },
    body: JSON.stringify({ answers }),
  });
}

/** Starts (or resumes) an attempt and submits it with round(scaled × items) items right. */
export async function takeExam(f: Fetcher, bearer: Bearer, slug: string, scaled: number): Promise<GradedExam> {
  const start = await startExam(f, bearer, slug);
  assert.ok(start.status === 201 || start.status === 200, `POST /api/exams/${slug}/attempts: ${start.status} ${await start.clone().text()}`);
  const exam = (await start.json()) as StartedExam;
  const res = await submitExam(f, bearer, slug, exam.attempt, answersFor(slug, exam.items, Math.round(scaled * exam.items.length)));
  assert.equal(res.status, 200, `submit: ${await res.clone().text()}`);
  return (await res.json()) as GradedExam;
}

/** Whether a statement is a result (passed/failed) of a final exam: what only the server may record. */
export function isFinalResult(s: Record<string, unknown>): boolean {
  const verb = String((s.verb as { id?: string } | undefined)?.id ?? '');
  const object = String((s.object as { id?: string } | undefined)?.id ?? '');
  return /\/verbs\/(passed|failed)$/.test(verb) && /\/assessment\/final$/.test(object);
}

/** The scaled score a (hand-made) final-exam result statement carries. */
export const scaledOf = (s: Record<string, unknown>): number => ((s.result as { score?: { scaled?: number } } | undefined)?.score?.scaled ?? 0);

/** The course slug of a Champa activity IRI. */
export const slugOf = (iri: string): string => /\/course\/([^/]+)/.exec(iri)![1]!;
