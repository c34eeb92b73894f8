// <champa-lesson>: one compiled lesson, rendered safely from its block tree, with its
// knowledge checks and scenarios, the sources it cites, and a closing button that records an
// xAPI "experienced" statement with the time spent. Not for choosing the next lesson.
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { ChampaLessonCompleteEvent, ChampaNavigateEvent } from '../shared/events.js';
import type { CompiledCourse, CompiledLesson } from '../shared/types.js';
import { blocks, citeOrder, safeHref, type RenderContext } from './blocks.js';
import { styles } from './champa-lesson.styles.js';

/** The Champa server the built elements came from (they are served from its /assets/). */
export const defaultServer = (): string => new URL('/', import.meta.url).href;

/**
 * A lesson: text, callouts, images (alt text per locale), knowledge checks and branching
 * scenarios. Pressing the closing button records `experienced` for the lesson (with the time
 * since it was shown) and fires `champa-lesson-complete`.
 *
 * @summary One lesson of a course, rendered from data.
 *
 * @csspart article - The lesson body.
 * @csspart finish - The closing "finished reading" button.
 *
 * @cssprop --champa-measure - Maximum line length of the text (default 42rem).
 * @cssprop --champa-color-accent - Links, callout rules, buttons.
 *
 * @event champa-lesson-complete - The learner finished the lesson (`ChampaLessonCompleteEvent`: lessonIri, durationMs).
 * @event champa-navigate - A link to another lesson was followed (`ChampaNavigateEvent`).
 */
@customElement('champa-lesson')
export class ChampaLesson extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** The compiled lesson (from CompiledCourse.modules[].lessons[]). */
  @property({ attribute: false }) lesson: CompiledLesson | null = null;
  /** The course the lesson belongs to: its questions, scenarios, sources and images. */
  @property({ attribute: false }) course: CompiledCourse | null = null;
  /** Origin of the Champa server for images; default: where the elements were loaded from. */
  @property() src = '';
  /** IRI of the module the lesson belongs to: the parent of its "experienced" statement. */
  @property() parent = '';
  /** A line above the title, e.g. "Module 1 · Lesson 2 of 3". */
  @property() kicker = '';
  /** Label of the closing button; default "Finished reading, continue". */
  @property({ attribute: 'finish-label' }) finishLabel = '';

  @query('h2') private heading?: HTMLElement;
  private openedAt = Date.now();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lesson')) this.openedAt = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.openedAt = Date.now();
  }

  /** Moves the keyboard focus to the lesson title (after a view change). */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.heading?.focus();
  }

  private finish(): void {
    const lesson = this.lesson;
    if (!lesson) return;
    const durationMs = Date.now() - this.openedAt;
    this.record((r) => r.experienced(lesson.iri, { durationMs, name: { lo: lesson.title.lo, en: lesson.title.en }, ...(this.parent ? { parent: this.parent } : {}) }));
    this.dispatchEvent(new ChampaLessonCompleteEvent(lesson.iri, durationMs));
  }

  override render() {
    const lesson = this.lesson;
    if (!lesson) return nothing;
    const l = this.l;
    const m = this.m;
    const content = lesson.blocks[l];
    const cites = citeOrder(content);
    const ctx: RenderContext = {
      l,
      m,
      course: this.course,
      recorder: this.recorder,
      base: this.src ? new URL('/', this.src).href : defaultServer(),
      cites,
      parent: lesson.iri,
      navigate: (view) => this.dispatchEvent(new ChampaNavigateEvent(view)),
    };
    const sources = [...cites.keys()].map((id) => this.course?.sources.find((s) => s.id === id));
    return html`<article class="article" part="article" lang=${l}>
      ${this.kicker ? html`<p class="kicker">${this.kicker}</p>` : nothing}
      <h2 tabindex="-1">${lesson.title[l]}</h2>
      ${this.course?.review[l] === 'machine-drafted' ? html`<p class="draft">${m.draft}</p>` : nothing}
      ${blocks(content, ctx)}
      ${sources.length
        ? html`<section class="sources" aria-label=${m.sources}>
            <h3>${m.sources}</h3>
            <ol>
              ${sources.map((s) => {
                if (!s) return html`<li></li>`;
                const link = s.url ? safeHref(s.url) : null;
                const meta = [s.publisher, s.year].filter(Boolean).join(', ');
                return html`<li>
                  ${link ? html`<a href=${link.href} target="_blank" rel="noopener noreferrer">${s.title}</a>` : s.title}${meta ? `, ${meta}` : ''}
                </li>`;
              })}
            </ol>
          </section>`
        : nothing}
      <div class="actions">
        <button class="btn" part="finish" type="button" @click=${this.finish}>${this.finishLabel || m.finishLesson}</button>
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-lesson': ChampaLesson;
  }
}
