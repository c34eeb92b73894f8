// The dashboard end to end, in Chromium against the real Node server (`npm start`'s
// server/node.ts): on a fresh database the first admin is created with the CLI, signs in at
// /dashboard through the form and sees Cohorts and Reports (and the admin pages); the admin adds
// an organisation and a trainer in the pages, who then signs in; a viewer the admin adds through
// the API signs in on a 360×640 phone and sees Reports only; sign-out returns to the form.
// Nothing the page does is refused by its Content-Security-Policy. Issue 6 part 4; DESIGN §8, §9.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { apiSession, createAdmin, fillSignIn, post, useRig, watchCsp } from './dashboard-support.js';

const PASSWORD = 'a long dashboard passphrase 2026';

async function signIn(page: Page, email: string): Promise<void> {
  await fillSignIn(page, email, PASSWORD);
  await page.locator('champa-dashboard [part="header"]').waitFor({ timeout: 15_000 });
}

/** The shell's own nav links as [href, text] (the pages below may have navs of their own). */
const nav = (page: Page) =>
  page.locator('champa-dashboard [part="nav"] a').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), (a.textContent ?? '').trim()]));

describe('e2e: /dashboard — the first admin from the CLI signs in and sees the nav; a viewer on a phone sees Reports only (issue 6)', () => {
  const rig = useRig({ desk: { width: 1280, height: 800 }, phone: true });

  it('admin: CLI-created, signs in through the form, sees Cohorts + Reports, stays signed in on reload, signs out', async () => {
    const { server, desk } = rig;
    await createAdmin(server, 'first-admin@e2e.test', 'First admin', PASSWORD);

    const page = desk.page;
    const refused = watchCsp(page);
    await page.goto(`${server.url}/dashboard`);
    await page.locator('champa-dashboard form').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('champa-dashboard').getAttribute('lang'), 'lo', 'Lao first');

    // A wrong password first: the form says so and stays.
    await fillSignIn(page, 'first-admin@e2e.test', 'not the passphrase');
    await page.locator('champa-dashboard .alert').waitFor();
    assert.match(await page.locator('champa-dashboard .alert').innerText(), /email or password is wrong/);

    await signIn(page, 'first-admin@e2e.test');
    assert.match(await page.locator('champa-dashboard .who').innerText(), /First admin/);
    assert.deepEqual(await nav(page), [
      ['#/cohorts', 'ຊຸດຝຶກອົບຮົມ'],
      ['#/reports/participation', 'ລາຍງານ'],
      ['#/users', 'ບັນຊີຜູ້ໃຊ້'],
      ['#/organisations', 'ອົງການ'],
      ['#/account', 'ບັນຊີຂອງຂ້ອຍ'],
    ]);
    assert.equal(new URL(page.url()).hash, '#/cohorts', 'an admin starts at the cohorts');
    await page.locator('champa-dashboard champa-cohorts').waitFor({ state: 'attached' });

    await page.locator('champa-dashboard [part="nav"] a[href="#/reports/participation"]').click();
    await page.locator('champa-dashboard champa-reports[report="participation"]').waitFor({ state: 'attached' });

    await page.reload();
    await page.locator('champa-dashboard [part="header"]').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('champa-dashboard champa-reports').count(), 1, 'the session and the page survive a reload');

    await page.locator('champa-dashboard button.signout').click();
    await page.locator('champa-dashboard form').waitFor();
    assert.equal(await page.locator('champa-dashboard [part="header"]').count(), 0);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    assert.equal(me, 401, 'the session is over on the server');
    assert.deepEqual(refused, [], 'nothing refused by the CSP, no page errors');
  });

  it('admin adds an organisation and a trainer of it in the pages (no curl); the trainer signs in with the initial password and sees Cohorts, Reports, My account', async () => {
    const { server, desk } = rig;
    const page = desk.page;
    const refused = watchCsp(page);
    await page.goto(`${server.url}/dashboard#/organisations`);
    await page.locator('champa-dashboard form').waitFor({ timeout: 20_000 });
    await signIn(page, 'first-admin@e2e.test');
    const orgs = page.locator('champa-dashboard champa-organisations');
    await orgs.locator('button.new').click();
    await orgs.locator('#f-nameLo').fill('ຕຳຫຼວດ ທົດສອບ');
    await orgs.locator('#f-nameEn').fill('E2E police');
    await orgs.locator('#f-kind').selectOption('police');
    await orgs.locator('button[type="submit"]').click();
    await orgs.locator('.done').waitFor();
    const orgId = await page.evaluate(async () => ((await (await fetch('/api/organisations')).json()) as { id: string; nameEn: string }[]).find((o) => o.nameEn === 'E2E police')!.id);

    await page.locator('champa-dashboard [part="nav"] a[href="#/users"]').click();
    const users = page.locator('champa-dashboard champa-users');
    await users.locator('button.new').click();
    await users.locator('#f-email').fill('trainer@e2e.test');
    await users.locator('#f-name').fill('ນາງ ຄູຝຶກ');
    await users.locator(`input[name="organisations"][value="${orgId}"]`).check();
    await users.locator('#f-password').fill(PASSWORD);
    await users.locator('button[type="submit"]').click();
    await users.locator('.done').waitFor();
    await page.locator('champa-dashboard button.signout').click();
    await page.locator('champa-dashboard form').waitFor();

    await signIn(page, 'trainer@e2e.test');
    assert.match(await page.locator('champa-dashboard .who').innerText(), /ນາງ ຄູຝຶກ/);
    assert.deepEqual(await nav(page), [
      ['#/cohorts', 'ຊຸດຝຶກອົບຮົມ'],
      ['#/reports/participation', 'ລາຍງານ'],
      ['#/account', 'ບັນຊີຂອງຂ້ອຍ'],
    ]);
    const me = await page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { user: { role: string; organisations: string[] } }).user);
    assert.deepEqual([me.role, me.organisations], ['trainer', [orgId]], 'a trainer of the new organisation');
    await page.locator('champa-dashboard button.signout').click();
    await page.locator('champa-dashboard form').waitFor();
    assert.deepEqual(refused, [], 'nothing refused by the CSP (the pages loaded on demand included), no page errors');
  });

  it('viewer at 360×640: added by the admin through the API, sees Reports and not Cohorts, is refused #/cohorts, signs out', async () => {
    const { server, phone } = rig;
    const admin = await apiSession(server, 'first-admin@e2e.test', PASSWORD);
    await post(server, '/api/users', admin, { email: 'viewer@e2e.test', name: 'Donor viewer', role: 'viewer', password: PASSWORD }, 201);

    const page = phone.page;
    const refused = watchCsp(page);
    await page.goto(`${server.url}/dashboard`);
    await page.locator('champa-dashboard form').waitFor({ timeout: 20_000 });
    await signIn(page, 'viewer@e2e.test');
    assert.deepEqual(
      await nav(page),
      [
        ['#/reports/participation', 'ລາຍງານ'],
        ['#/account', 'ບັນຊີຂອງຂ້ອຍ'],
      ],
      'Reports (and My account) only',
    );
    assert.equal(new URL(page.url()).hash, '#/reports/participation', 'a viewer starts at the reports');
    await page.locator('champa-dashboard champa-reports[report="participation"]').waitFor({ state: 'attached' });
    assert.match(await page.locator('champa-dashboard .who').innerText(), /Donor viewer/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
    for (const target of await page.locator('champa-dashboard [part="header"] button, champa-dashboard [part="nav"] a').all()) {
      const box = (await target.boundingBox())!;
      assert.ok(box.height >= 44 && box.x + box.width <= 360, `${await target.innerText()}: ${JSON.stringify(box)}`);
    }

    await page.goto(`${server.url}/dashboard#/cohorts`);
    await page.locator('champa-dashboard .refused').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('champa-dashboard champa-cohorts').count(), 0, 'no cohorts page for a viewer');
    assert.match(await page.locator('champa-dashboard .refused').innerText(), /ບົດບາດ/, 'says it is not for their role');

    await page.locator('champa-dashboard button.signout').click();
    await page.locator('champa-dashboard form').waitFor();
    assert.match(await page.locator('champa-dashboard .note').innerText(), /ອອກຈາກລະບົບແລ້ວ/);
    assert.deepEqual(refused, [], 'nothing refused by the CSP, no page errors');
  });
});
