// <champa-organisations> in Chromium against the real server: an admin adds an organisation
// (names in Lao and English, kind, province) and edits one (POST and PATCH
// /api/organisations), each read back through the API; the server's refusals (no name, no
// kind, a rename to nothing) show beside their field and change nothing; trainers see their
// own organisations and viewers all, read-only, and the API refuses their writes (DESIGN §9).
// Accessible (axe) and usable at 360×640.
import { setViewport } from '@web/test-runner-commands';
import '../../../components/champa-organisations/champa-organisations.js';
import type { ChampaOrganisations, OrganisationRecord } from '../../../components/champa-organisations/champa-organisations.js';
import { STRINGS } from '../../../components/champa-organisations/strings.js';
import { api, ApiError, currentUser, signOut, type StaffUser } from '../../../components/shared/staff-api.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { signInAs } from '../staff.js';
import { fill, ORG_A, ORG_B, tag, text } from '../champa-users/fixtures.js';

const en = STRINGS.en;
const lo = STRINGS.lo;

async function show(user: StaffUser, lang = 'en'): Promise<ChampaOrganisations> {
  const el = await mount<ChampaOrganisations>('champa-organisations', { user, lang });
  await until(() => !!el.shadowRoot?.querySelector('ul.list'), 'the list of organisations', 30_000);
  return el;
}

const item = (el: Element, id: string) => el.shadowRoot!.querySelector<HTMLLIElement>(`li[data-id="${id}"]`);
const headings = (el: Element) => $$(el, 'li.item h3').map(text);

async function submit(el: ChampaOrganisations): Promise<void> {
  $<HTMLFormElement>(el, 'form.edit').requestSubmit();
  await el.updateComplete;
  await until(() => !el.shadowRoot!.querySelector('form.edit[aria-busy="true"]'), 'the server to answer');
  await el.updateComplete;
}

const all = () => api<OrganisationRecord[]>('/api/organisations');
const newOrganisation = (fields: Record<string, unknown> = {}) =>
  api<OrganisationRecord>('/api/organisations', { method: 'POST', body: JSON.stringify({ nameLo: `ອົງການ ${tag()}`, nameEn: `Org ${tag()}`, kind: 'ngo', provinceCode: 'LA-VT', ...fields }) });

