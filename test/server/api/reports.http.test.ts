// /api/reports against hand-computed expectations (DESIGN §8, domain-research §5.2, issue 6):
// a small cohort whose learners join with and without a sex recorded, send their statements
// through the real LRS (re-takes, a voided post-test, a voided answer, activity just after
// midnight Lao time), sit the server-graded final exam (one passes on the second attempt),
// claim certificates (one then revoked), and every report is checked
// number by number. Each report is filtered to this test's own cohort, so the file runs on a
// shared database (workerd) too. Refusals and trainer scope: reports.security.http.test.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unzipSync, strFromU8 } from 'fflate';
import Papa from 'papaparse';
import { DOMParser } from '@xmldom/xmldom';
import { TEST_DISTRICTS } from '../../support/credentials.js';
import { claim } from '../../support/certificates.js';
import { takeExam } from '../../support/exam.js';
import { joinCohort, newCohort, type Joined, type TestCohort } from '../../support/cohorts.js';
import { body, errorOf, send } from '../../support/people.js';
import { startTarget, type Target } from '../../support/target.js';
import { compiledCourse, player, postOk, voiding, type Json } from '../progress/statements.js';

const WR = 'workers-rights';
const VI = 'victim-identification';

interface Counts {
  female: number;
  male: number;
  otherOrNotStated: number;
  total: number;
}
const n = (female: number, male: number, other: number): Counts => ({ female, male, otherOrNotStated: other, total: female + male + other });
const ZERO = n(0, 0, 0);
const means = (female: number | null, male: number | null, other: number | null, total: number | null) => ({ female, male, otherOrNotStated: other, total });

let t: Target;
let cohort: TestCohort;
let small: TestCohort;
const people: Record<string, Joined> = {};

/** Minutes after 2026-03-01 08:00 UTC (statements.ts): 43770 is 2026-03-31 17:30 UTC, 1 April 00:30 in Laos. */
const LAO_APRIL_FIRST = 43770;

