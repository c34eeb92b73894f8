// <champa-chart> in Chromium: bars drawn in proportion to their values (grouped and stacked),
// a text alternative that lists every number, series told apart without colour, zero and
// empty data, a 360 px phone width, and axe (WCAG 2.x AA) on each form.
import '../../../components/champa-chart/champa-chart.js';
import type { ChampaChart, ChartRow } from '../../../components/champa-chart/champa-chart.js';
import { $, $$, assert, equal, expectAccessible, mount, unmountAll } from '../support.js';

const SEXES = ['Women', 'Men', 'Other or not stated'];

const bars = (el: ChampaChart) => $$<SVGRectElement>(el, 'rect.bar');
const widthOf = (r: SVGRectElement) => Number(r.getAttribute('width'));
const bar = (el: ChampaChart, row: number, series: number) => {
  const found = bars(el).find((b) => b.dataset.row === String(row) && b.dataset.series === String(series));
  if (!found) throw new Error(`no bar for row ${row}, series ${series}`);
  return found;
};
const near = (a: number, b: number, what: string) => assert(Math.abs(a - b) < 0.5, `${what}: ${a} ≠ ${b}`);

/** The text alternative's cells, row by row (header row first). */
const tableText = (el: ChampaChart) => $$(el, 'table tr').map((tr) => [...tr.children].map((c) => c.textContent!.trim()));

async function chart(props: Partial<ChampaChart> & { rows: ChartRow[] }, lang = 'en', wrapWidth?: number): Promise<ChampaChart> {
  if (wrapWidth === undefined) return mount<ChampaChart>('champa-chart', props, { lang });
  // A positioned scroll box: whatever the chart lays out (hidden parts too) counts in its scrollWidth.
  const el = await mount<ChampaChart>('champa-chart', props, { lang, style: `display:block;width:${wrapWidth}px;position:relative;overflow:auto` });
  // The element sizes itself from a ResizeObserver: wait for it to settle.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await el.updateComplete;
  return el;
}

