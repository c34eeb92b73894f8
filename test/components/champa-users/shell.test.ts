// The admin pages inside <champa-dashboard>, in Chromium against the real server: an admin's
// nav reaches #/users, #/organisations and #/account, each page's code loaded on demand (this
// file imports only the shell, so nothing is defined until the shell asks); a trainer opening
// #/users is told it is not for their role and the API refuses them too (DESIGN §9: the UI
// hides, the server decides); everyone gets My account. Issue 6 part 4.
import '../../../components/champa-dashboard/champa-dashboard.js';
import type { ChampaDashboard } from '../../../components/champa-dashboard/champa-dashboard.js';
import { STRINGS } from '../../../components/champa-dashboard/strings.js';
import { api, ApiError, currentUser, signOut, type StaffUser } from '../../../components/shared/staff-api.js';
import { $, $$, assert, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { signInAs } from '../staff.js';
import { text, uniqueEmail } from './fixtures.js';

const lo = STRINGS.lo;
const setHash = (hash: string) => history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);

async function open(): Promise<ChampaDashboard> {
  const el = await mount<ChampaDashboard>('champa-dashboard');
  await until(() => !!el.shadowRoot?.querySelector('header'), 'the signed-in shell', 30_000);
  return el;
}

const routed = (el: Element) => $(el, 'main').firstElementChild as (HTMLElement & { user: StaffUser | null }) | null;
const navHashes = (el: Element) => $$<HTMLAnchorElement>(el, 'nav a').map((a) => a.getAttribute('href'));

describe('champa-dashboard: the admin pages', () => {
  beforeEach(() => setHash(''));
  afterEach(async () => {
    unmountAll();
    if (await currentUser()) await signOut();
    setHash('');
  });

  it('an admin reaches Staff accounts, Organisations and My account from the nav; each page loads on demand and gets the user and language', async () => {
    const admin = await signInAs('admin');
    const el = await open();
    equal(navHashes(el), ['#/cohorts', '#/reports/participation', '#/users', '#/organisations', '#/account'], 'the admin nav');
    for (const [hash, tag, ready] of [
      ['#/users', 'champa-users', 'ul.list'],
      ['#/organisations', 'champa-organisations', 'ul.list'],
      ['#/account', 'champa-account', 'form'],
    ] as const) {
      $<HTMLAnchorElement>(el, `nav a[href="${hash}"]`).click();
      await until(() => routed(el)?.localName === tag, `${tag} in <main>`);
      await until(() => !!customElements.get(tag), `${tag} defined on demand`);
      const page = routed(el)!;
      await until(() => !!page.shadowRoot?.querySelector(ready), `${tag} drawn`, 15_000);
      equal([page.user?.id, page.getAttribute('lang')], [admin.id, 'lo'], `${tag} knows the user and the language`);
      equal($(el, 'nav a[aria-current="page"]').getAttribute('href'), hash, 'the nav marks the page');
    }
    await expectAccessible(el);
  });

  it('DESIGN §9: a trainer opening #/users is told it is not for their role, and the API refuses them too (403)', async () => {
    await signInAs('trainerA');
    setHash('#/users');
    const el = await open();
    equal(navHashes(el), ['#/cohorts', '#/reports/participation', '#/account'], 'no Staff accounts or Organisations in a trainer\'s nav');
    await until(() => !!el.shadowRoot?.querySelector('.refused'), 'the refusal');
    equal(text($(el, '.refused h2')), lo.notForRoleTitle, 'not for your role');
    equal(text($(el, '.refused .note')), lo.adminsOnly(lo.roles.trainer), 'says who manages accounts');
    equal($(el, '.refused a').getAttribute('href'), '#/cohorts', 'a way back to the start');
    equal($$(el, 'champa-users').length, 0, 'no accounts page is made');
    equal(customElements.get('champa-users'), undefined, 'its code is not even loaded');

    const list = await fetch('/api/users');
    equal(list.status, 403, 'GET /api/users refuses a trainer');
    const refused = await api('/api/users', { method: 'POST', body: JSON.stringify({ email: uniqueEmail('sneaky'), name: 'Sneaky', role: 'admin', password: 'a long enough password' }) }).catch((e: unknown) => e);
    assert(refused instanceof ApiError && refused.status === 403, `POST /api/users refuses a trainer: ${String(refused)}`);
    await expectAccessible(el);
  });

  it('a viewer gets My account, may open #/organisations read-only (not in the nav), and is refused #/users', async () => {
    await signInAs('viewer');
    setHash('#/organisations');
    const el = await open();
    equal(navHashes(el), ['#/reports/participation', '#/account'], 'the viewer nav');
    await until(() => routed(el)?.localName === 'champa-organisations', 'the organisations page');
    const page = routed(el)!;
    await until(() => !!page.shadowRoot?.querySelector('ul.list'), 'the list', 15_000);
    equal(page.shadowRoot!.querySelectorAll('button.new, button.open').length, 0, 'no way to add or edit');
    location.hash = '#/users';
    await until(() => !!el.shadowRoot?.querySelector('.refused'), 'the refusal');
    equal($(el, '.refused a').getAttribute('href'), '#/reports/participation', 'a way to the reports');
  });
});
