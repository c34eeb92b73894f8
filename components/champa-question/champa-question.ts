// <champa-question>: one question of any type (single, multiple, true-false, ordering,
// matching, case-based), answered with native controls, marked, recorded as an xAPI
// "answered" statement, with feedback when the mode allows it. Not for drawing or scoring
// a set of questions: <champa-quiz> does that.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { choicesOf, correctPattern, isCorrect, PAIR, SEP, shuffle } from '../shared/assess.js';
import { ChampaAnswerEvent } from '../shared/events.js';
import { num } from '../shared/i18n.js';
import type { CompiledQuestion } from '../shared/types.js';
import { styles } from './champa-question.styles.js';

export type QuestionMode = 'check' | 'quiz' | 'test';

let counter = 0;

/**
 * One question with its answer controls. Answering records an xAPI `answered` statement
 * (response in the xAPI interaction format, success, duration) through `recorder`.
 *
 * @summary One question, marked and recorded.
 *
 * @csspart question - The fieldset holding the prompt and the answer controls.
 * @csspart submit - The button that submits the answer.
 * @csspart feedback - The box saying whether the answer was right, and why.
 *
 * @cssprop --champa-color-good - Colour of "correct" feedback.
 * @cssprop --champa-color-bad - Colour of "not correct" feedback.
 * @cssprop --champa-color-accent - Buttons and selected controls.
 *
 * @event champa-answer - The learner submitted an answer (`ChampaAnswerEvent`: questionIri, questionId, response, success).
 */
