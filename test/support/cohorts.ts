// Helpers for tests of cohorts and the join flow (/api/cohorts, /api/join): a throw-away
// cohort created through the API, joining it from a fresh address, and sending CSV files.
// Runs on both runtimes: everything goes through the API, with unique names per test.
import assert from 'node:assert/strict';
import type { Target } from './target.js';
import { uid } from './target.js';
import { ORGS, authHeaders, type PersonaName } from './credentials.js';
import { JSON_HEADERS, body, randomIp, send } from './people.js';

export interface TestCohort {
  id: string;
  name: string;
  joinCode: string;
  joinUrl: string;
  joinOpen: boolean;
  courses: { slug: string; title: { lo: string; en: string } }[];
  trainers: { id: string; name: string }[];
  organisation: { id: string };
  participants: { total: number; female: number; male: number; other: number; notStated: number };
}

/** Courses every test database has (compiled by `npm run courses`). */
export const COURSE = 'workers-rights';
export const COURSE2 = 'child-protection';

/** A new cohort of organisation A (by trainer A unless told). */
export async function newCohort(t: Target, fields: Record<string, unknown> = {}, who: PersonaName = 'trainerA'): Promise<TestCohort> {
  const res = await send(t, who, 'POST', '/api/cohorts', {
    name: `Cohort ${uid()}`,
    courses: [COURSE],
    organisationId: ORGS.A.id,
    startsOn: '2026-03-02',
    endsOn: '2026-03-04',
    mode: 'in-person',
    ...fields,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return body<TestCohort>(res);
}

/** A participant's details that pass every check; unique name. */
export const details = (fields: Record<string, unknown> = {}) => ({ name: `ນາງ ທົດສອບ ${uid().slice(0, 8)}`, sex: 'female', ...fields });

/** POST /api/join from an address of its own (unless told), so rate limits of other tests never apply. */
export function postJoin(t: Target, json: unknown, ip = randomIp(), headers: Record<string, string> = {}): Promise<Response> {
  return t.fetch('/api/join', { method: 'POST', headers: { ...JSON_HEADERS, 'CF-Connecting-IP': ip, ...headers }, body: JSON.stringify(json) });
}

export function getJoin(t: Target, code: string, ip = randomIp()): Promise<Response> {
  return t.fetch(`/api/join/${encodeURIComponent(code)}`, { headers: { 'CF-Connecting-IP': ip } });
}

export interface Joined {
  token: string;
  expires: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  learner: { id: string; name: string; sex: string } & Record<string, unknown>;
  courses: { slug: string }[];
}

/** Joins a cohort with valid details; returns the answer. */
export async function joinCohort(t: Target, code: string, fields: Record<string, unknown> = {}): Promise<Joined> {
  const res = await postJoin(t, { code, ...details(fields) });
  assert.equal(res.status, 201, await res.clone().text());
  return body<Joined>(res);
}

/** Sends a CSV file (text, or raw bytes) to a cohort as a persona. */
export function sendCsv(t: Target, who: PersonaName, cohortId: string, csv: string | Uint8Array, query = '', contentType = 'text/csv; charset=utf-8'): Promise<Response> {
  return t.fetch(`/api/cohorts/${cohortId}/participants.csv${query}`, {
    method: 'POST',
    headers: { ...authHeaders(who), 'Content-Type': contentType },
    body: typeof csv === 'string' ? csv : new Blob([csv as Uint8Array<ArrayBuffer>]),
  });
}

export interface Participants {
  participants: ({ id: string; name: string; sex: string; enrolled: string } & Record<string, unknown> & {
    courses: { slug: string; source: string; progress: Record<string, unknown>; certificate: unknown }[];
  })[];
  next: number | null;
}

export async function participantsOf(t: Target, cohortId: string, who: PersonaName = 'admin'): Promise<Participants> {
  const res = await send(t, who, 'GET', `/api/cohorts/${cohortId}/participants`);
  assert.equal(res.status, 200, await res.clone().text());
  return body<Participants>(res);
}