describe('<champa-chart>', () => {
  afterEach(unmountAll);

  it('grouped: each bar is as long as its value in proportion to the others (the largest value spans the scale)', async () => {
    const el = await chart({ label: 'Enrolled by sex', series: SEXES, rows: [{ label: 'Enrolled', values: [10, 20, 5] }] });
    const [f, m, o] = [widthOf(bar(el, 0, 0)), widthOf(bar(el, 0, 1)), widthOf(bar(el, 0, 2))];
    assert(m > 100, `the largest bar is long: ${m}`);
    near(f * 2, m, 'women 10 is half of men 20');
    near(o * 4, m, 'other 5 is a quarter of men 20');
    // The numbers are written beside the bars.
    equal($$(el, 'text.value').map((t) => t.textContent), ['10', '20', '5'], 'value labels');
  });

  it('grouped with max: the scale ends at max, not at the largest value', async () => {
    const el = await chart({ series: ['Pass rate'], format: 'percent', rows: [{ label: 'Women', values: [0.5] }, { label: 'Men', values: [0.25] }] });
    const half = widthOf(bar(el, 0, 0));
    near(widthOf(bar(el, 1, 0)) * 2, half, 'shares in proportion');
    el.max = 0.5;
    await el.updateComplete;
    near(widthOf(bar(el, 0, 0)), half * 2, 'with max=0.5 a share of 0.5 spans twice as far (the whole scale)');
  });

  it('stacked: segments follow each other, in proportion, and the total is written after the bar', async () => {
    const el = await chart({
      label: 'Participants by stage',
      mode: 'stacked',
      series: SEXES,
      rows: [
        { label: 'Enrolled', values: [21, 39, 0] },
        { label: 'Completed', values: [15, 15, 0] },
      ],
    });
    const [a, b] = [bar(el, 0, 0), bar(el, 0, 1)];
    near(Number(b.getAttribute('x')), Number(a.getAttribute('x')) + widthOf(a), 'men start where women end');
    near(widthOf(a) + widthOf(b), widthOf(bar(el, 1, 0)) * 4, 'enrolled 60 is four times completed women 15');
    near(widthOf(bar(el, 1, 0)), widthOf(bar(el, 1, 1)), 'equal values, equal segments');
    equal(widthOf(bar(el, 0, 2)), 0, 'a zero draws nothing');
    equal($$(el, 'text.total').map((t) => t.textContent), ['60', '30'], 'totals');
  });

  it('has a text alternative listing every number with its row and series (a table with caption and headers); the picture is hidden from readers', async () => {
    const el = await chart({
      label: 'Mean score, pre-test and post-test',
      rowHeader: 'Group',
      series: ['Pre-test', 'Post-test'],
      format: 'percent',
      rows: [
        { label: 'Women', values: [0.45, 0.8] },
        { label: 'Men', values: [0.5, null] },
      ],
    });
    equal($(el, 'table caption').textContent, 'Mean score, pre-test and post-test', 'caption');
    equal(tableText(el), [
      ['Group', 'Pre-test', 'Post-test'],
      ['Women', '45%', '80%'],
      ['Men', '50%', 'none'],
    ], 'the numbers, and "none" where there is no value');
    equal($$(el, 'table th[scope=col]').length, 3, 'column headers');
    equal($$(el, 'table th[scope=row]').length, 2, 'row headers');
    equal($(el, 'svg.plot').getAttribute('aria-hidden'), 'true', 'the SVG itself is not read');
    equal($(el, 'figcaption').textContent, 'Mean score, pre-test and post-test', 'visible caption');
  });

  it('stacked text alternative has a total column', async () => {
    const el = await chart({ mode: 'stacked', series: SEXES, rows: [{ label: 'Vientiane Capital', values: [3, 4, 1] }] });
    equal(tableText(el), [
      ['Category', ...SEXES, 'Total'],
      ['Vientiane Capital', '3', '4', '1', '8'],
    ], 'numbers and total');
  });

  it('tells series apart without colour: each has its own pattern, named in the key', async () => {
    const el = await chart({ series: SEXES, rows: [{ label: 'Started', values: [3, 4, 2] }] });
    const fills = [0, 1, 2].map((i) => bar(el, 0, i).getAttribute('fill'));
    equal(new Set(fills).size, 3, `three different fills: ${fills.join(', ')}`);
    for (const f of fills.slice(1)) {
      const id = /^url\(#(.+)\)$/.exec(f ?? '')?.[1];
      assert(id && el.shadowRoot!.getElementById(id)?.tagName === 'pattern', `fill ${f} is a pattern`);
    }
    equal($$(el, '.legend li').map((li) => li.textContent!.trim()), SEXES, 'the key names the series in order');
    equal($$(el, '.legend li svg rect').map((r) => r.getAttribute('fill')), fills, 'the key shows the same patterns');
  });

  it('zero data: empty bars and zeros written out; no rows: says there is nothing to show, in Lao by default', async () => {
    const zero = await chart({ series: SEXES, rows: [{ label: 'Certified', values: [0, 0, 0] }] });
    equal(bars(zero).map(widthOf), [0, 0, 0], 'no bar length');
    equal($$(zero, 'text.value').map((t) => t.textContent), ['0', '0', '0'], 'zeros written');
    equal(tableText(zero)[1], ['Certified', '0', '0', '0'], 'zeros in the table');

    const empty = await mount<ChampaChart>('champa-chart', { label: 'ຂໍ້ມູນ', series: SEXES, rows: [] });
    equal($$(empty, 'svg.plot').length, 0, 'no plot');
    equal($(empty, '.empty').textContent, 'ບໍ່ມີຂໍ້ມູນທີ່ຈະສະແດງ.', 'Lao "nothing to show"');
    await expectAccessible(empty);
  });

  it('fits a 360 px phone: the plot and its longest bar with its number stay within the width', async () => {
    const el = await chart({ series: SEXES, rows: [{ label: 'ນະຄອນຫຼວງວຽງຈັນ ແລະ ແຂວງທີ່ມີຊື່ຍາວຫຼາຍໆ ເພື່ອທົດສອບການຕັດຂໍ້ຄວາມ', values: [12345, 200, 3] }] }, 'lo', 360);
    const svg = $(el, 'svg.plot');
    equal(svg.getAttribute('width'), '360', 'the plot is as wide as the element');
    const box = svg.getBoundingClientRect();
    for (const t of $$<SVGTextElement>(el, 'text')) {
      const r = t.getBoundingClientRect();
      assert(r.right <= box.right + 1, `"${t.textContent}" ends inside the plot (${r.right} > ${box.right})`);
    }
    assert($(el, 'text.category').textContent!.endsWith('…'), 'a label too long for the width is cut with …');
    assert(el.scrollWidth <= 360, `nothing of the chart, the hidden table included, is wider than 360 px (${el.scrollWidth})`);
    equal(tableText(el)[1]![0], 'ນະຄອນຫຼວງວຽງຈັນ ແລະ ແຂວງທີ່ມີຊື່ຍາວຫຼາຍໆ ເພື່ອທົດສອບການຕັດຂໍ້ຄວາມ', 'the table keeps the whole label');
  });

  it('passes axe, grouped and stacked', async () => {
    const rows = [
      { label: 'Enrolled', values: [21, 39, 0] },
      { label: 'Started', values: [20, 30, 1] },
    ];
    await expectAccessible(await chart({ label: 'Grouped', series: SEXES, rows }));
    await expectAccessible(await chart({ label: 'Stacked', mode: 'stacked', series: SEXES, rows }));
  });
});
