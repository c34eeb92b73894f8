// <champa-dashboard>: the trainer and viewer pages served at /dashboard. PLACEHOLDER committed
// by the lead so the dashboard entry builds; its owner replaces it.
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StaffElement } from '../shared/staff-element.js';

@customElement('champa-dashboard')
export class ChampaDashboard extends StaffElement {
  override render() {
    return html`<p>…</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-dashboard': ChampaDashboard;
  }
}