describe('champa-organisations', () => {
  afterEach(async () => {
    unmountAll();
    if (await currentUser()) await signOut();
    await setViewport({ width: 1024, height: 768 });
  });

  it('an admin adds one through the form (POST /api/organisations): names in Lao and English, kind, province; read back and listed', async () => {
    const admin = await signInAs('admin');
    const el = await show(admin);
    $(el, 'button.new').click();
    await el.updateComplete;
    assert(deepActive() === $(el, '#f-nameLo'), 'the focus goes to the Lao name');
    equal($<HTMLInputElement>(el, '#f-nameLo').lang, 'lo', 'the Lao name is marked Lao');
    const t = tag();
    fill(el, '#f-nameLo', ` ສະຫະພັນແມ່ຍິງແຂວງ ${t} `);
    fill(el, '#f-nameEn', `Provincial LWU ${t}`);
    fill(el, '#f-kind', 'lwu');
    fill(el, '#f-provinceCode', 'LA-SV');
    await submit(el);

    equal(el.shadowRoot!.querySelector('form.edit'), null, 'the form closes');
    const made = (await all()).find((o) => o.nameEn === `Provincial LWU ${t}`);
    assert(made, 'the server has it');
    equal([made.nameLo, made.kind, made.provinceCode], [`ສະຫະພັນແມ່ຍິງແຂວງ ${t}`, 'lwu', 'LA-SV'], 'read back (the name trimmed by the server)');
    equal(text($(el, '.done')), en.created(`Provincial LWU ${t}`), 'says it is added');
    const li = item(el, made.id)!;
    equal([text(li.querySelector('h3')), text(li.querySelector('.badge')), text(li.querySelector('.other'))], [`Provincial LWU ${t}`, en.kinds.lwu, `ສະຫະພັນແມ່ຍິງແຂວງ ${t}`], 'listed in English with the Lao name below');
    assert(/Savannakh/.test(text(li.querySelector('dd'))), `the province by name: ${text(li.querySelector('dd'))}`);
  });

  it('server refusals beside their field: no kind, then no name at all; nothing is added', async () => {
    const admin = await signInAs('admin');
    const el = await show(admin);
    const before = (await all()).length;
    $(el, 'button.new').click();
    await el.updateComplete;
    fill(el, '#f-nameEn', `Nameless ${tag()}`);
    await submit(el);
    assert(text($(el, '.field-error')).startsWith('must be one of police, prosecutor'), `the server's words: ${text($(el, '.field-error'))}`);
    assert($(el, '#f-kind').closest('.field')!.contains($(el, '.field-error')), 'beside the kind');
    assert(deepActive() === $(el, '#f-kind'), 'the focus goes to the kind');

    fill(el, '#f-nameEn', '   ');
    fill(el, '#f-kind', 'police');
    await submit(el);
    equal(text($(el, '.field-error')), 'nameLo or nameEn is required', "the server's words");
    assert($(el, '#f-nameLo').closest('.field')!.contains($(el, '.field-error')), 'beside the Lao name');
    equal($(el, '#f-nameLo').getAttribute('aria-invalid'), 'true', 'marked');
    equal($(el, '.form-error').getAttribute('role'), 'alert', 'announced');
    await expectAccessible(el);
    // Other test files may add organisations meanwhile, but not without a name.
    equal((await all()).filter((o) => o.nameLo === null && o.nameEn === null).length, 0, 'nothing nameless');
    assert((await all()).length >= before, 'nothing removed');
  });

  it('an admin edits one (PATCH): renames, clears the Lao name and the province, changes the kind; read back. Clearing both names is refused and changes nothing', async () => {
    const admin = await signInAs('admin');
    const org = await newOrganisation();
    const el = await show(admin);
    $(item(el, org.id)!, 'button.open').click();
    await el.updateComplete;
    const form = $(item(el, org.id)!, 'form.edit');
    equal([$<HTMLInputElement>(form, '#f-nameLo').value, $<HTMLInputElement>(form, '#f-nameEn').value, $<HTMLSelectElement>(form, '#f-kind').value, $<HTMLSelectElement>(form, '#f-provinceCode').value], [org.nameLo, org.nameEn, 'ngo', 'LA-VT'], 'filled in');

    fill(el, '#f-nameLo', '');
    fill(el, '#f-nameEn', '');
    await submit(el);
    assert(text($(el, '.field-error')).startsWith('nameLo or nameEn is required'), `refused: ${text($(el, '.field-error'))}`);
    let back = await api<OrganisationRecord>(`/api/organisations/${org.id}`);
    equal([back.nameLo, back.nameEn], [org.nameLo, org.nameEn], 'unchanged on the server');

    const renamed = `Renamed ${tag()}`;
    fill(el, '#f-nameEn', renamed);
    fill(el, '#f-kind', 'committee');
    fill(el, '#f-provinceCode', '');
    await submit(el);
    back = await api<OrganisationRecord>(`/api/organisations/${org.id}`);
    equal([back.nameLo, back.nameEn, back.kind, back.provinceCode], [null, renamed, 'committee', null], 'read back');
    const li = item(el, org.id)!;
    equal([text(li.querySelector('h3')), text(li.querySelector('.badge')), li.querySelector('dl')], [renamed, en.kinds.committee, null], 'the list follows');
    equal(text($(el, '.done')), en.saved(renamed), 'says it is saved');
  });

  it('DESIGN §9: a trainer sees only their organisations and a viewer all, read-only; the API refuses their writes (403)', async () => {
    const trainer = await signInAs('trainerA');
    let el = await show(trainer);
    equal(headings(el), ['Test organisation A'], "trainer A's own organisation only");
    equal($$(el, 'button.new, button.open').length, 0, 'no add or edit');
    equal(text($(el, '.read-only')), en.readOnly, 'says why');
    const refused = await api(`/api/organisations/${ORG_A}`, { method: 'PATCH', body: JSON.stringify({ nameEn: 'Hijacked' }) }).catch((e: unknown) => e);
    assert(refused instanceof ApiError && refused.status === 403, `PATCH refused: ${String(refused)}`);
    unmountAll();
    await signOut();

    const viewer = await signInAs('viewer');
    el = await show(viewer);
    const names = headings(el);
    assert(names.includes('Test organisation A') && names.includes('Test organisation B'), `a viewer sees all: ${names.join(', ')}`);
    equal($$(el, 'button.new, button.open').length, 0, 'no add or edit');
    const post = await api('/api/organisations', { method: 'POST', body: JSON.stringify({ nameEn: 'Nope', kind: 'ngo' }) }).catch((e: unknown) => e);
    assert(post instanceof ApiError && post.status === 403, `POST refused: ${String(post)}`);
    equal((await api<OrganisationRecord>(`/api/organisations/${ORG_B}`)).nameEn, 'Test organisation B', 'unchanged');
  });

  it('in Lao, at 360×640: no sideways scrolling, 44 px targets, passes axe with the edit form open', async () => {
    await setViewport({ width: 360, height: 640 });
    const admin = await signInAs('admin');
    const el = await show(admin, 'lo');
    equal(text($(el, 'h2')), lo.title, 'Lao first');
    equal(text(item(el, ORG_B)!.querySelector('.badge')), lo.kinds.lftu, 'kinds in Lao');
    $(item(el, ORG_B)!, 'button.open').click();
    await el.updateComplete;
    assert(document.documentElement.scrollWidth <= 360, `page is ${document.documentElement.scrollWidth}px wide`);
    for (const target of $$(el, 'button, input, select')) {
      const box = target.getBoundingClientRect();
      assert(box.right <= 360 && box.height >= 44, `${target.outerHTML.slice(0, 60)}: ${box.width}×${box.height} at ${box.left}`);
    }
    await expectAccessible(el);
  });
});
