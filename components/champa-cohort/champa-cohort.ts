// <champa-cohort cohort="ID">: one cohort in the dashboard: its details, the join code with
// its QR code (replace the code, open or close joining), every participant's progress per
// course, live (a cheap conditional poll while the page is visible), totals split by sex, and
// CSV enrolment (checked first, then confirmed). Not for the list of cohorts
// (<champa-cohorts>) nor for reports across cohorts (<champa-reports>).
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import '../champa-chart/champa-chart.js';
import type { ChartRow } from '../champa-chart/champa-chart.js';
import { provinces } from '../champa-cohorts/champa-cohorts.js';
import {
  STATES,
  addSex,
  displayState,
  emptyCounts,
  nameIn,
  stateCounts,
  type Cohort,
  type CourseBrief,
  type CourseProgress,
  type DisplayState,
  type Organisation,
  type Participant,
  type Participants,
  type Place,
  type SexCounts,
} from '../champa-cohorts/model.js';
import { STRINGS as LIST_STRINGS, formatClock, formatDates, formatMoment, participantsLine, sexSplit } from '../champa-cohorts/strings.js';
import { baseStyles } from '../shared/base.styles.js';
import { api, apiIfChanged, apiText, apiUrl, ApiError } from '../shared/staff-api.js';
import { StaffElement, pick } from '../shared/staff-element.js';
import { cardStyles, fieldStyles, pageStyles, tableStyles } from '../shared/staff.styles.js';
import { styles } from './champa-cohort.styles.js';
import { STRINGS } from './strings.js';

/** Participants per request: the server's largest page; a training event is far smaller. */
const PAGE = 500;

interface CsvSummary {
  rows: number;
  created: { row: number; name: string }[];
  enrolled: { row: number; learnerId: string }[];
  skipped: { row: number; reason: string }[];
}

type CsvCheck = { kind: 'good'; summary: CsvSummary } | { kind: 'problems'; errors: string[] } | { kind: 'failed'; message: string };

