// <champa-course>: the course player a host page embeds. Loads the course text (one locale,
// module by module: course-text.ts), finds who is learning (DESIGN §5: the host's learner, a
// cmi5 launch, a host-site launch token, the learner this device joined as, else the join
// form), opens their recorder, resumes where they left off, and wires outline, lessons,
// quizzes and tests together under the course rules; records initialized/completed/
// terminated for the course and completed for modules, and claims the certificate. Not for
// statement storage or delivery (components/xapi) nor for the rules themselves (shared/progress.ts).
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
  ChampaQuizResultEvent,
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
import type { Cmi5Session } from '../cmi5/cmi5.js';
import type { ChampaJoinedEvent } from '../champa-join/champa-join.js';
import type { ChampaExamPassedEvent } from '../champa-exam/champa-exam.js';
import { learnerFor, readStoredLearner } from '../shared/learner-store.js';
import { Recorder, type Actor } from '../xapi/recorder.js';
import { isSavedOffline, offlineSize, saveForOffline } from '../xapi/offline.js';
import { styles } from './champa-course.styles.js';
import { CourseChanged, CourseText } from './course-text.js';
import type { Identity } from './launch.js';
import { PendingRecorder } from './pending-recorder.js';

/** Who is learning and where their statements go; champa-course opens a Recorder from it. */
export interface Learner {
  /** The LRS endpoint, e.g. "https://training.example/xapi/". */
  endpoint: string;
  /** The Authorization header value ("Basic …", "Bearer …"). */
  auth: string;
  actor: Actor;
}

/** The launch, cmi5 and certificate calls, loaded only when a page needs them (launch.ts). */
const launchModule = () => import('./launch.js');

type CertState = { step: 'none' } | { step: 'refused' } | { step: 'issued'; url: string };

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
 * Who is learning (DESIGN §5), first found of: a ready `recorder` or a `learner` (endpoint,
 * auth, actor) from the host page; `launch="cmi5"` (an LMS launched the page); a `token` from
 * the host site's backend (exchanged at POST /api/launch/exchange); the learner this device
 * joined as (kept by <champa-join>); else the player shows <champa-join> and uses the learner
 * it makes (unless `no-join`: then what the learner does is kept until the host sets `learner`). With a Champa learner token, a completed certification course claims its
 * certificate (POST /api/certificates/claim) and links to it.
 *
 * @summary The embeddable course player.
 *
 * @csspart header - The bar with the course title, status, offline saving and language switch.
 * @csspart lang - The language switch group.
 * @csspart status - Connection and outbox status.
 * @csspart outline - The outline beside the view (wide layouts).
 * @csspart view - The current view.
 * @csspart certificate - The link to the learner's certificate.
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
 * @event champa-joined - Bubbles from the join form the player shows when nobody is signed in (`ChampaJoinedEvent`).
 */
