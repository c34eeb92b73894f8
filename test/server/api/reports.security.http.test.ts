// Who may read /api/reports (DESIGN §9: admins everything, viewers the aggregates, trainers
// their organisations and cohorts; learners, host sites and LRS clients nothing), that a
// trainer's reports and exports count only their organisations' learners and the cohorts
// they train, and that every filter is checked with a message naming the parameter.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_DISTRICTS, USERS } from '../../support/credentials.js';
import { joinCohort, newCohort, type TestCohort } from '../../support/cohorts.js';
import { body, errorOf, expectRefused, login, newOrganisation, newUser, send, type Session } from '../../support/people.js';
import { bearerOf, newSite } from '../../support/sites.js';
import { startTarget, type Target } from '../../support/target.js';
import { compiledCourse, player, postOk } from '../progress/statements.js';

const WR = 'workers-rights';
const REPORTS = ['participation', 'learning-gain', 'certification', `items`, 'rollup'];
const PATHS = [
  '/api/reports',
  ...REPORTS.flatMap((r) => ['', '.csv', '.xlsx'].map((ext) => `/api/reports/${r}${ext}${r === 'items' ? `?course=${WR}` : ''}`)),
];

let t: Target;
before(async () => {
  t = await startTarget();
});
after(() => t.close());

test('DESIGN §9 roles: every report and export refuses anonymous callers and LRS clients (401), learners and host sites (403)', async () => {
  const site = await newSite(t);
  for (const path of PATHS) {
    await expectRefused(t, 'GET', path, undefined, { anonymous: 401, all: 401, learnerA: 403, learnerB: 403 });
    const res = await t.fetch(path, { headers: bearerOf(site) });
    assert.equal(res.status, 403, `${path} as a site: ${await res.clone().text()}`);
    assert.match(await errorOf(res), /^This route admits admin, trainer, viewer; you are signed in as site/);
  }
});

test('DESIGN §9 roles: admins, trainers and viewers may read every report and export', async () => {
  for (const who of ['admin', 'trainerA', 'viewer'] as const) {
    for (const path of PATHS) {
      const res = await send(t, who, 'GET', path);
      assert.equal(res.status, 200, `${path} as ${who}: ${await res.clone().text()}`);
      assert.equal(res.headers.get('cache-control'), 'private, no-store', 'reports are not cached on the way');
    }
  }
});

// ---------------------------------------------------------------------------------------
// Trainer scope: an organisation of this test's own, its trainer, and two of its cohorts —
// one run by that trainer, one with trainer A (of another organisation) as co-trainer.

interface World {
  org: string;
  trainer: Session;
  own: TestCohort;
  shared: TestCohort;
}
let world: Promise<World> | undefined;
function scoped(): Promise<World> {
  world ??= (async () => {
    const org = await newOrganisation(t, { kind: 'lwu' });
    const { user, email, password } = await newUser(t, 'trainer', [org.id]);
    const trainer = await login(t, email, password);
    const own = await newCohort(t, { organisationId: org.id, trainers: [user.id] }, 'admin');
    const shared = await newCohort(t, { organisationId: org.id, trainers: [USERS.trainerA.id] }, 'admin');
    const [f, m] = await Promise.all([
      joinCohort(t, own.joinCode, { sex: 'female', provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.vt.code }),
      joinCohort(t, own.joinCode, { sex: 'male', provinceCode: 'LA-VT' }),
    ]);
    const co = await joinCohort(t, shared.joinCode, { sex: 'male', provinceCode: 'LA-KH' });
    const wr = compiledCourse(WR);
    const pre = wr.prePostTest!.pretestIri;
    await postOk(t, [
      player(wr, f.actor).initialized(0),
      player(wr, f.actor).answer('pp-lftu', true, 1, pre),
      player(wr, m.actor).initialized(0),
      player(wr, co.actor).initialized(0),
      player(wr, co.actor).answer('pp-lftu', false, 1, pre),
    ]);
    return { org: org.id, trainer, own, shared };
  })();
  return world;
}

type Counts = { female: number; male: number; otherOrNotStated: number; total: number };
const n = (female: number, male: number, other: number): Counts => ({ female, male, otherOrNotStated: other, total: female + male + other });

