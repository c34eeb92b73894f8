// <champa-exam>: a certification course's final exam, sat against the server (DESIGN §7;
// ARCHITECTURE "Final exams (server-graded)"): attempts left, start or resume the server's
// attempt, answer its keyless items one at a time (nothing is marked on the device), review,
// submit — kept on the device and sent again when the network returns — then the server's
// grade with each item's explanation. Records nothing through the Recorder: the server's exam
// grader stores the statements, and the LRS refuses a learner's own about a final exam; the
// recorder only keeps the answers so far as resume state. Not for module quizzes or
// pre/post-tests (<champa-quiz> marks those). Loaded on demand, as its own chunk.
//
// The Lao strings are machine-drafted and await review by a native speaker.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { defaultServer } from '../champa-lesson/champa-lesson.js';
import { styles as questionStyles } from '../champa-question/champa-question.styles.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { ChampaContinueEvent } from '../shared/events.js';
import { num, pct, type Lang } from '../shared/i18n.js';
import { readStoredLearner } from '../shared/learner-store.js';
import type { RecorderLike } from '../shared/types.js';
import { ExamError, examAttempts, PAIR, SEP, startExam, submitExam, type ExamAttempt, type ExamAttempts, type ExamResult } from '../xapi/exam.js';
import type { ExamQuestion } from '../../courses/schema.js';
import { styles } from './champa-exam.styles.js';
// <champa-progress> is defined by the player's entry (components/index.ts) and not imported
// here: this chunk then shares exactly the entry's modules that <champa-join> shares, and the
// build keeps one shared chunk on the critical path instead of splitting it (DESIGN §10).

