// <champa-reports report="participation" query="course=…">: the dashboard's report pages
// (domain-research §5.2): a tab for each of the five reports, the filter form, the report itself
// with every count split by sex, and links to its CSV and XLSX exports with the same filters.
// The filters live in the location hash (`#/reports/<name>?<query>`), so a view is a link to
// share and the back button goes back to the previous filters. The server is the one judge of
// filters: its refusal names the bad one, and the message is shown by that field.
// Not for cohort pages (<champa-cohorts>, <champa-cohort>) nor for drawing charts (<champa-chart>).
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { baseStyles } from '../shared/base.styles.js';
import { api, ApiError, apiUrl } from '../shared/staff-api.js';
import { StaffElement, pick } from '../shared/staff-element.js';
import { tableStyles } from '../shared/staff.styles.js';
import { styles } from './champa-reports.styles.js';
import { STRINGS, type ReportStrings } from './strings.js';
import {
  EXTRA_FILTERS,
  REPORTS,
  filtersOf,
  isReport,
  parseReportHash,
  reportHash,
  sharedFilters,
  type AnyReport,
  type ReportName,
  type Stage,
  type Text,
} from './types.js';
import { assessmentName, certificationView, gainView, itemsView, participationView, rollupView, type ViewContext } from './views.js';

interface CourseOption {
  slug: string;
  title: Text;
}
interface CohortOption {
  id: string;
  name: string;
  startsOn: string;
}
interface NamedOption {
  id: string;
  nameLo: string | null;
  nameEn: string | null;
}
interface DistrictOption extends NamedOption {
  provinceCode: string;
}
interface Options {
  courses: CourseOption[];
  cohorts: CohortOption[];
  organisations: NamedOption[];
  provinces: NamedOption[];
  districts: DistrictOption[];
}
/** A course's assessments in the order a learner meets them, with module quiz names. */
interface Assessments {
  names: string[];
  modules: Map<string, string>;
}

type Status = 'idle' | 'loading' | 'ready' | 'error' | 'need-course' | 'unknown';
type Period = '' | 'quarter' | 'range';

/** Pages of 50 (the server's most); a deployment with more cohorts than this gets a shorter list. */
const COHORT_PAGES = 10;

/** Which filter a server message is about: `query.quarter: …` → quarter. */
const fieldOf = (message: string): string | null => /^query\.([A-Za-z]+)/.exec(message)?.[1] ?? null;

/** Recent quarters for the quarter field's suggestions: calendar quarters, then US fiscal ones. */
function recentQuarters(now = new Date()): string[] {
  const out: string[] = [];
  let y = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  for (let i = 0; i < 8; i++) {
    out.push(`${y}-Q${q}`);
    if (--q === 0) [q, y] = [4, y - 1];
  }
  // FY N runs from October N-1: the fiscal quarter of a calendar one is one on.
  const fy = now.getUTCMonth() >= 9 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  const fq = ((Math.floor(now.getUTCMonth() / 3) + 1) % 4) + 1;
  for (let i = 0, qq = fq, yy = fy; i < 4; i++) {
    out.push(`FY${yy}-Q${qq}`);
    if (--qq === 0) [qq, yy] = [4, yy - 1];
  }
  return out;
}

/**
 * The report pages of the dashboard. Reads `GET /api/reports/<report>?<query>` with the staff
 * session; what a trainer sees is limited by the server to their organisations and cohorts.
 *
 * @summary Reports with filters, sex-disaggregated figures, charts and CSV/XLSX exports.
 */
@customElement('champa-reports')
export class ChampaReports extends StaffElement {
  /** Which report: participation, learning-gain, certification, items or rollup. */
  @property() report = 'participation';
  /** The filters, as a URL query string without the "?" (e.g. `course=workers-rights&quarter=2026-Q3`). */
  @property() query = '';

  @state() private status: Status = 'idle';
  @state() private data: AnyReport | null = null;
  @state() private error: ApiError | null = null;
  @state() private options: Options = { courses: [], cohorts: [], organisations: [], provinces: [], districts: [] };
  @state() private optionsError: string | null = null;
  @state() private suppressBelow: number | null = null;
  /** The form's period choice and the choices other fields depend on, before "Show" is pressed. */
  @state() private period: Period = '';
  @state() private draftProvince = '';
  @state() private draftCourse = '';
  @state() private assessments = new Map<string, Assessments>();
  /** The roll-up's shown stage and open provinces: views of one answer, not filters. */
  @state() private rollupStage: Stage = 'enrolled';
  @state() private expanded = new Set<string>();

