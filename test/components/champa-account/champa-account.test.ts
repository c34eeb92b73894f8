// <champa-account> in Chromium against the real server: who the signed-in user is, and
// changing one's own password (POST /api/auth/password) — always on a throw-away account
// created through the API, which then signs in once with the new password. Refusals without a
// failed sign-in: the repeat that differs is caught before sending; a too-short new password is
// refused by the server (server/identity/passwords.ts) before it checks the current one, so
// neither counts against the 20-per-address sign-in limit all component tests share. (A wrong
// current password would count, so it is left to test/server.) DESIGN §9. Axe, 360×640.
import { setViewport } from '@web/test-runner-commands';
import '../../../components/champa-account/champa-account.js';
import type { ChampaAccount } from '../../../components/champa-account/champa-account.js';
import { STRINGS } from '../../../components/champa-account/strings.js';
import { currentUser, signIn, signOut, type StaffUser } from '../../../components/shared/staff-api.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { fill, ORG_A, signedInThrowaway, text } from '../champa-users/fixtures.js';

const en = STRINGS.en;
const lo = STRINGS.lo;

async function show(user: StaffUser, lang = 'en'): Promise<ChampaAccount> {
  const el = await mount<ChampaAccount>('champa-account', { user, lang });
  await until(() => !!el.shadowRoot?.querySelector('form'), 'the form', 30_000);
  return el;
}

async function change(el: ChampaAccount, current: string, next: string, repeat = next): Promise<void> {
  fill(el, '#currentPassword', current);
  fill(el, '#newPassword', next);
  fill(el, '#repeat', repeat);
  $<HTMLFormElement>(el, 'form').requestSubmit();
  await el.updateComplete;
  await until(() => $(el, 'form').getAttribute('aria-busy') === 'false', 'the server to answer');
  await el.updateComplete;
}

/** Counts the calls to POST /api/auth/password while `fn` runs. */
async function passwordCalls(fn: () => Promise<void>): Promise<number> {
  const real = window.fetch;
  let n = 0;
  window.fetch = (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith('/api/auth/password')) n++;
    return real(input, init);
  };
  try {
    await fn();
  } finally {
    window.fetch = real;
  }
  return n;
}

describe('champa-account', () => {
  afterEach(async () => {
    unmountAll();
    if (await currentUser()) await signOut();
    await setViewport({ width: 1024, height: 768 });
  });

  it('shows who is signed in: name, email, role and a trainer\'s organisations by name', async () => {
    const { user } = await signedInThrowaway('trainer');
    const el = await show(user);
    const facts = $$(el, 'dl.me > div').map((d) => [text(d.querySelector('dt')), text(d.querySelector('dd'))]);
    equal(facts.slice(0, 3), [[en.name, user.name], [en.email, user.email], [en.role, en.roles.trainer]], 'name, email, role');
    equal(user.organisations, [ORG_A], 'a trainer of organisation A');
    await until(() => text($(el, 'dl.me > div:nth-child(4) dd')) === 'Test organisation A', 'the organisation by name');
  });

  it('POST /api/auth/password: changes a throw-away account\'s password; the form says so and clears; this session stays; the new password signs in', async () => {
    const { user, password } = await signedInThrowaway('viewer');
    const el = await show(user);
    const next = 'a brand new passphrase for tests';
    await change(el, password, next);
    equal(text($(el, '.done')), en.changed, 'says it is changed');
    equal($(el, '.done').getAttribute('role'), 'status', 'announced politely');
    assert(deepActive() === $(el, '.done'), 'the focus goes to the confirmation');
    equal(
      $$<HTMLInputElement>(el, 'input[type="password"]').map((i) => i.value),
      ['', '', ''],
      'the form is cleared',
    );
    equal((await currentUser())?.id, user.id, 'this session stays signed in');
    await signOut();
    equal((await signIn(user.email, next)).id, user.id, 'the new password signs in');
  });

  it('refusals that cost no sign-in attempt: new passwords that differ (not sent), then a 9-character one (the server\'s words beside it)', async () => {
    const { user, password } = await signedInThrowaway('viewer');
    const el = await show(user);
    const sent = await passwordCalls(() => change(el, password, 'one long new passphrase', 'another long passphrase'));
    equal(sent, 0, 'not sent');
    equal(text($(el, '#err-repeat')), en.mismatch, 'says the two differ');
    equal($(el, '#repeat').getAttribute('aria-invalid'), 'true', 'marked');
    assert(deepActive() === $(el, '#repeat'), 'the focus goes to the repeat');

    await change(el, password, '123456789');
    assert(text($(el, '#err-newPassword')).includes('must be at least 10 characters'), `the server's words: ${text($(el, '#err-newPassword'))}`);
    equal([$(el, '#newPassword').getAttribute('aria-invalid'), $(el, '#repeat').getAttribute('aria-invalid')], ['true', 'false'], 'the new password is marked, the repeat no more');
    assert($(el, '#newPassword').getAttribute('aria-describedby')!.includes('err-newPassword'), 'described by its error');
    assert(deepActive() === $(el, '#newPassword'), 'the focus goes to the new password');
    equal(el.shadowRoot!.querySelector('.done'), null, 'nothing changed');
    await expectAccessible(el);
    await signOut();
    equal((await signIn(user.email, password)).id, user.id, 'the old password still signs in');
  });

  it('in Lao at 360×640: no sideways scrolling, 44 px fields, passes axe', async () => {
    await setViewport({ width: 360, height: 640 });
    const { user } = await signedInThrowaway('viewer');
    const el = await show(user, 'lo');
    equal(text($(el, 'h2')), lo.title, 'Lao first');
    assert(document.documentElement.scrollWidth <= 360, `page is ${document.documentElement.scrollWidth}px wide`);
    for (const target of $$(el, 'button, input:not([hidden])')) {
      const box = target.getBoundingClientRect();
      assert(box.right <= 360 && box.height >= 44, `${target.outerHTML.slice(0, 60)}: ${box.width}×${box.height}`);
    }
    await expectAccessible(el);
  });
});
