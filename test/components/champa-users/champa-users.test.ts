// <champa-users> in Chromium against the real server (the dev server forwards /api to it):
// the admin's list of staff accounts (GET /api/users), creating one through the form
// (POST /api/users) and editing role, a trainer's organisations, disabled and the password
// (PATCH /api/users/:id) — each checked by reading back through the API — and the server's
// refusals (password rules of server/identity/passwords.ts, a taken email) beside their field.
// DESIGN §9 (staff roles); issue 6 part 4. Accessible (axe) and usable at 360×640.
import { setViewport } from '@web/test-runner-commands';
import '../../../components/champa-users/champa-users.js';
import type { Account, ChampaUsers } from '../../../components/champa-users/champa-users.js';
import { STRINGS } from '../../../components/champa-users/strings.js';
import { api, currentUser, signIn, signOut, type StaffUser } from '../../../components/shared/staff-api.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { EMAILS, signInAs } from '../staff.js';
import { fill, newAccount, ORG_A, ORG_B, PASSWORD, tag, text, uniqueEmail } from './fixtures.js';

const en = STRINGS.en;
const lo = STRINGS.lo;

async function show(user: StaffUser, lang = 'en'): Promise<ChampaUsers> {
  const el = await mount<ChampaUsers>('champa-users', { user, lang });
  // The first call of a run also starts the test server behind /api: allow for it.
  await until(() => !!el.shadowRoot?.querySelector('ul.list'), 'the list of accounts', 30_000);
  return el;
}

const item = (el: ChampaUsers, id: string) => el.shadowRoot!.querySelector<HTMLLIElement>(`li[data-id="${id}"]`);
const itemByEmail = (el: ChampaUsers, email: string) => $$<HTMLLIElement>(el, 'li.item').find((li) => text(li.querySelector('dd')) === email);

/** Opens the new-account form. */
async function openNew(el: ChampaUsers): Promise<HTMLFormElement> {
  $(el, 'button.new').click();
  await el.updateComplete;
  return $<HTMLFormElement>(el, 'form.edit');
}

async function submit(el: ChampaUsers): Promise<void> {
  $<HTMLFormElement>(el, 'form.edit').requestSubmit();
  await el.updateComplete;
  await until(() => !el.shadowRoot!.querySelector('form.edit[aria-busy="true"]'), 'the server to answer');
  await el.updateComplete;
}

const usersByEmail = async (email: string) => (await api<Account[]>('/api/users')).filter((u) => u.email === email);

