// <champa-dashboard> in Chromium against the real server (the dev server forwards /api to the
// Champa app seeded with the test personas): sign-in through the form, its failures (wrong
// password, rate limit), the nav each role gets, hash routing to the child elements, the
// language switch, sign-out and a session that ends elsewhere, accessibility, 360 px.
// DASHBOARD.md "Shape"; DESIGN §8 (dashboard), §9 (roles, rate-limited login).
import { setViewport } from '@web/test-runner-commands';
import '../../../components/champa-dashboard/champa-dashboard.js';
import type { ChampaDashboard } from '../../../components/champa-dashboard/champa-dashboard.js';
import { LANG_KEY } from '../../../components/champa-dashboard/champa-dashboard.js';
import { STRINGS } from '../../../components/champa-dashboard/strings.js';
import { api, currentUser, signOut, type StaffUser } from '../../../components/shared/staff-api.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { EMAILS, passwordOf, signInAs, type StaffName } from '../staff.js';

const lo = STRINGS.lo;
const en = STRINGS.en;

const setHash = (hash: string) => history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);

/** Mounts the shell and waits until it knows whether there is a session. */
async function open(): Promise<ChampaDashboard> {
  const el = await mount<ChampaDashboard>('champa-dashboard');
  // The first call of a run also starts the test server behind /api: allow for it.
  await until(() => !!el.shadowRoot?.querySelector('form, header'), 'the sign-in form or the header', 30_000);
  return el;
}

const text = (el: Element, selector: string) => ($(el, selector).textContent ?? '').replace(/\s+/g, ' ').trim();
const navLinks = (el: Element) => $$<HTMLAnchorElement>(el, 'nav a').map((a) => ({ href: a.getAttribute('href'), text: a.textContent?.trim(), current: a.getAttribute('aria-current') }));

/** Fills the form and submits it the way Enter would. */
function submit(el: ChampaDashboard, email: string, password: string): void {
  $<HTMLInputElement>(el, '#email').value = email;
  $<HTMLInputElement>(el, '#password').value = password;
  $<HTMLFormElement>(el, 'form').requestSubmit();
}

async function signInThroughForm(el: ChampaDashboard, who: StaffName): Promise<void> {
  submit(el, EMAILS[who], passwordOf(who));
  await until(() => !!el.shadowRoot?.querySelector('header'), `signed in as ${who}`);
}

/** The element the route shows in <main>. */
const routed = (el: Element) => $(el, 'main').firstElementChild;

