// The report pages end to end, in Chromium against the real Node server (issue 6 part 4;
// DESIGN §8; domain-research §5.2, R1 and R8): a training's participants join with the code and
// work through a course in March 2026 (one more person starts in April); a viewer signs in at
// /dashboard, opens the participation report, filters it by the quarter 2026-Q1 through the
// form, and the figures change; the link (the location hash) opens the same view again; the CSV
// the page links to downloads with the same filters, and its rows say what the page shows,
// cell by cell, split by sex (counts are 0 or at least 5, so suppression hides none).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { apiSession, createAdmin, fillSignIn, post, useRig, watchCsp, type Rig } from './dashboard-support.js';

const PASSWORD = 'a long reports passphrase 2026';
const WR = 'workers-rights';
const ADL = 'http://adlnet.gov/expapi/verbs/';

interface Course {
  iri: string;
  modules: { iri: string; lessons: { iri: string }[]; quiz?: { iri: string } }[];
}

/** The player's statements: initialized, then (when `complete`) every lesson and module quiz; a minute apart from `start`. */
function statements(course: Course, actor: unknown, start: string, complete: boolean) {
  const registration = crypto.randomUUID();
  let t = Date.parse(start);
  const out: unknown[] = [];
  const push = (verb: string, object: string, parent?: string, result?: unknown) =>
    out.push({
      id: crypto.randomUUID(),
      actor,
      verb: { id: ADL + verb, display: { en: verb } },
      object: { objectType: 'Activity', id: object },
      ...(result ? { result } : {}),
      context: { registration, contextActivities: { grouping: [{ id: course.iri }], ...(parent ? { parent: [{ id: parent }] } : {}) } },
      timestamp: new Date((t += 60_000)).toISOString(),
    });
  push('initialized', course.iri);
  if (complete) {
    for (const m of course.modules) {
      for (const l of m.lessons) push('experienced', l.iri, m.iri, { duration: 'PT60S' });
      if (m.quiz) push('passed', m.quiz.iri, m.iri, { score: { scaled: 1 }, success: true, duration: 'PT120S' });
    }
  }
  return out;
}

/** The report's tables on the page, as "course (Lao) | stage (Lao)" → the four cells women, men, other or not stated, total. */
function pageFigures(page: Page): Promise<Record<string, string[]>> {
  return page.locator('champa-reports').evaluate((el) => {
    const root = el.shadowRoot!;
    const out: Record<string, string[]> = {};
    for (const table of root.querySelectorAll('table.sex-table')) {
      const course = table.querySelector('caption')!.textContent!.trim();
      for (const tr of table.querySelectorAll('tbody tr')) {
        out[`${course} | ${tr.querySelector('th')!.textContent!.trim()}`] = [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim());
      }
    }
    return out;
  });
}

const waitReady = (page: Page) => page.locator('champa-reports[data-status="ready"]').waitFor({ timeout: 20_000 });