async function asTrainer<T>(w: World, path: string): Promise<{ status: number; body: T }> {
  const res = await t.fetch(path, { headers: { Cookie: w.trainer.cookie } });
  return { status: res.status, body: (await res.json()) as T };
}

async function enrolled(who: 'admin' | 'viewer' | 'trainerA' | 'trainerB', query: string): Promise<Counts> {
  const res = await send(t, who, 'GET', `/api/reports/participation?${query}`);
  assert.equal(res.status, 200, `${who} ${query}: ${await res.clone().text()}`);
  return (await body<{ all: { enrolled: Counts } }>(res)).all.enrolled;
}

test('DESIGN §9 scope: a trainer\'s reports count the learners of their organisations and nobody else', async () => {
  const w = await scoped();
  const r = await asTrainer<{ all: { enrolled: Counts; started: Counts } }>(w, '/api/reports/participation');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.all.enrolled, n(1, 2, 0), 'the organisation is new: its three learners are all the trainer sees');
  assert.deepEqual(r.body.all.started, n(1, 2, 0));
  const rollup = await asTrainer<{ centre: { enrolled: Counts } }>(w, '/api/reports/rollup');
  assert.deepEqual(rollup.body.centre.enrolled, n(1, 2, 0));
  const items = await asTrainer<{ items: { question: string; answered: Counts }[] }>(w, `/api/reports/items?course=${WR}`);
  assert.deepEqual(items.body.items.map((i) => [i.question, i.answered]), [['pp-lftu', n(1, 1, 0)]]);
  for (const name of ['learning-gain', 'certification']) assert.equal((await asTrainer(w, `/api/reports/${name}`)).status, 200, name);
});

test('DESIGN §9 scope: a co-trainer from another organisation sees the cohort they train, not the rest of that organisation', async () => {
  const w = await scoped();
  assert.deepEqual(await enrolled('trainerA', `organisation=${w.org}`), n(0, 1, 0));
  assert.deepEqual(await enrolled('trainerA', `cohort=${w.shared.id}`), n(0, 1, 0));
  const items = await send(t, 'trainerA', 'GET', `/api/reports/items?course=${WR}&organisation=${w.org}`);
  assert.deepEqual((await body<{ items: { answered: Counts }[] }>(items)).items.map((i) => i.answered), [n(0, 1, 0)]);
  const other = await send(t, 'trainerA', 'GET', `/api/reports/participation?cohort=${w.own.id}`);
  assert.equal(other.status, 400);
  assert.equal(await errorOf(other), `query.cohort: no cohort ${w.own.id} among your organisations and cohorts`);
});

test('DESIGN §9 scope: a trainer of neither sees none of it, in JSON and in exports; admins and viewers see all of it', async () => {
  const w = await scoped();
  assert.deepEqual(await enrolled('trainerB', `organisation=${w.org}`), n(0, 0, 0));
  const res = await send(t, 'trainerB', 'GET', `/api/reports/rollup.csv?organisation=${w.org}`);
  assert.equal(res.status, 200);
  const centre = (await res.text()).split('\r\n').find((l) => l.startsWith('ສູນກາງ,Centre,'));
  assert.equal(centre, `ສູນກາງ,Centre,,ທົ່ວປະເທດ,Whole country,${Array(20).fill(0).join(',')}`, 'nothing at all');
  const shared = await send(t, 'trainerB', 'GET', `/api/reports/participation.csv?cohort=${w.shared.id}`);
  assert.equal(shared.status, 400, 'another organisation\'s cohort is no cohort to a trainer');
  for (const who of ['admin', 'viewer'] as const) assert.deepEqual(await enrolled(who, `organisation=${w.org}`), n(1, 2, 0), who);
});

// ---------------------------------------------------------------------------------------
// Parameters.

async function refusal(path: string, message: RegExp | string) {
  const res = await send(t, 'admin', 'GET', path);
  const text = await res.clone().text();
  assert.equal(res.status, 400, `${path}: ${text}`);
  const error = await errorOf(res);
  if (typeof message === 'string') assert.equal(error, message, path);
  else assert.match(error, message, path);
}

