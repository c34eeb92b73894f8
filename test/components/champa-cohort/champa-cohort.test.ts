// <champa-cohort> in Chromium against the real server: a trainer's cohort page with its
// participants and their progress per course (DESIGN §8), LIVE: a learner posts xAPI
// statements with their own token and the table changes without a reload, keeping its rows,
// the focus and the scroll; an unchanged list costs a 304; polling stops while the page is
// hidden or gone. The join code can be replaced (the old one stops working) and joining
// closed; CSV enrolment is checked first, then confirmed. Totals split by sex
// (domain-research §5). Accessible (axe) and usable at 360×640.
import { setViewport } from '@web/test-runner-commands';
import '../../../components/champa-cohort/champa-cohort.js';
import type { ChampaCohort } from '../../../components/champa-cohort/champa-cohort.js';
import { api, currentUser, signOut, type StaffUser } from '../../../components/shared/staff-api.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';
import { signInAs } from '../staff.js';
import { COURSE, compiled, join, newCohort, player, send, tag } from '../champa-cohorts/fixtures.js';

/** The participants requests the page makes, with the status each got. */
function watchPolls(cohortId: string) {
  const seen: { status: number; at: number }[] = [];
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const res = await original(input, init);
    if (String(input instanceof Request ? input.url : input).includes(`/api/cohorts/${cohortId}/participants?`)) seen.push({ status: res.status, at: Date.now() });
    return res;
  };
  return { seen, restore: () => (window.fetch = original) };
}

const rowOf = (el: ChampaCohort, learnerId: string) => el.shadowRoot!.querySelector<HTMLTableRowElement>(`tbody tr[data-learner="${learnerId}"]`);
const cellText = (row: HTMLTableRowElement, selector: string) => row.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function page(user: StaffUser, cohortId: string, props: Record<string, unknown> = {}): Promise<ChampaCohort> {
  const el = await mount<ChampaCohort>('champa-cohort', { user, lang: 'en', pollMs: 300, cohort: cohortId, ...props });
  await until(() => $$(el, 'table, .empty, .muted').length > 0 && $$(el, 'h2').length > 0, 'the cohort page');
  return el;
}

