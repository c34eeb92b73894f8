// <champa-account>: the signed-in staff user's own page — who they are (name, email, role,
// a trainer's organisations) and the form to change their password (POST /api/auth/password),
// which every role may use. Not for other people's accounts (<champa-users>, admins only).
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { nameIn, type Organisation } from '../champa-cohorts/model.js';
import { fieldOf } from '../shared/staff-form.js';
import { adminStyles } from '../champa-users/champa-users.styles.js';
import { baseStyles } from '../shared/base.styles.js';
import { api, ApiError } from '../shared/staff-api.js';
import { pick, StaffElement } from '../shared/staff-element.js';
import { styles } from './champa-account.styles.js';
import { STRINGS } from './strings.js';

type Field = 'currentPassword' | 'newPassword' | 'repeat';
/** What went wrong, in the UI language, with the server's own words when it gave any. */
type Problem = { field: Field | null; summary: string; detail: string | null };

/**
 * The signed-in user's account and the change-password form.
 *
 * @summary My account: who I am, and change my password.
 * @csspart form - the change-password form
 */
@customElement('champa-account')
export class ChampaAccount extends StaffElement {
  static override styles = [baseStyles, adminStyles, styles];

  @state() private orgNames = new Map<string, string>();
  @state() private problem: Problem | null = null;
  @state() private busy = false;
  @state() private changed = false;

  private get t() {
    return pick(STRINGS, this.l);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('user') && this.user?.organisations.length) void this.loadOrganisations();
  }

  private async loadOrganisations(): Promise<void> {
    try {
      const orgs = await api<Organisation[]>('/api/organisations');
      this.orgNames = new Map(orgs.map((o) => [o.id, nameIn(this.l, o.nameLo, o.nameEn, o.id)]));
    } catch {
      // The ids show instead of the names.
    }
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    const repeat = String(data.get('repeat') ?? '');
    const t = this.t;
    this.changed = false;
    // Checked here, not sent: a typo in the repeat must not cost a (rate-limited) attempt.
    const local: Problem | null = !currentPassword
      ? { field: 'currentPassword', summary: t.required, detail: null }
      : !newPassword
        ? { field: 'newPassword', summary: t.required, detail: null }
        : newPassword !== repeat
          ? { field: 'repeat', summary: t.mismatch, detail: null }
          : null;
    if (local) return this.show(local);
    this.busy = true;
    this.problem = null;
    try {
      await api('/api/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword, newPassword }) });
      form.reset();
      this.changed = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.done')?.focus();
    } catch (err) {
      await this.show(this.explain(err));
    } finally {
      this.busy = false;
    }
  }

  private explain(err: unknown): Problem {
    const t = this.t;
    if (!(err instanceof ApiError)) return { field: null, summary: t.fixThis, detail: String(err) };
    if (err.status === 0) return { field: null, summary: t.offline, detail: null };
    if (err.status === 429) return { field: null, summary: t.tooMany, detail: err.message };
    const { field, text } = fieldOf(err.message);
    if (field === 'currentPassword') return { field, summary: err.status === 403 ? t.wrongCurrent : t.fixThis, detail: text };
    if (field === 'newPassword') return { field, summary: t.fixThis, detail: text };
    return { field: null, summary: t.fixThis, detail: err.message };
  }

  private async show(problem: Problem): Promise<void> {
    this.problem = problem;
    await this.updateComplete;
    const input = problem.field && this.renderRoot.querySelector<HTMLInputElement>(`#${problem.field}`);
    if (input) {
      input.select();
      input.focus();
    } else this.renderRoot.querySelector<HTMLElement>('.form-error')?.focus();
  }

  private input(id: Field, label: string, autocomplete: string, hint?: TemplateResult): TemplateResult {
    const p = this.problem;
    const bad = p?.field === id;
    const described = [bad ? `err-${id}` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} name=${id} type="password" autocomplete=${autocomplete} spellcheck="false" maxlength="1024" aria-invalid=${bad ? 'true' : 'false'} aria-describedby=${described || nothing} />
      ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
      ${bad && p ? html`<p class="field-error bad" id="err-${id}">${p.summary}${p.detail ? html` <span lang="en">${p.detail}</span>` : nothing}</p>` : nothing}
    </div>`;
  }

  override render() {
    const t = this.t;
    const u = this.user;
    const p = this.problem;
    return html`<section aria-labelledby="title">
      <h2 id="title">${t.title}</h2>
      ${u
        ? html`<dl class="me">
            <div><dt>${t.name}</dt><dd>${u.name}</dd></div>
            <div><dt>${t.email}</dt><dd>${u.email}</dd></div>
            <div><dt>${t.role}</dt><dd>${t.roles[u.role] ?? u.role}</dd></div>
            ${u.organisations.length
              ? html`<div><dt>${t.organisations}</dt><dd>${u.organisations.map((id) => this.orgNames.get(id) ?? id).join(' · ')}</dd></div>`
              : nothing}
          </dl>`
        : nothing}
      <form class="edit panel" part="form" novalidate aria-labelledby="change-title" aria-busy=${this.busy ? 'true' : 'false'} @submit=${this.onSubmit}>
        <h3 id="change-title">${t.changeTitle}</h3>
        <p class="hint">${t.changeIntro}</p>
        ${p && !p.field
          ? html`<p class="form-error bad" role="alert" tabindex="-1">${p.summary}${p.detail ? html` <span class="detail">${t.serverSaid} <span lang="en">${p.detail}</span></span>` : nothing}</p>`
          : nothing}
        <!-- The user name lets password managers file the new password under the right account. -->
        <input type="email" name="username" autocomplete="username" .value=${u?.email ?? ''} hidden />
        ${this.input('currentPassword', t.current, 'current-password')}
        ${this.input('newPassword', t.next, 'new-password', html`${t.nextHint}`)}
        ${this.input('repeat', t.repeat, 'new-password')}
        <div role="alert" class="visually-hidden">${p?.field ? p.summary : nothing}</div>
        <div class="actions">
          <button class="btn" type="submit" ?disabled=${this.busy}>${this.busy ? t.changing : t.submit}</button>
        </div>
        ${this.changed ? html`<p class="done good" role="status" tabindex="-1">${t.changed}</p>` : nothing}
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-account': ChampaAccount;
  }
}
