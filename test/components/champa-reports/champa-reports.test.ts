// <champa-reports> in Chromium against the real server (DESIGN §8, domain-research §5.2, issue 6):
// a cohort of this file's own, whose participants send their statements with their own tokens,
// is the filter every figure is checked with. A viewer sees each of the five reports with the
// same numbers as the API's JSON for the same filters, split by sex; changing a filter changes
// the location hash and the figures (and the back button goes back); a refused filter shows
// the server's message by that field; export links carry the filters; a trainer of
// organisation B sees none of organisation A's people. axe on every report.
import '../../../components/champa-reports/champa-reports.js';
import type { ChampaReports } from '../../../components/champa-reports/champa-reports.js';
import { api, currentUser, signOut } from '../../../components/shared/staff-api.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { signInAs } from '../staff.js';
import { seedCohort, TEST_DISTRICT_VT, VI, WR, type Seeded } from './seed.js';

type Counts = { female: number; male: number; otherOrNotStated: number; total: number };
type Means = { [K in keyof Counts]: number | null };
const STAGES = ['enrolled', 'started', 'completed', 'passed', 'certified'] as const;
const SEX = ['female', 'male', 'otherOrNotStated', 'total'] as const;

const asCells = (c: Counts) => SEX.map((k) => String(c[k]));
const asPercents = (m: Means) => SEX.map((k) => (m[k] === null ? '–' : `${Math.round(m[k]! * 100)}%`));
const enPeople = (c: Counts) => `${c.total} ${c.total === 1 ? 'person' : 'people'}, ${c.female} ${c.female === 1 ? 'woman' : 'women'}`;

/** The four cells (women, men, other or not stated, total) of a table row. */
const cells = (root: Element, selector: string) => $$(root, `${selector} td`).map((td) => td.textContent!.trim());

/** Waits until `actual()` equals `expected`; the timeout message shows both. */
async function eventually<T>(actual: () => T, expected: T, what: string, ms = 8000): Promise<void> {
  let last: unknown = '';
  try {
    await until(() => {
      try {
        last = actual();
      } catch (e) {
        last = String(e);
        return false;
      }
      return JSON.stringify(last) === JSON.stringify(expected);
    }, what, ms);
  } catch {
    equal<unknown>(last, expected, what);
  }
}

const ready = (el: ChampaReports) => until(() => el.dataset.status === 'ready', `${el.report} ready`, 10_000);

let seeded: Seeded;
let cohortQ: string;

async function reports(report: string, query: string, lang = 'en', attrs: Record<string, string> = {}): Promise<ChampaReports> {
  const el = await mount<ChampaReports>('champa-reports', { user: await currentUser() }, { report, query, lang, ...attrs });
  await ready(el);
  return el;
}