describe('champa-dashboard', () => {
  beforeEach(async () => {
    setHash('');
    localStorage.removeItem(LANG_KEY);
    await setViewport({ width: 1024, height: 768 });
  });
  afterEach(async () => {
    unmountAll();
    if (await currentUser()) await signOut();
    setHash('');
    localStorage.removeItem(LANG_KEY);
  });

  it('without a session shows the Lao sign-in form; signing in as a trainer shows name, role, Cohorts + Reports, and opens #/cohorts', async () => {
    const el = await open();
    equal(text(el, 'h2'), lo.signInTitle, 'the sign-in heading, in Lao');
    equal(el.getAttribute('lang'), 'lo', 'Lao first');
    equal($(el, 'label[for="email"]').textContent, lo.email, 'labelled email');
    equal($(el, 'label[for="password"]').textContent, lo.password, 'labelled password');
    equal($<HTMLInputElement>(el, '#password').type, 'password', 'a password field');

    await signInThroughForm(el, 'trainerA');
    const me = (await currentUser())!;
    equal(text(el, '.who .name'), me.name, 'the user name');
    equal(text(el, '.who .role'), lo.roles.trainer, 'the role');
    equal(
      navLinks(el),
      [
        { href: '#/cohorts', text: lo.cohorts, current: 'page' },
        { href: '#/reports/participation', text: lo.reports, current: null },
        { href: '#/account', text: lo.account, current: null },
      ],
      'a trainer gets Cohorts, Reports and My account',
    );
    equal(location.hash, '#/cohorts', 'the trainer starts at the cohorts');
    const child = routed(el) as HTMLElement & { user: StaffUser | null };
    equal(child?.localName, 'champa-cohorts', 'the cohorts page');
    equal(child.getAttribute('lang'), 'lo', 'in the dashboard language');
    equal(child.user?.id, me.id, 'knows the signed-in user');
    assert(deepActive() === $(el, 'main'), 'the focus moves from the vanished form to the page');
  });

  it('a wrong password keeps the form, busy while asking, then shows a clear error with the server\'s message', async () => {
    const el = await open();
    submit(el, `nobody-${crypto.randomUUID()}@champa.test`, 'not the password');
    await el.updateComplete;
    const button = $(el, 'button[type="submit"]');
    equal([button.getAttribute('aria-disabled'), button.textContent?.trim(), $(el, 'form').getAttribute('aria-busy')], ['true', lo.signingIn, 'true'], 'busy while the server answers');
    await until(() => !!el.shadowRoot?.querySelector('.alert'), 'the error');
    equal(text(el, '.alert strong'), lo.wrong, 'says what is wrong, in Lao');
    assert(text(el, '.alert .detail').includes('email or password is wrong'), `the server's message: ${text(el, '.alert .detail')}`);
    equal($(el, '#failure').getAttribute('role'), 'alert', 'announced');
    equal($(el, '#password').getAttribute('aria-invalid'), 'true', 'the fields are marked');
    equal([button.getAttribute('aria-disabled'), button.textContent?.trim()], ['false', lo.submit], 'ready again');
    assert(deepActive() === $(el, '#password'), 'the focus is back in the password field');
    equal(await currentUser(), null, 'no session');
    await expectAccessible(el);
  });

  it('an empty form is not sent: it asks for the email and password', async () => {
    const el = await open();
    submit(el, '', '');
    await el.updateComplete;
    equal(text(el, '.alert strong'), lo.missing, 'asks for both');
    assert(deepActive() === $(el, '#email'), 'the focus goes to the empty email field');
  });

  it('DESIGN §9 rate-limited sign-in: after 5 failures for an account the form says to wait, with the server\'s message', async () => {
    const email = `locked-${crypto.randomUUID()}@champa.test`;
    for (let i = 0; i < 5; i++) {
      const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong' }) });
      equal(res.status, 401, `failure ${i + 1}`);
    }
    const el = await open();
    submit(el, email, 'wrong again');
    await until(() => !!el.shadowRoot?.querySelector('.alert'), 'the error');
    assert(/ລໍຖ້າ 15 ນາທີ/.test(text(el, '.alert strong')), `says to wait 15 minutes, in Lao: ${text(el, '.alert strong')}`);
    assert(/Too many failed sign-in attempts for this account/.test(text(el, '.alert .detail')), `the server's message: ${text(el, '.alert .detail')}`);
  });

  it('a viewer gets Reports only, starts at the participation report, and #/cohorts says it is not for their role', async () => {
    await signInAs('viewer');
    const el = await open();
    equal(
      navLinks(el),
      [
        { href: '#/reports/participation', text: lo.reports, current: 'page' },
        { href: '#/account', text: lo.account, current: null },
      ],
      'no Cohorts for a viewer',
    );
    equal(location.hash, '#/reports/participation', 'the viewer starts at the reports');
    const reports = routed(el)!;
    equal([reports.localName, reports.getAttribute('report'), reports.getAttribute('query')], ['champa-reports', 'participation', ''], 'the participation report');
    equal(text(el, '.who .role'), lo.roles.viewer, 'the role');

    location.hash = '#/cohorts';
    await until(() => !!el.shadowRoot?.querySelector('.refused'), 'the refusal');
    equal(text(el, '.refused h2'), lo.notForRoleTitle, 'not for your role');
    equal($$(el, 'champa-cohorts, champa-cohort').length, 0, 'no cohort page is made');
    equal($(el, '.refused a').getAttribute('href'), '#/reports/participation', 'a way to the reports');
    location.hash = '#/cohorts/some-id';
    await until(() => location.hash === '#/cohorts/some-id' && !!el.shadowRoot?.querySelector('.refused'), 'the refusal of one cohort');
    equal($$(el, 'champa-cohort').length, 0, 'no cohort page');
    await expectAccessible(el);
  });

  it('routes: #/cohorts/<id> and #/reports/<name>?<query> give the child its attributes and the user; nav links and unknown hashes', async () => {
    const admin = await signInAs('admin');
    setHash('#/cohorts/cohort-123');
    const el = await open();
    let child = routed(el) as HTMLElement & { user: StaffUser | null };
    equal([child.localName, child.getAttribute('cohort'), child.getAttribute('lang'), child.user?.role], ['champa-cohort', 'cohort-123', 'lo', 'admin'], 'one cohort');
    equal(navLinks(el).map((l) => l.text), [lo.cohorts, lo.reports, lo.users, lo.organisations, lo.account], 'an admin gets Cohorts, Reports, Staff accounts, Organisations, My account');
    equal(navLinks(el)[0]!.current, 'page', 'Cohorts is the current section');

    location.hash = '#/reports/learning-gain?course=workers-rights&sex=female';
    await until(() => routed(el)?.localName === 'champa-reports', 'the reports page');
    child = routed(el) as HTMLElement & { user: StaffUser | null };
    equal([child.getAttribute('report'), child.getAttribute('query'), child.user?.id], ['learning-gain', 'course=workers-rights&sex=female', admin.id], 'report and query');
    equal(navLinks(el).map((l) => l.current), [null, 'page', null, null, null], 'Reports is the current section');
    await el.updateComplete;
    assert(deepActive() === $(el, 'main'), 'the focus moves to the new page');

    $<HTMLAnchorElement>(el, 'nav a[href="#/cohorts"]').click();
    await until(() => routed(el)?.localName === 'champa-cohorts', 'the cohorts page from the nav link');
    equal(location.hash, '#/cohorts', 'the nav link sets the hash');

    location.hash = '#/no-such-page';
    await until(() => !!el.shadowRoot?.querySelector('#not-found'), 'the not-found note');
    equal(text(el, '#not-found'), lo.notFoundTitle, 'says so');
    equal($(el, 'main a').getAttribute('href'), '#/cohorts', 'a way back to the start');
  });

  it('the language switch turns the shell and its page to English, is remembered on the device, and back to Lao', async () => {
    await signInAs('trainerA');
    const el = await open();
    const english = $(el, '.lang button[lang="en"]');
    equal([$(el, '.lang').getAttribute('aria-label'), $(el, '.lang button[lang="lo"]').getAttribute('aria-pressed'), english.getAttribute('aria-pressed')], [lo.language, 'true', 'false'], 'Lao is pressed');
    english.click();
    await el.updateComplete;
    equal(el.getAttribute('lang'), 'en', 'the element is English');
    equal(english.getAttribute('aria-pressed'), 'true', 'English is pressed');
    equal(navLinks(el).map((l) => l.text), [en.cohorts, en.reports, en.account], 'the nav');
    equal([text(el, '.who .role'), text(el, 'button.signout')], [en.roles.trainer, en.signOut], 'the header');
    equal(routed(el)?.getAttribute('lang'), 'en', 'the page below follows');
    equal(localStorage.getItem(LANG_KEY), 'en', 'remembered');

    unmountAll();
    const again = await open();
    equal(again.getAttribute('lang'), 'en', 'a new visit opens in English');
    $(again, '.lang button[lang="lo"]').click();
    await again.updateComplete;
    equal([again.getAttribute('lang'), localStorage.getItem(LANG_KEY), navLinks(again)[1]!.text], ['lo', 'lo', lo.reports], 'back to Lao');
  });

  it('Sign out ends the session and shows the form again, saying so', async () => {
    await signInAs('trainerA');
    const el = await open();
    $(el, 'button.signout').click();
    await until(() => !!el.shadowRoot?.querySelector('form'), 'the sign-in form');
    equal(text(el, '.note'), lo.signedOut, 'says the user signed out');
    equal(await currentUser(), null, 'the session is over on the server');
  });

  it('champa-signed-out (a 401 anywhere: the session ended elsewhere) returns to the form with a note that the session ended', async () => {
    await signInAs('trainerB');
    const el = await open();
    // The session ends on the server (as when it expires or the password changes elsewhere)...
    await signOut();
    // ...and the next call any page makes is refused, which staff-api announces on window.
    await api('/api/cohorts').catch(() => undefined);
    await until(() => !!el.shadowRoot?.querySelector('form'), 'the sign-in form');
    equal(text(el, '.note'), lo.sessionEnded, 'says the session ended');
    equal($(el, '.note').getAttribute('role'), 'status', 'announced politely');
    equal($$(el, 'header, nav, champa-cohorts').length, 0, 'nothing of the signed-in view stays');
    await signInThroughForm(el, 'trainerB');
    equal(routed(el)?.localName, 'champa-cohorts', 'signing in again returns to the page');
  });

  it('fits 360×640: no sideways scrolling on the form or the signed-in view, 44 px touch targets; passes axe', async () => {
    await setViewport({ width: 360, height: 640 });
    const el = await open();
    const fits = (what: string) => assert(document.documentElement.scrollWidth <= 360, `${what}: page is ${document.documentElement.scrollWidth}px wide`);
    fits('sign-in form');
    await expectAccessible(el);
    await signInThroughForm(el, 'trainerA');
    await el.updateComplete;
    fits('signed-in view');
    for (const target of [...$$(el, 'header button'), ...$$(el, 'nav a')]) {
      assert(target.getBoundingClientRect().height >= 44, `${target.textContent?.trim()} is ${target.getBoundingClientRect().height}px tall`);
      assert(target.getBoundingClientRect().right <= 360, `${target.textContent?.trim()} is on screen`);
    }
    setHash('#/nowhere');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await until(() => !!el.shadowRoot?.querySelector('#not-found'), 'a page without a child element');
    await expectAccessible(el);
  });
});