describe('champa-users', () => {
  afterEach(async () => {
    unmountAll();
    if (await currentUser()) await signOut();
    await setViewport({ width: 1024, height: 768 });
  });

  it('lists the staff accounts GET /api/users answers: name, email, role, a trainer\'s organisations, status; the admin\'s own is marked', async () => {
    const admin = await signInAs('admin');
    const el = await show(admin);
    equal(text($(el, 'h2')), en.title, 'the heading');
    const all = await api<Account[]>('/api/users');
    equal($$(el, 'li.item').length, all.length, 'one entry per account');
    const mine = item(el, admin.id)!;
    assert(text(mine.querySelector('h3')).endsWith(`(${en.you})`), `the admin's own account is marked: ${text(mine.querySelector('h3'))}`);
    equal(text(mine.querySelector('.badge')), en.roles.admin, 'role');
    const trainer = itemByEmail(el, EMAILS.trainerA)!;
    assert(trainer, 'the seeded trainer is listed');
    equal([text(trainer.querySelector('.badge')), text(trainer.querySelector('.orgs')), text(trainer.querySelector('.status'))], [en.roles.trainer, 'Test organisation A', en.active], 'trainer A');
    equal(itemByEmail(el, EMAILS.viewer)!.querySelector('.orgs'), null, 'no organisations line for a viewer');
  });

  it('creates a trainer of organisation A through the form (POST /api/users): read back through the API, listed, and the initial password signs them in', async () => {
    const admin = await signInAs('admin');
    const el = await show(admin);
    const email = uniqueEmail('new-trainer');
    const form = await openNew(el);
    assert(deepActive() === $(el, '#f-email'), 'the focus goes to the first field');
    equal($$<HTMLInputElement>(form, 'input[name="role"]').find((r) => r.checked)?.value, 'trainer', 'trainer is the usual choice');
    fill(el, '#f-email', `  ${email.toUpperCase()} `);
    fill(el, '#f-name', 'ນາງ ທົດສອບ ຄູຝຶກ');
    $<HTMLInputElement>(el, `input[name="organisations"][value="${ORG_A}"]`).click();
    fill(el, '#f-password', PASSWORD);
    await submit(el);

    equal(el.shadowRoot!.querySelector('form.edit'), null, 'the form closes');
    equal(text($(el, '.done')), en.created('ນາງ ທົດສອບ ຄູຝຶກ'), 'says it is created');
    assert(deepActive() === $(el, '.done'), 'the focus goes to the confirmation');
    const [made] = await usersByEmail(email);
    assert(made, 'the server has the account (email lower-cased by the server)');
    equal([made.name, made.role, made.organisations, made.disabled], ['ນາງ ທົດສອບ ຄູຝຶກ', 'trainer', [ORG_A], false], 'read back');
    assert(item(el, made.id), 'the new account is in the list');

    await signOut();
    const me = await signIn(email, PASSWORD);
    equal([me.role, me.organisations], ['trainer', [ORG_A]], 'the new trainer signs in with the initial password');
  });

  it('a viewer or an admin gets no organisations; choosing trainer shows them', async () => {
    const admin = await signInAs('admin');
    const el = await show(admin);
    await openNew(el);
    assert($$(el, 'input[name="organisations"]').length >= 2, 'a trainer chooses among the organisations');
    $<HTMLInputElement>(el, 'input[name="role"][value="viewer"]').click();
    await el.updateComplete;
    equal($$(el, 'input[name="organisations"]').length, 0, 'no organisations for a viewer');
    const email = uniqueEmail('new-viewer');
    fill(el, '#f-email', email);
    fill(el, '#f-name', 'Donor viewer');
    fill(el, '#f-password', PASSWORD);
    await submit(el);
    const [made] = await usersByEmail(email);
    equal([made?.role, made?.organisations], ['viewer', []], 'a viewer, read back');
  });

  it('server refusals show beside the field: a 9-character password (passwords.ts: at least 10), then an email already taken (409); nothing is created', async () => {
    const admin = await signInAs('admin');
    const el = await show(admin);
    const email = uniqueEmail('refused');
    await openNew(el);
    fill(el, '#f-email', email);
    fill(el, '#f-name', 'Refused');
    fill(el, '#f-password', '123456789');
    await submit(el);
    equal(text($(el, '.field-error')), 'must be at least 10 characters', "the server's words beside the password");
    assert($(el, '#f-password').closest('.field')!.contains($(el, '.field-error')), 'beside the password field');
    equal($(el, '#f-password').getAttribute('aria-invalid'), 'true', 'marked invalid');
    const border = (sel: string) => getComputedStyle($(el, sel)).borderTopColor;
    assert(border('#f-password') !== border('#f-name'), `the invalid field's border shows it (${border('#f-password')} vs ${border('#f-name')})`);
    assert($(el, '#f-password').getAttribute('aria-describedby')!.split(' ').includes('err-password'), 'the field is described by its error');
    equal($(el, '.form-error').getAttribute('role'), 'alert', 'announced');
    assert(text($(el, '.form-error')).includes(en.password), 'the summary names the field');
    assert(deepActive() === $(el, '#f-password'), 'the focus goes to the password');
    equal((await usersByEmail(email)).length, 0, 'nothing created');

    fill(el, '#f-email', EMAILS.viewer);
    fill(el, '#f-password', PASSWORD);
    await submit(el);
    equal(text($(el, '.field-error')), `there is already a user with email ${EMAILS.viewer}`, "the server's words beside the email");
    assert($(el, '#f-email').closest('.field')!.contains($(el, '.field-error')), 'beside the email field');
    equal($(el, '#f-password').getAttribute('aria-invalid'), 'false', 'the password is no longer marked');
    equal((await usersByEmail(EMAILS.viewer)).length, 1, 'still one account with that email');
    await expectAccessible(el);

    $<HTMLButtonElement>(el, 'form.edit .actions button[type="button"]').click();
    await el.updateComplete;
    equal(el.shadowRoot!.querySelector('form.edit'), null, 'Cancel closes the form');
    assert(deepActive() === $(el, 'button.new'), 'the focus returns to "New account"');
  });

  it('edits an account (PATCH /api/users/:id): viewer → trainer of organisation B with a new password, then disabled; each read back through the API', async () => {
    const made = await newAccount('viewer');
    const admin = (await currentUser())!;
    const el = await show(admin);
    $(item(el, made.id)!, 'button.open').click();
    await el.updateComplete;
    const form = $<HTMLFormElement>(item(el, made.id)!, 'form.edit');
    equal(text(form.querySelector('h3')), en.editTitle(made.name), 'the form is inside the account it edits');
    equal($<HTMLInputElement>(form, '#f-name').value, made.name, 'the name is filled in');
    equal($$<HTMLInputElement>(form, 'input[name="role"]').find((r) => r.checked)?.value, 'viewer', 'the current role is chosen');
    equal($<HTMLInputElement>(form, 'input[name="disabled"]').checked, false, 'not disabled');
    $<HTMLInputElement>(form, 'input[name="role"][value="trainer"]').click();
    await el.updateComplete;
    $<HTMLInputElement>(el, `input[name="organisations"][value="${ORG_B}"]`).click();
    const renamed = `Renamed ${tag()}`;
    fill(el, '#f-name', renamed);
    const newPassword = 'a second passphrase for tests';
    fill(el, '#f-password', newPassword);
    await submit(el);
    equal(text($(el, '.done')), en.saved(renamed), 'says it is saved');
    let back = await api<Account>(`/api/users/${made.id}`);
    equal([back.name, back.role, back.organisations, back.disabled], [renamed, 'trainer', [ORG_B], false], 'read back');
    equal(text(item(el, made.id)!.querySelector('.badge')), en.roles.trainer, 'the list shows the new role');

    // The reset password works (one successful sign-in), then the admin comes back.
    await signOut();
    equal((await signIn(made.email, newPassword)).organisations, [ORG_B], 'the new password signs the trainer in');
    await signOut();
    await signInAs('admin');

    $(item(el, made.id)!, 'button.open').click();
    await el.updateComplete;
    $<HTMLInputElement>(el, 'input[name="disabled"]').click();
    await submit(el);
    back = await api<Account>(`/api/users/${made.id}`);
    equal([back.disabled, back.role, back.organisations], [true, 'trainer', [ORG_B]], 'disabled, the rest unchanged');
    equal(text(item(el, made.id)!.querySelector('.status')), en.disabled, 'the list says disabled');
    assert(item(el, made.id)!.classList.contains('is-disabled'), 'and looks it');
  });

  it("the admin's own account offers no role change and no disabling (the server refuses both); Cancel returns the focus", async () => {
    const admin = await signInAs('admin');
    const el = await show(admin);
    $(item(el, admin.id)!, 'button.open').click();
    await el.updateComplete;
    const form = $(item(el, admin.id)!, 'form.edit');
    equal([form.querySelectorAll('input[name="role"]').length, form.querySelectorAll('input[name="disabled"]').length], [0, 0], 'neither control');
    equal(text(form.querySelector('.hint')), en.selfNote, 'says why');
    $<HTMLButtonElement>(form, '.actions button[type="button"]').click();
    await el.updateComplete;
    assert(deepActive() === $(item(el, admin.id)!, 'button.open'), 'the focus returns to Edit');
    const back = await api<Account>(`/api/users/${admin.id}`);
    equal([back.role, back.disabled], ['admin', false], 'unchanged');
  });

  it('in Lao, at 360×640: no sideways scrolling, 44 px touch targets, passes axe with the form open', async () => {
    await setViewport({ width: 360, height: 640 });
    const admin = await signInAs('admin');
    const el = await show(admin, 'lo');
    equal(text($(el, 'h2')), lo.title, 'Lao first');
    await openNew(el);
    assert(document.documentElement.scrollWidth <= 360, `page is ${document.documentElement.scrollWidth}px wide`);
    for (const target of [...$$(el, 'button'), ...$$(el, 'input:not([hidden])')]) {
      const box = target.getBoundingClientRect();
      assert(box.right <= 360, `${target.outerHTML.slice(0, 60)} is on screen`);
      if (target.localName === 'button' || !['radio', 'checkbox'].includes((target as HTMLInputElement).type)) assert(box.height >= 44, `${target.outerHTML.slice(0, 60)} is ${box.height}px tall`);
    }
    for (const label of $$(el, '.choices label, .check label')) assert(label.getBoundingClientRect().height >= 44, `${text(label)} is a 44 px target`);
    await expectAccessible(el);
  });
});