/** The final exam was passed, as the server graded it. champa-course takes it as the exam's result and claims the certificate. */
export class ChampaExamPassedEvent extends Event {
  static readonly type = 'champa-exam-passed';
  constructor(
    /** The final exam's activity IRI. */
    readonly assessment: string,
    readonly scaled: number,
    readonly raw: number,
    readonly max: number,
    /** The whole graded result when this element received it; null when only the list of attempts says so. */
    readonly result: ExamResult | null,
  ) {
    super(ChampaExamPassedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'champa-exam-passed': ChampaExamPassedEvent;
  }
  interface HTMLElementTagNameMap {
    'champa-exam': ChampaExam;
  }
}

const T = {
  lo: {
    intro: 'ການສອບເສັງນີ້ ໃຫ້ຄະແນນໂດຍເຊີບເວີຂອງການຝຶກອົບຮົມ: ທ່ານຈະຮູ້ວ່າຂໍ້ໃດຖືກ ຫຼື ຜິດ ຫຼັງຈາກສົ່ງທັງໝົດແລ້ວເທົ່ານັ້ນ.',
    timeLimit: 'ແຕ່ລະເທື່ອ ຕ້ອງສົ່ງພາຍໃນ 3 ຊົ່ວໂມງ ນັບແຕ່ເລີ່ມ.',
    start: 'ເລີ່ມສອບເສັງ',
    resume: 'ສອບເສັງຕໍ່',
    again: 'ສອບເສັງອີກຄັ້ງ',
    starting: 'ກຳລັງເລີ່ມ…',
    lastResult: 'ຜົນເທື່ອຫຼ້າສຸດ',
    noLearner: 'ການສອບເສັງທ້າຍຫຼັກສູດ ໃຫ້ຄະແນນໂດຍເຊີບເວີຂອງການຝຶກອົບຮົມ: ກະລຸນາເຂົ້າຮ່ວມການຝຶກອົບຮົມຂອງທ່ານກ່ອນ ຈຶ່ງຈະສອບໄດ້.',
    needsOnline: 'ບໍ່ມີອິນເຕີເນັດ: ຕ້ອງມີອິນເຕີເນັດ ເພື່ອເລີ່ມສອບເສັງ. ຈະລອງໃໝ່ເອງ ເມື່ອມີອິນເຕີເນັດ.',
    usedUp: 'ທ່ານໃຊ້ສິດສອບເສັງຄົບທຸກຄັ້ງແລ້ວ. ກະລຸນາຕິດຕໍ່ຄູຝຶກຂອງທ່ານ.',
    expired: 'ເວລາຂອງການສອບເສັງເທື່ອນີ້ໝົດແລ້ວ (ແຕ່ລະເທື່ອມີເວລາ 3 ຊົ່ວໂມງ). ຄຳຕອບບໍ່ໄດ້ຖືກໃຫ້ຄະແນນ ແລະ ບໍ່ນັບເປັນເທື່ອໜຶ່ງ. ທ່ານເລີ່ມເທື່ອໃໝ່ໄດ້.',
    closed: 'ສົ່ງການສອບເສັງເທື່ອນີ້ບໍ່ໄດ້ອີກແລ້ວ (ຫຼັກສູດອາດມີການປ່ຽນແປງ ຫຼື ສິດສອບໝົດແລ້ວ).',
    signIn: 'ການເຂົ້າລະບົບຂອງທ່ານໃຊ້ບໍ່ໄດ້ແລ້ວ. ຄຳຕອບຍັງເກັບໄວ້ໃນອຸປະກອນນີ້. ກະລຸນາເປີດຫຼັກສູດຄືນໃໝ່ ຫຼື ເຂົ້າຮ່ວມການຝຶກອົບຮົມອີກຄັ້ງ.',
    failedCall: 'ເຊີບເວີເຮັດສິ່ງນີ້ບໍ່ສຳເລັດ. ກະລຸນາລອງໃໝ່.',
    waiting: 'ບໍ່ມີອິນເຕີເນັດ: ຄຳຕອບຂອງທ່ານເກັບໄວ້ໃນອຸປະກອນນີ້ແລ້ວ ແລະ ຈະສົ່ງເອງ ເມື່ອມີອິນເຕີເນັດ.',
    sendNow: 'ສົ່ງດຽວນີ້',
    submitting: 'ກຳລັງສົ່ງ ແລະ ໃຫ້ຄະແນນ…',
    previous: 'ກັບຄືນ',
    review: 'ກວດຄືນຄຳຕອບ',
    reviewNote: 'ຫຼັງຈາກສົ່ງແລ້ວ ຈະປ່ຽນຄຳຕອບບໍ່ໄດ້.',
    unanswered: (n: string) => `ຍັງບໍ່ໄດ້ຕອບ ${n} ຂໍ້. ຂໍ້ທີ່ບໍ່ໄດ້ຕອບ ນັບວ່າຜິດ.`,
    allAnswered: 'ທ່ານຕອບຄົບທຸກຂໍ້ແລ້ວ.',
    isAnswered: 'ຕອບແລ້ວ',
    notAnswered: 'ຍັງບໍ່ໄດ້ຕອບ',
    goTo: (n: string) => `ຄຳຖາມທີ ${n}`,
    submit: 'ສົ່ງການສອບເສັງ',
    expires: (time: string) => `ສົ່ງກ່ອນເວລາ ${time}.`,
    raw: (raw: string, max: string) => `ຖືກ ${raw} ໃນ ${max} ຂໍ້.`,
    byItem: 'ຜົນແຕ່ລະຂໍ້',
    yourAnswer: 'ຄຳຕອບຂອງທ່ານ:',
    noAnswer: 'ບໍ່ໄດ້ຕອບ',
    orderHint: 'ໃຊ້ປຸ່ມ ↑ ↓ ເພື່ອຈັດລຳດັບ. ລຳດັບທີ່ເຫັນຢູ່ນີ້ ແມ່ນຄຳຕອບຂອງທ່ານ.',
  },
  en: {
    intro: 'The training server marks this exam: you learn which answers were right only after you submit the whole exam.',
    timeLimit: 'Each attempt must be submitted within 3 hours of its start.',
    start: 'Start the exam',
    resume: 'Continue the exam',
    again: 'Sit the exam again',
    starting: 'Starting…',
    lastResult: 'Your latest result',
    noLearner: 'The final exam is marked by the training server: join your training first to sit it.',
    needsOnline: 'Offline: starting the exam needs a connection. It will try again by itself when you are online.',
    usedUp: 'You have used every attempt allowed at this exam. Please contact your trainer.',
    expired: 'This attempt has expired (each attempt lasts 3 hours). Its answers were not marked and it does not count. You can start a new one.',
    closed: 'This attempt can no longer be submitted (the course may have changed, or every attempt is used).',
    signIn: 'Your sign-in is no longer valid. Your answers are kept on this device. Please open the course again, or join your training again.',
    failedCall: 'The server could not do this. Please try again.',
    waiting: 'Offline: your answers are kept on this device and will be submitted by themselves when you are online.',
    sendNow: 'Submit now',
    submitting: 'Submitting and marking…',
    previous: 'Previous',
    review: 'Review your answers',
    reviewNote: 'Once submitted, answers cannot be changed.',
    unanswered: (n: string) => `${n} not answered. A question not answered counts as wrong.`,
    allAnswered: 'You have answered every question.',
    isAnswered: 'answered',
    notAnswered: 'not answered',
    goTo: (n: string) => `Question ${n}`,
    submit: 'Submit the exam',
    expires: (time: string) => `Submit before ${time}.`,
    raw: (raw: string, max: string) => `${raw} of ${max} right.`,
    byItem: 'Question by question',
    yourAnswer: 'Your answer:',
    noAnswer: 'No answer',
    orderHint: 'Use ↑ ↓ to put the items in order. The order shown is your answer.',
  },
} as const;

type Phase = 'loading' | 'intro' | 'starting' | 'answering' | 'review' | 'submitting' | 'waiting' | 'result';

/** A grade with the items it is about (the result names items by id only). */
interface Graded {
  result: ExamResult;
  items: ExamQuestion[];
}

/** Resume state (recorder.setState): a reload, a closed tab or a lost network loses no answer. */
interface Saved {
  /** The attempt being answered, with its items, so it can be answered and shown offline. */
  attempt: ExamAttempt | null;
  /** Responses so far by item id, in xAPI format with the served ids. */
  answers: Record<string, string>;
  index: number;
  /** The learner submitted and no grade has come back yet: send it again. */
  submitted: boolean;
  /** The latest grade this device received. */
  graded: Graded | null;
}

const STATE_KEY = 'final-exam';
const RETRY_MS = 30_000;
const empty = (): Saved => ({ attempt: null, answers: {}, index: 0, submitted: false, graded: null });

let counter = 0;

/**
 * A certification course's final exam, drawn and graded by the Champa server (/api/exams):
 * shows the attempts left, starts an attempt or resumes the open one, asks its items one at a
 * time with no marking, lets the learner review and submit, and shows the server's score,
 * pass or fail, and each item's result with its explanation and feedback. Answers are kept
 * as resume state through `recorder` (never recorded as statements: the server records the
 * attempt); a submit without network waits and is sent again when the device is online.
 *
 * @summary A server-graded final exam.
 *
 * @csspart start - The button that starts, resumes or re-sits the exam.
 * @csspart previous - Back to the previous item.
 * @csspart next - On to the next item, or to the review after the last.
 * @csspart submit - The button that submits the attempt.
 * @csspart result - The score box.
 * @csspart continue - The button that moves on after a result.
 *
 * @cssprop --champa-color-good - Passed, right answers.
 * @cssprop --champa-color-bad - Not passed, wrong answers, problems.
 * @cssprop --champa-color-accent - Buttons and selected controls.
 *
 * @event champa-exam-passed - The server graded an attempt as passed (`ChampaExamPassedEvent`: assessment, scaled, raw, max, result).
 * @event champa-continue - The learner pressed "Continue" after a result.
 */
@customElement('champa-exam')
export class ChampaExam extends ChampaElement {
  static override styles = [baseStyles, questionStyles, styles];

