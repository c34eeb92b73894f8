// Data for the report tests, made in the browser through the real API as people would make it:
// trainer A creates a cohort of its own (a filter no other test shares), four participants join
// it with the join code (two women, a man, one "other"), and each sends the course player's
// xAPI statements with their own learner token (pre-test answers and score, lessons, module
// quizzes, post-test), dated in March 2026 (2026-Q1); two sit the victim-identification final
// exam through /api/exams (one passes, one fails), as the player does. Not a test file.
import type { CompiledCourse, ExamQuestion } from '../../../courses/schema.js';
import { examKeys } from '../../../dist/courses/keys.js';
import { api } from '../../../components/shared/staff-api.js';
import { signInAs } from '../staff.js';

export const WR = 'workers-rights';
export const VI = 'victim-identification';
export const TEST_DISTRICT_VT = 'TEST-VT1';

export interface Participant {
  key: string;
  sex: string;
  token: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
}

export interface Seeded {
  cohort: { id: string; name: string };
  people: Record<string, Participant>;
}

const uid = () => crypto.randomUUID().slice(0, 8);
const ADL = 'http://adlnet.gov/expapi/verbs/';

async function course(slug: string): Promise<CompiledCourse> {
  const res = await fetch(`/api/courses/${slug}`);
  if (!res.ok) throw new Error(`/api/courses/${slug}: ${res.status}`);
  return (await res.json()) as CompiledCourse;
}

/** A timestamp `minute` minutes after 2026-03-02 09:00 Lao time (02:00 UTC): inside 2026-Q1. */
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 2, 0) + minute * 60_000).toISOString();

function statements(c: CompiledCourse, actor: Participant['actor'], plan: { pretest?: [number, boolean[]]; modules?: boolean; posttest?: number }) {
  const registration = crypto.randomUUID();
  let minute = 0;
  const out: Record<string, unknown>[] = [];
  const push = (verb: string, object: string, parent?: string, result?: Record<string, unknown>) =>
    out.push({
      id: crypto.randomUUID(),
      actor,
      verb: { id: ADL + verb, display: { en: verb } },
      object: { objectType: 'Activity', id: object },
      ...(result ? { result } : {}),
      context: { registration, contextActivities: { grouping: [{ id: c.iri }], ...(parent ? { parent: [{ id: parent }] } : {}) } },
      timestamp: at(minute++),
    });
  const mastery = c.rules.masteryScore;
  push('initialized', c.iri);
  if (plan.pretest && c.prePostTest) {
    const [scaled, answers] = plan.pretest;
    const bank = c.banks[c.prePostTest.bank]!;
    answers.forEach((success, i) => {
      const q = c.questions[bank[i]!]!;
      push('answered', q.iri, c.prePostTest!.pretestIri, { success, response: 'a', duration: 'PT10S' });
    });
    push(scaled >= mastery ? 'passed' : 'failed', c.prePostTest.pretestIri, undefined, { score: { scaled }, success: scaled >= mastery, duration: 'PT300S' });
  }
  if (plan.modules) {
    for (const m of c.modules) {
      for (const l of m.lessons) push('experienced', l.iri, m.iri, { duration: 'PT60S' });
      if (m.quiz) push('passed', m.quiz.iri, m.iri, { score: { scaled: 1 }, success: true, duration: 'PT120S' });
    }
  }
  if (plan.posttest !== undefined && c.prePostTest) {
    const scaled = plan.posttest;
    push(scaled >= mastery ? 'passed' : 'failed', c.prePostTest.posttestIri, undefined, { score: { scaled }, success: scaled >= mastery, duration: 'PT300S' });
  }
  return out;
}

