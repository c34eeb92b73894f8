// <champa-quiz>: one assessment (module quiz, pre-test, post-test or final exam): draws its
// items from a bank per the course rules, asks them one at a time, enforces attempts,
// scores the attempt against the mastery score and records xAPI passed/failed with the
// scaled score. Not for persisting: it reports each step in events and takes `run` back.
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import '../champa-progress/champa-progress.js';
import '../champa-question/champa-question.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { attemptsLeft, drawItems, score } from '../shared/assess.js';
import { ChampaAnswerEvent, ChampaContinueEvent, ChampaQuizProgressEvent, ChampaQuizResultEvent, type QuizRun } from '../shared/events.js';
import { num, pct } from '../shared/i18n.js';
import type { CompiledQuestion } from '../shared/types.js';
import { styles } from './champa-quiz.styles.js';

type Phase = 'intro' | 'question' | 'result';

/**
 * An assessment taken one question at a time. In `quiz` mode each answer gets feedback
 * (right or not, and why); in `test` mode (pre/post-tests, exams) answers get none and the
 * next question follows at once. The attempt ends with the score, pass or fail, and what
 * is left to do.
 *
 * @summary A scored quiz or test drawn from a question bank.
 *
 * @csspart start - The start / try-again button.
 * @csspart result - The result box.
 *
 * @cssprop --champa-color-good - Passed.
 * @cssprop --champa-color-bad - Not passed.
 *
 * @event champa-quiz-progress - After each answer and at the end (`ChampaQuizProgressEvent`: assessmentIri, run or null when finished).
 * @event champa-quiz-result - An attempt ended (`ChampaQuizResultEvent`: assessmentIri, scaled, raw, max, passed).
 * @event champa-continue - The learner pressed "Continue" on the result.
 * @event champa-answer - Bubbles up from each question.
 */
