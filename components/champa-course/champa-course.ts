// <champa-course>: the course player a host page embeds. Loads the compiled course, opens
// the learner's recorder, resumes where the learner left off, and wires outline, lessons,
// quizzes and tests together under the course rules; records initialized/completed/
// terminated for the course and completed for modules. Not for statement storage or
// delivery (components/xapi) nor for the rules themselves (shared/progress.ts).
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import '../champa-lesson/champa-lesson.js';
import '../champa-outline/champa-outline.js';
import '../champa-progress/champa-progress.js';
import '../champa-quiz/champa-quiz.js';
import { defaultServer } from '../champa-lesson/champa-lesson.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import {
  ChampaLangChangeEvent,
  type ChampaLessonCompleteEvent,
  type ChampaNavigateEvent,
  type ChampaQuizProgressEvent,
  type ChampaQuizResultEvent,
  type View,
} from '../shared/events.js';
import { bytes, num, pct, toLang, type Lang } from '../shared/i18n.js';
import {
  assessmentIri,
  counts,
  courseComplete,
  emptyProgress,
  loadProgress,
  locked,
  moduleComplete,
  nextView,
  steps,
  type Progress,
} from '../shared/progress.js';
import type { CompiledCourse, CompiledQuestion, RecorderLike } from '../shared/types.js';
import { Recorder, type Actor } from '../xapi/recorder.js';
import { isSavedOffline, loadCourse, offlineSize, saveForOffline } from '../xapi/offline.js';
import { styles } from './champa-course.styles.js';

/** Who is learning and where their statements go; champa-course opens a Recorder from it. */
export interface Learner {
  /** The LRS endpoint, e.g. "https://training.example/xapi/". */
  endpoint: string;
  /** The Authorization header value ("Basic …", "Bearer …"). */
  auth: string;
  actor: Actor;
}

type SaveState =
  | { step: 'idle' }
  | { step: 'sizing' }
  | { step: 'confirm'; size: number }
  | { step: 'saving'; share: number }
  | { step: 'saved' }
  | { step: 'failed' };

const PROGRESS_KEY = 'progress';

/**
 * The course player: outline with progress, lessons, knowledge checks, scenarios, module
 * quizzes, pre-test, post-test and final exam, module and course completion, and resume.
 * Lao first; the language switch keeps all progress. Shows when it is offline and how many
 * records wait to be sent, and offers "Save for offline" with the download size first.
 *
 * Give it a `learner` (endpoint, auth, actor) to record to Champa's LRS, or a ready
 * `recorder`; with neither, nothing is recorded and progress lasts until the page closes.
 *
 * @summary The embeddable course player.
 *
 * @csspart header - The bar with the course title, status, offline saving and language switch.
 * @csspart lang - The language switch group.
 * @csspart status - Connection and outbox status.
 * @csspart outline - The outline beside the view (wide layouts).
 * @csspart view - The current view.
 *
 * @cssprop --champa-color-accent - Buttons, links, current outline entry (default #0f5c63).
 * @cssprop --champa-color-on-accent - Text on accent-coloured buttons.
 * @cssprop --champa-color-text - Body text.
 * @cssprop --champa-color-muted - Secondary text.
 * @cssprop --champa-color-surface - Background.
 * @cssprop --champa-color-subtle - Background of boxes and callouts.
 * @cssprop --champa-color-border - Borders.
 * @cssprop --champa-color-good - "Correct", "passed", "done".
 * @cssprop --champa-color-bad - "Not correct", "not passed", "offline".
 * @cssprop --champa-color-focus - The focus ring.
 * @cssprop --champa-font-family - Text font (default: the self-hosted Lao subset of Noto Sans Lao, then system fonts).
 * @cssprop --champa-font-size - Base text size.
 * @cssprop --champa-radius - Corner radius.
 * @cssprop --champa-measure - Maximum line length of lesson text.
 *
 * @event champa-lang-change - The learner switched the language (`ChampaLangChangeEvent`: lang).
 * @event champa-navigate - Bubbles from the outline and lessons; the player handles it.
 * @event champa-quiz-result - Bubbles from quizzes and tests.
 */
