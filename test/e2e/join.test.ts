// The join path of <champa-course> end to end (DESIGN §5, way in 1), in Chromium against the
// real Node server: a trainer creates a cohort through the API with their session; a host page
// carries only the script and the element (no learner, no token); on a 360×640 screen the
// player shows the join form, the participant joins with the cohort's code and their details,
// the player records as the new learner, and the first lesson's statements land in the LRS
// under the learner's opaque account.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../server/cli.js';
import type { CompiledCourse } from '../../courses/schema.js';
import { click, screen, waitForPlayer } from './driver.js';
import { VERB, missing, openBrowser, startServer, statementsOf, until, type Browser, type Server } from './support.js';

const SLUG = 'workers-rights';
const PASSWORD = 'a long trainer passphrase 2026';

/** Signs in through the API; answers the headers a staff session sends (cookie, CSRF token). */
async function signIn(server: Server, email: string): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  assert.equal(res.status, 200, await res.clone().text());
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { Cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' };
}

describe('e2e: <champa-course> with nobody signed in shows the join form; the participant joins on a phone and the first lesson is recorded as them (DESIGN §5)', () => {
  let server: Server;
  let phone: Browser;
  before(async () => {
    const why = missing();
    if (why) throw new Error(why);
    server = await startServer();
    phone = await openBrowser({ width: 360, height: 640 });
  });
  after(async () => {
    await phone?.close();
    await server?.close();
  });

  it('joins inside the player with the code and records the first lesson under the learner account', async () => {
    // An admin (from the CLI) adds an organisation and a trainer; the trainer creates the cohort.
    const env = { ...process.env, CHAMPA_DB: join(server.dir, 'champa.sqlite') };
    const made = await runCli(['admin', 'create', '--email', 'admin@join.test', '--name', 'Join admin', '--password', PASSWORD], env);
    assert.equal(made.code, 0, made.out);
    const admin = await signIn(server, 'admin@join.test');
    const org = (await (await fetch(`${server.url}/api/organisations`, { method: 'POST', headers: admin, body: JSON.stringify({ nameLo: 'ສະຫະພັນກຳມະບານ', nameEn: 'Trade union federation', kind: 'lftu' }) })).json()) as { id: string };
    assert.ok(org.id, JSON.stringify(org));
    const user = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ email: 'trainer@join.test', name: 'Join trainer', role: 'trainer', password: PASSWORD, organisations: [org.id] }),
    });
    assert.equal(user.status, 201, await user.text());
    const trainer = await signIn(server, 'trainer@join.test');
    const created = await fetch(`${server.url}/api/cohorts`, {
      method: 'POST',
      headers: trainer,
      body: JSON.stringify({ name: 'ສິດຂອງຜູ້ອອກແຮງງານ ນະຄອນຫຼວງ', courses: [SLUG], organisationId: org.id, provinceCode: 'LA-VT', startsOn: '2026-03-02', mode: 'in-person' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const cohort = (await created.json()) as { joinCode: string };

    // A host page with the one script and the one element, nothing else.
    const p = phone.page;
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.route(`${server.url}/host.html`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="lo"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
          <script type="module" src="/embed.js"></script></head>
          <body><champa-course course="${SLUG}" lang="lo"></champa-course></body></html>`,
      }),
    );
    await p.goto(`${server.url}/host.html`);
    const code = p.locator('champa-course champa-join #f-code');
    await code.waitFor({ timeout: 20_000 });
    assert.equal(await p.locator('champa-course .home').count(), 0, 'the join form instead of the course');
    await code.fill(cohort.joinCode);
    await p.locator('champa-course champa-join form button[type=submit]').click();
    const name = p.locator('champa-course champa-join #f-name');
    await name.waitFor({ timeout: 20_000 });
    await name.fill('ທ້າວ ສົມສັກ ແກ້ວມະນີ');
    await p.locator('champa-course champa-join input[name=sex][value=male]').check();
    await p.locator('champa-course champa-join #f-birthYear').fill('1985');
    await p.locator('champa-course champa-join #f-position').fill('ກຳມະບານ');
    await p.locator('champa-course champa-join form button[type=submit]').click();

    // The player takes over as the new learner.
    await p.waitForFunction(() => !document.querySelector('champa-course')!.shadowRoot!.querySelector('champa-join'), undefined, { timeout: 20_000 });
    const first = await waitForPlayer(p);
    assert.equal(first.kind, 'home', `the course home after joining (${JSON.stringify(first)})`);
    const stored = await p.evaluate(() => JSON.parse(localStorage.getItem(`champa-learner:${location.origin}`) ?? 'null') as { token: string; actor: { objectType: string; account: { homePage: string; name: string } }; learnerId: string } | null);
    if (!stored) throw new Error('no learner kept on the device');
    assert.equal(stored.actor.account.name, stored.learnerId, 'the actor is the opaque learner id');

    // The first lesson, from the outline on the phone screen.
    const course = (await (await fetch(`${server.url}/api/courses/${SLUG}`)).json()) as CompiledCourse;
    const lesson = course.modules[0]!.lessons[0]!;
    await p.locator('champa-course champa-outline [part~="entry"]:visible', { hasText: lesson.title.lo }).first().click();
    await until(async () => (await screen(p)).kind === 'lesson', 20_000, 'the first lesson');
    await click(p, 'lesson-finish');
    await until(async () => (await p.evaluate(() => (document.querySelector('champa-course') as unknown as { pending: number }).pending)) === 0, 20_000, 'an empty outbox');

    const all = (await until(
      async () => {
        const s = await statementsOf(server, stored.actor);
        return s.some((x) => x.verb.id === VERB('experienced') && x.object.id === lesson.iri) ? s : null;
      },
      20_000,
      "the first lesson's statements in the LRS",
    ))!;
    assert.ok(all.some((s) => s.verb.id === VERB('initialized') && s.object.id === course.iri), 'initialized for the course');
    for (const s of all) assert.deepEqual(s.actor.account, stored.actor.account, `statement ${s.id} is under the learner's account`);
    for (const s of all) assert.deepEqual(Object.keys(s.actor).sort(), ['account', 'objectType'], 'nothing personal in the actor');
    assert.deepEqual(errors, [], 'no page errors');
  });
});
