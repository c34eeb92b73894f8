// <champa-cohort cohort="ID">: one cohort in the dashboard with its participants' live
// progress. PLACEHOLDER committed by the lead so the dashboard entry builds; its owner replaces it.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { StaffElement } from '../shared/staff-element.js';

@customElement('champa-cohort')
export class ChampaCohort extends StaffElement {
  /** The cohort's id. */
  @property() cohort = '';

  override render() {
    return html`<p>…</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-cohort': ChampaCohort;
  }
}