  static override styles = [baseStyles, tableStyles, styles];

  #seq = 0;
  #optionsLoaded = false;
  #focusError = false;
  #onHash = () => {
    const route = parseReportHash(location.hash);
    if (!route) return;
    this.report = route.report;
    this.query = route.query;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    if (!this.#optionsLoaded) {
      this.#optionsLoaded = true;
      void this.#loadOptions();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHash);
  }

  /** Loads the report again with the current filters. */
  reload(): Promise<void> {
    return this.#load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('report') || changed.has('query')) {
      const f = new URLSearchParams(this.query);
      this.period = f.get('quarter') ? 'quarter' : f.get('from') || f.get('to') ? 'range' : '';
      this.draftProvince = f.get('province') ?? '';
      this.draftCourse = f.get('course') ?? '';
      // Started here, not in updated(): what #load sets at once joins this update.
      void this.#load();
    }
    if (this.report === 'items' && this.draftCourse) void this.#loadAssessments(this.draftCourse);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // What the page is doing, for styling and for tests: idle, loading, ready, error, need-course, unknown.
    this.dataset.status = this.status;
    // New filters (a link, the back button, a tab): every control shows them again, even one
    // the reader changed without pressing "Show" (its default is the filter: value=, selected).
    if (changed.has('report') || changed.has('query')) this.renderRoot.querySelector('form')?.reset();
    if (this.#focusError && this.status === 'error') {
      this.#focusError = false;
      const field = this.error && fieldOf(this.error.message);
      const target = (field && this.renderRoot.querySelector<HTMLElement>(`#f-${field}`)) || this.renderRoot.querySelector<HTMLElement>('.form-error');
      target?.focus();
    }
  }

  get #t(): ReportStrings {
    return pick(STRINGS, this.l);
  }

  #name(o: { nameLo: string | null; nameEn: string | null; id: string }): string {
    return (this.l === 'lo' ? (o.nameLo ?? o.nameEn) : (o.nameEn ?? o.nameLo)) ?? o.id;
  }

  async #loadOptions(): Promise<void> {
    const failed: string[] = [];
    const get = async <T>(path: string, fallback: T): Promise<T> => {
      try {
        return await api<T>(path);
      } catch (err) {
        failed.push(err instanceof Error ? err.message : String(err));
        return fallback;
      }
    };
    const cohorts = async (): Promise<CohortOption[]> => {
      const out: CohortOption[] = [];
      for (let page = 0, offset: number | null = 0; page < COHORT_PAGES && offset !== null; page++) {
        const answer: { cohorts: CohortOption[]; next: number | null } = await get(`/api/cohorts?limit=50&offset=${offset}`, { cohorts: [], next: null });
        out.push(...answer.cohorts.map((c) => ({ id: c.id, name: c.name, startsOn: c.startsOn })));
        offset = answer.next;
      }
      return out;
    };
    type Place = { code: string; nameLo: string | null; nameEn: string | null; provinceCode?: string };
    const [courses, cohortList, organisations, provinces, districts, list] = await Promise.all([
      get<{ courses: CourseOption[] }>('/api/courses', { courses: [] }),
      cohorts(),
      get<NamedOption[]>('/api/organisations', []),
      get<Place[]>('/api/places/provinces', []),
      get<Place[]>('/api/places/districts', []),
      get<{ suppressBelow: number } | null>('/api/reports', null),
    ]);
    this.options = {
      courses: courses.courses.map((c) => ({ slug: c.slug, title: c.title })),
      cohorts: cohortList,
      organisations: organisations.map((o) => ({ id: o.id, nameLo: o.nameLo, nameEn: o.nameEn })),
      provinces: provinces.map((p) => ({ id: p.code, nameLo: p.nameLo, nameEn: p.nameEn })),
      districts: districts.map((d) => ({ id: d.code, nameLo: d.nameLo, nameEn: d.nameEn, provinceCode: d.provinceCode ?? '' })),
    };
    this.suppressBelow = list?.suppressBelow ?? null;
    // A 401 ends the session (the shell shows sign-in); say nothing of the lists then.
    this.optionsError = failed.length && !failed.every((m) => /401|sign/i.test(m)) ? [...new Set(failed)].join('; ') : null;
  }

  async #loadAssessments(slug: string): Promise<void> {
    const key = `${slug}|${this.l}`;
    if (this.assessments.has(key)) return;
    this.assessments = new Map(this.assessments).set(key, { names: [], modules: new Map() });
    type Shell = { modules: { title: Partial<Text>; quiz?: { iri: string } }[]; prePostTest?: unknown; finalExam?: unknown };
    try {
      const shell = await api<Shell>(`/api/courses/${encodeURIComponent(slug)}/${this.l}.json`);
      const modules = new Map<string, string>();
      for (const m of shell.modules) {
        if (!m.quiz) continue;
        const name = m.quiz.iri.slice(m.quiz.iri.lastIndexOf('/') + 1);
        modules.set(name, m.title[this.l] ?? m.title.lo ?? m.title.en ?? name);
      }
      const names = [...(shell.prePostTest ? ['pretest'] : []), ...modules.keys(), ...(shell.prePostTest ? ['posttest'] : []), ...(shell.finalExam ? ['final'] : []), 'check'];
      this.assessments = new Map(this.assessments).set(key, { names, modules });
    } catch {
      // Without the course's outline the list offers "all"; a typed-in link still works.
    }
  }

  async #load(): Promise<void> {
    const seq = ++this.#seq;
    this.error = null;
    this.data = null;
    if (!isReport(this.report)) {
      this.status = 'unknown';
      return;
    }
    const report = this.report;
    const filters = filtersOf(report, this.query);
    if (report === 'items' && !filters.get('course')) {
      this.status = 'need-course';
      return;
    }
    this.status = 'loading';
    try {
      const data = await api<AnyReport>(`/api/reports/${report}${filters.size ? `?${filters}` : ''}`);
      if (seq !== this.#seq) return;
      this.data = data;
      this.status = 'ready';
    } catch (err) {
      if (seq !== this.#seq) return;
      this.error = err instanceof ApiError ? err : new ApiError(0, String(err));
      this.status = 'error';
    }
  }

  /** Shows a report with filters: the hash changes (a link, a history entry) and so does the page. */
  #go(report: ReportName, filters: URLSearchParams): void {
    const hash = reportHash(report, filters);
    if (location.hash !== hash) location.hash = hash;
    const query = filters.toString();
    if (this.report === report && this.query === query) void this.#load();
    else {
      this.report = report;
      this.query = query;
    }
  }

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    if (!isReport(this.report)) return;
    const form = new FormData(e.target as HTMLFormElement);
    const out = new URLSearchParams();
    for (const [key, value] of form) {
      if (typeof value !== 'string' || !value.trim()) continue;
      if (key === 'quarter' && this.period !== 'quarter') continue;
      if ((key === 'from' || key === 'to') && this.period !== 'range') continue;
      out.set(key, value.trim());
    }
    this.#focusError = true;
    this.#go(this.report, filtersOf(this.report, out.toString()));
  }

  // -------------------------------------------------------------------------------------------

  override render() {
    const t = this.#t;
    const known = isReport(this.report);
    return html`
      <nav class="tabs" aria-label=${t.reports}>
        <ul>
          ${REPORTS.map((name) => {
            const filters = name === this.report ? filtersOf(name, this.query) : sharedFilters(this.query);
            return html`<li>
              <a href=${reportHash(name, filters)} aria-current=${name === this.report ? 'page' : nothing} data-report=${name}>${t.titles[name]}</a>
            </li>`;
          })}
        </ul>
      </nav>
      ${known
        ? html`<h2 id="title">${t.titles[this.report as ReportName]}</h2>
            <p class="blurb">${t.blurbs[this.report as ReportName]}</p>
            ${this.user?.role === 'trainer' ? html`<p class="note scope">${t.trainerScope}</p>` : nothing} ${this.#form(this.report as ReportName)}
            <p class="status" role="status">${this.status === 'loading' ? t.loading : ''}</p>
            ${this.#results(this.report as ReportName)}`
        : html`<p class="form-error" role="alert">${t.unknownReport}</p>`}
    `;
  }

  #form(report: ReportName): TemplateResult {
    const t = this.#t;
    const f = new URLSearchParams(this.query);
    const error = this.status === 'error' ? this.error : null;
    // A 400 is about the filters; anything else (a lost connection, a server fault) is not.
    const bad = error?.status === 400 ? fieldOf(error.message) : null;
    const extra = EXTRA_FILTERS[report];
    /** The attributes of a control: its message when the server named it, and its hint. */
    const described = (name: string, hint = false) => [hint ? `hint-${name}` : '', bad === name ? `err-${name}` : ''].filter(Boolean).join(' ') || nothing;
    const invalid = (name: string) => (bad === name ? 'true' : nothing);
    const message = (name: string) => (bad === name && error ? html`<p class="field-error" id="err-${name}">${error.message}</p>` : nothing);
    /** A select whose current value is kept even when it is not among the options (a shared link). */
    const select = (name: string, all: string, items: { value: string; label: string }[], onChange?: (v: string) => void) => {
      const value = f.get(name) ?? '';
      const list = value && !items.some((i) => i.value === value) ? [...items, { value, label: value }] : items;
      return html`<div class="field">
        <label for="f-${name}">${t[name as 'course']}</label>
        <select id="f-${name}" name=${name} aria-invalid=${invalid(name)} aria-describedby=${described(name)}
          @change=${onChange ? (e: Event) => onChange((e.target as HTMLSelectElement).value) : nothing}>
          <option value="" ?selected=${!value}>${all}</option>
          ${list.map((i) => html`<option value=${i.value} ?selected=${i.value === value}>${i.label}</option>`)}
        </select>
        ${message(name)}
      </div>`;
    };
    const o = this.options;
    const districts = o.districts.filter((d) => !this.draftProvince || d.provinceCode === this.draftProvince);
    const provinceName = new Map(o.provinces.map((p) => [p.id, this.#name(p)]));
    const assessments = this.assessments.get(`${this.draftCourse}|${this.l}`);
    const ctx: ViewContext = { t, lang: this.l };
    return html`<form class="filters" novalidate @submit=${this.#submit}>
      <fieldset>
        <legend>${t.filters}</legend>
        ${error && error.status === 400
          ? html`<p class="form-error" role="alert" tabindex="-1">${t.filterProblem} ${error.message}</p>`
          : nothing}
        ${this.optionsError ? html`<p class="note">${t.optionsFailed} ${this.optionsError}</p>` : nothing}
        <div class="grid">
          ${select(
            'course',
            report === 'items' ? t.chooseCourse : t.allCourses,
            o.courses.map((c) => ({ value: c.slug, label: c.title[this.l] || c.slug })),
            (v) => (this.draftCourse = v),
          )}
          ${extra.includes('assessment')
            ? select(
                'assessment',
                t.allAssessments,
                (assessments?.names ?? []).map((a) => ({ value: a, label: assessmentName(ctx, a, assessments!.modules) })),
              )
            : nothing}
          ${select('cohort', t.allCohorts, o.cohorts.map((c) => ({ value: c.id, label: `${c.name} (${c.startsOn})` })))}
          ${select('organisation', t.allOrganisations, o.organisations.map((x) => ({ value: x.id, label: this.#name(x) })))}
          ${select('province', t.allProvinces, o.provinces.map((p) => ({ value: p.id, label: this.#name(p) })), (v) => (this.draftProvince = v))}
          ${select(
            'district',
            t.allDistricts,
            districts.map((d) => ({ value: d.id, label: this.draftProvince ? this.#name(d) : `${this.#name(d)} (${provinceName.get(d.provinceCode) ?? d.provinceCode})` })),
          )}
          <div class="field">
            <label for="f-period">${t.period}</label>
            <select id="f-period" @change=${(e: Event) => (this.period = (e.target as HTMLSelectElement).value as Period)}>
              <option value="" ?selected=${this.period === ''}>${t.allTime}</option>
              <option value="quarter" ?selected=${this.period === 'quarter'}>${t.byQuarter}</option>
              <option value="range" ?selected=${this.period === 'range'}>${t.byDates}</option>
            </select>
          </div>
          ${this.period === 'quarter'
            ? html`<div class="field">
                <label for="f-quarter">${t.quarter}</label>
                <input id="f-quarter" name="quarter" type="text" autocomplete="off" spellcheck="false" list="quarters" value=${f.get('quarter') ?? ''}
                  aria-invalid=${invalid('quarter')} aria-describedby=${described('quarter', true)} />
                <datalist id="quarters">${recentQuarters().map((q) => html`<option value=${q}></option>`)}</datalist>
                <p class="hint" id="hint-quarter">${t.quarterHint}</p>
                ${message('quarter')}
              </div>`
            : nothing}
          ${this.period === 'range'
            ? html`<div class="field">
                  <label for="f-from">${t.from}</label>
                  <input id="f-from" name="from" type="date" value=${f.get('from') ?? ''} aria-invalid=${invalid('from')} aria-describedby=${described('from')} />
                  ${message('from')}
                </div>
                <div class="field">
                  <label for="f-to">${t.to}</label>
                  <input id="f-to" name="to" type="date" value=${f.get('to') ?? ''} aria-invalid=${invalid('to')} aria-describedby=${described('to')} />
                  ${message('to')}
                </div>`
            : nothing}
          ${extra.includes('minGain')
            ? html`<div class="field">
                <label for="f-minGain">${t.minGain}</label>
                <input id="f-minGain" name="minGain" type="text" inputmode="decimal" autocomplete="off" placeholder="0.2" value=${f.get('minGain') ?? ''}
                  aria-invalid=${invalid('minGain')} aria-describedby=${described('minGain', true)} />
                <p class="hint" id="hint-minGain">${t.minGainHint}</p>
                ${message('minGain')}
              </div>`
            : nothing}
          ${extra.includes('expiringWithinDays')
            ? html`<div class="field">
                <label for="f-expiringWithinDays">${t.expiringWithinDays}</label>
                <input id="f-expiringWithinDays" name="expiringWithinDays" type="text" inputmode="numeric" autocomplete="off" placeholder="90"
                  value=${f.get('expiringWithinDays') ?? ''} aria-invalid=${invalid('expiringWithinDays')} aria-describedby=${described('expiringWithinDays', true)} />
                <p class="hint" id="hint-expiringWithinDays">${t.expiringHint}</p>
                ${message('expiringWithinDays')}
              </div>`
            : nothing}
        </div>
        <div class="actions">
          <button class="btn" type="submit">${t.show}</button>
        </div>
      </fieldset>
    </form>`;
  }

  #results(report: ReportName): TemplateResult | typeof nothing {
    const t = this.#t;
    if (this.status === 'need-course') return html`<p class="empty need-course">${t.needCourse}</p>`;
    if (this.status === 'error' && this.error && this.error.status !== 400) {
      return html`<div class="form-error" role="alert">
        <p>${this.error.status === 0 ? t.network : `${t.failed} ${this.error.message}`}</p>
        <button class="btn secondary" type="button" @click=${() => void this.#load()}>${t.retry}</button>
      </div>`;
    }
    if (this.status !== 'ready' || !this.data || this.data.report !== report) return nothing;
    const data = this.data;
    const ctx: ViewContext = { t, lang: this.l };
    const filters = filtersOf(report, this.query);
    const qs = filters.size ? `?${filters}` : '';
    const k = this.suppressBelow;
    const period = data.filters.from || data.filters.to ? t.periodIs(data.filters.from ?? '…', data.filters.to ?? '…') : t.periodAllTime;
    let body: TemplateResult;
    switch (data.report) {
      case 'participation':
        body = participationView(ctx, data);
        break;
      case 'learning-gain':
        body = gainView(ctx, data);
        break;
      case 'certification':
        body = certificationView(ctx, data);
        break;
      case 'items':
        body = itemsView(ctx, data, this.assessments.get(`${data.course.slug}|${this.l}`)?.modules ?? new Map());
        break;
      case 'rollup':
        body = rollupView(ctx, data, {
          stage: this.rollupStage,
          expanded: this.expanded,
          setStage: (s) => (this.rollupStage = s),
          toggle: (key) => {
            const next = new Set(this.expanded);
            if (!next.delete(key)) next.add(key);
            this.expanded = next;
          },
          setAll: (open) => (this.expanded = open ? new Set(data.provinces.filter((p) => p.districts.length).map((p) => p.code ?? '-')) : new Set()),
        });
        break;
    }
    return html`<section class="results" aria-labelledby="title">
      <p class="period">${period}</p>
      <div class="exports">
        <span>${t.download}:</span>
        <a class="btn secondary small" href=${apiUrl(`/api/reports/${report}.csv${qs}`)} download data-format="csv">${t.csv}</a>
        <a class="btn secondary small" href=${apiUrl(`/api/reports/${report}.xlsx${qs}`)} download data-format="xlsx">${t.xlsx}</a>
        ${k !== null ? html`<p class="note">${k > 1 ? t.suppression(k) : t.noSuppression}</p>` : nothing}
      </div>
      ${body}
      <p class="generated muted">${t.generated(data.generated.slice(0, 16).replace('T', ' '))} UTC</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-reports': ChampaReports;
  }
}
