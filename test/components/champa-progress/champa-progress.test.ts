// <champa-progress> in Chromium: an ARIA progressbar with the right values, numbers in the
// learner's locale, and an accessible name.
import '../../../components/champa-progress/champa-progress.js';
import type { ChampaProgress } from '../../../components/champa-progress/champa-progress.js';
import { $, equal, expectAccessible, mount, unmountAll } from '../support.js';

describe('<champa-progress>', () => {
  afterEach(unmountAll);

  it('exposes value, max and a text value on role=progressbar, and fills its share', async () => {
    const el = await mount<ChampaProgress>('champa-progress', { value: 3, max: 12 }, { lang: 'en' });
    const bar = $(el, '[role=progressbar]');
    equal([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-valuetext')], ['3', '12', '3 / 12 (25%)'], 'ARIA values');
    equal($(el, '[part=fill]').style.width, '25%', 'fill width');
    el.value = 12;
    await el.updateComplete;
    equal($(el, '[part=fill]').style.width, '100%', 'reacts to value');
  });

  it('labels itself in Lao by default, and clamps values out of range', async () => {
    const el = await mount<ChampaProgress>('champa-progress', { value: 20, max: 4 });
    equal($(el, '#label').textContent, 'ຄວາມຄືບໜ້າ', 'Lao label');
    equal($(el, '[role=progressbar]').getAttribute('aria-valuenow'), '4', 'clamped to max');
  });

  it('passes axe', async () => {
    const el = await mount<ChampaProgress>('champa-progress', { value: 1, max: 3 });
    await expectAccessible(el);
  });
});