describe('e2e: a viewer filters the participation report by a quarter and downloads the CSV, whose rows match the page (issue 6)', () => {
  let cohortId: string;

  const rig = useRig({ desk: { width: 1280, height: 900 }, setup: seed });
  async function seed({ server }: Rig): Promise<void> {
    // People: the first admin from the CLI; an organisation, a trainer and a viewer through the API.
    await createAdmin(server, 'admin@e2e.test', 'E2E admin', PASSWORD);
    const admin = await apiSession(server, 'admin@e2e.test', PASSWORD);
    const org = await post<{ id: string }>(server, '/api/organisations', admin, { nameLo: 'ສະຫະພັນກຳມະບານ', nameEn: 'Trade union', kind: 'lftu' });
    await post(server, '/api/users', admin, { email: 'trainer@e2e.test', name: 'E2E trainer', role: 'trainer', password: PASSWORD, organisations: [org.id] });
    await post(server, '/api/users', admin, { email: 'viewer@e2e.test', name: 'Donor viewer', role: 'viewer', password: PASSWORD });

    // The training: 6 women and 5 men start in March 2026, 5 and 5 of them finish every module
    // then; one person of another sex starts in April (2026-Q2).
    const trainer = await apiSession(server, 'trainer@e2e.test', PASSWORD);
    const cohort = await post<{ id: string; joinCode: string }>(server, '/api/cohorts', trainer, {
      name: 'ການຝຶກອົບຮົມ ແຂວງຄຳມ່ວນ',
      courses: [WR],
      organisationId: org.id,
      provinceCode: 'LA-KH',
      startsOn: '2026-03-02',
      endsOn: '2026-03-04',
      mode: 'in-person',
    });
    cohortId = cohort.id;
    const course = (await (await fetch(`${server.url}/api/courses/${WR}`)).json()) as Course;
    const people = [
      ...Array.from({ length: 6 }, (_, i) => ({ sex: 'female', start: '2026-03-02T02:00:00.000Z', complete: i < 5 })),
      ...Array.from({ length: 5 }, () => ({ sex: 'male', start: '2026-03-02T02:00:00.000Z', complete: true })),
      { sex: 'other', start: '2026-04-06T02:00:00.000Z', complete: false },
    ];
    for (const [i, p] of people.entries()) {
      const joined = await post<{ token: string; actor: unknown }>(server, '/api/join', { 'Content-Type': 'application/json' }, {
        code: cohort.joinCode,
        name: `ຜູ້ເຂົ້າຮ່ວມ ${i + 1}`,
        sex: p.sex,
        provinceCode: 'LA-KH',
      });
      const res = await fetch(`${server.url}/xapi/statements`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${joined.token}`, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
        body: JSON.stringify(statements(course, joined.actor, p.start, p.complete)),
      });
      assert.equal(res.status, 200, await res.text());
    }
  }

  it('signs in at /dashboard, filters participation by 2026-Q1, shares the link, and the CSV download has the same rows', async () => {
    const { server, desk } = rig;
    const page = desk.page;
    const problems = watchCsp(page);
    await page.goto(`${server.url}/dashboard`);
    await fillSignIn(page, 'viewer@e2e.test', PASSWORD);
    await page.locator('champa-dashboard [part="header"]').waitFor({ timeout: 20_000 });
    assert.equal(new URL(page.url()).hash, '#/reports/participation', 'a viewer lands on the reports');
    await waitReady(page);

    // The training's own cohort, all time: 12 people, 6 women, joined and started.
    await page.locator('champa-reports #f-cohort').selectOption(cohortId);
    await page.locator('champa-reports button[type="submit"]').click();
    await page.waitForFunction((id) => location.hash === `#/reports/participation?cohort=${id}`, cohortId);
    await waitReady(page);
    const allTime = await pageFigures(page);
    const lead = await page.locator('champa-reports [data-part="all"] .lead').innerText();
    assert.match(lead, /12 ຄົນ, ຍິງ 6 ຄົນ/, `the field's way: ${lead}`);

    // A quarter, through the form: the hash says so and the figures change.
    await page.locator('champa-reports #f-period').selectOption('quarter');
    await page.locator('champa-reports #f-quarter').fill('2026-Q1');
    await page.locator('champa-reports button[type="submit"]').click();
    await page.waitForFunction((id) => location.hash === `#/reports/participation?cohort=${id}&quarter=2026-Q1`, cohortId);
    await waitReady(page);
    await page.locator('champa-reports .period').filter({ hasText: '2026-01-01 – 2026-03-31' }).waitFor();
    const q1 = await pageFigures(page);
    const started = Object.entries(q1).find(([k]) => k.endsWith('| ເລີ່ມຮຽນ'))!;
    assert.deepEqual(started[1], ['6', '5', '0', '11'], `started in Q1, split by sex: ${started[0]}`);
    assert.notDeepEqual(q1, allTime, 'the quarter changes the figures');

    // The link is the view: opened afresh, it shows the same figures.
    const shared = await desk.context.newPage();
    await shared.goto(page.url());
    await waitReady(shared);
    assert.deepEqual(await pageFigures(shared), q1, 'the shared link shows the same report');
    await shared.close();

    // The CSV download carries the same filters and says what the page says.
    const link = page.locator('champa-reports a[data-format="csv"]');
    assert.equal(await link.getAttribute('href'), `/api/reports/participation.csv?cohort=${cohortId}&quarter=2026-Q1`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^champa-participation-2026-Q1-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(text.trim(), { skipEmptyLines: false }).data;
    // Rows 1–2 title, 3 blank, 4–5 headers (Lao, English), then data: course (lo, en), stage (lo, en), women, men, other, total.
    assert.deepEqual(rows[4]!.slice(4, 8), ['Women', 'Men', 'Other or not stated', 'Total'], 'English header');
    const data = rows.slice(5).filter((r) => r.length >= 8 && r[2]);
    const fromFile = Object.fromEntries(data.map((r) => [`${r[0]} | ${r[2]}`, r.slice(4, 8)]));
    const onPage = Object.entries(q1);
    assert.ok(onPage.length >= 5, `the page shows tables: ${onPage.length} rows`);
    // The page and the file name courses and stages with the same Lao words.
    for (const [key, cells] of onPage) assert.deepEqual(fromFile[key], cells, `row "${key}": file vs page`);
    // Rows the page leaves out (courses nobody took, the certified row of a course without a
    // certificate) are zeros in the file.
    const shown = new Set(onPage.map(([k]) => k));
    for (const [key, cells] of Object.entries(fromFile)) {
      if (!shown.has(key)) assert.deepEqual(cells, ['0', '0', '0', '0'], `row "${key}" not on the page is zero`);
    }
    assert.ok(text.includes(`cohort=${cohortId}`) && text.includes('quarter=2026-Q1'), 'the file says its filters');
    assert.deepEqual(problems, [], 'nothing refused by the CSP, no page errors');
  });
});