let visibility: DocumentVisibilityState = 'visible';
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
const setVisibility = (v: DocumentVisibilityState) => {
  visibility = v;
  document.dispatchEvent(new Event('visibilitychange'));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('champa-cohort', () => {
  afterEach(async () => {
    setVisibility('visible');
    unmountAll();
    if (await currentUser()) await signOut();
  });

  it('DESIGN §8 cohort page: details, participants with their state per course, and totals split by sex', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort({ courses: [COURSE, 'digital-evidence'] });
    const ann = await join(c.joinCode!, { name: `Ann ${tag()}`, sex: 'female' });
    const bob = await join(c.joinCode!, { name: `Bob ${tag()}`, sex: 'male' });
    const cat = await join(c.joinCode!, { name: `Cat ${tag()}`, sex: 'female' });
    const el = await page(user, c.id);
    await until(() => $$(el, 'tbody tr').length === 3, 'three rows');
    equal($(el, 'h2').textContent, c.name, 'the name');
    assert($(el, '.facts').textContent!.includes('Test organisation A'), 'organisation');
    await until(() => $(el, '.facts').textContent!.includes('Vientiane'), 'the province by name');
    equal($(el, '.facts .count').textContent!.trim(), '3 participants, 2 women', 'headline split by sex');
    equal(
      $$(el, 'tbody th').map((th) => th.textContent!.trim()),
      [ann.learner.name, bob.learner.name, cat.learner.name],
      'by name',
    );
    const annRow = rowOf(el, ann.learner.id)!;
    equal(cellText(annRow, 'td:nth-of-type(1)'), 'Woman', 'sex');
    await until(() => cellText(annRow, 'td:nth-of-type(2)') === 'Test organisation A', 'the organisation by name');
    equal(
      $$(annRow, 'td.state').map((td) => td.textContent!.trim()),
      ['Not started', 'Not started'],
      'a state per course',
    );
    const groups = $$(el, 'thead th.course');
    equal(groups.map((th) => th.getAttribute('scope')), ['colgroup', 'colgroup'], 'a column group per course');
    assert(groups[0]!.textContent!.includes("Workers' rights") && groups[1]!.textContent!.includes('Digital'), 'named by course title');
    equal($$(annRow, 'td.final').length, 1, 'a final-exam column for the certification course only');
    const totals = $(el, 'tfoot tr') as HTMLTableRowElement;
    equal(cellText(totals, '.total-count'), 'Total: 3', 'totals row');
    equal(cellText(totals, '.total-split'), 'Women: 2 Men: 1 Other or not stated: 0', 'totals split by sex');
    assert($(el, 'tfoot .course-total').textContent!.includes('0 started (0 women)'), 'per-course totals with the women among them');
    const charts = $$(el, 'champa-chart');
    equal(charts.length, 2, 'a chart per course');
    equal(
      (charts[0] as unknown as { rows: { label: string; values: number[] }[] }).rows.find((r) => r.label === 'Not started')!.values,
      [2, 1, 0],
      'the chart counts states by sex',
    );
  });

  it('DESIGN §3/§8 live: the learner\'s statements change the table without a reload, keeping rows, focus and scroll; unchanged polls cost a 304', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort();
    const learner = await join(c.joinCode!, { sex: 'female' });
    const polls = watchPolls(c.id);
    try {
      const el = await page(user, c.id);
      await until(() => !!rowOf(el, learner.learner.id), 'the participant');
      const row = rowOf(el, learner.learner.id)!;
      equal(cellText(row, 'td.state'), 'Not started', 'before');
      await until(() => polls.seen.filter((p) => p.status === 304).length >= 2, 'unchanged polls answered 304');
      const firstUpdated = $(el, '.updated time').textContent;

      // Focus on a control of the page, and the table scrolled sideways: neither moves.
      const newCode = $<HTMLButtonElement>(el, 'button.new-code');
      newCode.focus();
      const wrap = $(el, '.table-wrap');
      wrap.style.maxWidth = '200px';
      wrap.scrollLeft = 60;
      const scrolled = wrap.scrollLeft;

      const course = await compiled();
      const p = player(course, learner.actor);
      await send(learner.token, [p.initialized(), p.pretest(0.4), ...p.module(0)]);
      await until(() => cellText(rowOf(el, learner.learner.id)!, 'td.state') === 'In progress', 'the new state on screen', 8000);
      const after = rowOf(el, learner.learner.id)!;
      equal(after, row, 'the same row element, updated in place');
      equal(cellText(after, 'td.modules'), '1/6', 'modules done of total');
      equal(after.querySelector('progress')!.value, 1, 'the bar');
      equal(after.querySelector('progress')!.getAttribute('aria-label'), '1 of 6 modules', 'the bar says what it shows');
      equal(cellText(after, 'td.pre'), '40%', 'pre-test score');
      equal(cellText(after, 'td.post'), '—', 'no post-test yet');
      assert(cellText(after, 'td.last') !== '—', 'last activity shown');
      equal(deepActive(), newCode, 'the focus stayed');
      equal(wrap.scrollLeft, scrolled, 'the scroll stayed');
      assert(polls.seen.some((x) => x.status === 200) && polls.seen.filter((x) => x.status === 200).length >= 2, 'the change came as a 200');
      await until(() => $(el, '.updated time').textContent !== firstUpdated, 'the "updated" time moves on');
      assert(/^\d\d:\d\d:\d\d$/.test($(el, '.updated time').textContent!), 'hh:mm:ss');
      equal((($$(el, 'champa-chart')[0] as unknown as { rows: { label: string; values: number[] }[] }).rows.find((r) => r.label === 'In progress')!.values), [1, 0, 0], 'the chart follows');
    } finally {
      polls.restore();
    }
  });

  it('live polling stops while the page is hidden and when the element is removed, and resumes at once when shown', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort();
    const polls = watchPolls(c.id);
    try {
      const el = await page(user, c.id, { pollMs: 250 });
      await until(() => polls.seen.length >= 2, 'polling');
      setVisibility('hidden');
      await sleep(300); // a request under way may still land
      const hiddenAt = polls.seen.length;
      await sleep(1000);
      equal(polls.seen.length, hiddenAt, 'no requests while hidden');
      // A long interval now: only "at once on showing" can bring the next request in time.
      el.pollMs = 60_000;
      await el.updateComplete;
      setVisibility('visible');
      await until(() => polls.seen.length > hiddenAt, 'a request as soon as it shows', 3000);
      el.pollMs = 250;
      const shownAt = polls.seen.length;
      await until(() => polls.seen.length >= shownAt + 2, 'polling again');
      el.remove();
      await sleep(300);
      const goneAt = polls.seen.length;
      await sleep(1000);
      equal(polls.seen.length, goneAt, 'no requests once removed');
    } finally {
      polls.restore();
    }
  });

  it('DESIGN §8 join code: shown with its QR code; a new code replaces it and the old one stops working', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort();
    const el = await page(user, c.id);
    equal($(el, '.code').textContent, c.joinCode, 'the code');
    equal($<HTMLAnchorElement>(el, '.join-url').href, c.joinUrl, 'the join URL');
    await until(() => $$(el, 'img.qr').length === 1, 'the QR code');
    const qr = $<HTMLImageElement>(el, 'img.qr');
    const oldSrc = qr.src;
    assert(qr.src.startsWith('blob:'), 'an image from a blob URL, not inline SVG');
    assert(qr.alt.includes(c.joinUrl!), 'the QR code says what it holds');
    const svg = await (await fetch(qr.src)).text();
    assert(svg.startsWith('<svg '), 'an SVG');
    await until(() => qr.complete && qr.naturalWidth > 0, 'the image draws');

    $<HTMLButtonElement>(el, 'button.new-code').click();
    await el.updateComplete;
    assert($(el, '.confirm-code').textContent!.includes('stops working'), 'a warning first');
    equal(deepActive(), $(el, '.confirm-code .keep'), 'the safe choice has the focus');
    $<HTMLButtonElement>(el, '.confirm-code .replace').click();
    await until(() => $(el, '.code').textContent !== c.joinCode, 'a new code');
    const code = $(el, '.code').textContent!;
    assert(/^[2-9A-HJKMNP-Z]{6}$/.test(code), `a join code: ${code}`);
    assert($(el, '.action-note').textContent!.includes(code), 'announced');
    equal(deepActive(), $(el, 'button.new-code'), 'the focus returns to the button');
    await until(() => $<HTMLImageElement>(el, 'img.qr').src !== oldSrc, 'a new QR code');
    equal((await fetch(oldSrc).catch(() => null))?.ok ?? false, false, 'the old blob URL is released');
    assert((await (await fetch($<HTMLImageElement>(el, 'img.qr').src)).text()).includes('<svg'), 'the new QR code');
    equal((await fetch(`/api/join/${c.joinCode}`)).status, 404, 'the old code no longer finds the cohort');
    equal((await fetch(`/api/join/${code}`)).status, 200, 'the new one does');
  });

  it('DESIGN §8 joinOpen: closing joining refuses new participants; opening lets them in again', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort();
    const el = await page(user, c.id);
    $<HTMLButtonElement>(el, 'button.toggle-join').click();
    await until(() => $(el, '.join-state').textContent!.includes('Closed'), 'closed');
    equal((await api<{ joinOpen: boolean }>(`/api/cohorts/${c.id}`)).joinOpen, false, 'saved');
    const refused = await fetch('/api/join', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: c.joinCode, name: 'Late', sex: 'male' }) });
    equal(refused.status, 403, 'a join is refused');
    equal($(el, 'button.toggle-join').textContent!.trim(), 'Open joining', 'the button opens it again');
    $<HTMLButtonElement>(el, 'button.toggle-join').click();
    await until(() => $(el, '.join-state').textContent!.includes('Open'), 'open again');
    await join(c.joinCode!);
  });

  it('README "CSV enrolment": a file with problems lists each one and saves nothing; a good file is checked, then enrolled on confirmation', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort();
    const el = await page(user, c.id);
    const input = $<HTMLInputElement>(el, '#csv-file');
    const choose = (csv: string) => {
      const dt = new DataTransfer();
      dt.items.add(new File([csv], 'participants.csv', { type: 'text/csv' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
    };
    const t = tag();
    choose(`name,sex,birth_year\nNoy ${t},female,1990\nSom ${t},robot,1985\n`);
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button.check-csv').click();
    await until(() => $$(el, '.problems li').length > 0, 'the problems');
    const problems = $$(el, '.problems li').map((li) => li.textContent!);
    assert(problems.some((p) => /^row 3, column sex: /.test(p)), `the server names row and column: ${problems.join(' | ')}`);
    equal($$(el, 'button.enrol').length, 0, 'nothing to confirm');
    equal((await api<{ participants: unknown[] }>(`/api/cohorts/${c.id}/participants`)).participants.length, 0, 'nothing saved');

    choose(`name,sex,birth_year\nNoy ${t},female,1990\nSom ${t},male,1985\n`);
    await el.updateComplete;
    equal($$(el, '.csv-result').length, 0, 'a new file clears the last check');
    $<HTMLButtonElement>(el, 'button.check-csv').click();
    await until(() => $$(el, 'button.enrol').length > 0, 'the check result');
    assert($(el, '.csv-result').textContent!.includes('2 rows — 2 new participants'), `summary: ${$(el, '.csv-result').textContent}`);
    equal(deepActive(), $(el, '.csv-result'), 'the result takes the focus');
    equal((await api<{ participants: unknown[] }>(`/api/cohorts/${c.id}/participants`)).participants.length, 0, 'a check saves nothing');
    equal($(el, 'button.enrol').textContent!.trim(), 'Enrol 2 people', 'the confirmation says how many');
    $<HTMLButtonElement>(el, 'button.enrol').click();
    await until(() => $$(el, '.csv-result.good').length > 0 && $(el, '.csv-result').textContent!.includes('2 enrolled'), 'enrolled');
    await until(() => $$(el, 'tbody tr').length === 2, 'the table shows them at once');
    equal($(el, '.facts .count').textContent!.trim(), '2 participants, 1 woman', 'counts follow');
  });

  it('README "CSV enrolment": the template links download the Lao and English templates', async () => {
    const user = await signInAs('trainerA');
    const c = await newCohort();
    const el = await page(user, c.id);
    const links = $$<HTMLAnchorElement>(el, '.templates a');
    equal(
      links.map((a) => new URL(a.href).pathname + new URL(a.href).search),
      ['/api/cohorts/template.csv?lang=lo', '/api/cohorts/template.csv?lang=en'],
      'both templates',
    );
    const en = await (await fetch(links[1]!.href)).text();
    assert(en.replace(/^\uFEFF/, '').startsWith('name,sex,'), `the English header row: ${en.slice(0, 40)}`);
  });

  it('DESIGN §9 roles: a trainer of another organisation gets "no cohort"; a viewer sees the facts, not names or the code', async () => {
    const userA = await signInAs('trainerA');
    const c = await newCohort();
    await join(c.joinCode!);
    await signOut();
    const userB = await signInAs('trainerB');
    let el = await mount<ChampaCohort>('champa-cohort', { user: userB, lang: 'en', cohort: c.id, pollMs: 300 });
    await until(() => $$(el, '[role=alert]').length > 0, 'the refusal');
    assert($(el, '[role=alert]').textContent!.includes(`No cohort ${c.id}`), 'the server says so');
    unmountAll();
    await signOut();
    const viewer = await signInAs('viewer');
    el = await mount<ChampaCohort>('champa-cohort', { user: viewer, lang: 'en', cohort: c.id, pollMs: 300 });
    await until(() => $$(el, 'h2').length > 0, 'the facts');
    equal($(el, '.facts .count').textContent!.trim(), '1 participant, 1 woman', 'the counts');
    equal($$(el, '.join, table, .enrol').length, 0, 'no join code, names or enrolment');
    void userA;
  });

  it('is accessible (axe) with participants in progress, and the page never scrolls sideways at 360×640', async () => {
    await setViewport({ width: 360, height: 640 });
    try {
      const user = await signInAs('trainerA');
      const c = await newCohort({ name: `ຝຶກອົບຮົມ ສິດແຮງງານ ແລະ ການເຄື່ອນຍ້າຍແຮງງານທີ່ປອດໄພ ${tag()}`, courses: [COURSE, 'digital-evidence'] });
      const learner = await join(c.joinCode!, { name: 'ນາງ ບົວພັນ ສີສຸວັນ', sex: 'female' });
      await join(c.joinCode!, { name: 'ທ້າວ ສົມສັກ ແກ້ວມະນີ', sex: 'male' });
      const course = await compiled();
      const p = player(course, learner.actor);
      await send(learner.token, [p.initialized(), p.pretest(0.9), ...p.module(0), ...p.module(1)]);
      const el = await mount<ChampaCohort>('champa-cohort', { user, cohort: c.id, pollMs: 300 });
      await until(() => $$(el, 'tbody tr').length === 2 && $$(el, 'img.qr').length === 1, 'the page in Lao');
      await until(() => cellText(rowOf(el, learner.learner.id)!, 'td.state') === 'ກຳລັງຮຽນ', 'in progress, in Lao');
      await expectAccessible(el);
      $<HTMLButtonElement>(el, 'button.new-code').click();
      await el.updateComplete;
      await expectAccessible(el);
      assert(document.documentElement.scrollWidth <= 360, `no sideways page scroll: ${document.documentElement.scrollWidth}px`);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
