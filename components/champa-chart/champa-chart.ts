// <champa-chart>: a small horizontal bar chart in SVG for the dashboard (counts by sex, pre/post
// means, pass rates), with no charting library. Bars run sideways so that long Lao labels fit a
// 360 px phone; each series has a pattern as well as a colour (readable in greyscale and by
// people who do not tell the colours apart), every bar has its number beside it, and the same
// numbers are in a table for screen readers. Not for deciding what to plot: the pages do that.
import { html, nothing, svg, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { baseStyles } from '../shared/base.styles.js';
import { StaffElement, pick } from '../shared/staff-element.js';
import { num, pct } from '../shared/i18n.js';
import { styles } from './champa-chart.styles.js';
import { STRINGS } from './strings.js';

/** One category of the chart (a stage, a province, a sex group), with one value per series. */
export interface ChartRow {
  /** The category's name, drawn above its bars. */
  label: string;
  /** One value per series, in the order of `series`; null where there is none (drawn as "–"). */
  values: readonly (number | null)[];
}

export type ChartMode = 'grouped' | 'stacked';
export type ChartFormat = 'count' | 'percent';

/**
 * Each series' look: a colour with at least 7:1 contrast on white (bars also have a 3:1 edge)
 * and a pattern, so that the series stay apart without colour. Used in this order.
 */
const LOOKS = [
  { color: '#0f5c63', tint: null, pattern: 'solid' },
  { color: '#8a3b00', tint: '#fbe3cf', pattern: 'stripes' },
  { color: '#5a3d8a', tint: '#ece6f5', pattern: 'dots' },
  { color: '#4a5560', tint: '#e6e9ec', pattern: 'cross' },
] as const;

const FONT_PX = 13;
const LABEL_H = 20;
const GROUPED_BAR = 16;
const STACKED_BAR = 24;
const BAR_GAP = 3;
const ROW_GAP = 12;
const MIN_WIDTH = 200;

let instances = 0;
let measurer: CanvasRenderingContext2D | null | undefined;

/** The width of a text in the chart's font: measured when a canvas can, else estimated. */
function textWidth(text: string, font: string, px = FONT_PX, weight = 400): number {
  if (measurer === undefined) measurer = document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * px * (weight > 400 ? 0.7 : 0.6);
  measurer.font = `${weight} ${px}px ${font}`;
  return measurer.measureText(text).width;
}

/**
 * A horizontal bar chart: one group of bars per row (category), one bar (grouped) or one
 * bar segment (stacked) per series. Values are numbers of people (`format="count"`) or
 * shares from 0 to 1 (`format="percent"`). Sizes itself to its own width (360 px and up).
 *
 * ```html
 * <champa-chart label="Participants by stage" mode="stacked"
 *   .series=${['Women', 'Men', 'Other or not stated']}
 *   .rows=${[{ label: 'Enrolled', values: [21, 39, 0] }, { label: 'Completed', values: [15, 30, 0] }]}>
 * </champa-chart>
 * ```
 *
 * @summary A small, accessible SVG bar chart (grouped or stacked).
 *
 * @csspart figure - The whole chart: caption, key, plot and text alternative.
 * @csspart legend - The key of series (pattern and name).
 * @csspart plot - The SVG.
 * @csspart table - The text alternative (visually hidden).
 */
@customElement('champa-chart')
export class ChampaChart extends StaffElement {
  /** What the chart shows: its caption, and the caption of its text alternative. */
  @property() label = '';
  /** The names of the series, in the order of each row's `values` (e.g. Women, Men, Other or not stated). */
  @property({ attribute: false }) series: readonly string[] = [];
  /** The categories, top to bottom, each with one value per series. */
  @property({ attribute: false }) rows: readonly ChartRow[] = [];
  /** `grouped`: one bar per series; `stacked`: one bar per row made of the series, with its total. */
  @property() mode: ChartMode = 'grouped';
  /** `count`: whole numbers; `percent`: shares from 0 to 1, shown as percentages. */
  @property() format: ChartFormat = 'count';
  /** The value at the right end of the scale; default: the largest value (or row total when stacked), 1 for percentages. */
  @property({ type: Number }) max: number | undefined = undefined;
  /** The header of the row names' column in the text alternative (e.g. "Stage"). */
  @property({ attribute: 'row-header' }) rowHeader = '';

  /** The element's width in CSS px, followed as it changes. */
  @state() private width = 360;

  static override styles = [baseStyles, styles];

  readonly #id = `champa-chart-${++instances}`;
  #observer: ResizeObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#observer ??= new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      // Hidden (0 wide): keep the last width rather than draw nothing.
      if (w > 0 && w !== this.width) this.width = Math.max(MIN_WIDTH, w);
    });
    this.#observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
  }

  #format(v: number | null): string {
    if (v === null || !Number.isFinite(v)) return '–';
    return this.format === 'percent' ? pct(this.l, v) : num(this.l, v);
  }

  /** The value at the right end of the scale (never 0, so that zeros draw as empty bars). */
  #scaleMax(): number {
    if (this.max !== undefined && this.max > 0) return this.max;
    const finite = (v: number | null) => (v !== null && Number.isFinite(v) && v > 0 ? v : 0);
    const largest =
      this.mode === 'stacked'
        ? Math.max(0, ...this.rows.map((r) => r.values.reduce<number>((s, v) => s + finite(v), 0)))
        : Math.max(0, ...this.rows.flatMap((r) => r.values.map(finite)));
    if (this.format === 'percent') return Math.max(1, largest);
    return largest > 0 ? largest : 1;
  }

  #fill(i: number): string {
    const look = LOOKS[i % LOOKS.length]!;
    return look.pattern === 'solid' ? look.color : `url(#${this.#id}-p${i % LOOKS.length})`;
  }

  #defs(): TemplateResult {
    const p = (i: number, body: TemplateResult) =>
      svg`<pattern id="${this.#id}-p${i}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform=${i === 1 ? 'rotate(45)' : nothing}>${body}</pattern>`;
    const [, stripes, dots, cross] = LOOKS;
    return svg`<defs>
      ${p(1, svg`<rect width="6" height="6" fill="${stripes.tint}"></rect><rect width="3" height="6" fill="${stripes.color}"></rect>`)}
      ${p(2, svg`<rect width="6" height="6" fill="${dots.tint}"></rect><circle cx="3" cy="3" r="1.8" fill="${dots.color}"></circle>`)}
      ${p(3, svg`<rect width="6" height="6" fill="${cross.tint}"></rect><path d="M0 0L6 6M6 0L0 6" stroke="${cross.color}" stroke-width="1.2"></path>`)}
    </defs>`;
  }

  #swatch(i: number): TemplateResult {
    const look = LOOKS[i % LOOKS.length]!;
    return html`<svg width="22" height="14" aria-hidden="true" focusable="false">
      <rect x="0.75" y="0.75" width="20.5" height="12.5" fill=${this.#fill(i)} stroke=${look.color} stroke-width="1.5"></rect>
    </svg>`;
  }

  override render() {
    const t = pick(STRINGS, this.l);
    const hasData = this.rows.length > 0 && this.series.length > 0;
    const caption = this.label ? html`<figcaption id="caption">${this.label}</figcaption>` : nothing;
    if (!hasData) {
      return html`<figure part="figure">${caption}<p class="empty" role="note">${t.noData}</p></figure>`;
    }
    return html`<figure part="figure">
      ${caption}
      ${this.series.length > 1 || this.mode === 'stacked'
        ? html`<ul class="legend" part="legend" aria-hidden="true">
            ${this.series.map((s, i) => html`<li>${this.#swatch(i)}<span>${s}</span></li>`)}
          </ul>`
        : nothing}
      ${this.#plot()} ${this.#table(t)}
    </figure>`;
  }

  #plot(): TemplateResult {
    const W = this.width;
    const font = getComputedStyle(this).fontFamily || 'sans-serif';
    const max = this.#scaleMax();
    const stacked = this.mode === 'stacked';
    const labels = this.rows.map((r) => (stacked ? this.#format(r.values.reduce<number>((s, v) => s + (v ?? 0), 0)) : r.values.map((v) => this.#format(v))));
    // Room on the right for the longest number, so that a full-length bar keeps its label.
    const valueRoom = Math.ceil(Math.max(...labels.flat().map((s) => textWidth(s, font)))) + 8;
    const span = Math.max(40, W - valueRoom - 2);
    const scale = (v: number) => (Math.max(0, v) / max) * span;
    const n = this.series.length;
    const rowHeight = LABEL_H + (stacked ? STACKED_BAR : n * GROUPED_BAR + (n - 1) * BAR_GAP) + ROW_GAP;
    const H = this.rows.length * rowHeight;
    const rows = this.rows.map((row, r) => {
      const top = r * rowHeight;
      const barsTop = top + LABEL_H;
      const name = this.#fit(row.label, W, font);
      const category = svg`<text class="category" x="0" y=${top + FONT_PX + 2}>${name}</text>`;
      if (stacked) {
        let x = 1;
        const segments = row.values.map((v, i) => {
          const w = v === null ? 0 : scale(v);
          const look = LOOKS[i % LOOKS.length]!;
          const rect = svg`<rect class="bar" data-row=${r} data-series=${i} data-value=${v ?? ''} x=${x} y=${barsTop}
            width=${w.toFixed(2)} height=${STACKED_BAR} fill=${this.#fill(i)} stroke=${look.color} stroke-width=${w > 0 ? 1.5 : 0}></rect>`;
          // The segment's number inside it, on a white tab, when it fits.
          const text = this.#format(v);
          const tw = textWidth(text, font, 12);
          const inside =
            v !== null && v > 0 && w >= tw + 10
              ? svg`<rect x=${x + w / 2 - tw / 2 - 3} y=${barsTop + 4} width=${tw + 6} height=${STACKED_BAR - 8} rx="3" fill="#ffffff"></rect>
                  <text class="inside" text-anchor="middle" x=${x + w / 2} y=${barsTop + STACKED_BAR / 2 + 4}>${text}</text>`
              : nothing;
          x += w;
          return svg`${rect}${inside}`;
        });
        const total = labels[r] as string;
        return svg`<g class="row">${category}${segments}
          <text class="value total" x=${x + 6} y=${barsTop + STACKED_BAR / 2 + 4}>${total}</text></g>`;
      }
      const bars = row.values.map((v, i) => {
        const y = barsTop + i * (GROUPED_BAR + BAR_GAP);
        const w = v === null ? 0 : scale(v);
        const look = LOOKS[i % LOOKS.length]!;
        return svg`<rect class="bar" data-row=${r} data-series=${i} data-value=${v ?? ''} x="1" y=${y} width=${w.toFixed(2)} height=${GROUPED_BAR}
            fill=${this.#fill(i)} stroke=${look.color} stroke-width=${w > 0 ? 1.5 : 0}></rect>
          <text class="value" x=${1 + w + 6} y=${y + GROUPED_BAR - 3}>${(labels[r] as string[])[i]}</text>`;
      });
      return svg`<g class="row">${category}${bars}</g>`;
    });
    return html`<svg class="plot" part="plot" width=${W} height=${H} viewBox="0 0 ${W} ${H}" aria-hidden="true" focusable="false">
      ${this.#defs()} ${rows}
    </svg>`;
  }

  /** A label cut to the chart's width with "…" (the full text is in the table). */
  #fit(label: string, W: number, font: string): string {
    const width = (s: string) => textWidth(s, font, FONT_PX, 700);
    if (width(label) <= W) return label;
    // Cut whole graphemes: a Lao vowel or tone mark never loses its consonant.
    const parts = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(label)].map((g) => g.segment);
    while (parts.length > 1 && width(`${parts.join('')}…`) > W) parts.pop();
    return `${parts.join('').trimEnd()}…`;
  }

  #table(t: (typeof STRINGS)['en']): TemplateResult {
    const stacked = this.mode === 'stacked';
    const cell = (v: number | null) => (v === null || !Number.isFinite(v) ? t.noValue : this.#format(v));
    // The hidden box is a div: a table's own box would not shrink to 1 px, and would widen the page.
    return html`<div class="visually-hidden"><table part="table">
      ${this.label ? html`<caption>${this.label}</caption>` : nothing}
      <thead>
        <tr>
          <th scope="col">${this.rowHeader || t.category}</th>
          ${this.series.map((s) => html`<th scope="col">${s}</th>`)} ${stacked ? html`<th scope="col">${t.total}</th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${this.rows.map(
          (r) => html`<tr>
            <th scope="row">${r.label}</th>
            ${this.series.map((_, i) => html`<td>${cell(r.values[i] ?? null)}</td>`)}
            ${stacked ? html`<td>${cell(r.values.reduce<number>((s, v) => s + (v ?? 0), 0))}</td>` : nothing}
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-chart': ChampaChart;
  }
}
