// <champa-organisations>: the agencies, unions and NGOs trainers and learners belong to. Admins
// add and edit them (names in Lao and English, kind, province), with the server's refusal
// beside the field it names; trainers (their own) and viewers (all) see the list read-only,
// as GET /api/organisations answers them. Not for which trainers belong where (<champa-users>).
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { nameIn, type Place } from '../champa-cohorts/model.js';
import { adminStyles } from '../champa-users/champa-users.styles.js';
import { baseStyles } from '../shared/base.styles.js';
import { api } from '../shared/staff-api.js';
import { pick, StaffElement } from '../shared/staff-element.js';
import { describedBy, fieldError, focusRefusal, formError, invalid, listState, refusalOf, type Refusal } from '../shared/staff-form.js';
import { styles } from './champa-organisations.styles.js';
import { KINDS, STRINGS, type Kind } from './strings.js';

/** An organisation as /api/organisations answers (server/api/organisations.ts). */
export interface OrganisationRecord {
  id: string;
  nameLo: string | null;
  nameEn: string | null;
  kind: Kind;
  provinceCode: string | null;
  created: string;
  updated: string;
}

/**
 * Organisations: admins add and edit; other staff see the list.
 *
 * @summary Organisations: list for all staff, create and edit for admins.
 * @csspart list - the list of organisations
 * @csspart form - the open create or edit form
 */
@customElement('champa-organisations')
export class ChampaOrganisations extends StaffElement {
  static override styles = [baseStyles, adminStyles, styles];

  @state() private orgs: OrganisationRecord[] | null = null;
  @state() private provinces: Place[] = [];
  @state() private loadError: string | null = null;
  /** The open form: `new`, the id of the organisation being edited, or none. */
  @state() private editing: string | null = null;
  @state() private refusal: Refusal | null = null;
  @state() private busy = false;
  @state() private done: string | null = null;

  private get t() {
    return pick(STRINGS, this.l);
  }

