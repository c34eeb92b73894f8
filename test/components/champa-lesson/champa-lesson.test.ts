// <champa-lesson> in Chromium: lessons render from the compiled block tree with no HTML from
// content reaching the DOM (DESIGN §9 "Course Markdown is sanitised before it reaches the
// DOM"), links limited to safe schemes, images with per-locale alt text and a text fallback,
// knowledge checks and scenarios inline, and "experienced" recorded with the time spent.
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/champa-lesson/champa-lesson.js';
import type { ChampaLesson } from '../../../components/champa-lesson/champa-lesson.js';
import type { ChampaLessonCompleteEvent, ChampaNavigateEvent } from '../../../components/shared/events.js';
import type { Block, CompiledCourse, CompiledLesson } from '../../../components/shared/types.js';
import { $, $$, FakeRecorder, assert, course, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

function crafted(c: CompiledCourse): CompiledLesson {
  const check = Object.keys(c.questions).find((id) => c.questions[id]!.bank === 'checks') ?? Object.keys(c.questions)[0]!;
  const source = c.sources[0]!.id;
  const blocks = (lang: 'lo' | 'en'): Block[] => [
    { type: 'paragraph', children: [{ type: 'text', value: `${lang} intro ${HOSTILE}` }, { type: 'cite', source }] },
    { type: 'heading', depth: 2, children: [{ type: 'text', value: `${lang} heading` }] },
    {
      type: 'paragraph',
      children: [
        { type: 'link', href: 'https://example.org/page', children: [{ type: 'text', value: 'web' }] },
        { type: 'text', value: ' ' },
        { type: 'link', href: 'javascript:window.__pwned=3', children: [{ type: 'text', value: 'script link' }] },
        { type: 'text', value: ' ' },
        { type: 'link', href: 'tel:1362', children: [{ type: 'text', value: 'hotline' }] },
        { type: 'text', value: ' ' },
        { type: 'lesson-link', module: c.modules[0]!.slug, lesson: c.modules[0]!.lessons[0]!.slug, children: [{ type: 'text', value: 'other lesson' }] },
        { type: 'strong', children: [{ type: 'emphasis', children: [{ type: 'text', value: 'bold italic' }] }] },
        { type: 'code', value: '<b>code</b>' },
      ],
    },
    { type: 'list', ordered: true, start: 3, items: [[{ type: 'paragraph', children: [{ type: 'text', value: 'three' }] }], [{ type: 'paragraph', children: [{ type: 'text', value: 'four' }] }]] },
    { type: 'callout', kind: 'warning', blocks: [{ type: 'paragraph', children: [{ type: 'text', value: 'careful' }] }] },
    { type: 'image', src: 'images/missing-on-purpose.svg', alt: `${lang} alt text` },
    { type: 'image', src: 'https://evil.example/x.png', alt: 'foreign image' },
    { type: 'check', question: check },
  ];
  return { slug: 'crafted', file: '01-crafted', iri: 'https://champa.la/xapi/activities/course/t/module/m/lesson/crafted', title: { lo: 'ບົດທົດລອງ', en: 'Crafted lesson' }, blocks: { lo: blocks('lo'), en: blocks('en') } };
}

async function setup(lesson?: CompiledLesson, lang = 'lo') {
  const c = await course();
  const recorder = new FakeRecorder();
  const el = await mount<ChampaLesson>('champa-lesson', { lesson: lesson ?? crafted(c), course: c, recorder }, { lang, parent: 'https://champa.la/xapi/activities/course/t/module/m' });
  return { el, recorder, c };
}

describe('<champa-lesson>', () => {
  afterEach(unmountAll);

  it('renders content as text only: HTML in content never becomes elements, javascript: links stay text', async () => {
    const { el } = await setup();
    const root = el.shadowRoot!;
    assert(root.textContent!.includes(HOSTILE), 'the markup shows as text');
    equal(root.querySelectorAll('script').length, 0, 'no script element');
    equal($$(el, 'img').filter((i) => i.getAttribute('src') === 'x').length, 0, 'no img from text');
    equal($(el, 'code').textContent, '<b>code</b>', 'code is text');
    const hrefs = $$<HTMLAnchorElement>(el, 'a').map((a) => a.getAttribute('href'));
    assert(!hrefs.some((h) => h?.startsWith('javascript:')), `no javascript: link (${hrefs.join(', ')})`);
    assert(root.textContent!.includes('script link'), 'its text remains');
    await new Promise((r) => setTimeout(r, 50));
    equal((window as unknown as { __pwned?: number }).__pwned, undefined, 'nothing ran');
  });

  it('external links open in a new tab with rel=noopener; tel: stays a plain link; foreign images are not loaded', async () => {
    const { el } = await setup();
    const web = $$<HTMLAnchorElement>(el, 'a').find((a) => a.href === 'https://example.org/page')!;
    equal([web.target, web.rel], ['_blank', 'noopener noreferrer'], 'external link');
    const tel = $$<HTMLAnchorElement>(el, 'a').find((a) => a.href === 'tel:1362')!;
    equal(tel.target, '', 'tel: is not a new tab');
    assert(!$$<HTMLImageElement>(el, 'img').some((i) => i.src.includes('evil.example')), 'an image from elsewhere is not loaded');
    assert(el.shadowRoot!.textContent!.includes('foreign image'), 'its alt text is shown instead');
  });

  it('renders structure: h2 title, h3 for content headings, ordered list start, callout as a note', async () => {
    const { el } = await setup();
    equal($(el, 'h2').textContent, 'ບົດທົດລອງ', 'title');
    equal($(el, 'h3').textContent, 'lo heading', 'content heading one level down');
    equal($<HTMLOListElement>(el, 'article > ol').start, 3, 'list start');
    assert($(el, '.callout.warning[role=note]').textContent!.includes('careful'), 'callout');
    assert($(el, 'strong em').textContent === 'bold italic', 'nested inline');
  });

  it('numbers citations and lists their sources at the end', async () => {
    const { el, c } = await setup();
    equal($(el, 'sup.cite').textContent!.startsWith('[1]'), true, 'first citation is [1]');
    assert($(el, '.sources').textContent!.includes(c.sources[0]!.title), 'source listed');
  });

  it('a missing image shows its locale alt text instead', async () => {
    const { el } = await setup(undefined, 'en');
    const img = $$<HTMLImageElement>(el, 'img').find((i) => i.alt === 'en alt text');
    assert(img, 'image with the English alt');
    // Images load lazily: bring it into view (a test page may also be a background tab).
    img.loading = 'eager';
    img.scrollIntoView();
    await until(() => img.hidden === true, 'the failed image to hide');
    const fallback = img.nextElementSibling as HTMLElement;
    equal(fallback.hidden, false, 'fallback shown');
    assert(fallback.textContent!.includes('en alt text'), 'with the alt text');
  });

  it('embeds knowledge checks (check mode, parent = the lesson) that record answers', async () => {
    const { el, recorder } = await setup();
    const q = $(el, 'champa-question') as HTMLElement & { mode: string; parent: string; updateComplete: Promise<unknown> };
    equal([q.mode, q.parent], ['check', 'https://champa.la/xapi/activities/course/t/module/m/lesson/crafted'], 'check wiring');
    $<HTMLInputElement>(q, 'input').click();
    $(q, 'button[type=submit]').click();
    await q.updateComplete;
    equal(recorder.of('answered').length, 1, 'the check was recorded');
  });

  it('the closing button records "experienced" with duration, name and parent module, and fires champa-lesson-complete', async () => {
    const { el, recorder } = await setup();
    const done: ChampaLessonCompleteEvent[] = [];
    el.addEventListener('champa-lesson-complete', (e) => done.push(e));
    await new Promise((r) => setTimeout(r, 30));
    $(el, '[part=finish]').click();
    const call = recorder.of('experienced')[0]!;
    equal(call.iri, 'https://champa.la/xapi/activities/course/t/module/m/lesson/crafted', 'object');
    assert((call.opts.durationMs as number) >= 30, 'duration since the lesson opened');
    equal(call.opts.name, { lo: 'ບົດທົດລອງ', en: 'Crafted lesson' }, 'name in both languages');
    equal(call.opts.parent, 'https://champa.la/xapi/activities/course/t/module/m', 'parent module');
    equal(done.length, 1, 'event');
  });

  it('a link to another lesson asks to navigate there (keyboard: Enter on the link)', async () => {
    const { el, c } = await setup();
    const nav: ChampaNavigateEvent[] = [];
    el.addEventListener('champa-navigate', (e) => nav.push(e));
    const link = $$<HTMLAnchorElement>(el, 'a').find((a) => a.textContent === 'other lesson')!;
    link.focus();
    await sendKeys({ press: 'Enter' });
    equal(nav.map((e) => e.view), [{ kind: 'lesson', module: c.modules[0]!.slug, lesson: c.modules[0]!.lessons[0]!.slug }], 'navigate');
    equal(location.hash, '', 'the host page URL is untouched');
  });

  it('follows lang: English blocks with lang="en"; focusHeading() moves focus to the title', async () => {
    const { el } = await setup();
    el.lang = 'en';
    await el.updateComplete;
    equal($(el, 'h2').textContent, 'Crafted lesson', 'English title');
    await el.focusHeading();
    equal(deepActive(), $(el, 'h2'), 'focus on the title');
  });

  it('passes axe on real lessons: the first module, and every lesson with an image or a scenario', async () => {
    const c = await course();
    const rich = c.modules.flatMap((m) => m.lessons).filter((l) => l.blocks.lo.some((b) => b.type === 'image' || b.type === 'scenario'));
    assert(rich.length > 0, 'the course has lessons with images or scenarios');
    for (const lesson of new Set([...c.modules[0]!.lessons, ...rich])) {
      const { el } = await setup(lesson);
      await expectAccessible(el);
      unmountAll();
    }
  });
});
