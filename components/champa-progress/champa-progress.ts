// <champa-progress>: a labelled progress bar (ARIA progressbar) with the count in words,
// numbers formatted for the learner's locale. Not for deciding what counts as done.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { num, pct } from '../shared/i18n.js';
import { styles } from './champa-progress.styles.js';

/**
 * Progress through a course or module: `value` of `max` parts done.
 *
 * @summary A labelled progress bar.
 *
 * @csspart track - The bar's background.
 * @csspart fill - The filled share of the bar.
 *
 * @cssprop --champa-progress-color - Colour of the fill (default: the accent colour).
 * @cssprop --champa-progress-height - Height of the bar.
 */
@customElement('champa-progress')
export class ChampaProgress extends ChampaElement {
  /** Parts done. */
  @property({ type: Number }) value = 0;
  /** Parts in all. */
  @property({ type: Number }) max = 0;
  /** What is measured; default "Progress" in the element's language. */
  @property() label = '';

  static override styles = [baseStyles, styles];

  override render() {
    const l = this.l;
    const max = Math.max(0, this.max);
    const value = Math.min(Math.max(0, this.value), max);
    const share = max ? value / max : 0;
    const label = this.label || this.m.progress;
    const text = `${num(l, value)} / ${num(l, max)}`;
    return html`<div class="row"><span id="label">${label}</span><span>${pct(l, share)}</span></div>
      <div class="track" part="track" role="progressbar" aria-labelledby="label" aria-valuemin="0" aria-valuemax=${max}
        aria-valuenow=${value} aria-valuetext="${text} (${pct(l, share)})">
        <div class="fill" part="fill"></div>
      </div>
      <div class="muted" aria-hidden="true">${text}</div>`;
  }

  protected override updated(): void {
    // Through the CSSOM, which a strict Content-Security-Policy allows (a style attribute it may
    // not), without the styleMap directive's bytes on the critical path.
    const max = Math.max(0, this.max);
    const share = max ? Math.min(Math.max(0, this.value), max) / max : 0;
    this.renderRoot.querySelector<HTMLElement>('.fill')!.style.width = `${(share * 100).toFixed(1)}%`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-progress': ChampaProgress;
  }
}