@customElement('champa-quiz')
export class ChampaQuiz extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** The question bank to draw from. */
  @property({ attribute: false }) questions: CompiledQuestion[] = [];
  /** The assessment's activity IRI (what passed/failed is about). */
  @property() assessment = '';
  /** IRI of the module (or course) the assessment belongs to: the parent of passed/failed. */
  @property() parent = '';
  /** Title shown above the quiz. */
  @property() heading = '';
  /** Items drawn per attempt; 0 asks every question in the bank. */
  @property({ type: Number }) items = 0;
  /** Draw items at random (else the first `items` in bank order). */
  @property({ type: Boolean }) randomise = false;
  /** Scaled score (0..1) needed to pass. */
  @property({ type: Number, attribute: 'mastery-score' }) masteryScore = 0.8;
  /** Attempts allowed; 0 means unlimited. */
  @property({ type: Number, attribute: 'attempts-allowed' }) attemptsAllowed = 0;
  /** Attempts already finished. */
  @property({ type: Number, attribute: 'attempts-used' }) attemptsUsed = 0;
  /** `quiz`: feedback after each answer. `test`: no feedback. */
  @property({ reflect: true }) mode: 'quiz' | 'test' = 'quiz';
  /** An attempt in progress to resume (from `champa-quiz-progress`). */
  @property({ attribute: false }) run: QuizRun | null = null;
  /** The latest finished attempt, shown instead of the intro. */
  @property({ attribute: false }) last: { scaled: number; passed: boolean } | null = null;

  @state() private phase: Phase = 'intro';
  @state() private index = 0;

  @query('.focus-target') private focusTarget?: HTMLElement;
  /** The run this element made itself; any other value of `run` comes from outside (a resume). */
  private own: QuizRun | null = null;
  /** The bank's ids as last seen: a new array with the same questions is not a new bank. */
  private bankKey = '';

  private byId(id: string | undefined): CompiledQuestion | undefined {
    return this.questions.find((q) => q.id === id);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const bankKey = this.questions.map((q) => q.id).join('\n');
    const newBank = changed.has('questions') && bankKey !== this.bankKey;
    this.bankKey = bankKey;
    if ((changed.has('run') && this.run !== this.own) || newBank) {
      const run = this.run;
      this.own = run;
      if (run && run.items.every((id) => this.byId(id))) {
        const next = run.items.findIndex((id) => !run.answers[id]);
        this.index = next < 0 ? run.items.length - 1 : next;
        this.phase = 'question';
      } else if (changed.has('run') && this.phase === 'question') {
        this.phase = 'intro';
      }
    }
  }

  /** Moves the keyboard focus to the heading of what is shown now. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.focusTarget?.focus();
  }

  private get left(): number {
    return attemptsLeft(this.attemptsAllowed, this.attemptsUsed);
  }

  private start(): void {
    if (this.left <= 0 || this.questions.length === 0) return;
    const run: QuizRun = {
      items: drawItems(
        this.questions.map((q) => q.id),
        this.items,
        this.randomise,
      ),
      answers: {},
      startedAt: Date.now(),
    };
    this.run = this.own = run;
    this.index = 0;
    this.phase = 'question';
    this.dispatchEvent(new ChampaQuizProgressEvent(this.assessment, run));
    this.focusHeading();
  }

  private answered(e: ChampaAnswerEvent): void {
    const run = this.run;
    if (!run) return;
    const next: QuizRun = { ...run, answers: { ...run.answers, [e.questionId]: { response: e.response, success: e.success } } };
    this.run = this.own = next;
    this.dispatchEvent(new ChampaQuizProgressEvent(this.assessment, next));
    if (this.mode === 'test') this.advance();
  }

  private advance(): void {
    const run = this.run!;
    if (this.index < run.items.length - 1) {
      this.index++;
      this.focusHeading();
    } else this.finish();
  }

  private finish(): void {
    const run = this.run!;
    const results = run.items.map((id) => run.answers[id]?.success === true);
    const s = score(results, this.masteryScore);
    const durationMs = Date.now() - run.startedAt;
    this.record((r) =>
      r.scored(this.assessment, s.passed ? 'passed' : 'failed', {
        scaled: s.scaled,
        raw: s.raw,
        min: 0,
        max: s.max,
        durationMs,
        ...(this.parent ? { parent: this.parent } : {}),
      }),
    );
    this.last = { scaled: s.scaled, passed: s.passed };
    this.attemptsUsed++;
    this.run = this.own = null;
    this.phase = 'result';
    this.dispatchEvent(new ChampaQuizProgressEvent(this.assessment, null));
    this.dispatchEvent(new ChampaQuizResultEvent(this.assessment, s.scaled, s.raw, s.max, s.passed));
    this.focusHeading();
  }

  override render() {
    const l = this.l;
    const m = this.m;
    const title = this.heading || m.quiz;
    if (this.phase === 'question' && this.run) return this.renderQuestion(title);
    const left = this.left;
    const last = this.last;
    const count = this.items > 0 ? Math.min(this.items, this.questions.length) : this.questions.length;
    return html`<h2 class="focus-target" tabindex="-1">${title}</h2>
      ${last
        ? html`<div class="result ${last.passed ? 'is-passed' : 'is-failed'}" part="result" role="status">
            <p class="big">${m.score(pct(l, last.scaled))}</p>
            <p class="big ${last.passed ? 'good' : 'bad'}">${last.passed ? `✓ ${m.passed}` : `✗ ${m.failed}`}</p>
          </div>`
        : nothing}
      <ul class="facts">
        <li>${m.questions(num(l, count))}</li>
        <li>${m.mastery(pct(l, this.masteryScore))}</li>
        <li>${left === Infinity ? nothing : left > 0 ? m.attemptsLeft(num(l, left)) : m.noAttemptsLeft}</li>
      </ul>
      <div class="actions">
        ${left > 0 && !last?.passed && count > 0
          ? html`<button class="btn ${last ? 'secondary' : ''}" part="start" type="button" @click=${this.start}>${last ? m.tryAgain : m.start}</button>`
          : nothing}
        ${last ? html`<button class="btn" type="button" @click=${() => this.dispatchEvent(new ChampaContinueEvent())}>${m.continue}</button>` : nothing}
      </div>`;
  }

  private renderQuestion(title: string) {
    const l = this.l;
    const m = this.m;
    const run = this.run!;
    const id = run.items[this.index];
    const q = this.byId(id);
    const given = id ? run.answers[id] : undefined;
    const isLast = this.index === run.items.length - 1;
    return html`<h2>${title}</h2>
      <champa-progress lang=${l} .value=${Object.keys(run.answers).length} .max=${run.items.length}></champa-progress>
      <h3 class="focus-target" tabindex="-1">${m.questionOf(num(l, this.index + 1), num(l, run.items.length))}</h3>
      <champa-question lang=${l} mode=${this.mode} parent=${this.assessment} .question=${q ?? null} .response=${given?.response ?? null} .recorder=${this.recorder}
        @champa-answer=${this.answered}></champa-question>
      ${given && this.mode === 'quiz'
        ? html`<div class="actions"><button class="btn" type="button" @click=${this.advance}>${isLast ? m.finishQuiz : m.next}</button></div>`
        : nothing}
      ${given && this.mode === 'test' && isLast
        ? html`<div class="actions"><button class="btn" type="button" @click=${this.finish}>${m.finishQuiz}</button></div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-quiz': ChampaQuiz;
  }
}