before(async () => {
  t = await startTarget();
  cohort = await newCohort(t, { courses: [WR, VI] });
  const join = (key: string, fields: Record<string, unknown>) => joinCohort(t, cohort.joinCode, fields).then((j) => (people[key] = j));
  await Promise.all([
    join('F1', { sex: 'female', provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.vt.code }),
    join('F2', { sex: 'female', provinceCode: 'LA-VT' }),
    join('F3', { sex: 'female', provinceCode: 'LA-KH', districtCode: TEST_DISTRICTS.kh.code }),
    join('M1', { sex: 'male', provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.vt.code }),
    join('M2', { sex: 'male', provinceCode: 'LA-KH' }),
    join('O1', { sex: 'other' }),
    join('N1', { sex: 'not-stated' }),
  ]);

  const wr = compiledCourse(WR);
  const vi = compiledCourse(VI);
  const pre = wr.prePostTest!.pretestIri;
  const post = wr.prePostTest!.posttestIri;
  const [q1, q2, q3] = ['pp-red-flags', 'pp-dispute-routes', 'pp-c87'];
  const w = (k: string) => player(wr, people[k]!.actor);
  const v = (k: string) => player(vi, people[k]!.actor);

  const m1Voided = w('M1').answer(q2, true, 2, pre);
  const o1Voided = w('O1').test('posttest', 1, 300);
  const statements: Json[] = [
    // workers-rights: pre-test (answers then score), modules, post-test.
    w('F1').initialized(0), w('F1').answer(q1, true, 1, pre), w('F1').answer(q2, false, 2, pre), w('F1').answer(q3, true, 3, pre),
    w('F1').test('pretest', 0.4, 4), ...w('F1').allModules(10), w('F1').answer(q1, true, 200, post), w('F1').test('posttest', 0.9, 201),

    w('F2').initialized(0), w('F2').answer(q1, true, 1, pre), w('F2').answer(q2, true, 2, pre), w('F2').answer(q3, false, 3, pre),
    w('F2').test('pretest', 0.5, 4), w('F2').answer(q1, true, 200, post), w('F2').test('posttest', 0.6, 201), w('F2').test('posttest', 0.8, 250),

    // F3 answers q1 again later, correctly: her first answer (wrong) is the one that counts.
    w('F3').initialized(0), w('F3').answer(q1, false, 1, pre), w('F3').answer(q2, false, 2, pre), w('F3').answer(q3, false, 3, pre),
    w('F3').test('pretest', 0.3, 4), w('F3').answer(q1, true, 5, pre),

    // M1's first answer to q2 is voided below: his next one (wrong) counts.
    w('M1').initialized(0), w('M1').answer(q1, true, 1, pre), m1Voided, w('M1').answer(q2, false, 3, pre), w('M1').answer(q3, true, 4, pre),
    w('M1').test('pretest', 0.6, 5), ...w('M1').allModules(10), w('M1').answer(q1, false, 200, post), w('M1').test('posttest', 0.7, 201),

    // O1's post-test of 1.0 is voided below: 0.9 stays the latest.
    w('O1').initialized(0), w('O1').answer(q1, false, 1, pre), w('O1').answer(q2, true, 2, pre), w('O1').answer(q3, false, 3, pre),
    w('O1').test('pretest', 0.2, 4), w('O1').answer(q1, true, 200, post), w('O1').test('posttest', 0.9, 201), o1Voided,

    // N1 works through workers-rights just after midnight on 1 April, Lao time (still 31 March in UTC).
    w('N1').initialized(LAO_APRIL_FIRST), ...w('N1').allModules(LAO_APRIL_FIRST + 1),

    // victim-identification: modules in March; the final exam below, graded by the server now.
    v('F1').initialized(400), ...v('F1').allModules(401),
    v('M1').initialized(400), ...v('M1').allModules(401),
    v('F2').initialized(400),
    v('N1').initialized(400), ...v('N1').allModules(401),
  ];
  await postOk(t, statements);
  await postOk(t, [voiding(people.M1!.actor, m1Voided, 600), voiding(people.O1!.actor, o1Voided, 601)]);

  // F1 and N1 pass the final exam (19 of 24), M1 on his second attempt, F2 fails it.
  const bearer = (k: string) => ({ Authorization: `Bearer ${people[k]!.token}` });
  for (const [k, scaled] of [['F1', 0.8], ['M1', 0.5], ['M1', 0.9], ['F2', 0.6], ['N1', 0.8]] as const) {
    const graded = await takeExam(t.fetch, bearer(k), VI, scaled);
    assert.equal(graded.passed, scaled > 0.75, `${k}'s final exam at ${scaled}`);
  }
  for (const k of ['F1', 'M1', 'N1']) {
    const res = await claim(t, bearer(k), VI);
    assert.equal(res.status, 201, `claim for ${k}: ${await res.clone().text()}`);
    if (k === 'N1') {
      const id = (await body<{ id: string }>(res)).id;
      const revoked = await send(t, 'admin', 'POST', `/api/certificates/${id}/revoke`, { reason: 'issued in error (test)' });
      assert.equal(revoked.status, 200, await revoked.text());
    }
  }

  // A second cohort for suppression: six women and one man enrolled, five of the women started.
  small = await newCohort(t, { courses: [WR] });
  const smallPeople = await Promise.all([
    ...Array.from({ length: 6 }, () => joinCohort(t, small.joinCode, { sex: 'female', provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.vt.code })),
    joinCohort(t, small.joinCode, { sex: 'male', provinceCode: 'LA-VT' }),
  ]);
  await postOk(t, smallPeople.slice(0, 5).map((p) => player(wr, p.actor).initialized(0)));
});
after(() => t.close());

async function report<T = Record<string, unknown>>(path: string, who: 'admin' | 'viewer' | 'trainerA' = 'admin'): Promise<T> {
  const res = await send(t, who, 'GET', path);
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  return body<T>(res);
}

