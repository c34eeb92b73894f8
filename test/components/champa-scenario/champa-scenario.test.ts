// <champa-scenario> in Chromium: a branching scenario from course data is played choice by
// choice with mouse or keyboard; reaching an end records one xAPI "answered" statement of
// interaction type "performance" (xAPI Data 2.4.4.1.s15: steps as "id[.]response[,]…").
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/champa-scenario/champa-scenario.js';
import type { ChampaScenario } from '../../../components/champa-scenario/champa-scenario.js';
import type { ChampaScenarioEndEvent } from '../../../components/shared/events.js';
import type { CompiledScenario } from '../../../components/shared/types.js';
import { $, $$, FakeRecorder, assert, course, deepActive, equal, expectAccessible, mount, unmountAll } from '../support.js';

/** Choice indexes from the start node to an end of the given kind (depth-first). */
function pathTo(s: CompiledScenario, end: 'good' | 'poor' | 'neutral'): { choices: number[]; nodes: string[] } | null {
  const node = (id: string) => s.nodes.find((n) => n.id === id)!;
  const walk = (id: string, choices: number[], nodes: string[]): { choices: number[]; nodes: string[] } | null => {
    const n = node(id);
    if (n.end) return n.end === end ? { choices, nodes: [...nodes, id] } : null;
    for (const [i, c] of (n.choices ?? []).entries()) {
      const found = walk(c.next, [...choices, i], [...nodes, id]);
      if (found) return found;
    }
    return null;
  };
  return walk(s.start, [], []);
}

async function scenario(): Promise<CompiledScenario> {
  const c = await course();
  const s = Object.values(c.scenarios).find((x) => pathTo(x, 'good') && pathTo(x, 'poor'));
  assert(s, 'the course has a scenario with a good and a poor end');
  return s;
}

describe('<champa-scenario>', () => {
  afterEach(unmountAll);

  it('starts at the start node with its choices as buttons', async () => {
    const s = await scenario();
    const el = await mount<ChampaScenario>('champa-scenario', { scenario: s });
    const start = s.nodes.find((n) => n.id === s.start)!;
    equal($(el, 'h3').textContent, s.title.lo, 'title');
    assert($(el, '[part=story]').textContent!.includes(start.text.lo), 'start text');
    equal($$(el, '[part=choice]').map((b) => b.textContent), start.choices!.map((c) => c.text.lo), 'choices');
  });

  it('reaching a good end records "answered" (performance) with the path and success, once', async () => {
    const s = await scenario();
    const recorder = new FakeRecorder();
    const el = await mount<ChampaScenario>('champa-scenario', { scenario: s, recorder }, { parent: 'https://champa.la/lesson' });
    const ends: ChampaScenarioEndEvent[] = [];
    el.addEventListener('champa-scenario-end', (e) => ends.push(e));
    const path = pathTo(s, 'good')!;
    for (const i of path.choices) {
      equal(recorder.calls.length, 0, 'nothing recorded before the end');
      $$<HTMLButtonElement>(el, '[part=choice]')[i]!.click();
      await el.updateComplete;
      equal(deepActive(), $(el, '[part=story]'), 'focus moves to the next part of the story');
    }
    equal(recorder.calls.length, 1, 'one statement at the end');
    const call = recorder.calls[0]!;
    equal([call.method, call.iri, call.opts.interactionType, call.opts.success, call.opts.parent], ['answered', s.iri, 'performance', true, 'https://champa.la/lesson'], 'statement');
    const steps = path.nodes.slice(0, -1).map((id, k) => `${id}[.]${path.nodes[k + 1]}`).join('[,]');
    equal(call.opts.response, steps, 'response lists the steps');
    equal(ends.map((e) => [e.end, e.path]), [['good', path.nodes]], 'champa-scenario-end');
    assert($(el, '[part=ending]').textContent, 'the ending is shown');
  });

  it('a poor end is not a success; "play again" restarts', async () => {
    const s = await scenario();
    const recorder = new FakeRecorder();
    const el = await mount<ChampaScenario>('champa-scenario', { scenario: s, recorder });
    for (const i of pathTo(s, 'poor')!.choices) {
      $$<HTMLButtonElement>(el, '[part=choice]')[i]!.click();
      await el.updateComplete;
    }
    equal(recorder.calls[0]?.opts.success, false, 'poor end');
    $(el, '.actions button').click();
    await el.updateComplete;
    assert($(el, '[part=story]').textContent!.includes(s.nodes.find((n) => n.id === s.start)!.text.lo), 'back at the start');
  });

  it('is played with the keyboard: Tab to a choice, Enter to take it', async () => {
    const s = await scenario();
    const el = await mount<ChampaScenario>('champa-scenario', { scenario: s });
    const first = $$<HTMLButtonElement>(el, '[part=choice]')[0]!;
    first.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    assert($(el, '.chosen').textContent!.includes(s.nodes.find((n) => n.id === s.start)!.choices![0]!.text.lo), 'the choice was taken');
  });

  it('switching the language mid-scenario keeps the place', async () => {
    const s = await scenario();
    const el = await mount<ChampaScenario>('champa-scenario', { scenario: s });
    const start = s.nodes.find((n) => n.id === s.start)!;
    $$<HTMLButtonElement>(el, '[part=choice]')[0]!.click();
    await el.updateComplete;
    el.lang = 'en';
    await el.updateComplete;
    assert($(el, '.chosen').textContent!.includes(start.choices![0]!.text.en), 'same place, in English');
  });

  it('passes axe at the start and at an end', async () => {
    const s = await scenario();
    const el = await mount<ChampaScenario>('champa-scenario', { scenario: s });
    await expectAccessible(el);
    for (const i of pathTo(s, 'good')!.choices) {
      $$<HTMLButtonElement>(el, '[part=choice]')[i]!.click();
      await el.updateComplete;
    }
    await expectAccessible(el);
  });
});
