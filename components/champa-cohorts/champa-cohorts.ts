// <champa-cohorts>: the dashboard's list of cohorts the signed-in user may see. PLACEHOLDER
// committed by the lead so the dashboard entry builds; its owner replaces it.
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StaffElement } from '../shared/staff-element.js';

@customElement('champa-cohorts')
export class ChampaCohorts extends StaffElement {
  override render() {
    return html`<p>…</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-cohorts': ChampaCohorts;
  }
}
