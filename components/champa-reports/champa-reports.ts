// <champa-reports report="participation" query="course=…">: the dashboard's report pages.
// PLACEHOLDER committed by the lead so the dashboard entry builds; its owner replaces it.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { StaffElement } from '../shared/staff-element.js';

@customElement('champa-reports')
export class ChampaReports extends StaffElement {
  /** Which report: participation, learning-gain, certification, items or rollup. */
  @property() report = 'participation';
  /** The filters, as a URL query string without the "?". */
  @property() query = '';

  override render() {
    return html`<p>…</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-reports': ChampaReports;
  }
}