/** A refused CSV check or enrolment: the server's list of row problems, else the failure. */
function csvRefusal(err: unknown): CsvCheck {
  const errors = err instanceof ApiError ? (err.body as { errors?: unknown } | undefined)?.errors : undefined;
  return Array.isArray(errors) ? { kind: 'problems', errors: errors.map(String) } : { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
}

const percent = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`);

/**
 * One cohort with its join code and its participants' live progress.
 *
 * @summary Cohort page: join code and QR, live progress table, CSV enrolment.
 * @csspart join - the join code, QR code and their buttons
 * @csspart progress - the participants' progress (chart and table)
 * @csspart enrol - CSV enrolment
 */
@customElement('champa-cohort')
export class ChampaCohort extends StaffElement {
  static override styles = [baseStyles, fieldStyles, pageStyles, cardStyles, tableStyles, styles];

  /** The cohort's id. */
  @property() cohort = '';

  /** How often the participants' progress is asked for while the page is visible, in ms. */
  @property({ type: Number, attribute: 'poll-ms' }) pollMs = 10_000;

  @state() private info: Cohort | null = null;
  @state() private infoError: string | null = null;
  @state() private data: Participants | null = null;
  @state() private pollError: string | null = null;
  @state() private updatedAt: Date | null = null;
  @state() private qrUrl: string | null = null;
  @state() private confirmingCode = false;
  @state() private busy: 'code' | 'join' | null = null;
  @state() private actionNote: { text: string; bad: boolean } | null = null;
  @state() private orgs = new Map<string, Organisation>();
  @state() private places = new Map<string, Place>();
  @state() private districtName: string | null = null;

  @state() private csvFile: File | null = null;
  @state() private skipExisting = false;
  @state() private csvCheck: CsvCheck | null = null;
  @state() private csvBusy: 'check' | 'enrol' | null = null;
  @state() private csvDone: number | null = null;

  #timer: ReturnType<typeof setTimeout> | undefined;
  #etag: string | null = null;
  #inFlight = false;
  /** Bumped when the cohort changes: answers about the previous one are dropped. */
  #generation = 0;
  #countsOf: Participants | null = null;
  #counts = new Map<string, Map<DisplayState, SexCounts>>();

  private get t() {
    return pick(STRINGS, this.l);
  }

  private get isStaffWithNames(): boolean {
    // Viewers read reports: participants' names and the join code are not theirs.
    return this.user?.role !== 'viewer';
  }

  #onVisibility = () => {
    if (document.visibilityState === 'visible') void this.refresh();
    else this.#stop();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    // Back in the page (the shell re-attaches it): pick up where it left.
    if (this.cohort && this.hasUpdated) void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stop();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('cohort')) this.#start();
    else if (changed.has('user') && changed.get('user') !== undefined) this.#start();
    else if (changed.has('pollMs')) this.#schedule();
  }

  /** Everything about a newly shown cohort. */
  #start(): void {
    this.#stop();
    this.#generation++;
    this.#etag = null;
    this.info = null;
    this.infoError = null;
    this.data = null;
    this.pollError = null;
    this.updatedAt = null;
    this.confirmingCode = false;
    this.actionNote = null;
    this.csvFile = null;
    this.csvCheck = null;
    this.csvDone = null;
    this.districtName = null;
    this.#setQr(null);
    if (!this.cohort) return;
    void this.loadInfo();
    void this.refresh();
    provinces()
      .then((list) => (this.places = new Map(list.map((p) => [p.code, p]))))
      .catch(() => {});
    api<Organisation[]>('/api/organisations')
      .then((list) => (this.orgs = new Map(list.map((o) => [o.id, o]))))
      .catch(() => {});
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The next poll, if the page is on screen and the user may see participants. */
  #schedule(): void {
    this.#stop();
    if (!this.isConnected || !this.cohort || !this.isStaffWithNames || document.visibilityState !== 'visible') return;
    this.#timer = setTimeout(() => void this.refresh(), Math.max(250, this.pollMs));
  }

  private cohortPath(rest = ''): string {
    return `/api/cohorts/${encodeURIComponent(this.cohort)}${rest}`;
  }

  /** Loads the cohort's details (and its QR code) again. */
  async loadInfo(): Promise<void> {
    const generation = this.#generation;
    try {
      const info = await api<Cohort>(this.cohortPath());
      if (generation !== this.#generation) return;
      this.#setInfo(info);
      this.infoError = null;
    } catch (err) {
      if (generation !== this.#generation) return;
      this.infoError = err instanceof Error ? err.message : String(err);
    }
  }

  #setInfo(info: Cohort): void {
    const codeChanged = info.joinCode !== this.info?.joinCode;
    const districtChanged = info.districtCode !== this.info?.districtCode;
    this.info = info;
    if (codeChanged) void this.#loadQr();
    if (districtChanged) void this.#loadDistrict();
  }

  async #loadDistrict(): Promise<void> {
    const info = this.info;
    this.districtName = null;
    if (!info?.districtCode || !info.provinceCode) return;
    try {
      const list = await api<Place[]>(`/api/places/districts?province=${encodeURIComponent(info.provinceCode)}`);
      const d = list.find((x) => x.code === info.districtCode);
      if (d && this.info === info) this.districtName = nameIn(this.l, d.nameLo, d.nameEn, d.code);
    } catch {
      // The code shows instead.
    }
  }

  /**
   * The QR code as an <img> from a blob URL: the SVG never enters this document, so nothing
   * in it can run or restyle the page.
   */
  async #loadQr(): Promise<void> {
    const generation = this.#generation;
    if (!this.info?.qrCode) return this.#setQr(null);
    try {
      const svg = await apiText(this.cohortPath('/qr.svg'));
      if (generation !== this.#generation) return;
      this.#setQr(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })));
    } catch {
      this.#setQr(null);
    }
  }

  #setQr(url: string | null): void {
    if (this.qrUrl) URL.revokeObjectURL(this.qrUrl);
    this.qrUrl = url;
  }

  /**
   * Asks for the participants now, sending the tag of the copy held: an unchanged list costs
   * a bodiless 304 and leaves the table as it is. Then waits `pollMs` for the next.
   */
  async refresh(): Promise<void> {
    if (!this.cohort || !this.isStaffWithNames) return;
    if (this.#inFlight) return;
    this.#stop();
    this.#inFlight = true;
    const generation = this.#generation;
    let again = true;
    try {
      const answer = await apiIfChanged<Participants>(this.cohortPath(`/participants?limit=${PAGE}`), this.#etag);
      if (generation !== this.#generation) return;
      if (answer) {
        this.data = answer.body;
        this.#etag = answer.etag;
      }
      this.updatedAt = new Date();
      this.pollError = null;
    } catch (err) {
      if (generation !== this.#generation) return;
      this.pollError = err instanceof Error ? err.message : String(err);
      // Not yours, gone, or signed out: asking again will not change that.
      if (err instanceof ApiError && [401, 403, 404].includes(err.status)) again = false;
    } finally {
      this.#inFlight = false;
      if (generation === this.#generation && again) this.#schedule();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Join code.

  private async toggleJoin() {
    if (!this.info) return;
    this.busy = 'join';
    this.actionNote = null;
    try {
      this.#setInfo(await api<Cohort>(this.cohortPath(), { method: 'PATCH', body: JSON.stringify({ joinOpen: !this.info.joinOpen }) }));
    } catch (err) {
      this.actionNote = { text: err instanceof Error ? err.message : String(err), bad: true };
    } finally {
      this.busy = null;
    }
  }

  private async askNewCode() {
    this.confirmingCode = true;
    this.actionNote = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm-code .keep')?.focus();
  }

  private async cancelNewCode() {
    this.confirmingCode = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button.new-code')?.focus();
  }

  private async replaceCode() {
    this.busy = 'code';
    try {
      const info = await api<Cohort>(this.cohortPath('/join-code'), { method: 'POST' });
      this.#setInfo(info);
      this.actionNote = { text: this.t.codeReplaced(info.joinCode ?? ''), bad: false };
    } catch (err) {
      this.actionNote = { text: err instanceof Error ? err.message : String(err), bad: true };
    } finally {
      this.busy = null;
      this.confirmingCode = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button.new-code')?.focus();
  }

  // ---------------------------------------------------------------------------------------
  // CSV enrolment: the file goes up as it is (the server reads its encoding), twice: checked, then saved.

  private onFile(e: Event) {
    this.csvFile = (e.target as HTMLInputElement).files?.[0] ?? null;
    this.csvCheck = null;
    this.csvDone = null;
  }

  private onSkip(e: Event) {
    this.skipExisting = (e.target as HTMLInputElement).checked;
    this.csvCheck = null;
  }

  private csvQuery(dryRun: boolean): string {
    const q = new URLSearchParams({ dryRun: String(dryRun) });
    if (this.skipExisting) q.set('existing', 'skip');
    return this.cohortPath(`/participants.csv?${q}`);
  }

  private async checkCsv() {
    if (!this.csvFile) return;
    this.csvBusy = 'check';
    this.csvDone = null;
    try {
      const summary = await api<CsvSummary>(this.csvQuery(true), { method: 'POST', body: this.csvFile, headers: { 'Content-Type': 'text/csv' } });
      this.csvCheck = { kind: 'good', summary };
    } catch (err) {
      this.csvCheck = csvRefusal(err);
    } finally {
      this.csvBusy = null;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.csv-result')?.focus();
  }

  private async enrolCsv() {
    if (!this.csvFile) return;
    this.csvBusy = 'enrol';
    try {
      const done = await api<{ imported: number }>(this.csvQuery(false), { method: 'POST', body: this.csvFile, headers: { 'Content-Type': 'text/csv' } });
      this.csvDone = done.imported;
      this.csvCheck = null;
      this.csvFile = null;
      const input = this.renderRoot.querySelector<HTMLInputElement>('#csv-file');
      if (input) input.value = '';
      void this.loadInfo();
      void this.refresh();
    } catch (err) {
      this.csvCheck = csvRefusal(err);
    } finally {
      this.csvBusy = null;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.csv-result')?.focus();
  }

  // ---------------------------------------------------------------------------------------
  // Rendering.

  private renderFacts(c: Cohort) {
    const l = this.l;
    const lt = pick(LIST_STRINGS, l);
    const t = this.t;
    const province = c.provinceCode ? this.places.get(c.provinceCode) : undefined;
    const place = [
      province ? nameIn(l, province.nameLo, province.nameEn, province.code) : c.provinceCode,
      c.districtCode ? (this.districtName ?? c.districtCode) : null,
    ]
      .filter(Boolean)
      .join(', ');
    const counts = this.data ? this.#liveCounts() : c.participants;
    return html`<dl class="facts">
      <div><dt>${lt.organisation}</dt><dd>${nameIn(l, c.organisation.nameLo, c.organisation.nameEn, c.organisation.id)}</dd></div>
      ${place ? html`<div><dt>${lt.province}</dt><dd>${place}</dd></div>` : nothing}
      <div><dt>${lt.dates}</dt><dd>${formatDates(l, c.startsOn, c.endsOn)}</dd></div>
      <div><dt>${lt.mode}</dt><dd>${lt.modes[c.mode] ?? c.mode}</dd></div>
      <div><dt>${lt.courses}</dt><dd>${c.courses.map((x) => x.title[l] || x.title.lo).join(' · ')}</dd></div>
      <div><dt>${t.trainers}</dt><dd>${c.trainers.length ? c.trainers.map((x) => x.name).join(', ') : t.noTrainers}</dd></div>
      <div class="people">
        <dt>${lt.participants}</dt>
        <dd><strong class="count">${participantsLine(l, counts)}</strong> <span class="split muted">(${sexSplit(l, counts)})</span></dd>
      </div>
    </dl>`;
  }

  private renderJoin(c: Cohort) {
    const t = this.t;
    if (!c.joinCode) return nothing;
    const busy = this.busy !== null;
    return html`<section class="join panel" part="join" aria-labelledby="join-title">
      <h3 id="join-title">${t.joinTitle}</h3>
      <div class="join-grid">
        <div>
          <p class="code" translate="no">${c.joinCode}</p>
          <p>${t.joinHow} <a href=${c.joinUrl ?? '#'} class="join-url" translate="no">${c.joinUrl}</a></p>
          <p class="join-state ${c.joinOpen ? 'good' : 'bad'}">${c.joinOpen ? t.joinIsOpen : t.joinIsClosed}</p>
          <div class="actions">
            <button class="btn secondary toggle-join" type="button" ?disabled=${busy} @click=${this.toggleJoin}>
              ${this.busy === 'join' ? t.working : c.joinOpen ? t.closeJoining : t.openJoining}
            </button>
            ${this.confirmingCode
              ? nothing
              : html`<button class="btn secondary new-code" type="button" ?disabled=${busy} @click=${this.askNewCode}>${t.newCode}</button>`}
          </div>
          ${this.confirmingCode
            ? html`<div class="confirm-code" role="group" aria-labelledby="code-warning">
                <p id="code-warning">${t.newCodeWarning}</p>
                <div class="actions">
                  <button class="btn replace" type="button" ?disabled=${busy} @click=${this.replaceCode}>${this.busy === 'code' ? t.working : t.replaceCode}</button>
                  <button class="btn secondary keep" type="button" ?disabled=${busy} @click=${this.cancelNewCode}>${t.keepCode}</button>
                </div>
              </div>`
            : nothing}
          <p class="action-note ${this.actionNote?.bad ? 'bad' : 'good'}" role="status">${this.actionNote?.text ?? ''}</p>
        </div>
        ${this.qrUrl ? html`<img class="qr" src=${this.qrUrl} alt=${t.qrAlt(c.joinUrl ?? '')} width="220" height="220" />` : nothing}
      </div>
    </section>`;
  }

  /** Counts by sex of everyone in the participants list (live, unlike the cohort's own figure). */
  #liveCounts(): SexCounts {
    const counts = emptyCounts();
    for (const p of this.data?.participants ?? []) addSex(counts, p.sex);
    return counts;
  }

  #stateCounts(data: Participants) {
    // Worked out once per answer, not once per render (the clock re-renders every poll).
    if (this.#countsOf !== data) {
      this.#counts = stateCounts(data);
      this.#countsOf = data;
    }
    return this.#counts;
  }

  private renderChart(course: CourseBrief, byState: Map<DisplayState, SexCounts>, total: number) {
    const t = this.t;
    const rows: ChartRow[] = STATES.map((s) => {
      const c = byState.get(s)!;
      return { label: t.states[s], values: [c.female, c.male, c.other + c.notStated] };
    });
    const title = course.title[this.l] || course.title.lo;
    return html`<champa-chart
      class="states"
      lang=${this.lang}
      mode="stacked"
      row-header=${t.state}
      label=${t.chartLabel(title)}
      .max=${Math.max(1, total)}
      .series=${[t.women, t.men, t.otherOrNotStated]}
      .rows=${rows}
    ></champa-chart>`;
  }

  private renderCourseCells(p: Participant, course: CourseBrief): TemplateResult {
    const t = this.t;
    const c: CourseProgress | undefined = p.courses.find((x) => x.slug === course.slug);
    const state = displayState(c);
    const prog = c?.progress;
    const started = prog && prog.state !== 'not-started' && 'modulesTotal' in prog ? prog : null;
    return html`<td class="state"><span class="pill s-${state}">${t.states[state]}</span></td>
      <td class="modules">
        ${started
          ? html`<span class="bar-cell"
              ><progress max=${Math.max(1, started.modulesTotal)} .value=${started.modulesCompleted} aria-label=${t.modulesOf(started.modulesCompleted, started.modulesTotal)}></progress
              ><span class="num" aria-hidden="true">${started.modulesCompleted}/${started.modulesTotal}</span></span
            >`
          : html`<span class="muted">—</span>`}
      </td>
      <td class="score pre">${percent(started?.pretestScaled)}</td>
      <td class="score post">${percent(started?.posttestBest)}</td>
      ${course.certification ? html`<td class="score final">${percent(started?.finalBest)}</td>` : nothing}
      <td class="last">${started?.lastActive ? formatMoment(this.l, started.lastActive) : html`<span class="muted">—</span>`}</td>`;
  }

  private renderTable(data: Participants) {
    const t = this.t;
    const l = this.l;
    const perCourse = (c: CourseBrief) => (c.certification ? 6 : 5);
    const counts = this.#liveCounts();
    const byCourse = this.#stateCounts(data);
    return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="table-caption">
      <table>
        <caption id="table-caption">${t.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col" rowspan="2" class="name">${t.name}</th>
            <th scope="col" rowspan="2">${t.sex}</th>
            <th scope="col" rowspan="2">${t.organisation}</th>
            ${data.courses.map((c) => html`<th scope="colgroup" colspan=${perCourse(c)} class="course">${c.title[l] || c.title.lo}</th>`)}
          </tr>
          <tr>
            ${data.courses.map(
              (c) => html`<th scope="col">${t.state}</th>
                <th scope="col">${t.modules}</th>
                <th scope="col">${t.pretest}</th>
                <th scope="col">${t.posttest}</th>
                ${c.certification ? html`<th scope="col">${t.final}</th>` : nothing}
                <th scope="col">${t.lastActive}</th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${repeat(
            data.participants,
            (p) => p.id,
            (p) => {
              const org = p.organisationId ? this.orgs.get(p.organisationId) : undefined;
              return html`<tr data-learner=${p.id}>
                <th scope="row" class="name">${p.name}</th>
                <td>${t.sexes[p.sex] ?? p.sex}</td>
                <td>${p.organisationId ? (org ? nameIn(l, org.nameLo, org.nameEn, org.id) : p.organisationId) : '—'}</td>
                ${data.courses.map((c) => this.renderCourseCells(p, c))}
              </tr>`;
            },
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" class="total-count">${t.totalOf(counts.total)}</th>
            <td colspan="2" class="total-split">
              <span>${t.women}: ${counts.female}</span> <span>${t.men}: ${counts.male}</span>
              <span>${t.otherOrNotStated}: ${counts.other + counts.notStated}</span>
            </td>
            ${data.courses.map((c) => {
              const s = byCourse.get(c.slug)!;
              const sum = (states: DisplayState[]) =>
                states.reduce((acc, st) => ({ n: acc.n + s.get(st)!.total, women: acc.women + s.get(st)!.female }), { n: 0, women: 0 });
              const started = sum(['in-progress', 'completed', 'passed', 'certified']);
              const finished = sum(['completed', 'passed', 'certified']);
              return html`<td colspan=${perCourse(c)} class="course-total">${t.started(started.n, started.women)} · ${t.finished(finished.n, finished.women)}</td>`;
            })}
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  private renderProgress() {
    const t = this.t;
    if (!this.isStaffWithNames) return html`<p class="muted">${t.notForViewer}</p>`;
    const data = this.data;
    const status = html`<p class="updated muted">
      ${this.updatedAt
        ? html`${t.updated} <time datetime=${this.updatedAt.toISOString()}>${formatClock(this.updatedAt)}</time>`
        : t.loading}
      · ${t.live} ${t.seconds(Math.round(this.pollMs / 1000))}
      ${this.pollError ? html`<span class="bad poll-error"> · ${t.updateFailed} ${this.pollError}</span>` : nothing}
    </p>`;
    if (!data) return html`${status}${this.pollError ? html`<button class="btn secondary" type="button" @click=${() => this.refresh()}>${t.retry}</button>` : nothing}`;
    if (!data.participants.length) return html`${status}<p class="empty">${t.noParticipants}</p>`;
    const byCourse = this.#stateCounts(data);
    const total = data.participants.length;
    return html`${status}
      <div class="charts">${data.courses.map((c) => this.renderChart(c, byCourse.get(c.slug)!, total))}</div>
      ${this.renderTable(data)} ${data.next !== null ? html`<p class="muted">${t.firstOnly(data.participants.length)}</p>` : nothing}`;
  }

  private renderCsvResult() {
    const t = this.t;
    const check = this.csvCheck;
    if (this.csvDone !== null) return html`<p class="csv-result good" tabindex="-1" role="status">${t.enrolled(this.csvDone)}</p>`;
    if (!check) return nothing;
    if (check.kind === 'failed') return html`<p class="csv-result bad" tabindex="-1" role="alert">${check.message}</p>`;
    if (check.kind === 'problems') {
      return html`<div class="csv-result" tabindex="-1" role="alert">
        <p class="bad">${t.problems(check.errors.length)}</p>
        <ul class="problems">
          ${check.errors.map((e) => html`<li>${e}</li>`)}
        </ul>
      </div>`;
    }
    const s = check.summary;
    const people = s.created.length + s.enrolled.length;
    return html`<div class="csv-result" tabindex="-1" role="status">
      <p class="good">${t.checked(s.rows, s.created.length, s.enrolled.length, s.skipped.length)}</p>
      ${s.created.length
        ? html`<ul class="to-create">
            ${s.created.map((r) => html`<li>${t.row(r.row)}: ${r.name}</li>`)}
          </ul>`
        : nothing}
      ${s.skipped.length
        ? html`<ul class="skipped muted">
            ${s.skipped.map((r) => html`<li>${t.row(r.row)}: ${r.reason}</li>`)}
          </ul>`
        : nothing}
      ${people
        ? html`<div class="actions">
            <button class="btn enrol" type="button" ?disabled=${this.csvBusy !== null} @click=${this.enrolCsv}>${this.csvBusy === 'enrol' ? t.enrolling : t.confirm(people)}</button>
          </div>`
        : nothing}
    </div>`;
  }

  private renderCsv() {
    const t = this.t;
    if (!this.isStaffWithNames) return nothing;
    return html`<section class="enrol panel" part="enrol" aria-labelledby="csv-title">
      <h3 id="csv-title">${t.csvTitle}</h3>
      <p>${t.csvHelp}</p>
      <p class="templates">
        <a href=${apiUrl('/api/cohorts/template.csv?lang=lo')} download="champa-participants-lo.csv">${t.templateLo}</a>
        <a href=${apiUrl('/api/cohorts/template.csv?lang=en')} download="champa-participants-en.csv">${t.templateEn}</a>
      </p>
      <div class="field">
        <label for="csv-file">${t.csvFile}</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" @change=${this.onFile} />
      </div>
      <div class="check">
        <label><input type="checkbox" .checked=${this.skipExisting} @change=${this.onSkip} /> ${t.skipExisting}</label>
      </div>
      <div class="actions">
        <button class="btn secondary check-csv" type="button" ?disabled=${!this.csvFile || this.csvBusy !== null} @click=${this.checkCsv}>
          ${this.csvBusy === 'check' ? t.checking : t.check}
        </button>
      </div>
      ${this.renderCsvResult()}
    </section>`;
  }

  override render() {
    const t = this.t;
    const back = html`<p class="back"><a href="#/cohorts">← ${t.back}</a></p>`;
    if (this.infoError && !this.info) {
      return html`${back}
        <div role="alert" class="bad">
          ${t.loadFailed} ${this.infoError}
          <button class="btn secondary" type="button" @click=${() => this.loadInfo()}>${t.retry}</button>
        </div>`;
    }
    const c = this.info;
    if (!c) return html`${back}<p role="status">${t.loading}</p>`;
    return html`${back}
      <section aria-labelledby="title">
        <h2 id="title">${c.name}</h2>
        ${this.renderFacts(c)} ${this.isStaffWithNames ? this.renderJoin(c) : nothing}
        <section class="progress" part="progress" aria-labelledby="progress-title">
          <h3 id="progress-title">${t.progressTitle}</h3>
          ${this.renderProgress()}
        </section>
        ${this.renderCsv()}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-cohort': ChampaCohort;
  }
}