test('filters are checked, each refusal naming the parameter (STYLE: messages name the field)', async () => {
  const p = '/api/reports/participation';
  await refusal(`${p}?quarter=2026-Q5`, /^query\.quarter: must be a calendar quarter such as 2026-Q3 \(July–September 2026\) or a US fiscal quarter such as FY2026-Q1/);
  await refusal(`${p}?quarter=FY1999-Q1`, 'query.quarter: must be a year from 2000 to 2100');
  await refusal(`${p}?quarter=2026-Q1&from=2026-01-01`, 'query.quarter: give either quarter or from/to, not both');
  await refusal(`${p}?from=2026-02-30`, 'query.from: is not a date in the calendar');
  await refusal(`${p}?to=1%20March`, 'query.to: must be a date such as 2026-07-01');
  await refusal(`${p}?from=2026-03-01&to=2026-02-01`, 'query.to: must not be before from (2026-03-01)');
  await refusal(`${p}?province=vt`, 'query.province: must be a province code such as LA-VT');
  await refusal(`${p}?province=LA-ZZ`, /^query\.province: no province LA-ZZ/);
  await refusal(`${p}?district=NOPE`, /^query\.district: no district NOPE/);
  await refusal(`${p}?province=LA-KH&district=${TEST_DISTRICTS.vt.code}`, `query.district: ${TEST_DISTRICTS.vt.code} is in LA-VT, not in LA-KH`);
  await refusal(`${p}?course=Workers_Rights`, /^query\.course: must be a course slug/);
  await refusal(`${p}?course=no-such-course`, /^query\.course: no course "no-such-course"/);
  await refusal(`${p}?cohort=no-such-cohort`, 'query.cohort: no cohort no-such-cohort');
  await refusal(`${p}?organisation=no-such-org`, 'query.organisation: no organisation no-such-org');
  await refusal(`${p}?course=${WR}&course=${WR}`, 'query.course: given more than once');
  await refusal(`${p}?sex=female`, 'query.sex: not a field of this request');
  await refusal(`${p}?minGain=0.1`, 'query.minGain: not a field of this request');
  await refusal(`${p}?suppressBelow=10`, 'query.suppressBelow: not a field of this request');
});

test('report parameters are checked: items needs a course; minGain, expiringWithinDays and suppressBelow their ranges', async () => {
  await refusal('/api/reports/items', 'query.course: required');
  await refusal('/api/reports/items.xlsx', 'query.course: required');
  await refusal(`/api/reports/items?course=${WR}&assessment=Final!`, 'query.assessment: must be an assessment name such as pretest, final or quiz-indicators');
  await refusal(`/api/reports/items?course=${WR}&assessment=final`, /^query\.assessment: workers-rights has no assessment "final" \(it has pretest, quiz-forced-labour, /);
  await refusal('/api/reports/learning-gain?minGain=2', 'query.minGain: must be at most 1 (scores are scaled 0–1)');
  await refusal('/api/reports/learning-gain?minGain=much', 'query.minGain: must be a number from 0 to 1 (a share of the maximum score)');
  await refusal('/api/reports/certification?expiringWithinDays=0', 'query.expiringWithinDays: must be at least 1');
  await refusal('/api/reports/certification.csv?expiringWithinDays=1.5', 'query.expiringWithinDays: must be a whole number of days');
  await refusal('/api/reports/rollup.csv?suppressBelow=2.5', 'query.suppressBelow: must be a whole number of people');
  await refusal('/api/reports/rollup.xlsx?suppressBelow=1', /^query\.suppressBelow: may raise this deployment's threshold \(5\), not lower it/);
});

test('GET /api/reports lists the reports with their JSON, CSV and XLSX addresses and the suppression threshold', async () => {
  const res = await send(t, 'viewer', 'GET', '/api/reports');
  const r = await body<{ reports: { name: string; title: { lo: string; en: string }; csv: string }[]; suppressBelow: number }>(res);
  assert.deepEqual(r.reports.map((x) => x.name), ['participation', 'learning-gain', 'certification', 'items', 'rollup']);
  assert.ok(r.reports.every((x) => x.title.lo && x.title.en && x.csv === `/api/reports/${x.name}.csv`));
  assert.equal(r.suppressBelow, 5, 'CHAMPA_SUPPRESS_BELOW unset: 5 (domain-research §5.3)');
});
