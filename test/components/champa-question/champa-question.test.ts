// <champa-question> in Chromium: each question type renders from course data, is answered by
// mouse and keyboard, is marked, and records one xAPI "answered" statement with the response
// in the interaction format (xAPI 1.0.3 Data 2.4.4.1.s15, "Interaction Activities").
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/champa-question/champa-question.js';
import type { ChampaQuestion } from '../../../components/champa-question/champa-question.js';
import type { ChampaAnswerEvent } from '../../../components/shared/events.js';
import type { CompiledQuestion } from '../../../components/shared/types.js';
import { $, $$, FakeRecorder, assert, course, deepActive, equal, expectAccessible, mount, unmountAll } from '../support.js';

async function questionOf(type: CompiledQuestion['type'], pred: (q: CompiledQuestion) => boolean = () => true): Promise<CompiledQuestion> {
  const c = await course();
  const q = Object.values(c.questions).find((x) => x.type === type && pred(x));
  assert(q, `the course has a ${type} question`);
  return q;
}

async function setup(q: CompiledQuestion, mode = 'quiz', lang = 'lo') {
  const recorder = new FakeRecorder();
  const el = await mount<ChampaQuestion>('champa-question', { question: q, recorder }, { mode, lang, parent: 'https://champa.la/xapi/activities/course/x/assessment/q' });
  const answers: ChampaAnswerEvent[] = [];
  el.addEventListener('champa-answer', (e) => answers.push(e));
  return { el, recorder, answers };
}

const submit = (el: ChampaQuestion) => $(el, 'button[type=submit]').click();