  /** The course slug, e.g. "victim-identification". */
  @property() course = '';
  /** Origin of the Champa server; default: where the elements were loaded from. */
  @property() src = '';
  /**
   * The learner's Champa token: "Bearer …" or the bare token. Unset (null): the learner this
   * device joined as (kept by <champa-join>). Empty: nobody, and the exam cannot be sat
   * (<champa-course> passes "" when its learner has no Champa token, e.g. under cmi5).
   */
  @property({ attribute: false }) auth: string | null = null;
  /** Title shown above the exam; default "Final exam". */
  @property() heading = '';
  /** Items per attempt (shown before starting). */
  @property({ type: Number }) items = 0;
  /** Scaled score (0..1) needed to pass (shown before starting; the server decides). */
  @property({ type: Number, attribute: 'mastery-score' }) masteryScore = 0;

  @state() private phase: Phase = 'loading';
  @state() private saved: Saved = empty();
  @state() private list: ExamAttempts | null = null;
  @state() private notice: { text: string; bad: boolean; retry?: boolean } | null = null;

  private readonly uid = `x${++counter}`;
  /** What the current state was loaded for: a change of server, course, learner or recorder loads again. */
  private loadedFor: { key: string; recorder: RecorderLike | null } | null = null;
  private sending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refocus: string | null = null;
  private focusNext: 'h2' | 'h3' | null = null;
  private listening: RecorderLike | null = null;

  private get t() {
    return T[this.l as Lang];
  }

  private get origin(): string {
    return this.src ? new URL('/', this.src).href : defaultServer();
  }

  /** The Authorization value the exam is sat with ('' when there is nobody). */
  private get token(): string {
    if (this.auth !== null) return this.auth;
    const stored = readStoredLearner(this.origin);
    return stored ? `Bearer ${stored.token}` : '';
  }

