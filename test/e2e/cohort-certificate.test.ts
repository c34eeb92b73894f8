// Issue 5 end to end, in Chromium against the real Node server: a trainer signs in and creates
// a cohort for a certification course; a participant opens the join URL on a 360×640 screen,
// joins with the code and their details, takes the whole course as that learner, claims the
// certificate, and the certificate verifies. The trainer then sees the participant's progress
// and certificate. DESIGN §5 (join code), §7 (certificates), §8 (cohorts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../server/cli.js';
import { takeCourse, waitForPlayer } from './driver.js';
import { missing, openBrowser, startServer, until, type Browser, type Server } from './support.js';

const SLUG = 'victim-identification';
const PASSWORD = 'a long trainer passphrase 2026';

interface Cohort {
  id: string;
  joinCode: string;
  joinUrl: string;
  qrCode: string;
}

describe('e2e: trainer creates a cohort, a participant joins on a phone, completes a certification course, and the certificate verifies (issue 5)', () => {
  let server: Server;
  let trainer: Browser;
  let phone: Browser;
  before(async () => {
    const why = missing();
    if (why) throw new Error(why);
    server = await startServer();
    trainer = await openBrowser({ width: 1280, height: 800 });
    phone = await openBrowser({ width: 360, height: 640 });
  });
  after(async () => {
    await phone?.close();
    await trainer?.close();
    await server?.close();
  });

  it('joins with the code, completes the course, and the certificate is valid', async () => {
    // The first admin comes from the CLI, as in a real deployment; the admin adds an
    // organisation and a trainer through the API.
    const env = { ...process.env, CHAMPA_DB: join(server.dir, 'champa.sqlite') };
    const made = await runCli(['admin', 'create', '--email', 'admin@e2e.test', '--name', 'E2E admin', '--password', PASSWORD], env);
    assert.equal(made.code, 0, made.out);
    const adminLogin = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'admin@e2e.test', password: PASSWORD }) });
    assert.equal(adminLogin.status, 200, await adminLogin.clone().text());
    const admin = { Cookie: adminLogin.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': ((await adminLogin.json()) as { csrfToken: string }).csrfToken, 'Content-Type': 'application/json' };
    const org = (await (await fetch(`${server.url}/api/organisations`, { method: 'POST', headers: admin, body: JSON.stringify({ nameLo: 'ກົມຕຳຫຼວດ', nameEn: 'Police department', kind: 'police' }) })).json()) as { id: string };
    const user = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ email: 'trainer@e2e.test', name: 'E2E trainer', role: 'trainer', password: PASSWORD, organisations: [org.id] }),
    });
    assert.equal(user.status, 201, await user.text());

    // The trainer signs in in their browser and creates the cohort; the page gets the QR code.
    const t = trainer.page;
    await t.goto(`${server.url}/xapi/about`);
    const created = await t.evaluate(
      async ({ password, org, slug }) => {
        const login = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'trainer@e2e.test', password }) });
        const { csrfToken } = (await login.json()) as { csrfToken: string };
        const res = await fetch('/api/cohorts', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
          body: JSON.stringify({ name: 'ຝຶກອົບຮົມ ການກຳນົດຕົວຜູ້ເຄາະຮ້າຍ', courses: [slug], organisationId: org, provinceCode: 'LA-VT', startsOn: '2026-03-02', endsOn: '2026-03-04', mode: 'in-person' }),
        });
        const cohort = (await res.json()) as Record<string, unknown>;
        const qr = await fetch(String(cohort.qrCode));
        return { status: res.status, cohort, qrType: qr.headers.get('content-type'), qr: await qr.text(), csrfToken };
      },
      { password: PASSWORD, org: org.id, slug: SLUG },
    );
    assert.equal(created.status, 201, JSON.stringify(created.cohort));
    const cohort = created.cohort as unknown as Cohort;
    assert.match(created.qrType ?? '', /^image\/svg\+xml/);
    assert.match(created.qr, /^<svg /);
    assert.equal(cohort.joinUrl, `${server.url}/join?code=${cohort.joinCode}`);

    // The participant scans the QR code: the join page opens with the code filled in.
    const p = phone.page;
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.goto(cohort.joinUrl);
    await p
      .waitForFunction(() => customElements.get('champa-join') !== undefined, undefined, { timeout: 20_000 })
      .catch(() => {
        throw new Error('the join page never defined <champa-join>: /embed.js must load components/champa-join (see notes README-cohorts.md)');
      });
    const name = p.locator('champa-join #f-name');
    await name.waitFor({ timeout: 20_000 });
    assert.ok((await p.locator('champa-join [part=cohort]').textContent())!.includes('ຝຶກອົບຮົມ ການກຳນົດຕົວຜູ້ເຄາະຮ້າຍ'), 'the cohort is shown');
    await name.fill('ນາງ ບົວພັນ ສີສຸວັນ');
    await p.locator('champa-join input[name=sex][value=female]').check();
    await p.locator('champa-join #f-birthYear').fill('1988');
    await p.locator('champa-join #f-position').fill('ຮອງຫົວໜ້າໜ່ວຍ');
    await p.locator('champa-join form button[type=submit]').click();

    // One course in the cohort: the player opens it as the new learner.
    await p.waitForFunction(() => !(document.querySelector('champa-course') as HTMLElement).hidden, undefined, { timeout: 20_000 });
    const stored = await p.evaluate(() => JSON.parse(localStorage.getItem(`champa-learner:${location.origin}`) ?? 'null') as { token: string; actor: { account: { name: string } }; learnerId: string } | null);
    if (!stored) throw new Error('no learner kept on the device');
    assert.ok(stored.token.startsWith('clt_'), 'the learner token is kept on the device');
    assert.equal(stored.actor.account.name, stored.learnerId, 'the actor is the opaque learner id');
    const first = await waitForPlayer(p);
    assert.equal(first.kind, 'home');
    const done = await takeCourse(p);
    assert.deepEqual(done, { kind: 'done', courseCompleted: true });
    await until(async () => (await p.evaluate(() => (document.querySelector('champa-course') as unknown as { pending: number }).pending)) === 0, 30_000, 'an empty outbox');
    // The player claims the certificate itself once the server has graded the final exam as
    // passed and the outbox is empty, and links to it on the completion page.
    const link = await until(
      () => p.evaluate(() => (document.querySelector('champa-course') as HTMLElement).shadowRoot!.querySelector<HTMLAnchorElement>('[part~="certificate"]')?.href ?? ''),
      30_000,
      "the player's certificate link",
    );

    // The certificate is issued from the recorded progress and verifies.
    const claim = await until(
      async () => {
        const r = await p.evaluate(async ({ token, slug }) => {
          const res = await fetch('/api/certificates/claim', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ course: slug }) });
          return { status: res.status, body: (await res.json()) as Record<string, unknown> };
        }, { token: stored.token, slug: SLUG });
        return r.status === 201 || r.status === 200 ? r : null;
      },
      20_000,
      'the certificate claim',
    );
    if (!claim) throw new Error('no certificate');
    const cert = claim.body as { id: string; verifyUrl: string; learner?: { name?: string } };
    assert.ok(cert.id && cert.verifyUrl, JSON.stringify(cert));
    assert.equal(link, (claim.body as { url?: string }).url, 'the player links to the same certificate');
    await p.goto(cert.verifyUrl);
    const verdict = await p.locator('body').textContent();
    assert.ok(verdict!.includes('ໃບຢັ້ງຢືນນີ້ຖືກຕ້ອງ'), `the verify page says valid: ${verdict!.slice(0, 300)}`);
    assert.ok(verdict!.includes('ນາງ ບົວພັນ ສີສຸວັນ'), 'with the participant\'s name');

    // The trainer sees the participant, the completed course and the certificate.
    const seen = await t.evaluate(async (id) => (await (await fetch(`/api/cohorts/${id}/participants`)).json()) as Record<string, unknown>, cohort.id);
    const participants = seen.participants as { id: string; name: string; courses: { slug: string; source: string; progress: { state: string; certificationEligible?: boolean }; certificate: { id: string; status: string } | null }[] }[];
    assert.equal(participants.length, 1);
    const only = participants[0]!;
    assert.equal(only.id, stored.learnerId);
    assert.equal(only.courses[0]!.source, 'join');
    assert.equal(only.courses[0]!.progress.state, 'completed');
    assert.equal(only.courses[0]!.progress.certificationEligible, true);
    assert.deepEqual(only.courses[0]!.certificate && { id: only.courses[0]!.certificate.id, status: only.courses[0]!.certificate.status }, { id: cert.id, status: 'active' });
    assert.deepEqual(errors, [], 'no page errors');
  });
});