describe('<champa-question>', () => {
  afterEach(unmountAll);

  it('renders a single-choice question in Lao by default and in English with lang="en"', async () => {
    const q = await questionOf('single');
    if (q.type !== 'single') throw new Error('unreachable');
    const { el } = await setup(q);
    equal($(el, 'legend').textContent, q.prompt.lo, 'the legend is the Lao prompt');
    equal($$(el, 'input[type=radio]').length, q.choices.length, 'one radio per choice');
    el.lang = 'en';
    await el.updateComplete;
    equal($(el, 'legend').textContent, q.prompt.en, 'the legend follows lang');
    assert($(el, 'form').textContent!.includes(q.choices[0]!.text.en), 'choices follow lang');
  });

  it('records "answered" with the chosen id, success, correct pattern and parent, then shows why', async () => {
    const q = await questionOf('single');
    if (q.type !== 'single') throw new Error('unreachable');
    const { el, recorder, answers } = await setup(q);
    const wrong = q.choices.find((c) => !c.correct)!;
    $<HTMLInputElement>(el, `input[value="${wrong.id}"]`).click();
    submit(el);
    await el.updateComplete;
    equal(recorder.calls.length, 1, 'one statement');
    const call = recorder.calls[0]!;
    equal(call.method, 'answered', 'verb');
    equal(call.iri, q.iri, 'object is the question IRI');
    equal(call.opts.response, wrong.id, 'response is the choice id');
    equal(call.opts.success, false, 'a wrong choice is not a success');
    equal(call.opts.interactionType, 'choice', 'interaction type');
    equal(call.opts.correctResponsesPattern, [q.choices.find((c) => c.correct)!.id], 'correct pattern');
    equal(call.opts.parent, 'https://champa.la/xapi/activities/course/x/assessment/q', 'parent');
    assert(typeof call.opts.durationMs === 'number' && call.opts.durationMs >= 0, 'duration in ms');
    equal(answers.length, 1, 'champa-answer fired');
    const feedback = $(el, '[part=feedback]');
    assert(feedback.textContent!.includes(q.explanation.lo), 'feedback explains why');
    equal(deepActive(), feedback, 'focus moves to the feedback');
    assert($$<HTMLInputElement>(el, 'input').every((i) => i.disabled), 'a quiz answer is final');
  });

  it('multiple choice: the response lists the checked ids in choice order, "a[,]b"', async () => {
    const q = await questionOf('multiple');
    if (q.type !== 'multiple') throw new Error('unreachable');
    const { el, recorder } = await setup(q);
    const right = q.choices.filter((c) => c.correct);
    for (const c of [...right].reverse()) $<HTMLInputElement>(el, `input[value="${c.id}"]`).click();
    submit(el);
    await el.updateComplete;
    equal(recorder.calls[0]!.opts.response, right.map((c) => c.id).join('[,]'), 'response');
    equal(recorder.calls[0]!.opts.success, true, 'all the right ones and nothing else is a success');
  });

  it('true-false: the response is "true" or "false"', async () => {
    const q = await questionOf('true-false');
    if (q.type !== 'true-false') throw new Error('unreachable');
    const { el, recorder } = await setup(q);
    $<HTMLInputElement>(el, `input[value="${q.answer}"]`).click();
    submit(el);
    await el.updateComplete;
    equal(recorder.calls[0]!.opts, { ...recorder.calls[0]!.opts, response: String(q.answer), success: true, interactionType: 'true-false' }, 'answered');
  });

  it('ordering is keyboard-operable: move buttons reorder, focus stays with the moved item, response "a[,]b[,]c"', async () => {
    const q = await questionOf('ordering');
    if (q.type !== 'ordering') throw new Error('unreachable');
    const { el, recorder } = await setup(q);
    const shown = () => $$(el, 'ol.order li .text').map((n) => n.textContent);
    const before = shown();
    assert(before.join() !== q.items.map((i) => i.text.lo).join(), 'items are not shown in the right order');
    // Move the second item up with the keyboard.
    const up = $$<HTMLButtonElement>(el, '.move[data-dir="-1"]')[1]!;
    const moved = up.dataset.id;
    up.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    equal(shown()[0], before[1], 'the item moved up');
    const active = deepActive() as HTMLElement;
    equal(active?.dataset.id, moved, 'focus stays on the moved item');
    equal(active?.dataset.dir, '1', 'at the top, on its other arrow');
    // Put them in the right order with clicks, then answer.
    for (let target = 0; target < q.items.length; target++) {
      const id = q.items[target]!.id;
      for (;;) {
        const ids = $$<HTMLButtonElement>(el, '.move[data-dir="-1"]').map((b) => b.dataset.id);
        const at = ids.indexOf(id);
        if (at <= target) break;
        $$<HTMLButtonElement>(el, '.move[data-dir="-1"]')[at]!.click();
        await el.updateComplete;
      }
    }
    submit(el);
    await el.updateComplete;
    equal(recorder.calls[0]!.opts.response, q.items.map((i) => i.id).join('[,]'), 'response in order');
    equal(recorder.calls[0]!.opts.success, true, 'right order is a success');
    equal(recorder.calls[0]!.opts.interactionType, 'sequencing', 'interaction type');
  });

  it('matching: one select per left item; the response pairs "left[.]right"', async () => {
    const q = await questionOf('matching');
    if (q.type !== 'matching') throw new Error('unreachable');
    const { el, recorder } = await setup(q);
    const selects = $$<HTMLSelectElement>(el, 'select');
    equal(selects.length, q.pairs.length, 'one select per pair');
    submit(el);
    await el.updateComplete;
    equal(recorder.calls.length, 0, 'an incomplete answer is not recorded');
    assert($(el, '.hint').textContent, 'and the learner is told to choose');
    // Swap the first two, the rest right.
    selects.forEach((s, i) => {
      const p = q.pairs[i === 0 ? 1 : i === 1 ? 0 : i]!;
      s.value = p.id;
      s.dispatchEvent(new Event('change'));
    });
    submit(el);
    await el.updateComplete;
    const expected = q.pairs.map((p, i) => `${p.id}[.]${q.pairs[i === 0 ? 1 : i === 1 ? 0 : i]!.id}`).join('[,]');
    equal(recorder.calls[0]!.opts.response, expected, 'response');
    equal(recorder.calls[0]!.opts.success, false, 'a wrong pairing is not a success');
  });

  it('case-based question shows the case, then choices', async () => {
    const q = await questionOf('scenario');
    if (q.type !== 'scenario') throw new Error('unreachable');
    const { el } = await setup(q);
    equal($(el, '.case').textContent, q.case.lo, 'the fictional case is shown');
  });

  it('test mode gives no feedback; check mode lets the learner try again', async () => {
    const q = await questionOf('single');
    if (q.type !== 'single') throw new Error('unreachable');
    const wrong = q.choices.find((c) => !c.correct)!;
    const t = await setup(q, 'test');
    $<HTMLInputElement>(t.el, `input[value="${wrong.id}"]`).click();
    submit(t.el);
    await t.el.updateComplete;
    equal($$(t.el, '[part=feedback]').length, 0, 'no feedback in a test');
    equal(t.recorder.of('answered').length, 1, 'still recorded');

    const c = await setup(q, 'check');
    $<HTMLInputElement>(c.el, `input[value="${wrong.id}"]`).click();
    submit(c.el);
    await c.el.updateComplete;
    const again = $$<HTMLButtonElement>(c.el, '[part=feedback] button')[0];
    assert(again, 'a wrong check offers "try again"');
    again.click();
    await c.el.updateComplete;
    assert($$<HTMLInputElement>(c.el, 'input').every((i) => !i.disabled && !i.checked), 'controls are reset');
    $<HTMLInputElement>(c.el, `input[value="${q.choices.find((x) => x.correct)!.id}"]`).click();
    submit(c.el);
    await c.el.updateComplete;
    equal(c.recorder.of('answered').map((x) => x.opts.success), [false, true], 'each try is recorded');
  });

  it('is answered with the keyboard alone: Tab to the choices, arrows to pick, Enter on the button', async () => {
    const q = await questionOf('single');
    if (q.type !== 'single') throw new Error('unreachable');
    const { el, recorder } = await setup(q);
    $<HTMLInputElement>(el, 'input[type=radio]').focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    equal(deepActive(), $(el, 'button[type=submit]'), 'Tab reaches the submit button');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    equal(recorder.of('answered')[0]?.opts.response, q.choices[1]!.id, 'the second choice was answered');
  });

  it('restores a response given earlier as answered (resume)', async () => {
    const q = await questionOf('multiple');
    if (q.type !== 'multiple') throw new Error('unreachable');
    const response = q.choices.filter((c) => c.correct).map((c) => c.id).join('[,]');
    const el = await mount<ChampaQuestion>('champa-question', { question: q, response }, { mode: 'quiz' });
    assert(el.isAnswered, 'answered');
    equal($$<HTMLInputElement>(el, 'input:checked').map((i) => i.value), q.choices.filter((c) => c.correct).map((c) => c.id), 'the answer is shown');
  });

  it('passes axe (WCAG 2.x A/AA) before and after answering, for every question type', async () => {
    for (const type of ['single', 'multiple', 'true-false', 'ordering', 'matching', 'scenario'] as const) {
      const q = await questionOf(type);
      const { el } = await setup(q);
      await expectAccessible(el);
      if (type === 'single' || type === 'true-false') {
        $<HTMLInputElement>(el, 'input').click();
        submit(el);
        await el.updateComplete;
        await expectAccessible(el);
      }
      unmountAll();
    }
  });
});