async function send(p: Participant, list: Record<string, unknown>[]): Promise<void> {
  const res = await fetch('/xapi/statements', {
    method: 'POST',
    headers: { Authorization: `Bearer ${p.token}`, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
    body: JSON.stringify(list),
  });
  if (res.status !== 200) throw new Error(`POST /xapi/statements for ${p.key}: ${res.status} ${await res.text()}`);
}

/** A well-formed answer to an exam item: the key's, or a wrong one. */
function answer(slug: string, q: ExamQuestion, right: boolean): string {
  const key = examKeys[slug]!.items[q.id]!.correct;
  if (right) return key;
  switch (q.type) {
    case 'true-false':
      return key === 'true' ? 'false' : 'true';
    case 'single':
    case 'multiple':
    case 'scenario':
      return q.choices.map((c) => c.id).find((id) => !key.split('[,]').includes(id))!;
    case 'ordering':
      return key.split('[,]').reverse().join('[,]');
    case 'matching': {
      const pairs = key.split('[,]').map((p) => p.split('[.]') as [string, string]);
      return pairs.map(([l], i) => `${l}[.]${pairs[(i + 1) % pairs.length]![1]}`).join('[,]');
    }
  }
}

async function takeExam(p: Participant, slug: string, pass: boolean): Promise<void> {
  const headers = { Authorization: `Bearer ${p.token}`, 'Content-Type': 'application/json' };
  const start = await fetch(`/api/exams/${slug}/attempts`, { method: 'POST', headers });
  if (start.status !== 201 && start.status !== 200) throw new Error(`exam start for ${p.key}: ${start.status} ${await start.text()}`);
  const exam = (await start.json()) as { attempt: string; items: ExamQuestion[] };
  const answers = Object.fromEntries(exam.items.map((q) => [q.id, answer(slug, q, pass)]));
  const res = await fetch(`/api/exams/${slug}/attempts/${exam.attempt}/submit`, { method: 'POST', headers, body: JSON.stringify({ answers }) });
  if (res.status !== 200) throw new Error(`exam submit for ${p.key}: ${res.status} ${await res.text()}`);
}

/** Makes the cohort and its people's progress; signs in as trainer A to do it (sign in again after). */
export async function seedCohort(): Promise<Seeded> {
  await signInAs('trainerA');
  const cohort = await api<{ id: string; name: string; joinCode: string }>('/api/cohorts', {
    method: 'POST',
    body: JSON.stringify({
      name: `Reports test ${uid()}`,
      courses: [WR, VI],
      organisationId: 'test-org-a',
      startsOn: '2026-03-02',
      endsOn: '2026-03-04',
      mode: 'in-person',
    }),
  });
  const join = async (key: string, fields: Record<string, string>): Promise<Participant> => {
    const res = await fetch('/api/join', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: cohort.joinCode, name: `Test ${key} ${uid()}`, ...fields }),
    });
    if (res.status !== 201) throw new Error(`join as ${key}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { token: string; actor: Participant['actor'] };
    return { key, sex: fields.sex!, token: body.token, actor: body.actor };
  };
  const list = await Promise.all([
    join('F1', { sex: 'female', provinceCode: 'LA-VT', districtCode: TEST_DISTRICT_VT }),
    join('F2', { sex: 'female', provinceCode: 'LA-KH' }),
    join('M1', { sex: 'male', provinceCode: 'LA-VT', districtCode: TEST_DISTRICT_VT }),
    join('O1', { sex: 'other' }),
  ]);
  const people = Object.fromEntries(list.map((p) => [p.key, p]));
  const [wr, vi] = await Promise.all([course(WR), course(VI)]);
  await Promise.all([
    send(people.F1!, statements(wr, people.F1!.actor, { pretest: [0.4, [true, false, true]], modules: true, posttest: 0.9 })),
    send(people.F2!, statements(wr, people.F2!.actor, { pretest: [0.5, [true, true, false]], posttest: 0.6 })),
    send(people.M1!, statements(wr, people.M1!.actor, { pretest: [0.6, [false, false, true]], modules: true, posttest: 0.8 })),
    send(people.O1!, statements(wr, people.O1!.actor, {})),
    send(people.F1!, statements(vi, people.F1!.actor, { modules: true })),
    send(people.M1!, statements(vi, people.M1!.actor, {})),
  ]);
  await takeExam(people.F1!, VI, true);
  await takeExam(people.M1!, VI, false);
  return { cohort: { id: cohort.id, name: cohort.name }, people };
}
