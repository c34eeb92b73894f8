// <champa-cohorts> in Chromium against the real server (the dev server forwards /api to it):
// a trainer sees only the cohorts the server lets them see (DESIGN §9: their organisations'
// and their own), every participant count split by sex (domain-research §5, "60 participants,
// 21 women"), search, open/closed and paging, and the new-cohort form, whose server refusal
// shows beside the field it names. Accessible (axe) and usable at 360×640.
import { setViewport } from '@web/test-runner-commands';
import '../../../components/champa-cohorts/champa-cohorts.js';
import type { ChampaCohorts } from '../../../components/champa-cohorts/champa-cohorts.js';
import { api, currentUser, signOut, type StaffUser } from '../../../components/shared/staff-api.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { signInAs } from '../staff.js';
import { COURSE, join, newCohort, tag } from './fixtures.js';

const cards = (el: ChampaCohorts) => $$(el, '.cohort');
const cardNamed = (el: ChampaCohorts, name: string) => cards(el).find((c) => c.querySelector('h3')?.textContent?.trim() === name);

async function showList(user: StaffUser, q = '', props: Record<string, unknown> = {}): Promise<ChampaCohorts> {
  const el = await mount<ChampaCohorts>('champa-cohorts', { user, lang: 'en', ...props });
  await settled(el);
  if (q) await search(el, q);
  return el;
}

async function search(el: ChampaCohorts, q: string): Promise<void> {
  const input = $<HTMLInputElement>(el, '#q');
  input.value = q;
  $<HTMLButtonElement>(el, '.filters button[type=submit]').click();
  await settled(el);
}

/** Waits for the request under way to be answered and drawn. */
async function settled(el: ChampaCohorts): Promise<void> {
  await el.updateComplete;
  await until(() => $(el, 'section').getAttribute('aria-busy') === 'false', 'the list to load');
}