type Stages = Record<'enrolled' | 'started' | 'completed' | 'passed' | 'certified', Counts>;
interface Participation {
  all: Stages;
  courses: (Stages & { course: string; certifies: boolean })[];
  filters: Record<string, unknown>;
}
const courseOf = (r: Participation, slug: string) => r.courses.find((c) => c.course === slug)!;

/** What happens in the current quarter: is the moment `iso` inside 2026-Q1 in Lao time? */
const inLaoQ1 = (iso: string) => iso >= '2025-12-31T17:00:00.000Z' && iso < '2026-03-31T17:00:00.000Z';

test('R1 participation: enrolled, started, completed, passed, certified per course, split by sex (other and not stated together), re-takes and voiding applied', async () => {
  const r = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}`);
  assert.deepEqual(r.courses.map((c) => c.course).sort(), ['child-protection', 'digital-evidence', VI, WR].sort(), 'every course, zeros included');
  assert.deepEqual(courseOf(r, WR), {
    ...courseOf(r, WR),
    enrolled: n(3, 2, 2),
    started: n(3, 1, 2),
    completed: n(1, 1, 1),
    // F2 passed the post-test on her re-take; M1 never did; O1's voided 1.0 changes nothing.
    passed: n(2, 0, 1),
    certified: ZERO,
  });
  assert.equal(courseOf(r, WR).certifies, false);
  assert.deepEqual(courseOf(r, VI), {
    ...courseOf(r, VI),
    enrolled: n(3, 2, 2),
    started: n(2, 1, 1),
    completed: n(1, 1, 1),
    passed: n(1, 1, 1),
    // N1's certificate was revoked: not certified.
    certified: n(1, 1, 0),
  });
  assert.equal(courseOf(r, VI).certifies, true);
  assert.deepEqual(courseOf(r, 'digital-evidence').enrolled, ZERO);
});

test('R1 participation across courses counts each person once (domain-research §5.3: people, not enrolments)', async () => {
  const r = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}`);
  assert.deepEqual(r.all, {
    enrolled: n(3, 2, 2),
    started: n(3, 1, 2),
    completed: n(1, 1, 1),
    passed: n(2, 1, 2),
    certified: n(1, 1, 0),
  });
});

test('R8 periods: quarter=2026-Q1 counts what happened in January–March in Lao time; activity at 00:30 on 1 April (Lao) falls in Q2', async () => {
  const q1 = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&course=${WR}&quarter=2026-Q1`);
  assert.deepEqual(q1.filters, { course: WR, cohort: cohort.id, organisation: null, province: null, district: null, quarter: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
  const wr = courseOf(q1, WR);
  // Enrolment happened when the test joined, not in Q1 2026 (unless the test runs then).
  assert.deepEqual(wr.enrolled, inLaoQ1(new Date().toISOString()) ? n(3, 2, 2) : ZERO);
  assert.deepEqual(wr.started, n(3, 1, 1));
  assert.deepEqual(wr.completed, n(1, 1, 0));
  assert.deepEqual(wr.passed, n(2, 0, 1));
  assert.deepEqual(q1.courses.map((c) => c.course), [WR], 'the course filter');

  const q2 = courseOf(await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&course=${WR}&quarter=2026-Q2`), WR);
  assert.deepEqual(q2.started, n(0, 0, 1));
  assert.deepEqual(q2.completed, n(0, 0, 1));
  const day = courseOf(await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&course=${WR}&from=2026-04-01&to=2026-04-01`), WR);
  assert.deepEqual(day.started, n(0, 0, 1), '1 April is a Lao date');
  const march = courseOf(await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&course=${WR}&from=2026-03-31&to=2026-03-31`), WR);
  assert.deepEqual(march.started, ZERO, '17:30 UTC on 31 March is already 1 April in Laos');
});

