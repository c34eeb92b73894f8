// Final exams in process (Node only), where a test needs an injected clock: attempts expire
// after EXAM_TTL_MS; an expired attempt cannot be submitted and does not count; a pass starts
// a new count of attempts (a refresher after a certificate expires).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXAM_TTL_MS } from '../../../server/api/exams.js';
import { createApp } from '../../../server/app.js';
import { fsBlobStore } from '../../../server/blobs-fs.js';
import { openNodeDatabase, type NodeDatabase } from '../../../server/db/node.js';
import { settingsFromEnv } from '../../../server/deps.js';
import { authHeaders, ORGS, seedSql } from '../../support/credentials.js';
import { answersFor, startExam, submitExam, takeExam, type Bearer, type Fetcher, type StartedExam } from '../../support/exam.js';

const BASE = 'http://champa.test';
const VI = 'victim-identification';
let dir: string;
let local: NodeDatabase;
let now = new Date('2026-05-01T08:00:00.000Z');
let f: Fetcher;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'champa-exams-'));
  local = openNodeDatabase(join(dir, 'test.sqlite'));
  local.sqlite.exec(seedSql());
  const app = createApp({ db: local.db, atomic: local.atomic, clock: () => now, blobs: fsBlobStore(join(dir, 'blobs')), settings: settingsFromEnv({ CHAMPA_PUBLIC_URL: BASE }) });
  f = (path, init = {}) => app.request(BASE + path, init);
});
after(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

const ADMIN_JSON = { 'Content-Type': 'application/json', ...authHeaders('admin') };

/** A new device token for the learner (one issued now: tokens expire too). */
async function tokenOf(id: string): Promise<Bearer> {
  const tok = await f(`/api/learners/${id}/tokens`, { method: 'POST', headers: ADMIN_JSON, body: '{}' });
  return { Authorization: `Bearer ${((await tok.json()) as { token: string }).token}` };
}

async function learner(): Promise<Bearer & { id: string }> {
  const res = await f('/api/learners', { method: 'POST', headers: ADMIN_JSON, body: JSON.stringify({ name: 'ທົດສອບ ສອບເສັງ', sex: 'female', organisationId: ORGS.A.id }) });
  assert.equal(res.status, 201, await res.clone().text());
  const { id } = (await res.json()) as { id: string };
  return { ...(await tokenOf(id)), id };
}

const attempts = async (bearer: Bearer) =>
  (await (await f(`/api/exams/${VI}/attempts`, { headers: bearer })).json()) as { attemptsUsed: number; attempts: { attempt: string; state: string }[] };

test('an attempt expires EXAM_TTL_MS (3 h) after it started: submitting then is 410, it does not count, and starting again draws a new attempt', async () => {
  assert.equal(EXAM_TTL_MS, 3 * 3600_000);
  now = new Date('2026-05-01T08:00:00.000Z');
  const { Authorization } = await learner();
  const bearer = { Authorization };
  const exam = (await (await startExam(f, bearer, VI)).json()) as StartedExam;
  assert.equal(exam.expires, '2026-05-01T11:00:00.000Z');

  // A minute before the end it is still open (and a reload resumes it).
  now = new Date('2026-05-01T10:59:00.000Z');
  const resumed = await startExam(f, bearer, VI);
  assert.equal(resumed.status, 200);
  assert.equal(((await resumed.json()) as StartedExam).attempt, exam.attempt);

  now = new Date('2026-05-01T11:00:00.000Z');
  const late = await submitExam(f, bearer, VI, exam.attempt, answersFor(VI, exam.items, exam.items.length));
  assert.equal(late.status, 410);
  assert.match(((await late.json()) as { error: string }).error, new RegExp(`^id: attempt ${exam.attempt} expired at 2026-05-01T11:00:00.000Z \\(an attempt lasts 3 hours\\); start a new one`));
  let list = await attempts(bearer);
  assert.equal(list.attemptsUsed, 0, 'an expired attempt is not a graded one');
  assert.deepEqual(list.attempts.map((a) => a.state), ['expired']);

  const fresh = await startExam(f, bearer, VI);
  assert.equal(fresh.status, 201);
  const next = (await fresh.json()) as StartedExam;
  assert.notEqual(next.attempt, exam.attempt);
  assert.equal(next.expires, '2026-05-01T14:00:00.000Z');
  const graded = await submitExam(f, bearer, VI, next.attempt, answersFor(VI, next.items, next.items.length));
  assert.equal(graded.status, 200);
  list = await attempts(bearer);
  assert.deepEqual(list.attempts.map((a) => a.state), ['expired', 'submitted']);
  // The graded statements carry the clock's time, and the duration since the attempt started.
  const row = local.sqlite.prepare(`SELECT statement FROM statements WHERE json_extract(statement, '$.context.registration') = ? AND json_extract(statement, '$.verb.id') LIKE '%/passed'`).get(next.registration) as { statement: string };
  const passed = JSON.parse(row.statement) as { timestamp: string; result: { duration: string } };
  assert.equal(passed.timestamp, '2026-05-01T11:00:00.000Z');
  assert.equal(passed.result.duration, 'PT0S');
});

test('rules.attemptsAllowed counts the attempts since the last pass: after passing, a refresher can be sat again', async () => {
  now = new Date('2026-06-01T08:00:00.000Z');
  const { id, ...bearer } = await learner();
  assert.equal((await takeExam(f, bearer, VI, 0.2)).attemptsUsed, 1);
  assert.equal((await takeExam(f, bearer, VI, 0.2)).attemptsUsed, 2);
  const pass = await takeExam(f, bearer, VI, 1);
  assert.equal(pass.passed, true);
  assert.equal(pass.attemptsUsed, 0);
  // Two years on, the certificate has expired: the exam can be sat again.
  now = new Date('2028-06-02T08:00:00.000Z');
  const again = await startExam(f, await tokenOf(id), VI);
  assert.equal(again.status, 201, await again.clone().text());
  assert.equal(((await again.json()) as StartedExam).attemptsUsed, 0);
});