@customElement('champa-course')
export class ChampaCourse extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** The course slug, e.g. "workers-rights". */
  @property() course = '';
  /** Origin of the Champa server; default: where the elements were loaded from. */
  @property() src = '';
  /** A launch token from the host site's backend (POST /api/launch), traded for the learner. */
  @property() token = '';
  /** "cmi5" when an LMS launched the page as a cmi5 assignable unit (the launch parameters are in its address). */
  @property() launch = '';
  /** Never show the join form: the host page sets `learner` (or `recorder`) itself, perhaps later; what is done before is recorded for it then. */
  @property({ type: Boolean, attribute: 'no-join' }) noJoin = false;
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
  /** The language shown: `lang` once its text is here (switching loads it first). */
  @state() private shown: Lang = 'lo';
  /** Set when the course text of the current view could not be loaded. */
  @state() private textError = false;
  /** Nobody is learning yet: the join form is shown. */
  @state() private joining = false;
  /** Why nobody could be found to learn (a refused launch), shown instead of the course. */
  @state() private whoError = '';
  @state() private cert: CertState = { step: 'none' };
  /** Whether who is learning has been settled for the course loaded (see attach()). */
  @state() private settled = false;

  /** The recorder in use and whether this element opened it (and so closes it). */
  private attached: RecorderLike | null = null;
  private owned = false;
  /** Who the owned recorder records for, and where (to tell a new learner from the same one). */
  private attachedKey: string | null = null;
  private sessionStart = 0;
  private terminated = true;
  private loading: Promise<void> | null = null;
  /** A language switch waiting for that language's text. */
  private switching: Promise<void> | null = null;
  private focusAfterRender = false;
  private lastLang: Lang = 'lo';
  /** Whether the learner has moved since progress was restored (then a late restore keeps the view). */
  private navigated = false;
  /** Question lists by bank, made once per course so child quizzes see stable arrays. */
  private banks = new Map<string, CompiledQuestion[]>();
  /** The course text as loaded so far (null when the host gave `courseData`). */
  private text: CourseText | null = null;
  /** Whether the host page set `lang` (else a launch's preferred language is taken). */
  private langGiven = false;
  /** The learner made by the join form shown here. */
  private joined: Identity | null = null;
  /** The identity found for a launch (cmi5 or token), by what it was found from; found once. */
  private launched: { key: string; found: Promise<Identity> } | null = null;
  private cmi5: Cmi5Session | null = null;
  /** "Bearer …" of a Champa learner token, when the learner has one: certificates are claimed with it. */
  private claimAuth = '';
  private claimUrl = '';
  private claiming = false;

  private get origin(): string {
    return this.src ? new URL('/', this.src).href : defaultServer();
  }

  /** The language of the text and UI shown (switching waits for the other language's text). */
  protected override get l(): Lang {
    return this.shown;
  }

  override connectedCallback(): void {
    if (!this.hasUpdated) this.langGiven = this.hasAttribute('lang');
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
    const want = toLang(this.lang);
    if (want !== this.shown) {
      if (!this.data || !this.text || this.text.has(want, this.moduleIndex())) this.shown = want;
      else this.switching = this.loadLang(want);
    }
    if (changed.has('course') || changed.has('courseData') || changed.has('src')) {
      if (this.course || this.courseData) this.loading = this.load();
    } else if ((changed.has('learner') || changed.has('recorder') || changed.has('token') || changed.has('launch') || changed.has('noJoin')) && this.data) {
      void this.attach();
    }
    if (this.shown !== this.lastLang) {
      this.lastLang = this.shown;
      this.attached?.setLanguage?.(this.shown);
    }
  }

  protected override updated(): void {
    if (this.focusAfterRender) {
      this.focusAfterRender = false;
      void this.focusView();
    }
    // The next module's text, while the learner reads this one.
    const mi = this.moduleIndex();
    if (mi !== undefined && !this.textError) this.text?.prefetch(this.shown, mi + 1);
  }

  /** Resolves when the course is loaded and progress restored (for hosts and tests). */
  get ready(): Promise<void> {
    return this.updateComplete
      .then(() => this.loading ?? undefined)
      .then(() => this.switching)
      .then(() => this.text?.ensure(this.shown, this.moduleIndex()).catch(() => undefined))
      .then(() => this.updateComplete.then(() => undefined));
  }

  // ------------------------------------------------------------------ loading and resume

  private async load(): Promise<void> {
    this.error = '';
    // A host-site launch is exchanged while the course text loads.
    if (this.token && this.launch !== 'cmi5' && !this.learner && !this.recorder) void this.whoLearns().catch(() => undefined);
    try {
      let data: CompiledCourse;
      if (this.courseData) {
        data = this.courseData;
        this.text = null;
      } else {
        if (this.text?.slug !== this.course || this.text.origin !== this.origin) this.text = new CourseText(this.origin, this.course);
        data = await this.text.ensure(this.shown);
      }
      if (this.data?.iri !== data.iri) {
        this.end();
        this.detach();
        this.progress = emptyProgress();
        this.view = { kind: 'home' };
        // The course shows once who is learning is known: nothing done before may go unrecorded.
        this.settled = false;
      }
      if (this.data !== data) this.banks.clear();
      this.data = data;
      try {
        await this.attach();
      } finally {
        this.settled = true;
      }
      this.checkSaved();
    } catch (err) {
      console.warn('champa: course not loaded', err);
      this.error = this.m.loadFailed;
    }
  }

  /** Connects the given recorder, or opens one for whoever whoLearns() finds, then restores progress from it. */
  private async attach(): Promise<void> {
    const data = this.data!;
    let r: RecorderLike | null = this.recorder;
    let owned = false;
    let newKey: string | null = null;
    if (!r) {
      let who: Identity | null = null;
      try {
        who = await this.whoLearns();
        this.whoError = '';
      } catch (err) {
        console.warn('champa: no learner', err);
        this.whoError = (err as { expired?: boolean }).expired ? this.m.launchExpired : this.m.launchFailed;
      }
      if (this.data !== data) return;
      this.joining = !who && !this.whoError && !this.noJoin;
      if (this.joining) void import('../champa-join/champa-join.js');
      this.claimAuth = who && !this.cmi5 && who.auth.startsWith('Bearer ') ? who.auth : '';
      this.claimUrl = who ? new URL('/api/certificates/claim', who.endpoint).href : '';
      const key = who && `${who.endpoint}|${who.auth}|${who.actor.account.homePage}|${who.actor.account.name}|${data.iri}`;
      // The same learner again (a host setting `learner` to the one already found): keep the session.
      if (key && key === this.attachedKey && this.attached) return;
      if (who) {
        r = await Recorder.open({ ...who, course: { slug: data.slug, iri: data.iri, version: data.version }, lang: this.l });
        owned = true;
        newKey = key;
      }
    }
    const pending = this.attached instanceof PendingRecorder ? this.attached : null;
    // no-join and no learner yet: the course goes on, and what the learner does waits for the host's.
    if (!r && this.noJoin && !this.whoError) r = pending ?? new PendingRecorder();
    if (r === this.attached) {
      if (owned) (r as Recorder).close();
      return;
    }
    const before = this.progress;
    if (!pending) this.end();
    this.detach();
    this.attached = r;
    this.owned = owned;
    this.attachedKey = newKey;
    if (!r) return;
    r.addEventListener?.('champa-outbox-change', this.onOutbox);
    r.addEventListener?.('champa-state-change', this.onStateChange);
    if (r.online) this.online = r.online();
    if (r.pending) r.pending().then((n) => (this.pending = n), () => undefined);
    if (pending) {
      // The learner has come: they keep their place, and the session so far is recorded as theirs.
      await this.restore(!this.navigated);
      const p = this.progress;
      if (!p.viewed.length && !Object.keys(p.assessments).length && p.view.kind === 'home') {
        this.progress = before;
        this.persist();
      }
      for (const call of pending.calls) this.recordTo(call);
    } else {
      await this.restore();
      this.begin();
    }
    void this.claim();
  }

  /**
   * Who is learning (DESIGN §5): the host's `learner`; an LMS's cmi5 launch; a host-site launch
   * `token`; the learner this device joined as; else null (the join form is shown). Launches are
   * resolved once: their tokens are single use.
   */
  private async whoLearns(): Promise<Identity | null> {
    if (this.learner) return this.learner;
    if (this.joined) return this.joined;
    const key = this.launch === 'cmi5' ? 'cmi5' : this.token ? `token:${this.token}` : '';
    if (key) {
      if (this.launched?.key !== key) this.launched = { key, found: key === 'cmi5' ? this.startCmi5() : this.exchange(this.token) };
      return this.launched.found;
    }
    const stored = readStoredLearner(this.origin);
    return stored ? learnerFor(stored, this.origin) : null;
  }

  /** Trades the host site's launch token for a learner token (README "Host-site launch"). */
  private async exchange(token: string): Promise<Identity> {
    const { who, preferredLanguage } = await (await launchModule()).exchangeLaunchToken(this.origin, token, this.course);
    if (!this.langGiven && preferredLanguage) this.lang = preferredLanguage;
    return who;
  }

  /** Starts the cmi5 session the LMS launched this page for. */
  private async startCmi5(): Promise<Identity> {
    const { session, who } = await (await launchModule()).startCmi5(this.data?.rules.masteryScore);
    this.cmi5 = session;
    if (!this.langGiven) this.lang = session.language;
    return who;
  }

  private onJoined = (e: ChampaJoinedEvent): void => {
    this.joined = { endpoint: new URL('/xapi/', this.origin).href, auth: `Bearer ${e.token}`, actor: e.actor };
    this.joining = false;
    this.focusAfterRender = true;
    void this.attach();
  };

  /**
   * Asks Champa for the learner's certificate once a certification course is complete and the
   * outbox is empty (the server decides from the recorded statements, never from this claim).
   */
  private async claim(): Promise<void> {
    const data = this.data;
    if (!data?.certification || !this.progress.courseCompleted || !this.claimAuth || this.claiming) return;
    if (this.cert.step !== 'none' || !this.online) return;
    this.claiming = true;
    try {
      // The server judges from the recorded statements: send the last ones (the completion) first.
      const r = this.attached as Partial<Recorder> | null;
      await r?.flush?.();
      if (((await r?.pending?.()) ?? 0) > 0) return;
      const url = await (await launchModule()).claimCertificate(this.claimUrl, this.claimAuth, data.slug);
      this.cert = url ? { step: 'issued', url } : { step: 'refused' };
    } catch {
      // offline: claimed when the outbox next empties
    } finally {
      this.claiming = false;
    }
  }

  private detach(): void {
    const r = this.attached;
    if (!r) return;
    r.removeEventListener?.('champa-outbox-change', this.onOutbox);
    r.removeEventListener?.('champa-state-change', this.onStateChange);
    this.attached = null;
    this.attachedKey = null;
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
    // Records just sent may be what the certificate waited for.
    if (d?.pending === 0 && this.pending > 0 && this.cert.step === 'refused') this.cert = { step: 'none' };
    if (typeof d?.pending === 'number') this.pending = d.pending;
    if (typeof d?.online === 'boolean') this.online = d.online;
    if (this.pending === 0) void this.claim();
  };

  private onStateChange = (e: Event): void => {
    const keys = (e as Event & { detail?: { keys?: string[] } }).detail?.keys ?? [];
    // State read back from the LRS after open: take it, without pulling a learner who has moved on.
    if (keys.includes(PROGRESS_KEY)) void this.restore(!this.navigated);
  };

  private onPageHide = (): void => {
    this.end();
    void this.cmi5?.terminate({ keepalive: true }).catch(() => undefined);
  };
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
    const child = view?.querySelector<HTMLElement & { focusHeading?: () => Promise<void> }>('champa-lesson, champa-quiz, champa-exam');
    const heading = view?.querySelector<HTMLElement>('h2');
    if (child?.focusHeading) await child.focusHeading();
    else if (heading) heading.focus();
    // The view's text is still loading: focus it when it arrives.
    else this.focusAfterRender = true;
  }

  /** The index of the module the view is in (lesson or module quiz). */
  private moduleIndex(v: View = this.view): number | undefined {
    if (v.kind !== 'lesson' && v.kind !== 'quiz') return undefined;
    const i = this.data?.modules.findIndex((m) => m.slug === v.module) ?? -1;
    return i < 0 ? undefined : i;
  }

  /** Loads the text the view needs in the language shown, then shows it. */
  private needText(index: number | undefined): void {
    this.text?.ensure(this.shown, index).then(
      () => this.requestUpdate(),
      (err: unknown) => this.onTextError(err),
    );
  }

  /** Switches to `lang` once its text for the current view is here. */
  private async loadLang(lang: Lang): Promise<void> {
    try {
      await this.text?.ensure(lang, this.moduleIndex());
      this.requestUpdate();
    } catch (err) {
      this.onTextError(err);
      // No network and no copy of that language on this device: stay in this one.
      if (toLang(this.lang) === lang) this.lang = this.shown;
    }
  }

  private onTextError(err: unknown): void {
    console.warn('champa: course text not loaded', err);
    if (err instanceof CourseChanged) {
      this.text = null;
      this.loading = this.load();
    } else this.textError = true;
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
    // The AU's own Passed/Failed (cmi5 §9.3.4-5) is the final exam's score.
    if (this.cmi5 && e.assessmentIri === this.data?.finalExam?.iri) {
      this.cmi5.judge(e.scaled, { raw: e.raw, min: 0, max: e.max }).catch((err: unknown) => console.warn('champa: cmi5 result not sent', err));
    }
    this.checkCompletion();
    this.persist();
  };

  /** The server graded the final exam as passed: its score is the exam's result here (and the AU's under cmi5); completion and the certificate claim follow. */
  private onExamPassed = (e: ChampaExamPassedEvent): void => {
    if (this.progress.assessments[e.assessment]?.passed) return;
    this.onQuizResult(new ChampaQuizResultEvent(e.assessment, e.scaled, e.raw, e.max, true));
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
      this.cmi5?.completed({ durationMs }).catch((err: unknown) => console.warn('champa: cmi5 completed not sent', err));
    }
    this.progress = next;
    this.persist();
    void this.claim();
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

  /** Leaves a cmi5 session: terminated once the outbox is sent, then back to the LMS. */
  private async exit(): Promise<void> {
    this.end();
    await (this.attached as Partial<Recorder> | null)?.flush?.();
    await this.cmi5?.exit().catch((err: unknown) => console.warn('champa: cmi5 exit', err));
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
    const data = this.settled ? this.data : null;
    if (!data) {
      return html`<div class="body view" part="view">
        ${this.error
          ? html`<p class="error" role="alert">${this.error}</p>
              <button class="btn" type="button" @click=${() => (this.loading = this.load())}>${m.retry}</button>`
          : html`<p role="status">${m.loading}</p>`}
      </div>`;
    }
    const l = this.l;
    // The switch shows the language asked for at once; the text follows when it is loaded.
    const want = toLang(this.lang);
    return html`<header part="header">
        <p class="title">${data.title[l]}</p>
        <div class="tools">
          <div class="status" part="status" role="status">
            ${this.online ? nothing : html`<span class="badge offline">${m.offline}</span>`}
            ${this.pending > 0 ? html`<span class="badge">${m.waiting(num(l, this.pending))}</span>` : nothing}
          </div>
          ${this.courseData ? nothing : this.renderSave()}
          <div class="lang" part="lang" role="group" aria-label=${m.language}>
            <button type="button" lang="lo" aria-pressed=${want === 'lo' ? 'true' : 'false'} @click=${() => this.setLang('lo')}>ລາວ</button>
            <button type="button" lang="en" aria-pressed=${want === 'en' ? 'true' : 'false'} @click=${() => this.setLang('en')}>English</button>
          </div>
          ${this.cmi5 ? html`<button class="btn secondary" type="button" @click=${this.exit}>${m.exit}</button>` : nothing}
        </div>
      </header>
      ${this.whoError || this.joining ? this.renderWho() : this.renderBody()}`;
  }

  /** Instead of the course: why it cannot start, or the join form. */
  private renderWho() {
    return html`<div class="body"><section class="view" part="view" aria-label=${this.m.home}>
      ${this.whoError
        ? html`<p class="error" role="alert">${this.whoError}</p>`
        : html`<p class="lead">${this.m.joinFirst}</p>
            <champa-join lang=${this.l} src=${this.origin} @champa-joined=${this.onJoined}
              @champa-lang-change=${(e: ChampaLangChangeEvent) => (this.lang = e.lang)}></champa-join>`}
    </section></div>`;
  }

  private renderBody() {
    return html`<div class="body" @champa-navigate=${this.onNavigate}>
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
    const mi = this.moduleIndex(v);
    if (this.text && !this.text.has(this.shown, mi)) {
      if (this.textError) {
        return html`${back}<p class="error" role="alert">${this.m.loadFailed}</p>
          <button class="btn" type="button" @click=${() => ((this.textError = false), this.needText(mi))}>${this.m.retry}</button>`;
      }
      this.needText(mi);
      return html`${back}<p role="status">${this.m.loading}</p>`;
    }
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
      ${p.courseCompleted ? html`<p class="good"><strong>✓ ${m.courseCompleted}</strong></p>${this.renderCertificate()}` : nothing}
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
    if (v.kind === 'exam') return this.renderExam(iri);
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

  /** The final exam is drawn and graded by the server (<champa-exam>, its own chunk), never marked here. */
  private renderExam(iri: string) {
    const data = this.data!;
    void import('../champa-exam/champa-exam.js');
    return keyed(
      iri,
      html`<champa-exam lang=${this.l} src=${this.origin} course=${data.slug} heading=${this.m.exam} .auth=${this.claimAuth}
        .items=${data.finalExam!.items} .masteryScore=${data.rules.masteryScore} .recorder=${this.attached}
        @champa-exam-passed=${this.onExamPassed} @champa-continue=${() => this.go(nextView(data, { kind: 'exam' }))}></champa-exam>`,
    );
  }

  private renderCertificate() {
    if (!this.data?.certification) return nothing;
    const c = this.cert;
    return c.step === 'issued'
      ? html`<p><a class="btn" part="certificate" href=${c.url} target="_blank" rel="noopener">${this.m.certificateLink}</a></p>`
      : html`<p>${this.m.certificateNote}</p>`;
  }

  private renderDone() {
    const data = this.data!;
    const m = this.m;
    const p = this.progress;
    return html`<h2 tabindex="-1">${p.courseCompleted ? m.completed : data.title[this.l]}</h2>
      ${p.courseCompleted
        ? html`<p class="good"><strong>${m.courseCompleted}</strong></p>
            ${this.renderCertificate()}`
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
