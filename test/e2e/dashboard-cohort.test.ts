// The trainer's cohort pages end to end, in Chromium against the real Node server: a trainer
// signs in at /dashboard, creates a cohort with the new-cohort form and opens its page (join
// code, QR code); a participant joins with the code on a 360×640 phone in another browser and
// answers the pre-test in the player; the trainer's open cohort page shows the participant and
// then their progress change, by itself, without a reload. Issue 6 part 4; DESIGN §5, §8.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { apiSession, createAdmin, fillSignIn, post, useRig } from './dashboard-support.js';
import { stepUntil, waitForPlayer } from './driver.js';
import { until } from './support.js';

const PASSWORD = 'a long trainer passphrase 2026';
const SLUG = 'workers-rights';

/** The text of a cell of the participant's row on the trainer's page, or '' while there is none. */
const cell = (page: Page, name: string, selector: string) =>
  page.evaluate(
    ({ name, selector }) => {
      const root = document.querySelector('champa-dashboard')?.shadowRoot?.querySelector('champa-cohort')?.shadowRoot;
      const row = [...(root?.querySelectorAll('tbody tr') ?? [])].find((tr) => tr.querySelector('th')?.textContent?.trim() === name);
      return row?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    },
    { name, selector },
  );

describe('e2e: a trainer creates a cohort on /dashboard; a participant joins on a phone and answers; the open cohort page shows it live (issue 6)', () => {
  const rig = useRig({ desk: { width: 1280, height: 800 }, phone: true });

  it('creates the cohort in the form, shows its code, and follows the participant\'s progress without a reload', async () => {
    const { server, desk, phone } = rig;
    // The first admin comes from the CLI; the admin adds an organisation and a trainer.
    await createAdmin(server, 'admin@cohort.test', 'Cohort admin', PASSWORD);
    const admin = await apiSession(server, 'admin@cohort.test', PASSWORD);
    const org = await post<{ id: string }>(server, '/api/organisations', admin, { nameLo: 'ສະຫະພັນກຳມະບານ ແຂວງ', nameEn: 'Provincial trade union', kind: 'lftu' });
    await post(server, '/api/users', admin, { email: 'trainer@cohort.test', name: 'ອາຈານ ວັນນາ', role: 'trainer', password: PASSWORD, organisations: [org.id] }, 201);

    // The trainer signs in at /dashboard and lands on the cohorts.
    const t = desk.page;
    const errors: string[] = [];
    t.on('pageerror', (e) => errors.push(String(e)));
    await t.goto(`${server.url}/dashboard`);
    await fillSignIn(t, 'trainer@cohort.test', PASSWORD, 20_000);
    await t.locator('champa-dashboard champa-cohorts button.new').click({ timeout: 20_000 });

    // The new-cohort form: the trainer's one organisation is chosen already.
    const name = 'ຝຶກອົບຮົມ ສິດແຮງງານ ແຂວງສະຫວັນນະເຂດ';
    await t.locator('champa-cohorts #f-name').fill(name);
    await t.locator(`champa-cohorts form.create input[name="courses"][value="${SLUG}"]`).check();
    assert.equal(await t.locator('champa-cohorts #f-organisationId').inputValue(), org.id);
    await t.locator('champa-cohorts #f-provinceCode').selectOption('LA-SV');
    await t.locator('champa-cohorts #f-startsOn').fill('2026-03-02');
    await t.locator('champa-cohorts #f-endsOn').fill('2026-03-04');
    await t.locator('champa-cohorts form.create button[type="submit"]').click();
    await t.locator('champa-cohorts .created a').click();
    await until(() => /^#\/cohorts\/[0-9a-f-]{36}$/.test(new URL(t.url()).hash), 10_000, 'the cohort page in the hash');

    // The cohort page: its code, QR code, and no participants yet.
    const code = (await t.locator('champa-cohort .code').textContent({ timeout: 20_000 }))!.trim();
    assert.match(code, /^[2-9A-HJKMNP-Z]{6}$/);
    await t.locator('champa-cohort img.qr').waitFor({ timeout: 20_000 });
    await t.locator('champa-cohort .empty').waitFor({ timeout: 20_000 });
    // A mark on the page that a reload would wipe.
    await t.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // The participant joins on a phone with the code from the QR link.
    const p = phone.page;
    await p.goto(`${server.url}/join?code=${code}`);
    await p.locator('champa-join #f-name').fill('ນາງ ດາວເຮືອງ ພົມມະວົງ', { timeout: 20_000 });
    await p.locator('champa-join input[name=sex][value=female]').check();
    await p.locator('champa-join #f-birthYear').fill('1992');
    await p.locator('champa-join form button[type=submit]').click();
    await p.waitForFunction(() => !(document.querySelector('champa-course') as HTMLElement | null)?.hidden, undefined, { timeout: 20_000 });
    assert.equal((await waitForPlayer(p)).kind, 'home');

    // The trainer's page lists her by itself (the player's first statement may be in already),
    // counted as a woman, with no pre-test yet.
    const participant = 'ນາງ ດາວເຮືອງ ພົມມະວົງ';
    await until(async () => ['ຍັງບໍ່ເລີ່ມ', 'ກຳລັງຮຽນ'].includes(await cell(t, participant, 'td.state')), 45_000, 'the participant on the trainer\'s page');
    assert.equal(await cell(t, participant, 'td.pre'), '—', 'no pre-test yet');
    assert.equal((await t.locator('champa-cohort .facts .count').textContent())!.trim(), 'ຜູ້ເຂົ້າຮ່ວມ 1 ຄົນ, ຍິງ 1 ຄົນ');

    // She takes the pre-test (every question answered) and reaches the first lesson.
    await stepUntil(p, (s) => s.kind === 'lesson');
    await until(async () => (await p.evaluate(() => (document.querySelector('champa-course') as unknown as { pending: number }).pending)) === 0, 20_000, 'an empty outbox');

    // The trainer's page follows: her pre-test score appears, in progress, and no reload.
    await until(async () => /^\d{1,3}%$/.test(await cell(t, participant, 'td.pre')), 45_000, 'the pre-test score on the trainer\'s page');
    assert.equal(await cell(t, participant, 'td.state'), 'ກຳລັງຮຽນ', 'in progress');
    assert.notEqual(await cell(t, participant, 'td.last'), '—', 'the last activity');
    assert.equal(await t.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'the page was not reloaded');
    assert.match((await t.locator('champa-cohort .updated time').textContent())!, /^\d\d:\d\d:\d\d$/);
    assert.deepEqual(errors, [], 'no page errors on the trainer\'s page');
  });
});