describe('<champa-reports>', function () {
  this.timeout(30_000);

  before(async () => {
    seeded = await seedCohort();
    cohortQ = `cohort=${seeded.cohort.id}`;
  });

  afterEach(async () => {
    unmountAll();
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    if (await currentUser()) await signOut();
  });

  it('R1 participation: a viewer sees every stage split by sex (women, men, other or not stated, total) as the API counts it, all courses and per course', async () => {
    await signInAs('viewer');
    const json = await api<{ all: Record<string, Counts>; courses: (Record<string, Counts> & { course: string; certifies: boolean })[] }>(
      `/api/reports/participation?${cohortQ}`,
    );
    equal(json.all.enrolled, { female: 2, male: 1, otherOrNotStated: 1, total: 4 }, 'the seeded cohort arrived');
    const el = await reports('participation', cohortQ);
    const all = $(el, '[data-part=all]');
    for (const s of STAGES) equal(cells(all, `tr[data-key=${s}]`), asCells(json.all[s]!), `all courses, ${s}`);
    assert(all.textContent!.includes(`Enrolled: ${enPeople(json.all.enrolled!)}`), `the field's way: "${enPeople(json.all.enrolled!)}"`);
    for (const slug of [WR, VI]) {
      const course = json.courses.find((c) => c.course === slug)!;
      const section = $(el, `section.course[data-course=${slug}]`);
      for (const s of STAGES.filter((x) => x !== 'certified' || course.certifies)) {
        equal(cells(section, `tr[data-key=${s}]`), asCells(course[s]!), `${slug}, ${s}`);
      }
      equal($$(section, 'tr[data-key=certified]').length, course.certifies ? 1 : 0, `${slug}: a certified row only if it certifies`);
    }
    // The chart's text alternative carries the same numbers (stacked by sex, with totals).
    const chart = $(el, 'champa-chart');
    const rows = $$(chart, 'table tbody tr').map((tr) => [...tr.children].map((c) => c.textContent!.trim()));
    equal(rows[0], ['Enrolled', ...asCells(json.all.enrolled!)], 'chart table: enrolled');
    await expectAccessible(el);
  });

  it('R2 learning gain: pre/post means and gain by sex as the API reports them, a pre vs post chart, and the gain as percentage points', async () => {
    await signInAs('viewer');
    type Gain = { course: string; pretest: { n: Counts; mean: Means }; posttest: { n: Counts; mean: Means; passed: Counts }; paired: { n: Counts; gainMean: Means; gainedAtLeast: Counts } };
    const json = await api<{ courses: Gain[] }>(`/api/reports/learning-gain?${cohortQ}&course=${WR}`);
    const wr = json.courses.find((c) => c.course === WR)!;
    equal(wr.paired.n, { female: 2, male: 1, otherOrNotStated: 0, total: 3 }, 'three sat both tests');
    const el = await reports('learning-gain', `${cohortQ}&course=${WR}`);
    const section = $(el, `section.course[data-course=${WR}]`);
    equal(cells(section, 'tr[data-key="pretest.n"]'), asCells(wr.pretest.n), 'pre-test people');
    equal(cells(section, 'tr[data-key="pretest.mean"]'), asPercents(wr.pretest.mean), 'pre-test means');
    equal(cells(section, 'tr[data-key="posttest.mean"]'), asPercents(wr.posttest.mean), 'post-test means');
    equal(cells(section, 'tr[data-key="posttest.passed"]'), asCells(wr.posttest.passed), 'passed');
    equal(cells(section, 'tr[data-key="paired.gainedAtLeast"]'), asCells(wr.paired.gainedAtLeast), 'gained at least 0.2');
    const gain = Math.round(wr.paired.gainMean.total! * 1000) / 10;
    equal(cells(section, 'tr[data-key="paired.gainMean"]')[3], `${gain > 0 ? '+' : ''}${gain} percentage points`, 'mean gain, signed');
    const chart = $(section, 'champa-chart');
    equal($$(chart, 'table thead th').map((th) => th.textContent!.trim()), ['Category', 'Pre-test', 'Post-test'], 'pre vs post');
    await expectAccessible(el);
  });

  it('R3 certification: certificates and the final exam by sex (one passed, one failed: pass rate by sex in a chart) as the API reports them', async () => {
    await signInAs('viewer');
    type Cert = { course: string; certified: Counts; finalExam: { sat: Counts; passed: Counts; passRate: Means } | null; valid: Counts };
    const json = await api<{ courses: Cert[] }>(`/api/reports/certification?${cohortQ}`);
    const vi = json.courses.find((c) => c.course === VI)!;
    equal(vi.finalExam!.sat, { female: 1, male: 1, otherOrNotStated: 0, total: 2 }, 'two sat the final exam');
    const el = await reports('certification', cohortQ);
    const section = $(el, `section.course[data-course=${VI}]`);
    equal(cells(section, 'tr[data-key="finalExam.sat"]'), asCells(vi.finalExam!.sat), 'sat');
    equal(cells(section, 'tr[data-key="finalExam.passed"]'), asCells(vi.finalExam!.passed), 'passed');
    equal(cells(section, 'tr[data-key="finalExam.passRate"]'), asPercents(vi.finalExam!.passRate), 'pass rate');
    equal(cells(section, 'tr[data-key=certified]'), asCells(vi.certified), 'certified');
    const chartRows = $$($(section, 'champa-chart'), 'table tbody tr').map((tr) => [...tr.children].map((c) => c.textContent!.trim()));
    equal(chartRows, [
      ['Women', asPercents(vi.finalExam!.passRate)[0]],
      ['Men', asPercents(vi.finalExam!.passRate)[1]],
      ['Other or not stated', '–' === asPercents(vi.finalExam!.passRate)[2] ? 'none' : asPercents(vi.finalExam!.passRate)[2]],
      ['Total', asPercents(vi.finalExam!.passRate)[3]],
    ], 'the chart lists the pass rates');
    await expectAccessible(el);
  });

  it('R5 item analysis: each question with answered and correct split by sex, difficulty and discrimination, and its flags explained in words', async () => {
    await signInAs('viewer');
    type Item = { question: string; assessment: string; answered: Counts; correct: Counts; difficulty: Means; flags: string[] };
    const json = await api<{ items: Item[] }>(`/api/reports/items?course=${WR}&${cohortQ}`);
    equal(json.items.length, 3, 'the three pre-test questions answered');
    const el = await reports('items', `course=${WR}&${cohortQ}`);
    for (const item of json.items) {
      const card = $(el, `li.item[data-question="${item.question}"][data-assessment="${item.assessment}"]`);
      equal($(card, '[data-figure=answered]').textContent!.trim(), enPeople(item.answered), `${item.question}: answered`);
      equal($(card, '[data-figure=correct]').textContent!.trim(), enPeople(item.correct), `${item.question}: correct`);
      assert($(card, '[data-figure=difficulty] strong').textContent === item.difficulty.total!.toFixed(2), `${item.question}: p`);
      // Three answers: too few to act on, and said so in words.
      equal($$(card, '.flags li').map((li) => li.dataset.flag), item.flags, `${item.question}: flags`);
      assert(/Few responses: fewer than 20 people answered it/.test($(card, '.flags').textContent!), 'the flag explained');
    }
    equal($(el, 'section.assessment h4').textContent, 'Pre-test', 'grouped by assessment, named');
    await expectAccessible(el);
  });

  it('R7 roll-up: centre, provinces and (opened) districts, split by sex, as the API reports them; the stage can be changed', async () => {
    await signInAs('viewer');
    type P = { code: string | null } & Record<string, Counts>;
    const json = await api<{ centre: Record<string, Counts>; provinces: (P & { districts: P[] })[] }>(`/api/reports/rollup?${cohortQ}`);
    const vt = json.provinces.find((p) => p.code === 'LA-VT')!;
    equal(vt.enrolled, { female: 1, male: 1, otherOrNotStated: 0, total: 2 }, 'two in Vientiane Capital');
    const el = await reports('rollup', cohortQ);
    equal(cells(el, 'tr[data-level=centre]'), asCells(json.centre.enrolled!), 'centre');
    equal(cells(el, 'tr[data-code="LA-VT"]'), asCells(vt.enrolled!), 'Vientiane Capital');
    equal($$(el, 'tr[data-level=district]').length, 0, 'districts closed at first');
    const toggle = $<HTMLButtonElement>(el, 'tr[data-code="LA-VT"] button.disclosure');
    equal(toggle.getAttribute('aria-expanded'), 'false', 'closed');
    toggle.click();
    await el.updateComplete;
    equal(toggle.getAttribute('aria-expanded'), 'true', 'open');
    const district = vt.districts.find((d) => d.code === TEST_DISTRICT_VT)!;
    equal(cells(el, `tr[data-level=district][data-code="${TEST_DISTRICT_VT}"]`), asCells(district.enrolled!), 'the district');
    const select = $<HTMLSelectElement>(el, '#rollup-stage');
    select.value = 'completed';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    equal(cells(el, 'tr[data-level=centre]'), asCells(json.centre.completed!), 'centre, completed');
    await expectAccessible(el);
  });

  it('R8 filters: choosing a quarter updates the location hash and the figures; the back button brings the previous ones back', async () => {
    await signInAs('viewer');
    const [allTime, q1] = await Promise.all([
      api<{ all: Record<string, Counts> }>(`/api/reports/participation?${cohortQ}`),
      api<{ all: Record<string, Counts> }>(`/api/reports/participation?${cohortQ}&quarter=2026-Q1`),
    ]);
    assert(JSON.stringify(allTime.all) !== JSON.stringify(q1.all), 'the quarter changes the figures (joined now, worked in March 2026)');
    location.hash = `#/reports/participation?${cohortQ}`;
    const el = await reports('participation', cohortQ);
    const figures = () => STAGES.map((s) => cells(el, `[data-part=all] tr[data-key=${s}]`));
    equal(figures(), STAGES.map((s) => asCells(allTime.all[s]!)), 'all time');

    const period = $<HTMLSelectElement>(el, '#f-period');
    period.value = 'quarter';
    period.dispatchEvent(new Event('change'));
    await el.updateComplete;
    $<HTMLInputElement>(el, '#f-quarter').value = '2026-Q1';
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await eventually(() => location.hash, `#/reports/participation?${cohortQ}&quarter=2026-Q1`, 'the hash holds the filters');
    await eventually(figures, STAGES.map((s) => asCells(q1.all[s]!)), 'the quarter\'s figures');
    assert($(el, '.period').textContent!.includes('2026-01-01 – 2026-03-31'), `the period is spelled out: ${$(el, '.period').textContent}`);

    history.back();
    await eventually(() => location.hash, `#/reports/participation?${cohortQ}`, 'back');
    await eventually(figures, STAGES.map((s) => asCells(allTime.all[s]!)), 'back to all time');
    equal($<HTMLSelectElement>(el, '#f-period').value, '', 'the form says "all time" again');
    equal($$(el, '#f-quarter').length, 0, 'no quarter field');
    equal($<HTMLSelectElement>(el, '#f-cohort').value, seeded.cohort.id, 'the cohort still chosen');
  });

  it('tabs link to the other reports keeping the common filters; item analysis asks for a course first', async () => {
    await signInAs('viewer');
    const el = await reports('learning-gain', `${cohortQ}&quarter=2026-Q1&minGain=0.3`);
    const tabs = $$<HTMLAnchorElement>(el, 'nav a');
    equal(tabs.map((a) => a.dataset.report), ['participation', 'learning-gain', 'certification', 'items', 'rollup'], 'five reports');
    equal(tabs.map((a) => a.getAttribute('aria-current')), [null, 'page', null, null, null], 'the current one');
    equal(tabs[1]!.getAttribute('href'), `#/reports/learning-gain?${cohortQ}&quarter=2026-Q1&minGain=0.3`, 'its own filters');
    equal(tabs[3]!.getAttribute('href'), `#/reports/items?${cohortQ}&quarter=2026-Q1`, 'the common filters only');
    tabs[3]!.click();
    await until(() => el.dataset.status === 'need-course', 'asks for a course');
    equal(el.report, 'items', 'followed the hash');
    assert($(el, '.need-course').textContent!.includes('Choose a course'), 'says why');
    const course = $<HTMLSelectElement>(el, '#f-course');
    await until(() => course.options.length > 1, 'courses listed');
    course.value = WR;
    course.dispatchEvent(new Event('change'));
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await ready(el);
    equal(location.hash, `#/reports/items?course=${WR}&${cohortQ}&quarter=2026-Q1`, 'hash');
    const assessment = $<HTMLSelectElement>(el, '#f-assessment');
    await until(() => assessment.options.length > 2, 'the course\'s assessments listed');
    const names = [...assessment.options].map((o) => o.value);
    assert(names[1] === 'pretest' && names.includes('posttest') && names.some((n) => n.startsWith('quiz-')), `assessments in order: ${names.join(', ')}`);
  });

  it('a filter the server refuses shows its message by that field (and moves focus there), in place of figures', async () => {
    await signInAs('viewer');
    const el = await reports('participation', cohortQ);
    const period = $<HTMLSelectElement>(el, '#f-period');
    period.value = 'quarter';
    period.dispatchEvent(new Event('change'));
    await el.updateComplete;
    $<HTMLInputElement>(el, '#f-quarter').value = '2026-Q5';
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await until(() => el.dataset.status === 'error', 'refused');
    await el.updateComplete;
    const message = $(el, '#err-quarter').textContent!;
    assert(/^query\.quarter: must be a calendar quarter such as 2026-Q3/.test(message), `the server's message: ${message}`);
    const input = $<HTMLInputElement>(el, '#f-quarter');
    equal(input.getAttribute('aria-invalid'), 'true', 'marked invalid');
    assert(input.getAttribute('aria-describedby')!.split(' ').includes('err-quarter'), 'described by the message');
    equal(deepActive(), input, 'focus on the field');
    assert($(el, '[role=alert]').textContent!.includes('query.quarter'), 'announced');
    equal($$(el, '.results').length, 0, 'no figures');
    await expectAccessible(el);

    // A report's own filter, from a link.
    const gain = await mount<ChampaReports>('champa-reports', {}, { report: 'learning-gain', query: `${cohortQ}&minGain=2`, lang: 'en' });
    await until(() => gain.dataset.status === 'error', 'refused');
    await gain.updateComplete;
    equal($(gain, '#err-minGain').textContent, 'query.minGain: must be at most 1 (scores are scaled 0–1)', 'minGain message');
    equal($<HTMLInputElement>(gain, '#f-minGain').value, '2', 'the bad value stays in the field to correct');
  });

  it('export links are the same report as CSV and XLSX with the same filters (plain download links; the session cookie goes along)', async () => {
    await signInAs('viewer');
    const query = `${cohortQ}&quarter=2026-Q1&minGain=0.3`;
    const el = await reports('learning-gain', query);
    const csv = $<HTMLAnchorElement>(el, 'a[data-format=csv]');
    const xlsx = $<HTMLAnchorElement>(el, 'a[data-format=xlsx]');
    equal(csv.getAttribute('href'), `/api/reports/learning-gain.csv?${query}`, 'CSV');
    equal(xlsx.getAttribute('href'), `/api/reports/learning-gain.xlsx?${query}`, 'XLSX');
    assert(csv.hasAttribute('download') && xlsx.hasAttribute('download'), 'download links');
    const res = await fetch(csv.href);
    equal([res.status, res.headers.get('content-type')], [200, 'text/csv; charset=utf-8'], 'the file');
    const text = await res.text();
    assert(text.includes(`cohort=${seeded.cohort.id}`) && text.includes('quarter=2026-Q1') && text.includes('gained at least 0.3'), 'the file says its filters');
    const file = await fetch(xlsx.href);
    equal(file.status, 200, 'XLSX');
    assert($(el, '.exports .note').textContent!.includes('below 5'), 'says small counts are hidden in files');
  });

  it('a trainer of organisation B sees none of organisation A\'s people (this file\'s four are not in its figures), no organisation A cohort to pick, and that cohort\'s id refused by the field', async () => {
    await signInAs('viewer');
    const viewerSees = await api<{ all: Record<string, Counts> }>('/api/reports/participation?organisation=test-org-a');
    assert(viewerSees.all.enrolled!.total >= 4, 'a viewer sees organisation A\'s people');

    await signInAs('trainerB');
    const json = await api<{ all: Record<string, Counts> }>('/api/reports/participation?organisation=test-org-a');
    // Only people trainer B may see (organisation A people in B's own cohorts, if another test
    // made any): never this file's four.
    assert(json.all.enrolled!.total <= viewerSees.all.enrolled!.total - 4, `trainer B sees fewer: ${json.all.enrolled!.total}`);
    const el = await reports('participation', 'organisation=test-org-a', 'en', {});
    if (STAGES.every((s) => json.all[s]!.total === 0)) equal($(el, '[data-part=all] .empty').textContent, 'No one in these filters.', 'nobody');
    else for (const s of STAGES) equal(cells(el, `[data-part=all] tr[data-key=${s}]`), asCells(json.all[s]!), `what trainer B may see: ${s}`);
    assert($(el, '.scope').textContent!.includes('your organisations'), 'says whose people a trainer sees');
    const org = $<HTMLSelectElement>(el, '#f-organisation');
    await until(() => [...org.options].some((o) => o.value === 'test-org-b'), 'organisations listed');
    equal([...org.options].map((o) => o.value).filter((v) => v && v !== 'test-org-a'), ['test-org-b'], 'only B among the organisations to pick');
    assert(![...$<HTMLSelectElement>(el, '#f-cohort').options].some((o) => o.value === seeded.cohort.id), 'A\'s cohort not offered');

    const refused = await mount<ChampaReports>('champa-reports', {}, { report: 'rollup', query: cohortQ, lang: 'en' });
    await until(() => refused.dataset.status === 'error', 'refused');
    await refused.updateComplete;
    equal($(refused, '#err-cohort').textContent, `query.cohort: no cohort ${seeded.cohort.id} among your organisations and cohorts`, 'by the cohort field');
  });

  it('reads Lao by default ("4 ຄົນ, ຍິງ 2 ຄົນ") and fits a 360 px phone without sideways scrolling of the page', async () => {
    await signInAs('viewer');
    const el = await mount<ChampaReports>('champa-reports', {}, { report: 'participation', query: cohortQ, style: 'display:block;width:360px;position:relative;overflow:auto' });
    await ready(el);
    assert($(el, '[data-part=all] .lead').textContent!.includes('4 ຄົນ, ຍິງ 2 ຄົນ'), `Lao: ${$(el, '[data-part=all] .lead').textContent}`);
    equal($(el, 'nav a[aria-current=page]').textContent, 'ການເຂົ້າຮ່ວມ', 'Lao tab');
    for (const report of ['participation', 'rollup', 'items'] as const) {
      el.report = report;
      el.query = report === 'items' ? `course=${WR}&${cohortQ}` : cohortQ;
      await until(() => el.dataset.status === 'ready' && !!el.shadowRoot!.querySelector('.results'), report);
      await el.updateComplete;
      assert(el.scrollWidth <= 360, `${report}: ${el.scrollWidth} px wide content in 360 px`);
    }
    await expectAccessible(el);
  });
});
