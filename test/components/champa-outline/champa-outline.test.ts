// <champa-outline> in Chromium: the course's steps as navigation with done, current and
// locked states that a screen reader can tell apart, operable by keyboard.
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/champa-outline/champa-outline.js';
import type { ChampaOutline } from '../../../components/champa-outline/champa-outline.js';
import type { ChampaNavigateEvent } from '../../../components/shared/events.js';
import { emptyProgress, type Progress } from '../../../components/shared/progress.js';
import { $, $$, assert, course, deepActive, equal, expectAccessible, mount, unmountAll } from '../support.js';

describe('<champa-outline>', () => {
  afterEach(unmountAll);

  it('lists pre-test, every module with its lessons and quiz, then post-test', async () => {
    const c = await course();
    const el = await mount<ChampaOutline>('champa-outline', { course: c });
    const entries = $$(el, '[part=entry]');
    const lessons = c.modules.reduce((n, m) => n + m.lessons.length + (m.quiz ? 1 : 0), 0);
    equal(entries.length, lessons + (c.prePostTest ? 2 : 0) + (c.finalExam ? 1 : 0), 'one entry per step');
    equal($$(el, '.module-title').length, c.modules.length, 'module titles');
    assert($(el, 'nav').getAttribute('aria-label'), 'a labelled navigation landmark');
  });

  it('marks done lessons, the current entry (aria-current) and locks the post-test until every module is done', async () => {
    const c = await course();
    const first = c.modules[0]!.lessons[0]!;
    const progress: Progress = { ...emptyProgress(), viewed: [first.iri] };
    const el = await mount<ChampaOutline>('champa-outline', {
      course: c,
      progress,
      current: { kind: 'lesson', module: c.modules[0]!.slug, lesson: c.modules[0]!.lessons[1]!.slug },
    });
    const entries = $$<HTMLButtonElement>(el, '[part=entry]');
    const firstEntry = entries.find((b) => b.textContent!.includes(first.title.lo))!;
    assert(firstEntry.classList.contains('done') && firstEntry.querySelector('.visually-hidden'), 'done, said in words too');
    equal($$(el, '[aria-current]').length, 1, 'one current entry');
    assert($(el, '[aria-current]').textContent!.includes(c.modules[0]!.lessons[1]!.title.lo), 'the current lesson');
    const post = entries.at(-1)!;
    equal(post.disabled, true, 'post-test locked');
  });

  it('asks to navigate when an entry is chosen with the keyboard', async () => {
    const c = await course();
    const el = await mount<ChampaOutline>('champa-outline', { course: c }, { lang: 'en' });
    const nav: ChampaNavigateEvent[] = [];
    el.addEventListener('champa-navigate', (e) => nav.push(e));
    $$<HTMLButtonElement>(el, '[part=entry]')[0]!.focus();
    await sendKeys({ press: 'Tab' });
    equal(deepActive(), $$(el, '[part=entry]')[1], 'Tab moves to the next entry');
    await sendKeys({ press: 'Enter' });
    equal(nav.map((e) => e.view), [{ kind: 'lesson', module: c.modules[0]!.slug, lesson: c.modules[0]!.lessons[0]!.slug }], 'navigate to the first lesson');
  });

  it('passes axe', async () => {
    const c = await course();
    const el = await mount<ChampaOutline>('champa-outline', { course: c, progress: { ...emptyProgress(), viewed: [c.modules[0]!.lessons[0]!.iri] } });
    await expectAccessible(el);
  });
});