  private get mayEdit(): boolean {
    return this.user?.role === 'admin';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const [orgs, provinces] = await Promise.all([
        api<OrganisationRecord[]>('/api/organisations'),
        // Only names for the codes: without them the codes show.
        api<Place[]>('/api/places/provinces').catch(() => [] as Place[]),
      ]);
      this.orgs = orgs;
      this.provinces = provinces;
      this.loadError = null;
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  private name(o: { id: string; nameLo: string | null; nameEn: string | null }): string {
    return nameIn(this.l, o.nameLo, o.nameEn, o.id);
  }

  private provinceName(code: string): string {
    const p = this.provinces.find((x) => x.code === code);
    return p ? nameIn(this.l, p.nameLo, p.nameEn, code) : code;
  }

  private async open(which: string): Promise<void> {
    this.editing = which;
    this.refusal = null;
    this.done = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form.edit input')?.focus();
  }

  private async close(): Promise<void> {
    const was = this.editing;
    this.editing = null;
    this.refusal = null;
    await this.updateComplete;
    const back = was === 'new' ? 'button.new' : `li[data-id="${CSS.escape(was ?? '')}"] button.open`;
    this.renderRoot.querySelector<HTMLElement>(back)?.focus();
  }

  private async onSubmit(org: OrganisationRecord | undefined, e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    // An empty name or province is "none": left out of a new one, cleared on an edit.
    const none = org ? null : undefined;
    const body = {
      nameLo: text('nameLo') || none,
      nameEn: text('nameEn') || none,
      kind: text('kind'),
      provinceCode: text('provinceCode') || none,
    };
    const t = this.t;
    this.busy = true;
    this.refusal = null;
    try {
      const saved = await api<OrganisationRecord>(org ? `/api/organisations/${encodeURIComponent(org.id)}` : '/api/organisations', {
        method: org ? 'PATCH' : 'POST',
        body: JSON.stringify(body),
      });
      const list = this.orgs ?? [];
      this.orgs = org ? list.map((o) => (o.id === saved.id ? saved : o)) : [...list, saved];
      this.editing = null;
      this.done = (org ? t.saved : t.created)(this.name(saved));
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

  private fieldError(field: string) {
    return fieldError(this.refusal, field);
  }

  private describedBy(field: string, hint?: string) {
    return describedBy(this.refusal, field, hint);
  }

  private invalid(field: string) {
    return invalid(this.refusal, field);
  }

  private renderForm(org?: OrganisationRecord): TemplateResult {
    const t = this.t;
    const l = this.l;
    const labels: Record<string, string> = { nameLo: t.nameLo, nameEn: t.nameEn, kind: t.kind, provinceCode: t.province };
    return html`<form class="edit panel" part="form" novalidate aria-labelledby="form-title" aria-busy=${this.busy ? 'true' : 'false'} @submit=${(e: SubmitEvent) => this.onSubmit(org, e)}>
      <h3 id="form-title">${org ? t.editTitle(this.name(org)) : t.formTitle}</h3>
      ${formError(this.refusal, t.fixThis, labels)}
      <div class="field">
        <label for="f-nameLo">${t.nameLo}</label>
        <input id="f-nameLo" name="nameLo" lang="lo" data-field="nameLo" autocomplete="off" maxlength="200" .value=${org?.nameLo ?? ''} aria-invalid=${this.invalid('nameLo')} aria-describedby=${this.describedBy('nameLo', 'names-hint')} />
        ${this.fieldError('nameLo')}
      </div>
      <div class="field">
        <label for="f-nameEn">${t.nameEn}</label>
        <input id="f-nameEn" name="nameEn" lang="en" data-field="nameEn" autocomplete="off" maxlength="200" .value=${org?.nameEn ?? ''} aria-invalid=${this.invalid('nameEn')} aria-describedby=${this.describedBy('nameEn', 'names-hint')} />
        ${this.fieldError('nameEn')}
        <p class="hint" id="names-hint">${t.namesHint}</p>
      </div>
      <div class="row">
        <div class="field">
          <label for="f-kind">${t.kind}</label>
          <select id="f-kind" name="kind" data-field="kind" aria-invalid=${this.invalid('kind')} aria-describedby=${this.describedBy('kind')}>
            ${org ? nothing : html`<option value="">${t.chooseKind}</option>`}
            ${KINDS.map((k) => html`<option value=${k} ?selected=${org?.kind === k}>${t.kinds[k]}</option>`)}
          </select>
          ${this.fieldError('kind')}
        </div>
        <div class="field">
          <label for="f-provinceCode">${t.province} <span class="muted">${t.optional}</span></label>
          <select id="f-provinceCode" name="provinceCode" data-field="provinceCode" aria-invalid=${this.invalid('provinceCode')} aria-describedby=${this.describedBy('provinceCode')}>
            <option value="">${t.noProvince}</option>
            ${this.provinces.map((p) => html`<option value=${p.code} ?selected=${org?.provinceCode === p.code}>${nameIn(l, p.nameLo, p.nameEn, p.code)}</option>`)}
          </select>
          ${this.fieldError('provinceCode')}
        </div>
      </div>
      <div class="actions">
        <button class="btn" type="submit" ?disabled=${this.busy}>${this.busy ? (org ? t.saving : t.creating) : org ? t.save : t.create}</button>
        <button class="btn secondary" type="button" @click=${this.close}>${t.cancel}</button>
      </div>
    </form>`;
  }

  private renderOrganisation(o: OrganisationRecord): TemplateResult {
    const t = this.t;
    const other = this.l === 'lo' ? o.nameEn : o.nameLo;
    const shown = this.name(o);
    return html`<li class="card item" data-id=${o.id}>
      <div class="head">
        <h3>${shown}</h3>
        <span class="badge">${t.kinds[o.kind] ?? o.kind}</span>
      </div>
      ${other && other !== shown ? html`<p class="other muted" lang=${this.l === 'lo' ? 'en' : 'lo'}>${other}</p>` : nothing}
      ${o.provinceCode ? html`<dl><div><dt>${t.province}</dt><dd>${this.provinceName(o.provinceCode)}</dd></div></dl>` : nothing}
      ${this.mayEdit
        ? this.editing === o.id
          ? this.renderForm(o)
          : html`<button class="btn secondary open" type="button" @click=${() => this.open(o.id)}>${t.edit}<span class="visually-hidden"> ${shown}</span></button>`
        : nothing}
    </li>`;
  }

  override render() {
    const t = this.t;
    const list = this.orgs;
    return html`<section aria-labelledby="title">
      <div class="top">
        <h2 id="title">${t.title}</h2>
        ${this.mayEdit && list && this.editing !== 'new' ? html`<button class="btn new" type="button" @click=${() => this.open('new')}>${t.newOrganisation}</button>` : nothing}
      </div>
      <p class="hint">${t.intro}</p>
      ${this.mayEdit ? nothing : html`<p class="hint read-only">${t.readOnly}</p>`}
      ${this.editing === 'new' ? this.renderForm() : nothing}
      ${this.done ? html`<p class="done good" role="status" tabindex="-1">${this.done}</p>` : nothing}
      ${listState(t, { list, loadError: this.loadError, retry: () => this.load() }, (o) => this.renderOrganisation(o))}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-organisations': ChampaOrganisations;
  }
}
