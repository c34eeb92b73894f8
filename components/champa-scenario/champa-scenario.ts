// <champa-scenario>: a branching scenario from the course, played node by node with the
// choices as buttons. At an end it records one xAPI "answered" statement (interaction type
// "performance": the path of node[.]choice steps; success when the end is a good one).
// Not for scoring toward a quiz: scenarios teach, they do not grade.
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { PAIR, SEP } from '../shared/assess.js';
import { ChampaScenarioEndEvent } from '../shared/events.js';
import type { CompiledScenario, Localized } from '../shared/types.js';
import { styles } from './champa-scenario.styles.js';

/**
 * A branching scenario. Choices are buttons; after each, the choice's feedback and the next
 * part of the story appear and the keyboard focus moves to them.
 *
 * @summary A branching scenario, played choice by choice.
 *
 * @csspart story - The current part of the story.
 * @csspart choice - Each choice button.
 * @csspart ending - The ending box with its outcome.
 *
 * @cssprop --champa-color-accent - Choice buttons.
 *
 * @event champa-scenario-end - An end node was reached (`ChampaScenarioEndEvent`: scenarioIri, end, path).
 */
@customElement('champa-scenario')
export class ChampaScenario extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** The compiled scenario (from CompiledCourse.scenarios). */
  @property({ attribute: false }) scenario: CompiledScenario | null = null;

  /** IRI of the lesson the scenario is played in: the statement's parent. */
  @property() parent = '';

  /** Node ids visited so far, starting with the start node. */
  @state() private path: string[] = [];
  /** The choice made at each visited node but the last, as its text and feedback. */
  @state() private picks: { text: Localized; feedback?: Localized }[] = [];

  @query('.story') private storyEl?: HTMLElement;
  private startedAt = Date.now();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('scenario')) this.restart(false);
  }

  private restart(focus: boolean): void {
    this.path = this.scenario ? [this.scenario.start] : [];
    this.picks = [];
    this.startedAt = Date.now();
    if (focus) this.updateComplete.then(() => this.storyEl?.focus());
  }

  private node(id: string | undefined) {
    return this.scenario?.nodes.find((n) => n.id === id);
  }

  private choose(index: number): void {
    const s = this.scenario!;
    const here = this.node(this.path.at(-1))!;
    const choice = here.choices![index]!;
    this.path = [...this.path, choice.next];
    this.picks = [...this.picks, { text: choice.text, feedback: choice.feedback }];
    const next = this.node(choice.next)!;
    if (next.end) {
      const steps = this.path.slice(0, -1).map((id, i) => `${id}${PAIR}${this.path[i + 1]}`);
      const durationMs = Date.now() - this.startedAt;
      this.record((r) =>
        r.answered(s.iri, { response: steps.join(SEP), success: next.end === 'good', durationMs, interactionType: 'performance', ...(this.parent ? { parent: this.parent } : {}) }),
      );
      this.dispatchEvent(new ChampaScenarioEndEvent(s.iri, next.end, [...this.path]));
    }
    this.updateComplete.then(() => this.storyEl?.focus());
  }

  override render() {
    const s = this.scenario;
    if (!s) return nothing;
    const l = this.l;
    const m = this.m;
    const node = this.node(this.path.at(-1));
    if (!node) return nothing;
    const last = this.picks.at(-1);
    const endText = { good: m.endGood, poor: m.endPoor, neutral: m.endNeutral };
    return html`<p class="label">${m.scenario}</p>
      <h3>${s.title[l]}</h3>
      <div class="story" part="story" tabindex="-1">
        ${last
          ? html`<div class="chosen">
              <p><strong>${m.youChose}</strong> ${last.text[l]}</p>
              ${last.feedback ? html`<p>${last.feedback[l]}</p>` : nothing}
            </div>`
          : nothing}
        <p>${node.text[l]}</p>
        ${node.end ? html`<p class="end ${node.end === 'good' ? 'good' : node.end === 'poor' ? 'bad' : ''}" part="ending">${endText[node.end]}</p>` : nothing}
      </div>
      ${node.choices
        ? html`<ul class="choices">
            ${node.choices.map(
              (c, i) => html`<li><button class="btn secondary" part="choice" type="button" @click=${() => this.choose(i)}>${c.text[l]}</button></li>`,
            )}
          </ul>`
        : html`<div class="actions"><button class="btn secondary" type="button" @click=${() => this.restart(true)}>${m.playAgain}</button></div>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-scenario': ChampaScenario;
  }
}