describe('champa-cohorts', () => {
  afterEach(async () => {
    unmountAll();
    if (await currentUser()) await signOut();
  });

  it('DESIGN §9 trainer scope: a trainer sees their organisation\'s cohort; a trainer of another organisation does not', async () => {
    const t = tag();
    const userA = await signInAs('trainerA');
    const mine = await newCohort({ name: `Vientiane ${t}` });
    let el = await showList(userA, t);
    assert(cardNamed(el, mine.name), 'trainer A sees the cohort');
    const link = cardNamed(el, mine.name)!.querySelector('a')!;
    equal(link.getAttribute('href'), `#/cohorts/${mine.id}`, 'the card links to the cohort page');
    unmountAll();
    await signOut();

    const userB = await signInAs('trainerB');
    const theirs = await newCohort({ name: `Savannakhet ${t}`, organisationId: 'test-org-b' });
    el = await showList(userB, t);
    equal(cards(el).map((c) => c.querySelector('h3')!.textContent!.trim()), [theirs.name], 'trainer B sees only their own');
  });

  it('domain-research §5 counts by sex: each cohort says "N participants, W women" and the full split', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort();
    await join(c.joinCode!, { sex: 'female' });
    await join(c.joinCode!, { sex: 'female' });
    await join(c.joinCode!, { sex: 'male' });
    await join(c.joinCode!, { sex: 'not-stated' });
    const el = await showList(user, c.name.split(' ')[1]!);
    const card = cardNamed(el, c.name);
    assert(card, 'the cohort is listed');
    equal(card.querySelector('.count')!.textContent!.trim(), '4 participants, 2 women', 'headline');
    assert(card.querySelector('.split')!.textContent!.includes('2 women · 1 man · 1 other or not stated'), `split: ${card.querySelector('.split')!.textContent}`);
    assert(card.textContent!.includes('Test organisation A'), 'organisation');
    assert(card.textContent!.includes('Vientiane'), `province name: ${card.textContent}`);
    assert(card.textContent!.includes('2 Mar 2026 – 4 Mar 2026'), 'dates');
    assert(card.textContent!.includes('In person'), 'mode');
    assert(card.textContent!.includes("Workers' rights"), 'course title');

    el.lang = 'lo';
    await el.updateComplete;
    equal(card.querySelector('.count')!.textContent!.trim(), 'ຜູ້ເຂົ້າຮ່ວມ 4 ຄົນ, ຍິງ 2 ຄົນ', 'Lao headline');
    assert(card.textContent!.includes('2 ມີນາ 2026 – 4 ມີນາ 2026'), `Lao month names: ${card.textContent}`);
  });

  it('DESIGN §8: open/closed filter and paging with a page size', async () => {
    const user = await signInAs('trainerA');
    const t = tag();
    for (const i of [1, 2, 3]) await newCohort({ name: `Paged ${i} ${t}` });
    const closed = await newCohort({ name: `Closed ${t}`, joinOpen: false });
    const el = await showList(user, t, { pageSize: 2 });
    equal(cards(el).length, 2, 'first page of two');
    const firstPage = cards(el).map((c) => c.querySelector('h3')!.textContent!.trim());
    $<HTMLButtonElement>(el, '.paging button:last-of-type').click();
    await settled(el);
    equal($(el, '.paging span').textContent, '3–4', 'the range of the second page');
    const secondPage = cards(el).map((c) => c.querySelector('h3')!.textContent!.trim());
    equal(secondPage.length, 2, 'second page of two');
    assert(!secondPage.some((n) => firstPage.includes(n)), 'no cohort twice');
    assert($<HTMLButtonElement>(el, '.paging button:last-of-type').disabled, 'no third page');

    const filter = $<HTMLSelectElement>(el, '#open');
    filter.value = 'closed';
    filter.dispatchEvent(new Event('change'));
    await until(() => cards(el).length === 1, 'closed only');
    equal(cards(el)[0]!.querySelector('h3')!.textContent!.trim(), closed.name, 'the closed cohort');
    equal(cards(el)[0]!.querySelector('.badge')!.textContent!.trim(), 'Closed', 'marked closed');
    filter.value = 'open';
    filter.dispatchEvent(new Event('change'));
    await until(() => cards(el).length === 2 && !cardNamed(el, closed.name), 'open only');
  });

  it('DESIGN §8 new cohort: a trainer creates one from the form; it is listed and linked', async () => {
    const user = await signInAs('trainerA');
    const el = await showList(user);
    $<HTMLButtonElement>(el, 'button.new').click();
    await until(() => $$(el, 'form.create input[name=courses]').length > 0, 'the form with the courses');
    equal(deepActive()?.id, 'f-name', 'the name field takes the focus');
    const orgs = $$<HTMLOptionElement>(el, '#f-organisationId option');
    equal(
      orgs.map((o) => o.value),
      ['test-org-a'],
      "a trainer is offered only their own organisation",
    );
    const name = `Created in the form ${tag()}`;
    $<HTMLInputElement>(el, '#f-name').value = name;
    $<HTMLInputElement>(el, `form.create input[name=courses][value=${COURSE}]`).click();
    const province = $<HTMLSelectElement>(el, '#f-provinceCode');
    province.value = 'LA-VT';
    province.dispatchEvent(new Event('change'));
    await until(() => $$(el, '#f-districtCode option').length > 1, 'the districts of the province');
    $<HTMLInputElement>(el, '#f-startsOn').value = '2026-05-04';
    $<HTMLInputElement>(el, '#f-endsOn').value = '2026-05-06';
    $<HTMLInputElement>(el, 'form.create input[name=mode][value=blended]').click();
    $<HTMLButtonElement>(el, 'form.create button[type=submit]').click();
    await until(() => $$(el, '.created').length > 0, 'the created message');
    assert(!el.shadowRoot!.querySelector('form.create'), 'the form closes');
    const link = $<HTMLAnchorElement>(el, '.created a');
    equal(deepActive(), link, 'the link to the new cohort takes the focus');
    const id = decodeURIComponent(link.getAttribute('href')!.slice('#/cohorts/'.length));
    const saved = await api<{ name: string; organisation: { id: string }; provinceCode: string; startsOn: string; endsOn: string; mode: string; joinOpen: boolean; courses: { slug: string }[] }>(`/api/cohorts/${id}`);
    equal(
      [saved.name, saved.organisation.id, saved.provinceCode, saved.startsOn, saved.endsOn, saved.mode, saved.joinOpen, saved.courses.map((c) => c.slug)],
      [name, 'test-org-a', 'LA-VT', '2026-05-04', '2026-05-06', 'blended', true, [COURSE]],
      'what the server stored',
    );
    await search(el, name);
    assert(cardNamed(el, name), 'listed');
    assert(cardNamed(el, name)!.textContent!.includes('0 participants, 0 women'), 'no participants yet');
  });

  it('issue 5 routes: a refused cohort shows the server\'s message beside the field it names', async () => {
    const user = await signInAs('trainerA');
    const el = await showList(user);
    $<HTMLButtonElement>(el, 'button.new').click();
    await until(() => $$(el, 'form.create input[name=courses]').length > 0, 'the form');
    $<HTMLInputElement>(el, '#f-name').value = `Bad dates ${tag()}`;
    $<HTMLInputElement>(el, `form.create input[name=courses][value=${COURSE}]`).click();
    $<HTMLInputElement>(el, '#f-startsOn').value = '2026-05-04';
    $<HTMLInputElement>(el, '#f-endsOn').value = '2026-05-01';
    $<HTMLButtonElement>(el, 'form.create button[type=submit]').click();
    await until(() => $$(el, '.field-error').length > 0, 'the error');
    const endsOn = $<HTMLInputElement>(el, '#f-endsOn');
    equal(endsOn.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
    const error = $(el, `#${endsOn.getAttribute('aria-describedby')}`);
    assert(/2026-05-01 is before startsOn 2026-05-04/.test(error.textContent!), `the server's words beside the field: ${error.textContent}`);
    equal(deepActive(), endsOn, 'the field takes the focus');
    assert($(el, '.form-error').textContent!.includes('Ends on'), 'the summary names the field by its label');
    await expectAccessible(el);

    // Fixing it clears the error and creates the cohort.
    endsOn.value = '2026-05-06';
    $<HTMLButtonElement>(el, 'form.create button[type=submit]').click();
    await until(() => $$(el, '.created').length > 0, 'created after the fix');
  });

  it('DESIGN §9 roles: a viewer gets the list but no new-cohort form', async () => {
    const user = await signInAs('viewer');
    const el = await showList(user);
    equal($$(el, 'button.new').length, 0, 'no New cohort button');
  });

  it('is accessible (axe) and fits 360×640 without sideways scrolling', async () => {
    await setViewport({ width: 360, height: 640 });
    try {
      const user = await signInAs('trainerA');
      const c = await newCohort({ name: `ຝຶກອົບຮົມ ສິດແຮງງານ ແຂວງສະຫວັນນະເຂດ ຄັ້ງທີ 2 ${tag()}` });
      await join(c.joinCode!, { sex: 'male' });
      const el = await mount<ChampaCohorts>('champa-cohorts', { user });
      await until(() => cards(el).length > 0, 'the list');
      await expectAccessible(el);
      $<HTMLButtonElement>(el, 'button.new').click();
      await until(() => $$(el, 'form.create input[name=courses]').length > 0, 'the form');
      await expectAccessible(el);
      assert(document.documentElement.scrollWidth <= 360, `no sideways scroll: ${document.documentElement.scrollWidth}px`);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
