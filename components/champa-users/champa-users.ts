// <champa-users>: the admins' page of staff accounts (admins, trainers, viewers): the list, a
// form to create one with an initial password, and an edit form for name, role, a trainer's
// organisations, disabled, and a password reset. Every refusal shows the server's message
// beside the field it names. Not for one's own password (<champa-account>), not for learners,
// and no guard of its own: the shell routes only admins here and the API refuses the rest.
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { nameIn, type Organisation } from '../champa-cohorts/model.js';
import { baseStyles } from '../shared/base.styles.js';
import { api, type StaffRole } from '../shared/staff-api.js';
import { pick, StaffElement } from '../shared/staff-element.js';
import { describedBy, fieldError, focusRefusal, formError, invalid, listState, refusalOf, type Refusal } from '../shared/staff-form.js';
import { adminStyles, styles } from './champa-users.styles.js';
import { STRINGS } from './strings.js';

/** A staff account as GET /api/users answers (server/api/users.ts). */
export interface Account {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  organisations: string[];
  disabled: boolean;
  created: string;
  updated: string;
}

const ROLES: readonly StaffRole[] = ['admin', 'trainer', 'viewer'];

/**
 * Staff accounts for admins: list, create, edit.
 *
 * @summary Staff accounts: list, create with an initial password, edit role, organisations, disabled.
 * @csspart list - the list of accounts
 * @csspart form - the open create or edit form
 */
@customElement('champa-users')
export class ChampaUsers extends StaffElement {
  static override styles = [baseStyles, adminStyles, styles];

  @state() private accounts: Account[] | null = null;
  @state() private orgs: Organisation[] = [];
  @state() private loadError: string | null = null;
  /** The open form: `new`, the id of the account being edited, or none. */
  @state() private editing: string | null = null;
  /** The role chosen in the open form (a trainer gets organisations). */
  @state() private chosenRole: StaffRole = 'trainer';
  @state() private refusal: Refusal | null = null;
  @state() private busy = false;
  @state() private done: string | null = null;
  @state() private reveal = false;