@customElement('champa-course')
export class ChampaCourse extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** The course slug, e.g. "workers-rights". */
  @property() course = '';
  /** Origin of the Champa server; default: where the elements were loaded from. */
  @property() src = '';
  /** The learner to record for; the player opens a Recorder for it. */
  @property({ attribute: false }) learner: Learner | null = null;
  /** The compiled course, if the host already has it (then nothing is fetched). */
  @property({ attribute: false }) courseData: CompiledCourse | null = null;

  @state() private data: CompiledCourse | null = null;
  @state() private error = '';
  @state() private progress: Progress = emptyProgress();
  @state() private view: View = { kind: 'home' };
  @state() private online = typeof navigator === 'undefined' ? true : navigator.onLine;
  @state() private pending = 0;
  @state() private save: SaveState = { step: 'idle' };

  /** The recorder in use and whether this element opened it (and so closes it). */
  private attached: RecorderLike | null = null;
  private owned = false;
  private sessionStart = 0;
  private terminated = true;
  private loading: Promise<void> | null = null;
  private focusAfterRender = false;
  private lastLang: Lang = 'lo';
  /** Whether the learner has moved since progress was restored (then a late restore keeps the view). */
  private navigated = false;
  /** Question lists by bank, made once per course so child quizzes see stable arrays. */
  private banks = new Map<string, CompiledQuestion[]>();

  private get origin(): string {
    return this.src ? new URL('/', this.src).href : defaultServer();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.onNetwork);
    addEventListener('offline', this.onNetwork);
    addEventListener('pagehide', this.onPageHide);
    addEventListener('pageshow', this.onPageShow);
    // Moved in the document: disconnecting ended the session and let the recorder go.
    if (this.data) void this.attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onNetwork);
    removeEventListener('offline', this.onNetwork);
    removeEventListener('pagehide', this.onPageHide);
    removeEventListener('pageshow', this.onPageShow);
    this.end();
    this.detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('course') || changed.has('courseData') || changed.has('src')) {
      if (this.course || this.courseData) this.loading = this.load();
    } else if ((changed.has('learner') || changed.has('recorder')) && this.data) {
      void this.attach();
    }
    const lang = toLang(this.lang);
    if (lang !== this.lastLang) {
      this.lastLang = lang;
      this.attached?.setLanguage?.(lang);
    }
  }

  protected override updated(): void {
    if (this.focusAfterRender) {
      this.focusAfterRender = false;
      void this.focusView();
    }
  }

  /** Resolves when the course is loaded and progress restored (for hosts and tests). */
  get ready(): Promise<void> {
    return this.updateComplete.then(() => this.loading ?? undefined).then(() => this.updateComplete.then(() => undefined));
  }

  // ------------------------------------------------------------------ loading and resume

  private async load(): Promise<void> {
    this.error = '';
    try {
      const data = this.courseData ?? (await loadCourse(this.origin, this.course));
      if (this.data?.iri !== data.iri) {
        this.end();
        this.detach();
        this.progress = emptyProgress();
        this.view = { kind: 'home' };
      }
      if (this.data !== data) this.banks.clear();
      this.data = data;
      await this.attach();
      this.checkSaved();
    } catch (err) {
      console.warn('champa: course not loaded', err);
      this.error = this.m.loadFailed;
    }
  }

  /** Connects the given recorder, or opens one for `learner`, then restores progress from it. */
  private async attach(): Promise<void> {
    const data = this.data!;
    let r: RecorderLike | null = this.recorder;
    let owned = false;
    if (!r && this.learner) {
      r = await Recorder.open({ ...this.learner, course: { slug: data.slug, iri: data.iri, version: data.version }, lang: this.l });
      owned = true;
    }
    if (r === this.attached) return;
    this.end();
    this.detach();
    this.attached = r;
    this.owned = owned;
    if (!r) return;
    r.addEventListener?.('champa-outbox-change', this.onOutbox);
    r.addEventListener?.('champa-state-change', this.onStateChange);
    if (r.online) this.online = r.online();
    if (r.pending) r.pending().then((n) => (this.pending = n), () => undefined);
    await this.restore();
    this.begin();
  }

  private detach(): void {
    const r = this.attached;
    if (!r) return;
    r.removeEventListener?.('champa-outbox-change', this.onOutbox);
    r.removeEventListener?.('champa-state-change', this.onStateChange);
    this.attached = null;
    if (this.owned) {
      const closing = r as RecorderLike & { close?: () => void };
      // Let the terminated statement reach the outbox before the database closes.
      setTimeout(() => closing.close?.(), 1000);
    }
    this.owned = false;
  }

  private async restore(moveView = true): Promise<void> {
    const r = this.attached;
    if (!r || !this.data) return;
    let saved: unknown;
    try {
      saved = await r.getState<Progress>(PROGRESS_KEY);
    } catch (err) {
      console.warn('champa: resume state not read', err);
    }
    this.progress = loadProgress(saved);
    if (!moveView) return;
    this.navigated = false;
    // Resume where the learner was, unless that place no longer exists in this course version.
    const v = this.progress.view;
    const exists = v.kind === 'home' || v.kind === 'done' || steps(this.data).some((s) => JSON.stringify(s) === JSON.stringify(v));
    this.view = exists && !locked(this.data, this.progress, v) ? v : { kind: 'home' };
  }

  /** Starts a session: `initialized` for the course. */
  private begin(): void {
    if (!this.terminated || !this.data || !this.attached) return;
    this.terminated = false;
    this.sessionStart = Date.now();
    const iri = this.data.iri;
    this.recordTo((r) => r.initialized(iri));
  }

  /** Ends a session: `terminated` with its duration. */
  private end(): void {
    if (this.terminated || !this.data) return;
    this.terminated = true;
    const iri = this.data.iri;
    const durationMs = Date.now() - this.sessionStart;
    this.recordTo((r) => r.terminated(iri, { durationMs }));
  }

  private recordTo(call: (r: RecorderLike) => Promise<void>): void {
    const r = this.attached;
    if (!r) return;
    call(r).catch((err: unknown) => console.warn('champa: recording failed', err));
  }

  private persist(): void {
    const r = this.attached;
    if (!r) return;
    r.setState(PROGRESS_KEY, this.progress).catch((err: unknown) => console.warn('champa: progress not saved', err));
  }

  private onNetwork = (): void => {
    this.online = this.attached?.online ? this.attached.online() : navigator.onLine;
  };

  private onOutbox = (e: Event): void => {
    const d = (e as Event & { detail?: { pending?: number; online?: boolean } }).detail;
    if (typeof d?.pending === 'number') this.pending = d.pending;
    if (typeof d?.online === 'boolean') this.online = d.online;
  };

  private onStateChange = (e: Event): void => {
    const keys = (e as Event & { detail?: { keys?: string[] } }).detail?.keys ?? [];
    // State read back from the LRS after open: take it, without pulling a learner who has moved on.
    if (keys.includes(PROGRESS_KEY)) void this.restore(!this.navigated);
  };

  private onPageHide = (): void => this.end();
  private onPageShow = (e: PageTransitionEvent): void => {
    if (e.persisted) this.begin();
  };

  // ------------------------------------------------------------------ navigation and rules

  private go(view: View, focus = true): void {
    const data = this.data;
    if (!data) return;
    // A locked step (post-test, exam before every module is done) sends the learner to the outline.
    if (locked(data, this.progress, view)) view = { kind: 'home' };
    this.navigated = true;
    this.view = view;
    if (view.kind !== 'home') {
      this.progress = { ...this.progress, view };
      this.persist();
    }
    this.focusAfterRender = focus;
  }

  private async focusView(): Promise<void> {
    await this.updateComplete;
    const view = this.renderRoot.querySelector('.view');
    const child = view?.querySelector<HTMLElement & { focusHeading?: () => Promise<void> }>('champa-lesson, champa-quiz');
    if (child?.focusHeading) await child.focusHeading();
    else view?.querySelector<HTMLElement>('h2')?.focus();
  }

  private onNavigate = (e: ChampaNavigateEvent): void => {
    e.stopPropagation();
    this.go(e.view);
  };

  private onLessonComplete = (e: ChampaLessonCompleteEvent): void => {
    if (!this.progress.viewed.includes(e.lessonIri)) {
      this.progress = { ...this.progress, viewed: [...this.progress.viewed, e.lessonIri] };
    }
    this.checkCompletion();
    this.go(nextView(this.data!, this.view));
  };

  private onQuizProgress = (e: ChampaQuizProgressEvent): void => {
    const runs = { ...this.progress.runs };
    if (e.run) runs[e.assessmentIri] = e.run;
    else delete runs[e.assessmentIri];
    this.progress = { ...this.progress, runs };
    this.persist();
  };

  private onQuizResult = (e: ChampaQuizResultEvent): void => {
    const prev = this.progress.assessments[e.assessmentIri];
    const rec = {
      attempts: (prev?.attempts ?? 0) + 1,
      best: Math.max(prev?.best ?? 0, e.scaled),
      last: e.scaled,
      passed: (prev?.passed ?? false) || e.passed,
    };
    this.progress = { ...this.progress, assessments: { ...this.progress.assessments, [e.assessmentIri]: rec } };
    this.checkCompletion();
    this.persist();
  };

  /** Records `completed` once for each module and for the course when their rules first hold. */
  private checkCompletion(): void {
    const data = this.data!;
    const p = this.progress;
    const newly = data.modules.filter((m) => !p.modulesCompleted.includes(m.iri) && moduleComplete(data, m, p));
    const durationMs = Date.now() - this.sessionStart;
    for (const m of newly) this.recordTo((r) => r.completed(m.iri, { durationMs }));
    let next: Progress = newly.length ? { ...p, modulesCompleted: [...p.modulesCompleted, ...newly.map((m) => m.iri)] } : p;
    if (!next.courseCompleted && courseComplete(data, next)) {
      next = { ...next, courseCompleted: true };
      this.recordTo((r) => r.completed(data.iri, { durationMs }));
    }
    this.progress = next;
    this.persist();
  }

  private restart(): void {
    const r = this.attached;
    this.end();
    r?.newAttempt?.();
    this.progress = emptyProgress();
    this.begin();
    this.persist();
    this.go({ kind: 'home' });
  }

  private setLang(lang: Lang): void {
    if (toLang(this.lang) === lang) return;
    this.lang = lang;
    this.dispatchEvent(new ChampaLangChangeEvent(lang));
  }

  // ------------------------------------------------------------------ save for offline

  private async checkSaved(): Promise<void> {
    if (!this.data || this.courseData) return;
    if (await isSavedOffline(this.origin, this.data.slug).catch(() => false)) this.save = { step: 'saved' };
  }

  private async askSave(): Promise<void> {
    this.save = { step: 'sizing' };
    try {
      this.save = { step: 'confirm', size: await offlineSize(this.origin, this.data!.slug) };
    } catch {
      this.save = { step: 'failed' };
    }
  }

  private async doSave(): Promise<void> {
    this.save = { step: 'saving', share: 0 };
    try {
      await saveForOffline(this.origin, this.data!.slug, (p) => (this.save = { step: 'saving', share: p.total ? p.done / p.total : 0 }));
      this.save = { step: 'saved' };
    } catch {
      this.save = { step: 'failed' };
    }
  }

  // ------------------------------------------------------------------ rendering

  override render() {
    const m = this.m;
    const data = this.data;
    if (!data) {
      return html`<div class="body view" part="view">
        ${this.error
          ? html`<p class="error" role="alert">${this.error}</p>
              <button class="btn" type="button" @click=${() => (this.loading = this.load())}>${m.retry}</button>`
          : html`<p role="status">${m.loading}</p>`}
      </div>`;
    }
    const l = this.l;
    return html`<header part="header">
        <p class="title">${data.title[l]}</p>
        <div class="tools">
          <div class="status" part="status" role="status">
            ${this.online ? nothing : html`<span class="badge offline">${m.offline}</span>`}
            ${this.pending > 0 ? html`<span class="badge">${m.waiting(num(l, this.pending))}</span>` : nothing}
          </div>
          ${this.courseData ? nothing : this.renderSave()}
          <div class="lang" part="lang" role="group" aria-label=${m.language}>
            <button type="button" lang="lo" aria-pressed=${l === 'lo' ? 'true' : 'false'} @click=${() => this.setLang('lo')}>ລາວ</button>
            <button type="button" lang="en" aria-pressed=${l === 'en' ? 'true' : 'false'} @click=${() => this.setLang('en')}>English</button>
          </div>
        </div>
      </header>
      <div class="body" @champa-navigate=${this.onNavigate}>
        <div class="side" part="outline">${this.renderOutline()}</div>
        <section class="view" part="view" aria-label=${this.viewLabel()}>${this.renderView()}</section>
      </div>`;
  }

  private renderSave() {
    const m = this.m;
    const l = this.l;
    const s = this.save;
    switch (s.step) {
      case 'idle':
      case 'failed':
        return html`<span class="save" role="status">
          ${s.step === 'failed' ? html`<span class="bad">${m.saveFailed}</span>` : nothing}
          <button class="btn secondary" type="button" @click=${this.askSave}>${m.saveOffline}</button>
        </span>`;
      case 'sizing':
        return html`<span class="save" role="status">${m.loading}</span>`;
      case 'confirm':
        return html`<span class="save" role="group" aria-label=${m.saveOffline}>
          <span>${m.downloadSize(bytes(l, s.size))}</span>
          <button class="btn" type="button" @click=${this.doSave}>${m.download}</button>
          <button class="btn secondary" type="button" @click=${() => (this.save = { step: 'idle' })}>${m.cancel}</button>
        </span>`;
      case 'saving':
        return html`<span class="save" role="status">${m.saving} ${pct(l, s.share)}</span>`;
      case 'saved':
        return html`<span class="save badge" role="status">✓ ${m.saved}</span>`;
    }
  }

  private renderOutline() {
    return html`<champa-outline lang=${this.l} .course=${this.data} .progress=${this.progress} .current=${this.view}></champa-outline>`;
  }

  private viewLabel(): string {
    const v = this.view;
    const m = this.m;
    const data = this.data!;
    switch (v.kind) {
      case 'home':
        return m.home;
      case 'lesson':
        return data.modules.find((x) => x.slug === v.module)?.lessons.find((x) => x.slug === v.lesson)?.title[this.l] ?? '';
      case 'quiz':
        return m.quiz;
      case 'pretest':
        return m.pretest;
      case 'posttest':
        return m.posttest;
      case 'exam':
        return m.exam;
      case 'done':
        return m.completed;
    }
  }

  private renderView() {
    const v = this.view;
    const back =
      v.kind === 'home'
        ? nothing
        : html`<button class="btn secondary to-outline" type="button" @click=${() => this.go({ kind: 'home' })}>← ${this.m.outline}</button>`;
    switch (v.kind) {
      case 'home':
        return this.renderHome();
      case 'done':
        return html`${back}${this.renderDone()}`;
      case 'lesson':
        return html`${back}${this.renderLesson(v)}`;
      default:
        return html`${back}${this.renderAssessment(v)}`;
    }
  }

  private renderHome() {
    const data = this.data!;
    const l = this.l;
    const m = this.m;
    const p = this.progress;
    const { done, total } = counts(data, p);
    const pretestIri = data.prePostTest?.pretestIri;
    const needsPretest = pretestIri !== undefined && !p.assessments[pretestIri];
    const bookmark = p.view.kind !== 'home' ? p.view : null;
    const first = steps(data).find((s) => s.kind === 'lesson');
    return html`<div class="home">
      <h2 tabindex="-1">${data.title[l]}</h2>
      <p class="lead">${data.summary[l]}</p>
      <p class="muted">${data.audience[l]}</p>
      ${data.review[l] === 'machine-drafted' ? html`<p class="draft">${m.draft}</p>` : nothing}
      <champa-progress lang=${l} .value=${done} .max=${total}></champa-progress>
      ${p.courseCompleted ? html`<p class="good"><strong>✓ ${m.courseCompleted}</strong></p>` : nothing}
      ${needsPretest && !bookmark ? html`<p>${m.pretestFirst}</p>` : nothing}
      <div class="actions">
        ${bookmark
          ? html`<button class="btn" type="button" @click=${() => this.go(bookmark)}>${m.resume}</button>`
          : needsPretest
            ? html`<button class="btn" type="button" @click=${() => this.go({ kind: 'pretest' })}>${m.startPretest}</button>`
            : first
              ? html`<button class="btn" type="button" @click=${() => this.go(first)}>${m.start}</button>`
              : nothing}
      </div>
      <div class="home-outline">${this.renderOutline()}</div>
    </div>`;
  }

  private renderLesson(v: Extract<View, { kind: 'lesson' }>) {
    const data = this.data!;
    const l = this.l;
    const m = this.m;
    const mi = data.modules.findIndex((x) => x.slug === v.module);
    const mod = data.modules[mi];
    const li = mod?.lessons.findIndex((x) => x.slug === v.lesson) ?? -1;
    const lesson = mod?.lessons[li];
    if (!mod || !lesson) return nothing;
    const kicker = `${m.module(num(l, mi + 1))}: ${mod.title[l]} · ${m.lessonProgress(num(l, li + 1), num(l, mod.lessons.length))}`;
    return keyed(
      lesson.iri,
      html`<champa-lesson lang=${l} src=${this.origin} parent=${mod.iri} kicker=${kicker} .lesson=${lesson} .course=${data}
        .recorder=${this.attached} @champa-lesson-complete=${this.onLessonComplete}></champa-lesson>`,
    );
  }

  private renderAssessment(v: View) {
    const data = this.data!;
    const m = this.m;
    const l = this.l;
    const iri = assessmentIri(data, v);
    if (!iri) return nothing;
    if (locked(data, this.progress, v)) {
      return html`<h2 tabindex="-1">${v.kind === 'exam' ? m.exam : m.posttest}</h2>
        <p>${m.locked}</p>`;
    }
    const rules = data.rules;
    let heading: string;
    let bank: string;
    let items: number;
    let mode: 'quiz' | 'test' = 'test';
    let attempts = rules.attemptsAllowed;
    let parent = data.iri;
    if (v.kind === 'quiz') {
      const mod = data.modules.find((x) => x.slug === v.module)!;
      heading = `${m.quiz}: ${mod.title[l]}`;
      bank = mod.quiz!.bank;
      items = mod.quiz!.items;
      mode = 'quiz';
      parent = mod.iri;
    } else if (v.kind === 'exam') {
      heading = m.exam;
      bank = data.finalExam!.bank;
      items = data.finalExam!.items;
    } else {
      heading = v.kind === 'pretest' ? m.pretest : m.posttest;
      bank = data.prePostTest!.bank;
      items = data.prePostTest!.items;
      // One measure before and one after: retaking either would blur the learning gain.
      attempts = 1;
    }
    let questions = this.banks.get(bank);
    if (!questions) {
      questions = (data.banks[bank] ?? []).map((id) => data.questions[id]!).filter(Boolean);
      this.banks.set(bank, questions);
    }
    const rec = this.progress.assessments[iri];
    return keyed(
      iri,
      html`<champa-quiz lang=${l} assessment=${iri} parent=${parent} heading=${heading} mode=${mode} .questions=${questions}
        .items=${items} ?randomise=${rules.randomiseItems} .masteryScore=${rules.masteryScore} .attemptsAllowed=${attempts}
        .attemptsUsed=${rec?.attempts ?? 0} .run=${this.progress.runs[iri] ?? null}
        .last=${rec ? { scaled: rec.last, passed: rec.passed } : null} .recorder=${this.attached}
        @champa-quiz-progress=${this.onQuizProgress} @champa-quiz-result=${this.onQuizResult}
        @champa-continue=${() => this.go(nextView(data, v))}></champa-quiz>`,
    );
  }

  private renderDone() {
    const data = this.data!;
    const m = this.m;
    const p = this.progress;
    return html`<h2 tabindex="-1">${p.courseCompleted ? m.completed : data.title[this.l]}</h2>
      ${p.courseCompleted
        ? html`<p class="good"><strong>${m.courseCompleted}</strong></p>
            ${data.certification ? html`<p>${m.certificateNote}</p>` : nothing}`
        : html`<champa-progress lang=${this.l} .value=${counts(data, p).done} .max=${counts(data, p).total}></champa-progress>`}
      <div class="actions">
        <button class="btn secondary" type="button" @click=${() => this.go({ kind: 'home' })}>${m.outline}</button>
        ${p.courseCompleted ? html`<button class="btn secondary" type="button" @click=${this.restart}>${m.newAttempt}</button>` : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-course': ChampaCourse;
  }
}