test('R8 periods: US fiscal quarters (FY2026-Q2 = January–March 2026) and open ranges; certificates count when issued', async () => {
  const fy = courseOf(await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&course=${WR}&quarter=FY2026-Q2`), WR);
  assert.deepEqual(fy.started, n(3, 1, 1));
  const laoToday = (offsetDays: number) => new Date(Date.now() + 7 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
  const now = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&from=${laoToday(-2)}&to=${laoToday(2)}`);
  assert.deepEqual(now.all.enrolled, n(3, 2, 2), 'everyone joined today');
  assert.deepEqual(now.all.started, ZERO, 'all activity was in 2026-03');
  assert.deepEqual(now.all.certified, n(1, 1, 0), 'certificates were issued today');
  const until = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&to=2026-03-31`);
  assert.deepEqual(until.all.completed, n(1, 1, 1), 'to alone: everything up to 31 March (N1 completed victim-identification in March)');
});

test('R1 filters: province and district are the learner\'s own; organisation is the learner\'s', async () => {
  const vt = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&province=LA-VT`);
  assert.deepEqual(vt.all.enrolled, n(2, 1, 0));
  const vt1 = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&province=LA-VT&district=${TEST_DISTRICTS.vt.code}`);
  assert.deepEqual(vt1.all.enrolled, n(1, 1, 0));
  assert.deepEqual(vt1.all.certified, n(1, 1, 0));
  const org = await report<Participation>(`/api/reports/participation?cohort=${cohort.id}&organisation=${cohort.organisation.id}`);
  assert.deepEqual(org.all.enrolled, n(3, 2, 2), 'joined learners belong to the cohort\'s organisation');
});

test('R1 roles: a viewer and the cohort\'s trainer see the same aggregates as an admin', async () => {
  const path = `/api/reports/participation?cohort=${cohort.id}`;
  const admin = await report<Participation>(path);
  for (const who of ['viewer', 'trainerA'] as const) {
    const r = await report<Participation>(path, who);
    assert.deepEqual(r.all, admin.all, who);
    assert.deepEqual(r.courses, admin.courses, who);
  }
});

test('R2 learning gain: first pre-test and latest post-test per person, paired means and gain, gained at least minGain, post-test pass mark', async () => {
  interface Gain {
    courses: {
      course: string;
      mastery: number;
      pretest: { n: Counts; mean: unknown };
      posttest: { n: Counts; mean: unknown; passed: Counts };
      paired: { n: Counts; pretestMean: unknown; posttestMean: unknown; gainMean: unknown; gainedAtLeast: Counts };
    }[];
    minGain: number;
  }
  const r = await report<Gain>(`/api/reports/learning-gain?cohort=${cohort.id}`);
  const wr = r.courses.find((c) => c.course === WR)!;
  assert.equal(r.minGain, 0.2);
  assert.equal(wr.mastery, 0.8);
  assert.deepEqual(wr.pretest, { n: n(3, 1, 1), mean: means(0.4, 0.6, 0.2, 0.4) });
  assert.deepEqual(wr.posttest, { n: n(2, 1, 1), mean: means(0.85, 0.7, 0.9, 0.825), passed: n(2, 0, 1) });
  assert.deepEqual(wr.paired, {
    n: n(2, 1, 1),
    pretestMean: means(0.45, 0.6, 0.2, 0.425),
    posttestMean: means(0.85, 0.7, 0.9, 0.825),
    gainMean: means(0.4, 0.1, 0.7, 0.4),
    gainedAtLeast: n(2, 0, 1),
  });
  const vi = r.courses.find((c) => c.course === VI)!;
  assert.deepEqual(vi.pretest, { n: ZERO, mean: means(null, null, null, null) }, 'nobody sat it: no mean');

  const strict = await report<Gain>(`/api/reports/learning-gain?cohort=${cohort.id}&course=${WR}&minGain=0.5`);
  assert.deepEqual(strict.courses.map((c) => c.course), [WR]);
  assert.deepEqual(strict.courses[0]!.paired.gainedAtLeast, n(1, 0, 1), 'F1 gained exactly 0.5, O1 0.7');
});

test('R3 certification: issued (and since revoked), people certified, final exam pass rate and attempts, expiry', async () => {
  interface Cert {
    courses: (Record<string, unknown> & { course: string; finalExam: Record<string, unknown> | null })[];
    expiringWithinDays: number;
  }
  const r = await report<Cert>(`/api/reports/certification?cohort=${cohort.id}`);
  assert.deepEqual(r.courses.map((c) => c.course).sort(), ['digital-evidence', VI], 'certifying courses only');
  const vi = r.courses.find((c) => c.course === VI)!;
  assert.deepEqual(vi.issued, n(1, 1, 1));
  assert.deepEqual(vi.revoked, n(0, 0, 1));
  assert.deepEqual(vi.certified, n(1, 1, 0));
  assert.deepEqual(vi.finalExam, {
    sat: n(2, 1, 1),
    passed: n(1, 1, 1),
    passRate: means(0.5, 1, 1, 0.75),
    meanAttempts: means(1, 2, 1, 1.25),
  });
  assert.deepEqual(vi.valid, n(1, 1, 0));
  assert.deepEqual(vi.expiringSoon, ZERO, 'valid for 24 months: nothing within 90 days');
  assert.deepEqual(vi.expired, ZERO);
  const later = await report<Cert>(`/api/reports/certification?cohort=${cohort.id}&course=${VI}&expiringWithinDays=800`);
  assert.equal(later.expiringWithinDays, 800);
  assert.deepEqual(later.courses[0]!.expiringSoon, n(1, 1, 0), 'both valid certificates expire within 800 days');
});

test('R5 item analysis: first answer per person, difficulty p, point-biserial and upper-lower discrimination, flags', async () => {
  interface Item {
    question: string;
    assessment: string;
    answered: Counts;
    correct: Counts;
    difficulty: unknown;
    pointBiserial: number | null;
    upperLower: number | null;
    flags: string[];
    prompt: { lo: string; en: string } | null;
  }
  const r = await report<{ items: Item[] }>(`/api/reports/items?cohort=${cohort.id}&course=${WR}`);
  const item = (assessment: string, question: string) => {
    const found = r.items.find((i) => i.assessment === assessment && i.question === question);
    assert.ok(found, `${assessment}/${question} in ${JSON.stringify(r.items.map((i) => `${i.assessment}/${i.question}`))}`);
    return found;
  };
  assert.deepEqual(r.items.map((i) => `${i.assessment}/${i.question}`), [
    'pretest/pp-c87', 'pretest/pp-dispute-routes', 'pretest/pp-red-flags', 'posttest/pp-red-flags',
  ], 'pre-test before post-test; nothing else was answered');

  const redFlags = item('pretest', 'pp-red-flags');
  assert.ok(redFlags.prompt?.lo && redFlags.prompt.en, 'the question in both languages');
  assert.deepEqual(redFlags.answered, n(3, 1, 1), "F3's second answer does not count twice");
  assert.deepEqual(redFlags.correct, n(2, 1, 0), "F3's first answer (wrong) is the one that counts");
  assert.deepEqual(redFlags.difficulty, means(0.6667, 1, 0, 0.6));
  assert.equal(redFlags.pointBiserial, 0.866);
  assert.equal(redFlags.upperLower, 1);
  assert.deepEqual(redFlags.flags, ['few-responses']);

  const dispute = item('pretest', 'pp-dispute-routes');
  assert.deepEqual(dispute.correct, n(1, 0, 1), "M1's voided answer is gone: his wrong one counts");
  assert.equal(dispute.pointBiserial, -0.2887);
  assert.equal(dispute.upperLower, -1);
  assert.deepEqual(dispute.flags, ['few-responses', 'negative-discrimination']);

  const trueFalse = item('pretest', 'pp-c87');
  assert.deepEqual(trueFalse.difficulty, means(0.3333, 1, 0, 0.4));
  assert.equal(trueFalse.pointBiserial, 0.5774);
  assert.deepEqual(trueFalse.flags, ['few-responses', 'too-hard'], 'p 0.4 is below the 0.5 a guess gets on a true/false item');

  const onlyPost = await report<{ items: Item[]; assessment: string }>(`/api/reports/items?cohort=${cohort.id}&course=${WR}&assessment=posttest`);
  assert.equal(onlyPost.assessment, 'posttest');
  assert.deepEqual(onlyPost.items.map((i) => `${i.assessment}/${i.question}`), ['posttest/pp-red-flags'], 'one assessment');

  const postRedFlags = item('posttest', 'pp-red-flags');
  assert.deepEqual(postRedFlags.answered, n(2, 1, 1));
  assert.deepEqual(postRedFlags.correct, n(2, 0, 1));
  assert.equal(postRedFlags.pointBiserial, 0.3333);
  assert.equal(postRedFlags.upperLower, 0, 'lowest (F2) and highest scorer both right');
});

test('R7 roll-up: centre, every province (zeros too), districts and "not stated", each person once, split by sex', async () => {
  interface Place extends Stages {
    code: string | null;
    nameLo: string | null;
    nameEn: string | null;
  }
  const r = await report<{ centre: Stages; provinces: (Place & { districts: Place[] })[] }>(`/api/reports/rollup?cohort=${cohort.id}`);
  assert.deepEqual(r.centre, { enrolled: n(3, 2, 2), started: n(3, 1, 2), completed: n(1, 1, 1), passed: n(2, 1, 2), certified: n(1, 1, 0) });
  assert.equal(r.provinces.length, 19, '18 provinces and "not stated"');
  assert.equal(r.provinces.at(-1)!.code, null, '"not stated" last');
  const vt = r.provinces.find((p) => p.code === 'LA-VT')!;
  assert.equal(vt.nameLo, 'ນະຄອນຫຼວງວຽງຈັນ');
  assert.deepEqual({ enrolled: vt.enrolled, started: vt.started, completed: vt.completed, passed: vt.passed, certified: vt.certified }, {
    enrolled: n(2, 1, 0), started: n(2, 1, 0), completed: n(1, 1, 0), passed: n(2, 1, 0), certified: n(1, 1, 0),
  });
  assert.deepEqual(vt.districts.map((d) => [d.code, d.nameEn, d.enrolled]), [
    [TEST_DISTRICTS.vt.code, TEST_DISTRICTS.vt.name_en, n(1, 1, 0)],
    [null, null, n(1, 0, 0)],
  ]);
  const kh = r.provinces.find((p) => p.code === 'LA-KH')!;
  assert.deepEqual([kh.enrolled, kh.started, kh.completed], [n(1, 1, 0), n(1, 0, 0), ZERO]);
  const none = r.provinces.at(-1)!;
  assert.deepEqual([none.enrolled, none.completed, none.passed], [n(0, 0, 2), n(0, 0, 1), n(0, 0, 2)]);
  assert.deepEqual(r.provinces.find((p) => p.code === 'LA-XE')!.enrolled, ZERO, 'a province with nobody is listed with zeros');
});

// ---------------------------------------------------------------------------------------
// Exports.

async function csvOf(path: string): Promise<string[][]> {
  const res = await send(t, 'admin', 'GET', path);
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="champa-[a-z-]+.*\.csv"$/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM, so spreadsheets read UTF-8');
  return Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: false }).data;
}

const dataRow = (rows: string[][], ...labels: string[]) => {
  const row = rows.find((r) => labels.every((l) => r.includes(l)));
  assert.ok(row, `a row with ${labels.join(' / ')}`);
  return row;
};

test('exports: CSV with the title, a Lao and an English header row, labels in both languages; counts below 5 show "<5" (domain-research §5.3)', async () => {
  const rows = await csvOf(`/api/reports/participation.csv?cohort=${cohort.id}`);
  assert.equal(rows[0]![0], 'ການເຂົ້າຮ່ວມການຝຶກອົບຮົມ');
  assert.equal(rows[1]![0], 'Participation');
  assert.deepEqual(rows[3]!.slice(0, 8), ['ຫຼັກສູດ', 'ຫຼັກສູດ (ພາສາອັງກິດ)', 'ຂັ້ນຕອນ', 'ຂັ້ນຕອນ (ພາສາອັງກິດ)', 'ຍິງ', 'ຊາຍ', 'ອື່ນໆ ຫຼື ບໍ່ລະບຸ', 'ລວມ']);
  assert.deepEqual(rows[4]!.slice(0, 8), ['Course (Lao)', 'Course', 'Stage (Lao)', 'Stage', 'Women', 'Men', 'Other or not stated', 'Total']);
  // All courses, enrolled: 3 women, 2 men, 2 other/not stated, 7 in all.
  assert.deepEqual(dataRow(rows, 'All courses (each person once)', 'Enrolled').slice(4, 8), ['<5', '<5', '<5', '7']);
  assert.deepEqual(dataRow(rows, 'All courses (each person once)', 'Certified').slice(4, 8), ['<5', '<5', '0', '<5'], 'zero is shown: it identifies nobody');
  assert.ok(rows.some((r) => r[0]?.startsWith('<5: ')), 'a note says what <5 means, in Lao');
  assert.ok(rows.some((r) => r[0]?.startsWith('<5: fewer than 5 people')), 'and in English');
  assert.ok(rows.some((r) => r[0] === `Filters: cohort=${cohort.id}`));
});

test('exports: complementary suppression — one hidden cell in a row is never recomputable from the total ("x")', async () => {
  const rows = await csvOf(`/api/reports/participation.csv?cohort=${small.id}&course=${WR}`);
  const title = compiledCourse(WR).title.en;
  // 6 women, 1 man: the man is hidden, and so are the women (else 7 − 6 gives him away).
  assert.deepEqual(dataRow(rows, title, 'Enrolled').slice(4, 8), ['x', '<5', '0', '7']);
  assert.deepEqual(dataRow(rows, title, 'Started').slice(4, 8), ['5', '0', '0', '5'], 'nothing small: all shown');
  // A stricter threshold for one file may be asked for, never a looser one.
  const strict = await csvOf(`/api/reports/participation.csv?cohort=${small.id}&course=${WR}&suppressBelow=8`);
  assert.deepEqual(dataRow(strict, title, 'Enrolled').slice(4, 8), ['<8', '<8', '0', '<8']);
  const loose = await send(t, 'admin', 'GET', `/api/reports/participation.csv?cohort=${small.id}&suppressBelow=2`);
  assert.equal(loose.status, 400);
  assert.match(await errorOf(loose), /^query\.suppressBelow: may raise this deployment's threshold \(5\), not lower it/);
});

test('exports: the roll-up protects hidden cells across the hierarchy (no row sum, district sum or province sum with exactly one hidden cell)', async () => {
  const rows = await csvOf(`/api/reports/rollup.csv?cohort=${small.id}`);
  const header = rows[4]!;
  const data = rows.slice(5).filter((r) => ['Centre', 'Province', 'District'].includes(r[1] ?? ''));
  const hidden = (v: string | undefined) => v === 'x' || v === '<5';
  const first = header.indexOf('Enrolled: Women');
  assert.ok(first > 0, 'stage columns by sex');
  for (const r of data) {
    for (let g = 0; g < 5; g++) {
      const cells = r.slice(first + g * 4, first + g * 4 + 4);
      assert.notEqual(cells.filter(hidden).length, 1, `row ${r.join(',')}: one hidden cell in a sex group`);
    }
  }
  const centre = data.find((r) => r[1] === 'Centre')!;
  const provinces = data.filter((r) => r[1] === 'Province');
  for (let c = first; c < first + 20; c++) {
    const group = [...provinces.map((p) => p[c]), centre[c]];
    assert.notEqual(group.filter(hidden).length, 1, `column ${header[c]}: provinces against the centre`);
  }
  const vt = data.find((r) => r[1] === 'Province' && r[2] === 'LA-VT')!;
  assert.deepEqual(vt.slice(first, first + 4), ['x', '<5', '0', '7'], 'Vientiane Capital: 6 women, 1 man');
  assert.deepEqual(centre.slice(first, first + 4), ['x', '<5', '0', '7']);
});

test('exports: XLSX opens as a zip of SpreadsheetML with the same cells (numbers as numbers, Lao text intact)', async () => {
  const res = await send(t, 'admin', 'GET', `/api/reports/participation.xlsx?cohort=${small.id}&course=${WR}`);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition') ?? '', /filename="champa-participation-\d{4}-\d{2}-\d{2}\.xlsx"/);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']) {
    assert.ok(files[part], `${part} in the package`);
    const doc = new DOMParser().parseFromString(strFromU8(files[part]!), 'text/xml');
    assert.ok(doc.documentElement, `${part} parses as XML`);
  }
  const sheet = new DOMParser().parseFromString(strFromU8(files['xl/worksheets/sheet1.xml']!), 'text/xml');
  const cells = new Map<string, string>();
  const types = new Map<string, string>();
  const list = sheet.getElementsByTagName('c');
  for (let i = 0; i < list.length; i++) {
    const c = list.item(i)!;
    cells.set(c.getAttribute('r')!, c.textContent ?? '');
    types.set(c.getAttribute('r')!, c.getAttribute('t') ?? 'n');
  }
  assert.equal(cells.get('A1'), 'ການເຂົ້າຮ່ວມການຝຶກອົບຮົມ');
  assert.equal(cells.get('A2'), 'Participation');
  assert.equal(cells.get('E4'), 'ຍິງ');
  assert.equal(cells.get('E5'), 'Women');
  // Row 6 onwards: all courses (5 stages), then workers-rights; enrolled first.
  const wrEnrolled = [...cells].find(([ref, v]) => ref.startsWith('D') && v === 'Enrolled' && Number(ref.slice(1)) > 10)!;
  const row = wrEnrolled[0].slice(1);
  assert.deepEqual(['E', 'F', 'G', 'H'].map((col) => cells.get(col + row)), ['x', '<5', '0', '7']);
  assert.equal(types.get(`H${row}`), 'n', 'a shown count is a number cell');
  assert.equal(types.get(`F${row}`), 'inlineStr', 'a suppressed one is text');
  const workbook = strFromU8(files['xl/workbook.xml']!);
  assert.match(workbook, /<sheet name="Participation"/);
});

test('exports: every report has CSV and XLSX; item analysis and learning gain hide means and shares computed from small counts', async () => {
  for (const name of ['participation', 'learning-gain', 'certification', 'rollup'] as const) {
    for (const ext of ['csv', 'xlsx']) {
      const res = await send(t, 'viewer', 'GET', `/api/reports/${name}.${ext}?cohort=${cohort.id}`);
      assert.equal(res.status, 200, `${name}.${ext}: ${await res.clone().text()}`);
      assert.ok((await res.arrayBuffer()).byteLength > 100);
    }
  }
  const gain = await csvOf(`/api/reports/learning-gain.csv?cohort=${cohort.id}&course=${WR}`);
  assert.deepEqual(dataRow(gain, 'Pre-test: people').slice(4, 8), ['<5', '<5', '<5', '5']);
  assert.deepEqual(dataRow(gain, 'Pre-test: mean score').slice(4, 8), ['x', 'x', 'x', '0.4'], 'a mean of fewer than 5 people is hidden');
  assert.deepEqual(dataRow(gain, 'Post-test: mean score').slice(4, 8), ['x', 'x', 'x', 'x'], 'four people in all');
  const items = await csvOf(`/api/reports/items.csv?cohort=${cohort.id}&course=${WR}`);
  const row = dataRow(items, 'pp-red-flags', 'Pre-test');
  const header = items[4]!;
  assert.equal(row[header.indexOf('Answered: Total')], '5');
  assert.equal(row[header.indexOf('Correct: Total')], '<5');
  assert.equal(row[header.indexOf('Difficulty p (share correct): Total')], 'x', 'p × 5 answers would give away the 3 correct ones');
  assert.equal(row[header.indexOf('Difficulty p (share correct): Women')], 'x');
  assert.equal(row[header.indexOf('Discrimination (point-biserial)')], '0.866');
  assert.equal(row[header.indexOf('Flags')], 'few responses');
});