  private get attempt(): ExamAttempt | null {
    return this.saved.attempt;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.onOnline);
    // Moved in the page: pick up where it was.
    if (this.hasUpdated) {
      this.loadedFor = null;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onOnline);
    clearTimeout(this.timer);
    this.listen(null);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('recorder')) this.listen(this.recorder);
    const key = `${this.origin}|${this.course}|${this.token}`;
    if (this.course && (this.loadedFor?.key !== key || this.loadedFor.recorder !== this.recorder)) {
      this.loadedFor = { key, recorder: this.recorder };
      void this.load();
    }
  }

  protected override updated(): void {
    // The item's controls are reused from one item to the next: a select shows the chosen
    // right-hand side only once its new options are in, so it is set after rendering.
    for (const select of this.renderRoot.querySelectorAll<HTMLSelectElement>('select[data-left]')) {
      const want = this.pairsOf(this.saved.answers[select.dataset.q ?? ''])[select.dataset.left ?? ''] ?? '';
      if (select.value !== want) select.value = want;
    }
    if (this.refocus) {
      const [id, dir] = this.refocus.split(':');
      this.refocus = null;
      this.renderRoot.querySelector<HTMLElement>(`.move[data-id="${id}"][data-dir="${dir}"]`)?.focus();
    }
    if (this.focusNext) {
      const target = this.renderRoot.querySelector<HTMLElement>(`${this.focusNext}.focus-target`) ?? this.renderRoot.querySelector<HTMLElement>('.focus-target');
      this.focusNext = null;
      target?.focus();
    }
  }

  /** Moves the keyboard focus to the heading of what is shown now. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.focus-target')?.focus();
  }

  // ------------------------------------------------------------------ state

  private listen(r: RecorderLike | null): void {
    this.listening?.removeEventListener?.('champa-state-change', this.onStateChange);
    this.listening = r;
    r?.addEventListener?.('champa-state-change', this.onStateChange);
  }

  private async readSaved(): Promise<Saved> {
    try {
      const v = await this.recorder?.getState<Saved>(STATE_KEY);
      return v && typeof v === 'object' && typeof v.answers === 'object' ? { ...empty(), ...v } : empty();
    } catch (err) {
      console.warn('champa: exam answers not read', err);
      return empty();
    }
  }

  private keep(next: Partial<Saved>): void {
    this.saved = { ...this.saved, ...next };
    this.recorder?.setState(STATE_KEY, this.saved).catch((err: unknown) => console.warn('champa: exam answers not kept', err));
  }

  /** State read back from the LRS (another device's answers to the same attempt): taken when nothing here has moved on. */
  private onStateChange = (e: Event): void => {
    const keys = (e as Event & { detail?: { keys?: string[] } }).detail?.keys ?? [];
    if (!keys.includes(STATE_KEY) || this.sending) return;
    void this.readSaved().then((remote) => {
      if (this.phase === 'loading' || this.phase === 'intro') {
        this.loadedFor = null;
        this.requestUpdate();
      } else if ((this.phase === 'answering' || this.phase === 'review') && remote.attempt?.attempt === this.attempt?.attempt) {
        this.saved = { ...this.saved, answers: remote.answers };
      }
    });
  };

  // ------------------------------------------------------------------ the server

  private async load(): Promise<void> {
    const key = this.loadedFor;
    this.phase = 'loading';
    this.notice = null;
    const saved = await this.readSaved();
    if (key !== this.loadedFor) return;
    this.saved = saved;
    if (!this.token) {
      this.phase = 'intro';
      this.notice = { text: this.t.noLearner, bad: true };
      return;
    }
    if (saved.attempt && saved.submitted) return this.submit();
    if (saved.attempt) {
      // Answer on at once, from this device; the server's list says later if the attempt is still open.
      this.phase = 'answering';
      this.show(Math.min(saved.index, saved.attempt.items.length - 1), false);
    }
    await this.refresh();
  }

  /** Reads the learner's attempts and settles what to show: the open attempt, the latest grade, or the start. */
  private async refresh(): Promise<void> {
    const key = this.loadedFor;
    let list: ExamAttempts;
    try {
      list = await examAttempts(this.origin, this.course, this.token);
    } catch (err) {
      if (key !== this.loadedFor) return;
      if (this.phase === 'loading' || this.phase === 'intro') {
        if (this.saved.graded && (err as ExamError).status === 0) this.phase = 'result';
        else {
          this.phase = 'intro';
          this.notice = this.problem(err, 'start');
        }
      }
      return;
    }
    if (key !== this.loadedFor) return;
    this.list = list;
    const mine = this.attempt && list.attempts.find((a) => a.attempt === this.attempt!.attempt);
    if (this.attempt && (this.phase === 'answering' || this.phase === 'review')) {
      if (mine?.state === 'open') return;
      // Graded already (on another device, or its answer was lost): submitting again reads the
      // stored grade back and changes nothing (components/xapi/exam.ts).
      if (mine?.state === 'submitted') {
        this.keep({ submitted: true });
        return this.submit();
      }
      this.keep({ attempt: null, answers: {}, index: 0, submitted: false });
      this.phase = 'intro';
      this.notice = { text: mine?.state === 'expired' ? this.t.expired : this.t.closed, bad: true };
      return;
    }
    if (this.phase !== 'loading' && this.phase !== 'intro') return;
    const open = list.attempts.find((a) => a.state === 'open');
    if (open) return this.start();
    const last = list.attempts.filter((a) => a.state === 'submitted').at(-1);
    if (last && this.saved.graded?.result.attempt === last.attempt) this.phase = 'result';
    else this.phase = 'intro';
    if (last?.passed && last.scaled !== null) {
      const max = this.saved.graded?.result.attempt === last.attempt ? this.saved.graded.result.score.max : this.items;
      this.dispatchEvent(new ChampaExamPassedEvent(list.assessment, last.scaled, Math.round(last.scaled * max), max, null));
    }
  }

  private async start(): Promise<void> {
    if (this.phase === 'starting' || !this.token) return;
    const key = this.loadedFor;
    this.phase = 'starting';
    this.notice = null;
    try {
      const attempt = await startExam(this.origin, this.course, this.token);
      if (key !== this.loadedFor) return;
      const same = this.attempt?.attempt === attempt.attempt;
      this.keep({ attempt, answers: same ? this.saved.answers : {}, index: same ? this.saved.index : 0, submitted: false });
      this.phase = 'answering';
      this.show(Math.min(this.saved.index, attempt.items.length - 1));
    } catch (err) {
      if (key !== this.loadedFor) return;
      this.phase = 'intro';
      this.notice = this.problem(err, 'start');
    }
  }

  private async submit(): Promise<void> {
    const attempt = this.attempt;
    if (!attempt || this.sending) return;
    const key = this.loadedFor;
    this.sending = true;
    clearTimeout(this.timer);
    this.keep({ submitted: true });
    this.phase = 'submitting';
    this.notice = null;
    try {
      const result = await submitExam(this.origin, this.course, this.token, attempt.attempt, this.saved.answers);
      if (key !== this.loadedFor) return;
      this.graded(result, attempt.items);
    } catch (err) {
      if (key !== this.loadedFor) return;
      const status = err instanceof ExamError ? err.status : -1;
      if (status === 0) {
        this.phase = 'waiting';
        this.timer = setTimeout(() => void this.submit(), RETRY_MS);
      } else if (status === 409 || status === 410 || status === 404) {
        // The attempt is over without a grade: expired, drawn from an older course, or not this learner's.
        this.keep({ attempt: null, answers: {}, index: 0, submitted: false });
        this.phase = 'intro';
        this.notice = { text: status === 410 ? this.t.expired : this.t.closed, bad: true };
        void this.refresh();
      } else {
        this.keep({ submitted: false });
        this.phase = 'review';
        this.notice = this.problem(err, 'submit');
      }
    } finally {
      this.sending = false;
    }
  }

  private graded(result: ExamResult, items: ExamQuestion[]): void {
    this.keep({ attempt: null, answers: {}, index: 0, submitted: false, graded: { result, items } });
    const allowed = result.attemptsAllowed;
    if (this.list) {
      this.list = { ...this.list, attemptsAllowed: allowed, attemptsUsed: result.attemptsUsed, attemptsLeft: allowed === 0 ? null : Math.max(0, allowed - result.attemptsUsed) };
    }
    this.phase = 'result';
    this.focusNext = 'h2';
    if (result.passed) {
      const s = result.score;
      this.dispatchEvent(new ChampaExamPassedEvent(result.assessment, s.scaled, s.raw, s.max, result));
    }
  }

  /** What to tell the learner about a failed call. */
  private problem(err: unknown, what: 'start' | 'submit'): { text: string; bad: boolean; retry?: boolean } {
    const status = err instanceof ExamError ? err.status : -1;
    if (status !== 0) console.warn(`champa: final exam ${what}`, err);
    const t = this.t;
    if (status === 0) return { text: what === 'start' ? t.needsOnline : t.waiting, bad: false, retry: true };
    if (status === 409 && what === 'start') return { text: t.usedUp, bad: true };
    if (status === 401 || status === 403) return { text: t.signIn, bad: true };
    return { text: t.failedCall, bad: true, retry: true };
  }

  private onOnline = (): void => {
    if (this.phase === 'waiting') void this.submit();
    else if (this.phase === 'intro' && this.notice?.retry) void this.refresh();
  };

  // ------------------------------------------------------------------ answering

  private show(index: number, focus = true): void {
    const items = this.attempt?.items ?? [];
    const q = items[index];
    if (!q) return;
    const next: Partial<Saved> = { index };
    // An ordering item is answered by the order shown: what the learner sees is their answer.
    if (q.type === 'ordering' && !this.saved.answers[q.id]) next.answers = { ...this.saved.answers, [q.id]: q.items.map((i) => i.id).join(SEP) };
    this.keep(next);
    this.phase = 'answering';
    if (focus) this.focusNext = 'h3';
  }

  private review(): void {
    this.phase = 'review';
    this.notice = null;
    this.focusNext = 'h2';
  }

  private answer(id: string, response: string): void {
    const answers = { ...this.saved.answers };
    if (response) answers[id] = response;
    else delete answers[id];
    this.keep({ answers });
  }

  private move(q: Extract<ExamQuestion, { type: 'ordering' }>, id: string, by: -1 | 1): void {
    const order = this.orderOf(q);
    const i = order.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    this.answer(q.id, order.join(SEP));
    // Keep the keyboard on the item that moved; at an end, on the other arrow.
    const atEnd = j === 0 || j === order.length - 1;
    this.refocus = `${id}:${atEnd ? -by : by}`;
  }

  private orderOf(q: Extract<ExamQuestion, { type: 'ordering' }>): string[] {
    const r = this.saved.answers[q.id];
    return r ? r.split(SEP) : q.items.map((i) => i.id);
  }

  private pairsOf(response: string | undefined): Record<string, string> {
    if (!response) return {};
    return Object.fromEntries(response.split(SEP).map((p) => p.split(PAIR) as [string, string]));
  }

  /** Matches `left` to `right` ("" for none); a right-hand side is used once, so it leaves any other left it was matched to. */
  private match(q: Extract<ExamQuestion, { type: 'matching' }>, left: string, right: string): void {
    const chosen = this.pairsOf(this.saved.answers[q.id]);
    for (const [l, r] of Object.entries(chosen)) if (r === right) delete chosen[l];
    if (right) chosen[left] = right;
    else delete chosen[left];
    this.answer(q.id, q.left.filter((x) => chosen[x.id]).map((x) => `${x.id}${PAIR}${chosen[x.id]}`).join(SEP));
  }

  private isAnswered(q: ExamQuestion): boolean {
    return !!this.saved.answers[q.id];
  }

  // ------------------------------------------------------------------ rendering

  override render() {
    const title = this.heading || this.m.exam;
    switch (this.phase) {
      case 'loading':
        return html`<h2 class="focus-target" tabindex="-1">${title}</h2>
          <p role="status">${this.m.loading}</p>`;
      case 'answering':
        return this.renderItem(title);
      case 'review':
      case 'submitting':
      case 'waiting':
        return this.renderReview(title);
      case 'result':
        return this.renderResult(title);
      default:
        return this.renderIntro(title);
    }
  }

  private renderNotice() {
    const n = this.notice;
    return html`<div role=${n?.bad ? 'alert' : 'status'}>
      ${n ? html`<p class="notice ${n.bad ? 'is-bad' : ''}">${n.text}</p>` : nothing}
    </div>`;
  }

  private renderFacts() {
    const l = this.l;
    const m = this.m;
    const list = this.list;
    const left = list?.attemptsLeft;
    return html`<ul class="facts">
      ${this.items > 0 ? html`<li>${m.questions(num(l, this.items))}</li>` : nothing}
      ${this.masteryScore > 0 ? html`<li>${m.mastery(pct(l, this.masteryScore))}</li>` : nothing}
      <li>${this.t.timeLimit}</li>
      ${left === undefined || left === null ? nothing : html`<li>${left > 0 ? m.attemptsLeft(num(l, left)) : m.noAttemptsLeft}</li>`}
    </ul>`;
  }

  private renderIntro(title: string) {
    const t = this.t;
    const m = this.m;
    const l = this.l;
    const list = this.list;
    const last = list?.attempts.filter((a) => a.state === 'submitted').at(-1);
    const left = list?.attemptsLeft;
    const canStart = !!this.token && !!list && (left === null || (left ?? 0) > 0);
    const starting = this.phase === 'starting';
    return html`<h2 class="focus-target" tabindex="-1">${title}</h2>
      <p>${t.intro}</p>
      ${this.renderFacts()}
      ${last && last.scaled !== null
        ? html`<div class="result ${last.passed ? 'is-passed' : 'is-failed'}" part="result">
            <p>${t.lastResult}</p>
            <p class="big">${m.score(pct(l, last.scaled))}</p>
            <p class="big ${last.passed ? 'good' : 'bad'}">${last.passed ? `✓ ${m.passed}` : `✗ ${m.failed}`}</p>
          </div>`
        : nothing}
      ${this.renderNotice()}
      ${starting ? html`<p role="status">${t.starting}</p>` : nothing}
      <div class="actions">
        ${canStart
          ? html`<button class="btn ${last?.passed ? 'secondary' : ''}" part="start" type="button" ?disabled=${starting} @click=${this.start}>
              ${last?.passed ? t.again : last ? m.tryAgain : t.start}
            </button>`
          : nothing}
        ${this.notice?.retry && !list ? html`<button class="btn secondary" type="button" @click=${this.refresh}>${m.retry}</button>` : nothing}
        ${last?.passed ? html`<button class="btn" part="continue" type="button" @click=${this.continue}>${m.continue}</button>` : nothing}
      </div>`;
  }

  private expiresText(): string {
    const a = this.attempt;
    if (!a) return '';
    const at = new Date(a.expires);
    const time = new Intl.DateTimeFormat(this.l === 'lo' ? 'lo-LA' : 'en', { hour: '2-digit', minute: '2-digit' }).format(at);
    return this.t.expires(time);
  }

  private renderItem(title: string) {
    const a = this.attempt!;
    const l = this.l;
    const m = this.m;
    const t = this.t;
    const i = Math.min(this.saved.index, a.items.length - 1);
    const q = a.items[i]!;
    const isLast = i === a.items.length - 1;
    const answered = a.items.filter((x) => this.isAnswered(x)).length;
    const legend = `${this.uid}-legend`;
    const next = (e: Event) => {
      e.preventDefault();
      if (isLast) this.review();
      else this.show(i + 1);
    };
    return html`<h2>${title}</h2>
      <champa-progress lang=${l} .value=${answered} .max=${a.items.length}></champa-progress>
      <p class="muted">${this.expiresText()}</p>
      <h3 class="focus-target" tabindex="-1">${m.questionOf(num(l, i + 1), num(l, a.items.length))}</h3>
      <form class="item" data-id=${q.id} @submit=${next} novalidate>
          ${q.type === 'scenario' ? html`<p class="case">${q.case[l]}</p>` : nothing}
          <fieldset part="question" aria-labelledby=${legend}>
            <legend id=${legend}>${q.prompt[l]}</legend>
            ${this.renderControls(q)}
          </fieldset>
          <div class="actions">
            ${i > 0 ? html`<button class="btn secondary" part="previous" type="button" @click=${() => this.show(i - 1)}>${t.previous}</button>` : nothing}
            <button class="btn" part="next" type="submit">${isLast ? t.review : m.next}</button>
            ${!isLast ? html`<button class="btn secondary" type="button" @click=${this.review}>${t.review}</button>` : nothing}
          </div>
        </form>`;
  }

  private renderControls(q: ExamQuestion): TemplateResult {
    const l = this.l;
    const m = this.m;
    const r = this.saved.answers[q.id] ?? '';
    const name = `${this.uid}-${q.id}`;
    const option = (type: 'radio' | 'checkbox', value: string, text: string, checked: boolean, onChange: (e: Event) => void) =>
      html`<label class="option">
        <input type=${type} name=${name} .value=${value} .checked=${checked} @change=${onChange} />
        <span>${text}</span>
      </label>`;
    switch (q.type) {
      case 'true-false':
        return html`<div class="options">
          ${option('radio', 'true', m.yes, r === 'true', () => this.answer(q.id, 'true'))}
          ${option('radio', 'false', m.no, r === 'false', () => this.answer(q.id, 'false'))}
        </div>`;
      case 'single':
      case 'multiple':
      case 'scenario': {
        const many = q.type === 'multiple' || (q.type === 'scenario' && q.multiple === true);
        const picked = new Set(r ? r.split(SEP) : []);
        return html`${many ? html`<p class="muted">${m.chooseAll}</p>` : nothing}
          <div class="options">
            ${q.choices.map((c) =>
              many
                ? option('checkbox', c.id, c.text[l], picked.has(c.id), (e) => {
                    const on = (e.target as HTMLInputElement).checked;
                    this.answer(q.id, q.choices.map((x) => x.id).filter((id) => (id === c.id ? on : picked.has(id))).join(SEP));
                  })
                : option('radio', c.id, c.text[l], r === c.id, () => this.answer(q.id, c.id)),
            )}
          </div>`;
      }
      case 'ordering': {
        const order = this.orderOf(q);
        const text = (id: string) => q.items.find((x) => x.id === id)?.text[l] ?? id;
        return html`<p class="muted">${this.t.orderHint}</p>
          <ol class="order">
            ${order.map(
              (id, i) => html`<li>
                <span class="n" aria-hidden="true">${num(l, i + 1)}.</span>
                <span class="text">${text(id)}</span>
                <button type="button" class="move" data-id=${id} data-dir="-1" aria-label="${m.moveUp}: ${text(id)}" ?disabled=${i === 0}
                  @click=${() => this.move(q, id, -1)}>↑</button>
                <button type="button" class="move" data-id=${id} data-dir="1" aria-label="${m.moveDown}: ${text(id)}" ?disabled=${i === order.length - 1}
                  @click=${() => this.move(q, id, 1)}>↓</button>
              </li>`,
            )}
          </ol>`;
      }
      case 'matching': {
        const chosen = this.pairsOf(r);
        return html`${q.left.map(
          (left) => html`<label class="pair">
            <span>${left.text[l]}</span>
            <select data-q=${q.id} data-left=${left.id} @change=${(e: Event) => this.match(q, left.id, (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!chosen[left.id]}>${m.choose}</option>
              ${q.right.map((right) => html`<option value=${right.id} ?selected=${chosen[left.id] === right.id}>${right.text[l]}</option>`)}
            </select>
          </label>`,
        )}`;
      }
    }
  }

  private renderReview(title: string) {
    const a = this.attempt;
    const t = this.t;
    const l = this.l;
    if (!a) return this.renderIntro(title);
    const missing = a.items.filter((q) => !this.isAnswered(q)).length;
    const busy = this.phase === 'submitting';
    const waiting = this.phase === 'waiting';
    const locked = busy || waiting;
    return html`<h2 class="focus-target" tabindex="-1">${t.review}</h2>
      <p class="muted">${this.expiresText()}</p>
      <p>${missing ? t.unanswered(num(l, missing)) : t.allAnswered}</p>
      <ol class="review">
        ${a.items.map(
          (q, i) => html`<li>
            ${locked
              ? html`<span>${t.goTo(num(l, i + 1))}</span>`
              : html`<button class="link" type="button" @click=${() => this.show(i)}>${t.goTo(num(l, i + 1))}</button>`}
            <span class=${this.isAnswered(q) ? 'good' : 'bad'}>${this.isAnswered(q) ? `✓ ${t.isAnswered}` : `✗ ${t.notAnswered}`}</span>
          </li>`,
        )}
      </ol>
      <div role="status">
        ${busy ? html`<p>${t.submitting}</p>` : nothing}
        ${waiting ? html`<p class="notice">${t.waiting}</p>` : nothing}
      </div>
      ${this.renderNotice()}
      <p>${t.reviewNote}</p>
      <div class="actions">
        ${waiting
          ? html`<button class="btn" part="submit" type="button" @click=${this.submit}>${t.sendNow}</button>`
          : html`<button class="btn" part="submit" type="button" ?disabled=${busy} @click=${this.submit}>${t.submit}</button>`}
        ${locked ? nothing : html`<button class="btn secondary" part="previous" type="button" @click=${() => this.show(a.items.length - 1)}>${t.previous}</button>`}
      </div>`;
  }

  private responseText(q: ExamQuestion | undefined, response: string): string {
    const t = this.t;
    const l = this.l;
    if (!response) return t.noAnswer;
    if (!q) return response;
    const parts = response.split(SEP);
    const textOf = (list: { id: string; text: { lo: string; en: string } }[], id: string) => list.find((x) => x.id === id)?.text[l] ?? id;
    switch (q.type) {
      case 'true-false':
        return response === 'true' ? this.m.yes : this.m.no;
      case 'ordering':
        return parts.map((id) => textOf(q.items, id)).join(' → ');
      case 'matching':
        return parts
          .map((p) => {
            const [a, b] = p.split(PAIR) as [string, string];
            return `${textOf(q.left, a)} → ${textOf(q.right, b)}`;
          })
          .join('; ');
      default:
        return parts.map((id) => textOf(q.choices, id)).join('; ');
    }
  }

  private renderResult(title: string) {
    const g = this.saved.graded;
    if (!g) return this.renderIntro(title);
    const r = g.result;
    const l = this.l;
    const m = this.m;
    const t = this.t;
    const left = this.list?.attemptsLeft ?? (r.attemptsAllowed === 0 ? null : Math.max(0, r.attemptsAllowed - r.attemptsUsed));
    const canRetry = !r.passed && (left === null || left > 0);
    return html`<h2 class="focus-target" tabindex="-1">${title}: ${m.resultHeading}</h2>
      <div class="result ${r.passed ? 'is-passed' : 'is-failed'}" part="result" role="status">
        <p class="big">${m.score(pct(l, r.score.scaled))}</p>
        <p>${t.raw(num(l, r.score.raw), num(l, r.score.max))}</p>
        <p class="big ${r.passed ? 'good' : 'bad'}">${r.passed ? `✓ ${m.passed}` : `✗ ${m.failed}`}</p>
        ${r.passed ? nothing : html`<p>${m.mastery(pct(l, r.masteryScore))}</p>`}
        ${left === null || r.passed ? nothing : html`<p>${left > 0 ? m.attemptsLeft(num(l, left)) : m.noAttemptsLeft}</p>`}
      </div>
      ${this.renderNotice()}
      <div class="actions">
        ${canRetry ? html`<button class="btn secondary" part="start" type="button" @click=${this.start}>${m.tryAgain}</button>` : nothing}
        ${r.passed ? html`<button class="btn" part="continue" type="button" @click=${this.continue}>${m.continue}</button>` : nothing}
      </div>
      <h3>${t.byItem}</h3>
      <ol class="graded">
        ${r.items.map((item, i) => {
          const q = g.items.find((x) => x.id === item.id);
          return html`<li class=${item.success ? 'is-right' : 'is-wrong'}>
            <p class="prompt">${num(l, i + 1)}. ${q?.prompt[l] ?? item.id}</p>
            <p class="verdict ${item.success ? 'good' : 'bad'}">${item.success ? `✓ ${m.correct}` : `✗ ${m.incorrect}`}</p>
            <p>${t.yourAnswer} ${this.responseText(q, item.response)}</p>
            ${Object.values(item.feedback).map((f) => html`<p>${f[l]}</p>`)}
            ${item.explanation ? html`<p><strong>${m.why}:</strong> ${item.explanation[l]}</p>` : nothing}
          </li>`;
        })}
      </ol>`;
  }

  private continue(): void {
    this.dispatchEvent(new ChampaContinueEvent());
  }
}