  private get t() {
    return pick(STRINGS, this.l);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Loads the accounts and the organisations (for names and a trainer's choices). */
  async load(): Promise<void> {
    try {
      const [accounts, orgs] = await Promise.all([api<Account[]>('/api/users'), api<Organisation[]>('/api/organisations')]);
      this.accounts = accounts;
      this.orgs = orgs;
      this.loadError = null;
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  private async open(which: string, role: StaffRole): Promise<void> {
    this.editing = which;
    this.chosenRole = role;
    this.refusal = null;
    this.done = null;
    this.reveal = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form.edit input:not([type="hidden"])')?.focus();
  }

  private async close(): Promise<void> {
    const was = this.editing;
    this.editing = null;
    this.refusal = null;
    await this.updateComplete;
    const back = was === 'new' ? 'button.new' : `li[data-id="${CSS.escape(was ?? '')}"] button.open`;
    this.renderRoot.querySelector<HTMLElement>(back)?.focus();
  }

  /** Sends a create or an update; on refusal shows the server's message beside its field. */
  private async send(path: string, method: 'POST' | 'PATCH', body: object, said: (name: string) => string): Promise<void> {
    this.busy = true;
    this.refusal = null;
    try {
      const saved = await api<Account>(path, { method, body: JSON.stringify(body) });
      const list = this.accounts ?? [];
      const at = list.findIndex((a) => a.id === saved.id);
      this.accounts = at < 0 ? [...list, saved].sort((a, b) => a.email.localeCompare(b.email)) : list.map((a) => (a.id === saved.id ? saved : a));
      this.editing = null;
      this.done = said(saved.name);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.done')?.focus();
    } catch (err) {
      this.refusal = refusalOf(err);
      await this.updateComplete;
      focusRefusal(this.renderRoot, this.refusal, 'form.edit');
    } finally {
      this.busy = false;
    }
  }

  private onCreate(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '');
    // As typed: the server checks every field and names the first wrong one.
    const body = {
      email: text('email'),
      name: text('name'),
      role: this.chosenRole,
      password: text('password'),
      ...(this.chosenRole === 'trainer' ? { organisations: data.getAll('organisations').map(String) } : {}),
    };
    void this.send('/api/users', 'POST', body, this.t.created);
  }

  private onSave(account: Account, e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    const self = account.id === this.user?.id;
    const body = {
      name: String(data.get('name') ?? ''),
      // The server refuses one's own role change and self-disabling: the form offers neither.
      ...(self ? {} : { role: this.chosenRole, disabled: data.get('disabled') !== null }),
      organisations: this.chosenRole === 'trainer' ? data.getAll('organisations').map(String) : [],
      ...(password ? { password } : {}),
    };
    void this.send(`/api/users/${encodeURIComponent(account.id)}`, 'PATCH', body, this.t.saved);
  }

  private orgName = (id: string): string => {
    const o = this.orgs.find((x) => x.id === id);
    return o ? nameIn(this.l, o.nameLo, o.nameEn, o.id) : id;
  };

  private fieldError(field: string) {
    return fieldError(this.refusal, field);
  }

  private aria(field: string, hint?: string) {
    return { invalid: invalid(this.refusal, field), describedBy: describedBy(this.refusal, field, hint) };
  }

  private renderForm(account?: Account): TemplateResult {
    const t = this.t;
    const self = !!account && account.id === this.user?.id;
    const labels: Record<string, string> = { email: t.email, name: t.name, role: t.role, organisations: t.organisationsOf, password: account ? t.newPassword : t.password, disabled: t.status };
    const email = this.aria('email');
    const name = this.aria('name');
    const role = this.aria('role');
    const orgs = this.aria('organisations');
    const password = this.aria('password', 'password-hint');
    const chosen = new Set(account?.organisations ?? []);
    return html`<form
      class="edit panel"
      part="form"
      novalidate
      aria-labelledby="form-title"
      aria-busy=${this.busy ? 'true' : 'false'}
      @submit=${(e: SubmitEvent) => (account ? this.onSave(account, e) : this.onCreate(e))}
    >
      <h3 id="form-title">${account ? t.editTitle(account.name) : t.formTitle}</h3>
      ${formError(this.refusal, t.fixThis, labels)}
      ${account
        ? nothing
        : html`<div class="field">
            <label for="f-email">${t.email}</label>
            <input id="f-email" name="email" type="email" data-field="email" autocomplete="off" spellcheck="false" maxlength="254" aria-invalid=${email.invalid} aria-describedby=${email.describedBy} />
            ${this.fieldError('email')}
          </div>`}
      <div class="field">
        <label for="f-name">${t.name}</label>
        <input id="f-name" name="name" data-field="name" autocomplete="off" maxlength="200" .value=${account?.name ?? ''} aria-invalid=${name.invalid} aria-describedby=${name.describedBy} />
        ${this.fieldError('name')}
      </div>
      ${self
        ? html`<p class="hint">${t.selfNote}</p>`
        : html`<fieldset class="field" data-field="role" tabindex="-1" aria-describedby=${role.describedBy}>
            <legend>${t.role}</legend>
            <div class="choices column" @change=${(e: Event) => (this.chosenRole = (e.target as HTMLInputElement).value as StaffRole)}>
              ${ROLES.map(
                (x) => html`<label><input type="radio" name="role" value=${x} .checked=${this.chosenRole === x} />
                  <span>${t.roles[x]} <span class="muted">— ${t.roleHints[x]}</span></span></label>`,
              )}
            </div>
            ${this.fieldError('role')}
          </fieldset>`}
      ${this.chosenRole === 'trainer'
        ? html`<fieldset class="field" data-field="organisations" tabindex="-1" aria-describedby=${orgs.describedBy}>
            <legend>${t.organisations}</legend>
            ${this.orgs.length
              ? html`<div class="choices column">
                  ${this.orgs.map(
                    (o) => html`<label><input type="checkbox" name="organisations" value=${o.id} ?checked=${chosen.has(o.id)} /> <span>${this.orgName(o.id)}</span></label>`,
                  )}
                </div>`
              : html`<p class="hint">${t.noOrganisations} <a href="#/organisations">${t.addOrganisation}</a></p>`}
            ${this.fieldError('organisations')}
          </fieldset>`
        : nothing}
      ${account && !self
        ? html`<div class="field check">
            <label><input type="checkbox" name="disabled" data-field="disabled" ?checked=${account.disabled} /> ${t.disable}</label>
            ${this.fieldError('disabled')}
          </div>`
        : nothing}
      <div class="field">
        <label for="f-password">${account ? t.newPassword : t.password}</label>
        <input
          id="f-password"
          name="password"
          type=${this.reveal ? 'text' : 'password'}
          data-field="password"
          autocomplete="new-password"
          spellcheck="false"
          maxlength="256"
          aria-invalid=${password.invalid}
          aria-describedby=${password.describedBy}
        />
        <p class="hint" id="password-hint">${account ? t.newPasswordHint : t.passwordHint}</p>
        <div class="check">
          <label><input type="checkbox" class="reveal" .checked=${this.reveal} @change=${(e: Event) => (this.reveal = (e.target as HTMLInputElement).checked)} /> ${t.showPassword}</label>
        </div>
        ${this.fieldError('password')}
      </div>
      <div class="actions">
        <button class="btn" type="submit" ?disabled=${this.busy}>${this.busy ? (account ? t.saving : t.creating) : account ? t.save : t.create}</button>
        <button class="btn secondary" type="button" @click=${this.close}>${t.cancel}</button>
      </div>
    </form>`;
  }

  private renderAccount(a: Account): TemplateResult {
    const t = this.t;
    const self = a.id === this.user?.id;
    return html`<li class="card item ${a.disabled ? 'is-disabled' : ''}" data-id=${a.id}>
      <div class="head">
        <h3>${a.name}${self ? html` <span class="muted">(${t.you})</span>` : nothing}</h3>
        <span class="badge">${t.roles[a.role] ?? a.role}</span>
      </div>
      <dl>
        <div><dt>${t.email}</dt><dd>${a.email}</dd></div>
        ${a.role === 'trainer' ? html`<div><dt>${t.organisationsOf}</dt><dd class="orgs">${a.organisations.length ? a.organisations.map(this.orgName).join(' · ') : '—'}</dd></div>` : nothing}
        <div><dt>${t.status}</dt><dd class="status ${a.disabled ? 'bad' : 'good'}">${a.disabled ? t.disabled : t.active}</dd></div>
      </dl>
      ${this.editing === a.id
        ? this.renderForm(a)
        : html`<button class="btn secondary open" type="button" @click=${() => this.open(a.id, a.role)}>
            ${t.edit}<span class="visually-hidden"> ${a.name}</span>
          </button>`}
    </li>`;
  }

  override render() {
    const t = this.t;
    const list = this.accounts;
    return html`<section aria-labelledby="title">
      <div class="top">
        <h2 id="title">${t.title}</h2>
        ${list && this.editing !== 'new' ? html`<button class="btn new" type="button" @click=${() => this.open('new', 'trainer')}>${t.newUser}</button>` : nothing}
      </div>
      <p class="hint">${t.intro}</p>
      ${this.editing === 'new' ? this.renderForm() : nothing}
      ${this.done ? html`<p class="done good" role="status" tabindex="-1">${this.done}</p>` : nothing}
      ${listState(t, { list, loadError: this.loadError, retry: () => this.load() }, (a) => this.renderAccount(a))}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-users': ChampaUsers;
  }
}