@customElement('champa-question')
export class ChampaQuestion extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** The compiled question (from CompiledCourse.questions). */
  @property({ attribute: false }) question: CompiledQuestion | null = null;

  /**
   * `check`: feedback at once, may be tried again (knowledge checks in lessons).
   * `quiz`: feedback at once, one answer. `test`: one answer, no feedback (pre/post-tests, exams).
   */
  @property({ reflect: true }) mode: QuestionMode = 'check';

  /** IRI of the activity the question is asked in (a quiz's assessment, a lesson): the statement's parent. */
  @property() parent = '';

  /** A response given earlier (xAPI format), shown as already answered; for resuming. */
  @property({ attribute: false }) response: string | null = null;

  @state() private value = '';
  @state() private picked = new Set<string>();
  @state() private order: string[] = [];
  @state() private chosen: Record<string, string> = {};
  @state() private rights: string[] = [];
  @state() private answered: { response: string; success: boolean } | null = null;
  @state() private hint = false;

  @query('.feedback') private feedbackEl?: HTMLElement;

  private shownAt = Date.now();
  private readonly uid = `q${++counter}`;
  private refocus: string | null = null;

  /** Whether the learner has answered (in this element's life or via `response`). */
  get isAnswered(): boolean {
    return this.answered !== null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('question')) this.reset();
    if (changed.has('response') && this.response !== null && this.question) this.restore(this.response);
  }

  private reset(): void {
    const q = this.question;
    this.value = '';
    this.picked = new Set();
    this.chosen = {};
    this.answered = null;
    this.hint = false;
    this.shownAt = Date.now();
    if (q?.type === 'ordering') {
      const ids = q.items.map((i) => i.id);
      let order = shuffle(ids);
      // Never hand out the answer: a shuffle that came out right is rotated by one.
      if (order.join() === ids.join()) order = [...ids.slice(1), ids[0]!];
      this.order = order;
    } else this.order = [];
    this.rights = q?.type === 'matching' ? shuffle(q.pairs.map((p) => p.id)) : [];
  }

  private restore(response: string): void {
    const q = this.question!;
    const parts = response.split(SEP);
    if (q.type === 'multiple' || q.type === 'scenario') this.picked = new Set(parts);
    if (q.type === 'ordering') this.order = parts;
    if (q.type === 'matching') this.chosen = Object.fromEntries(parts.map((p) => p.split(PAIR) as [string, string]));
    this.value = response;
    this.answered = { response, success: isCorrect(q, response) };
  }

  /** The current input as an xAPI response, or null while incomplete. */
  private currentResponse(): string | null {
    const q = this.question!;
    switch (q.type) {
      case 'single':
      case 'true-false':
        return this.value || null;
      case 'scenario':
        if (!q.multiple) return this.value || null;
      // falls through: a multiple-answer case
      case 'multiple': {
        const ids = q.choices.map((c) => c.id).filter((id) => this.picked.has(id));
        return ids.length ? ids.join(SEP) : null;
      }
      case 'ordering':
        return this.order.join(SEP);
      case 'matching': {
        if (q.pairs.some((p) => !this.chosen[p.id])) return null;
        return q.pairs.map((p) => `${p.id}${PAIR}${this.chosen[p.id]}`).join(SEP);
      }
    }
  }

  private submit(e: Event): void {
    e.preventDefault();
    const q = this.question;
    if (!q || this.answered) return;
    const response = this.currentResponse();
    if (response === null) {
      this.hint = true;
      return;
    }
    const success = isCorrect(q, response);
    const durationMs = Date.now() - this.shownAt;
    this.answered = { response, success };
    this.hint = false;
    this.record((r) =>
      r.answered(q.iri, {
        response,
        success,
        durationMs,
        interactionType: q.interactionType,
        correctResponsesPattern: correctPattern(q),
        choices: choicesOf(q),
        ...(this.parent ? { parent: this.parent } : {}),
      }),
    );
    this.dispatchEvent(new ChampaAnswerEvent(q.iri, q.id, response, success));
    if (this.mode !== 'test') this.updateComplete.then(() => this.feedbackEl?.focus());
  }

  private tryAgain(): void {
    this.reset();
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input, select, .move')?.focus());
  }

  private move(id: string, by: -1 | 1): void {
    const i = this.order.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= this.order.length) return;
    const order = [...this.order];
    [order[i], order[j]] = [order[j]!, order[i]!];
    this.order = order;
    // Keep the keyboard on the item that moved; at an end, switch to the other arrow.
    const atEnd = j === 0 || j === order.length - 1;
    this.refocus = `${id}:${atEnd ? -by : by}`;
  }

  protected override updated(): void {
    if (this.refocus) {
      const [id, dir] = this.refocus.split(':');
      this.refocus = null;
      this.renderRoot.querySelector<HTMLElement>(`.move[data-id="${id}"][data-dir="${dir}"]`)?.focus();
    }
  }

  override render() {
    const q = this.question;
    if (!q) return nothing;
    const l = this.l;
    const m = this.m;
    const locked = this.answered !== null;
    const showFeedback = locked && this.mode !== 'test';
    const right = new Set(correctPattern(q)[0]!.split(SEP));
    const id = `${this.uid}-legend`;

    const option = (type: 'radio' | 'checkbox', value: string, text: string, checked: boolean, onChange: (e: Event) => void) => {
      const isRight = showFeedback && (q.type === 'true-false' ? value === String(q.answer) : right.has(value));
      return html`<label class="option ${isRight ? 'right' : ''}">
        <input type=${type} name=${this.uid} .value=${value} .checked=${checked} ?disabled=${locked} @change=${onChange} />
        <span>${text} ${isRight ? html`<span class="tag">✓ ${m.rightAnswer}</span>` : nothing}</span>
      </label>`;
    };

    let controls: TemplateResult;
    switch (q.type) {
      case 'true-false':
        controls = html`<div class="options">
          ${option('radio', 'true', m.yes, this.value === 'true', () => (this.value = 'true'))}
          ${option('radio', 'false', m.no, this.value === 'false', () => (this.value = 'false'))}
        </div>`;
        break;
      case 'single':
      case 'multiple':
      case 'scenario': {
        const many = q.type === 'multiple' || (q.type === 'scenario' && q.multiple === true);
        controls = html`${many ? html`<p class="muted">${m.chooseAll}</p>` : nothing}
          <div class="options">
            ${q.choices.map((c) =>
              many
                ? option('checkbox', c.id, c.text[l], this.picked.has(c.id), (e) => {
                    const next = new Set(this.picked);
                    if ((e.target as HTMLInputElement).checked) next.add(c.id);
                    else next.delete(c.id);
                    this.picked = next;
                  })
                : option('radio', c.id, c.text[l], this.value === c.id, () => (this.value = c.id)),
            )}
          </div>`;
        break;
      }
      case 'ordering': {
        const text = (iid: string) => q.items.find((i) => i.id === iid)?.text[l] ?? iid;
        controls = html`<ol class="order">
          ${this.order.map(
            (iid, i) => html`<li>
              <span class="n" aria-hidden="true">${num(l, i + 1)}.</span>
              <span class="text">${text(iid)}</span>
              <button type="button" class="move" data-id=${iid} data-dir="-1" aria-label="${m.moveUp}: ${text(iid)}"
                ?disabled=${locked || i === 0} @click=${() => this.move(iid, -1)}>↑</button>
              <button type="button" class="move" data-id=${iid} data-dir="1" aria-label="${m.moveDown}: ${text(iid)}"
                ?disabled=${locked || i === this.order.length - 1} @click=${() => this.move(iid, 1)}>↓</button>
            </li>`,
          )}
        </ol>`;
        break;
      }
      case 'matching':
        controls = html`${q.pairs.map(
          (p) => html`<label class="pair">
            <span>${p.left[l]}</span>
            <select ?disabled=${locked} @change=${(e: Event) => (this.chosen = { ...this.chosen, [p.id]: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!this.chosen[p.id]}>${m.choose}</option>
              ${this.rights.map((rid) => html`<option value=${rid} ?selected=${this.chosen[p.id] === rid}>${q.pairs.find((x) => x.id === rid)?.right[l]}</option>`)}
            </select>
          </label>`,
        )}`;
        break;
    }

    return html`<form @submit=${this.submit} novalidate>
      ${q.type === 'scenario' ? html`<p class="case">${q.case[l]}</p>` : nothing}
      <fieldset part="question" aria-labelledby=${id}>
        <legend id=${id}>${q.prompt[l]}</legend>
        ${controls}
      </fieldset>
      ${locked
        ? nothing
        : html`<div class="actions"><button class="btn" part="submit" type="submit">${this.mode === 'test' ? m.answer : m.checkAnswer}</button></div>`}
      <div role="status">${this.hint ? html`<p class="hint">${m.chooseFirst}</p>` : nothing}</div>
    </form>
    ${showFeedback ? this.renderFeedback(q) : nothing}`;
  }

  private renderFeedback(q: CompiledQuestion) {
    const l = this.l;
    const m = this.m;
    const a = this.answered!;
    const picked = new Set(a.response.split(SEP));
    const choiceFeedback =
      q.type === 'single' || q.type === 'multiple' || q.type === 'scenario'
        ? q.choices.filter((c) => picked.has(c.id) && c.feedback).map((c) => html`<p>${c.feedback![l]}</p>`)
        : [];
    return html`<div class="feedback ${a.success ? 'is-right' : 'is-wrong'}" part="feedback" tabindex="-1">
      <p class="verdict ${a.success ? 'good' : 'bad'}">${a.success ? `✓ ${m.correct}` : `✗ ${m.incorrect}`}</p>
      ${choiceFeedback}
      ${q.type === 'ordering' && !a.success
        ? html`<p>${m.rightOrder} ${q.items.map((i) => i.text[l]).join(' → ')}</p>`
        : nothing}
      ${q.type === 'matching' && !a.success
        ? html`<ul>${q.pairs.map((p) => html`<li>${p.left[l]} → ${p.right[l]}</li>`)}</ul>`
        : nothing}
      <p><strong>${m.why}:</strong> ${q.explanation[l]}</p>
      ${this.mode === 'check' && !a.success
        ? html`<button class="btn secondary" type="button" @click=${this.tryAgain}>${m.tryAgain}</button>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-question': ChampaQuestion;
  }
}
