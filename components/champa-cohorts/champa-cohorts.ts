// <champa-cohorts>: the dashboard's list of the cohorts the signed-in user may see (the server
// decides which: trainers get their organisations' and their own), with search, open/closed
// and paging, every count split by sex; and, for admins and trainers, the new-cohort form,
// whose refusals appear beside the field the server names. Not for one cohort's page
// (<champa-cohort>) nor for reports (<champa-reports>).
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { baseStyles } from '../shared/base.styles.js';
import { api } from '../shared/staff-api.js';
import { StaffElement, pick } from '../shared/staff-element.js';
import { describedBy, fieldError, focusRefusal, invalid, refusalOf, type Refusal } from '../shared/staff-form.js';
import { styles } from './champa-cohorts.styles.js';
import { MODES, nameIn, type Cohort, type CohortPage, type CourseBrief, type Organisation, type Place } from './model.js';
import { STRINGS, formatDates, participantsLine, sexSplit } from './strings.js';

type OpenFilter = 'all' | 'open' | 'closed';

let provincesOnce: Promise<Place[]> | undefined;
/** The 18 provinces (public reference data, cached by the server for an hour): once per page. */
export function provinces(): Promise<Place[]> {
  provincesOnce ??= api<Place[]>('/api/places/provinces').catch((err: unknown) => {
    provincesOnce = undefined;
    throw err;
  });
  return provincesOnce;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * The cohorts the signed-in staff user may see, and a form to create one.
 *
 * @summary Cohort list with search, open/closed filter, paging and a new-cohort form.
 * @csspart list - the list of cohorts
 * @csspart form - the new-cohort form
 */
@customElement('champa-cohorts')
export class ChampaCohorts extends StaffElement {
  static override styles = [baseStyles, styles];

  /** Cohorts per page (the server allows at most 50). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;

  @state() private page: CohortPage | null = null;
  @state() private loading = false;
  @state() private loadError: string | null = null;
  @state() private offset = 0;
  @state() private q = '';
  @state() private open: OpenFilter = 'all';
  @state() private provinceNames = new Map<string, Place>();

  @state() private formOpen = false;
  @state() private formData: { courses: CourseBrief[]; organisations: Organisation[]; provinces: Place[] } | null = null;
  @state() private formLoadError: string | null = null;
  @state() private districts: Place[] = [];
  @state() private formError: Refusal | null = null;
  @state() private busy = false;
  @state() private created: { id: string; name: string } | null = null;

  @query('form.create') private form?: HTMLFormElement;

  #request = 0;

  private get t() {
    return pick(STRINGS, this.l);
  }

  private get mayCreate(): boolean {
    return this.user?.role === 'admin' || this.user?.role === 'trainer';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    provinces()
      .then((list) => (this.provinceNames = new Map(list.map((p) => [p.code, p]))))
      .catch(() => {
        // Without names the codes show: nothing else depends on them.
      });
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Another user signed in on the same page sees their own cohorts.
    if (changed.has('user') && changed.get('user') !== undefined) void this.load();
  }

  /** Loads the current page of the list (again). */
  async load(offset = this.offset): Promise<void> {
    const mine = ++this.#request;
    const params = new URLSearchParams({ limit: String(Math.min(50, Math.max(1, this.pageSize))), offset: String(offset) });
    if (this.q) params.set('q', this.q);
    if (this.open !== 'all') params.set('open', String(this.open === 'open'));
    this.loading = true;
    try {
      const page = await api<CohortPage>(`/api/cohorts?${params}`);
      if (mine !== this.#request) return;
      // The page and its offset change together, so the range never names the wrong rows.
      this.page = page;
      this.offset = offset;
      this.loadError = null;
    } catch (err) {
      if (mine !== this.#request) return;
      this.loadError = err instanceof Error ? err.message : String(err);
    } finally {
      if (mine === this.#request) this.loading = false;
    }
  }

  private onSearch(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.q = String(data.get('q') ?? '').trim();
    this.open = (String(data.get('open') ?? 'all') as OpenFilter) || 'all';
    void this.load(0);
  }

  private onFilter(e: Event) {
    this.open = (e.target as HTMLSelectElement).value as OpenFilter;
    void this.load(0);
  }

  private go(offset: number) {
    void this.load(Math.max(0, offset));
  }

  // ---------------------------------------------------------------------------------------
  // The new-cohort form.

  private async openForm() {
    this.formOpen = true;
    this.created = null;
    this.formError = null;
    if (!this.formData) {
      try {
        const [index, organisations, places] = await Promise.all([
          api<{ courses: CourseBrief[] }>('/api/courses'),
          // Trainers get only their own organisations: the server decides.
          api<Organisation[]>('/api/organisations'),
          provinces(),
        ]);
        this.formData = { courses: index.courses, organisations, provinces: places };
        this.formLoadError = null;
      } catch (err) {
        this.formLoadError = err instanceof Error ? err.message : String(err);
      }
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#f-name')?.focus();
  }

  private closeForm() {
    this.formOpen = false;
    this.formError = null;
    this.districts = [];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button.new')?.focus());
  }

  private async onProvince(e: Event) {
    const code = (e.target as HTMLSelectElement).value;
    this.districts = [];
    if (!code) return;
    try {
      const list = await api<Place[]>(`/api/places/districts?province=${encodeURIComponent(code)}`);
      // The province may have changed again meanwhile.
      if ((this.renderRoot.querySelector<HTMLSelectElement>('#f-provinceCode')?.value ?? '') === code) this.districts = list;
    } catch {
      // No districts to offer: the cohort is placed by province only.
    }
  }

  private async onCreate(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '');
    const optional = (k: string) => (text(k) === '' ? undefined : text(k));
    // Everything goes to the server as typed: it checks each field and names the first wrong one.
    const body = {
      name: text('name'),
      courses: data.getAll('courses').map(String),
      organisationId: text('organisationId'),
      provinceCode: optional('provinceCode'),
      districtCode: optional('districtCode'),
      startsOn: text('startsOn'),
      endsOn: optional('endsOn'),
      mode: text('mode'),
      joinOpen: data.get('joinOpen') !== null,
    };
    this.busy = true;
    this.formError = null;
    try {
      const cohort = await api<Cohort>('/api/cohorts', { method: 'POST', body: JSON.stringify(body) });
      this.created = { id: cohort.id, name: cohort.name };
      form.reset();
      this.formOpen = false;
      this.districts = [];
      await this.load(0);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLAnchorElement>('.created a')?.focus();
    } catch (err) {
      this.formError = refusalOf(err);
      await this.updateComplete;
      focusRefusal(this.renderRoot, this.formError);
    } finally {
      this.busy = false;
    }
  }

  /** The error beside a field, when the server named it. */
  private errorOf(field: string) {
    return fieldError(this.formError, field);
  }

  private invalid(field: string) {
    return invalid(this.formError, field);
  }

  private describedBy(field: string) {
    return describedBy(this.formError, field);
  }

  private renderForm() {
    const t = this.t;
    const l = this.l;
    if (this.formLoadError) {
      return html`<div class="panel" part="form">
        <p role="alert" class="bad">${t.loadFailed} ${this.formLoadError}</p>
        <div class="actions">
          <button class="btn" type="button" @click=${() => ((this.formData = null), this.openForm())}>${t.retry}</button>
          <button class="btn secondary" type="button" @click=${this.closeForm}>${t.cancel}</button>
        </div>
      </div>`;
    }
    const d = this.formData;
    if (!d) return html`<p class="panel" role="status">${t.loading}</p>`;
    const known = new Set(['name', 'courses', 'organisationId', 'provinceCode', 'districtCode', 'startsOn', 'endsOn', 'mode', 'joinOpen']);
    const general = this.formError && (this.formError.field === null || !known.has(this.formError.field));
    return html`<form class="create panel" part="form" novalidate aria-labelledby="form-title" @submit=${this.onCreate}>
      <h3 id="form-title">${t.formTitle}</h3>
      ${this.formError
        ? html`<p class="form-error bad" role="alert" tabindex="-1">
            ${t.fixThis} ${general ? this.formError.text : html`${this.labelOf(this.formError.field!)}: ${this.formError.text}`}
          </p>`
        : nothing}
      <div class="field">
        <label for="f-name">${t.name}</label>
        <input id="f-name" name="name" data-field="name" autocomplete="off" maxlength="200" aria-invalid=${this.invalid('name')} aria-describedby=${this.describedBy('name')} />
        ${this.errorOf('name')}
      </div>
      <fieldset class="field" data-field="courses" tabindex="-1" aria-describedby=${this.describedBy('courses')}>
        <legend>${t.chooseCourses}</legend>
        <div class="choices column">
          ${d.courses.map(
            (c) => html`<label><input type="checkbox" name="courses" value=${c.slug} />
              <span>${c.title[l] || c.title.lo}${c.certification ? html` <span class="muted">(${t.certification})</span>` : nothing}</span></label>`,
          )}
        </div>
        ${this.errorOf('courses')}
      </fieldset>
      <div class="field">
        <label for="f-organisationId">${t.organisation}</label>
        ${d.organisations.length === 0 ? html`<p class="bad">${t.noOrganisations}</p>` : nothing}
        <select id="f-organisationId" name="organisationId" data-field="organisationId" aria-invalid=${this.invalid('organisationId')} aria-describedby=${this.describedBy('organisationId')}>
          ${d.organisations.length === 1 ? nothing : html`<option value="">${t.chooseOrganisation}</option>`}
          ${d.organisations.map((o) => html`<option value=${o.id}>${nameIn(l, o.nameLo, o.nameEn, o.id)}</option>`)}
        </select>
        ${this.errorOf('organisationId')}
      </div>
      <div class="row">
        <div class="field">
          <label for="f-provinceCode">${t.province} <span class="muted">${t.optional}</span></label>
          <select id="f-provinceCode" name="provinceCode" data-field="provinceCode" @change=${this.onProvince} aria-invalid=${this.invalid('provinceCode')} aria-describedby=${this.describedBy('provinceCode')}>
            <option value="">${t.noneChosen}</option>
            ${d.provinces.map((p) => html`<option value=${p.code}>${nameIn(l, p.nameLo, p.nameEn, p.code)}</option>`)}
          </select>
          ${this.errorOf('provinceCode')}
        </div>
        <div class="field">
          <label for="f-districtCode">${t.district} <span class="muted">${t.optional}</span></label>
          <select id="f-districtCode" name="districtCode" data-field="districtCode" ?disabled=${this.districts.length === 0} aria-invalid=${this.invalid('districtCode')} aria-describedby=${this.describedBy('districtCode')}>
            <option value="">${t.noneChosen}</option>
            ${this.districts.map((p) => html`<option value=${p.code}>${nameIn(l, p.nameLo, p.nameEn, p.code)}</option>`)}
          </select>
          ${this.errorOf('districtCode')}
        </div>
      </div>
      <div class="row">
        <div class="field">
          <label for="f-startsOn">${t.startsOn}</label>
          <input id="f-startsOn" name="startsOn" type="date" data-field="startsOn" .value=${today()} aria-invalid=${this.invalid('startsOn')} aria-describedby=${this.describedBy('startsOn')} />
          ${this.errorOf('startsOn')}
        </div>
        <div class="field">
          <label for="f-endsOn">${t.endsOn} <span class="muted">${t.optional}</span></label>
          <input id="f-endsOn" name="endsOn" type="date" data-field="endsOn" aria-invalid=${this.invalid('endsOn')} aria-describedby=${this.describedBy('endsOn')} />
          ${this.errorOf('endsOn')}
        </div>
      </div>
      <fieldset class="field" data-field="mode" tabindex="-1" aria-describedby=${this.describedBy('mode')}>
        <legend>${t.mode}</legend>
        <div class="choices">
          ${MODES.map((m, i) => html`<label><input type="radio" name="mode" value=${m} ?checked=${i === 0} /> ${t.modes[m]}</label>`)}
        </div>
        ${this.errorOf('mode')}
      </fieldset>
      <div class="field check">
        <label><input type="checkbox" name="joinOpen" data-field="joinOpen" checked /> ${t.joinOpen}</label>
        ${this.errorOf('joinOpen')}
      </div>
      <div class="actions">
        <button class="btn" type="submit" ?disabled=${this.busy}>${this.busy ? t.creating : t.create}</button>
        <button class="btn secondary" type="button" @click=${this.closeForm}>${t.cancel}</button>
      </div>
    </form>`;
  }

  private labelOf(field: string): string {
    const t = this.t;
    const labels: Record<string, string> = {
      name: t.name,
      courses: t.chooseCourses,
      organisationId: t.organisation,
      provinceCode: t.province,
      districtCode: t.district,
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      mode: t.mode,
      joinOpen: t.joinOpen,
    };
    return labels[field] ?? field;
  }

  // ---------------------------------------------------------------------------------------
  // The list.

  private renderCohort(c: Cohort) {
    const t = this.t;
    const l = this.l;
    const province = c.provinceCode ? this.provinceNames.get(c.provinceCode) : undefined;
    return html`<li class="card cohort">
      <div class="head">
        <h3><a href="#/cohorts/${encodeURIComponent(c.id)}">${c.name}</a></h3>
        <span class="badge ${c.joinOpen ? 'is-open' : 'is-closed'}">${c.joinOpen ? t.open : t.closed}</span>
      </div>
      <dl>
        <div><dt>${t.organisation}</dt><dd>${nameIn(l, c.organisation.nameLo, c.organisation.nameEn, c.organisation.id)}</dd></div>
        ${c.provinceCode
          ? html`<div><dt>${t.province}</dt><dd>${province ? nameIn(l, province.nameLo, province.nameEn, c.provinceCode) : c.provinceCode}</dd></div>`
          : nothing}
        <div><dt>${t.dates}</dt><dd>${formatDates(l, c.startsOn, c.endsOn)}</dd></div>
        <div><dt>${t.mode}</dt><dd>${t.modes[c.mode] ?? c.mode}</dd></div>
        <div><dt>${t.courses}</dt><dd>${c.courses.map((x) => x.title[l] || x.title.lo).join(' · ')}</dd></div>
        <div class="people">
          <dt>${t.participants}</dt>
          <dd><strong class="count">${participantsLine(l, c.participants)}</strong> <span class="split muted">(${sexSplit(l, c.participants)})</span></dd>
        </div>
      </dl>
    </li>`;
  }

  private renderList() {
    const t = this.t;
    if (this.loadError && !this.page) {
      return html`<div role="alert" class="bad">
        ${t.loadFailed} ${this.loadError}
        <button class="btn secondary" type="button" @click=${() => this.load()}>${t.retry}</button>
      </div>`;
    }
    if (!this.page) return html`<p role="status">${t.loading}</p>`;
    const { cohorts, next } = this.page;
    if (!cohorts.length && this.offset === 0) return html`<p class="empty">${this.q || this.open !== 'all' ? t.noneFound : t.none}</p>`;
    return html`${this.loadError ? html`<p role="alert" class="bad">${t.loadFailed} ${this.loadError}</p>` : nothing}
      <ul class="list" part="list" aria-label=${t.listLabel}>
        ${repeat(
          cohorts,
          (c) => c.id,
          (c) => this.renderCohort(c),
        )}
      </ul>
      ${this.offset > 0 || next !== null
        ? html`<nav class="paging" aria-label=${t.paging}>
            <button class="btn secondary" type="button" ?disabled=${this.offset === 0 || this.loading} @click=${() => this.go(this.offset - this.pageSize)}>${t.previous}</button>
            <span>${t.range(this.offset + 1, this.offset + cohorts.length)}</span>
            <button class="btn secondary" type="button" ?disabled=${next === null || this.loading} @click=${() => next !== null && this.go(next)}>${t.next}</button>
          </nav>`
        : nothing}`;
  }

  override render() {
    const t = this.t;
    return html`<section aria-labelledby="title" aria-busy=${this.loading ? 'true' : 'false'}>
      <div class="top">
        <h2 id="title">${t.title}</h2>
        ${this.mayCreate && !this.formOpen
          ? html`<button class="btn new" type="button" @click=${this.openForm}>${t.newCohort}</button>`
          : nothing}
      </div>
      ${this.formOpen ? this.renderForm() : nothing}
      ${this.created
        ? html`<p class="created good" role="status">
            ${t.created(this.created.name)} <a href="#/cohorts/${encodeURIComponent(this.created.id)}">${t.openIt}</a>
          </p>`
        : nothing}
      <form class="filters" role="search" @submit=${this.onSearch}>
        <div class="field grow">
          <label for="q">${t.search}</label>
          <input id="q" name="q" type="search" .value=${this.q} maxlength="100" />
        </div>
        <div class="field">
          <label for="open">${t.show}</label>
          <select id="open" name="open" @change=${this.onFilter}>
            <option value="all" ?selected=${this.open === 'all'}>${t.all}</option>
            <option value="open" ?selected=${this.open === 'open'}>${t.openOnly}</option>
            <option value="closed" ?selected=${this.open === 'closed'}>${t.closedOnly}</option>
          </select>
        </div>
        <button class="btn secondary" type="submit">${t.searchButton}</button>
      </form>
      ${this.renderList()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-cohorts': ChampaCohorts;
  }
}
