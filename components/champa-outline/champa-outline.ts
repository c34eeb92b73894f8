// <champa-outline>: the course's modules, lessons and assessments as a navigation list with
// what is done, what is current and what is locked. Not for deciding the rules: it reads
// them from shared/progress.ts.
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { ChampaNavigateEvent, type View } from '../shared/events.js';
import { num, pct } from '../shared/i18n.js';
import { assessmentIri, emptyProgress, locked, moduleComplete, sameView, type Progress } from '../shared/progress.js';
import type { CompiledCourse } from '../shared/types.js';
import { styles } from './champa-outline.styles.js';

/**
 * The outline of a course with the learner's progress. Each entry is a button that asks to go
 * there; the element itself does not navigate.
 *
 * @summary Course outline with progress, as navigation.
 *
 * @csspart nav - The navigation landmark.
 * @csspart entry - Each lesson or assessment button.
 *
 * @cssprop --champa-color-accent - Marker of the current entry.
 * @cssprop --champa-color-good - The "done" tick.
 *
 * @event champa-navigate - The learner chose an entry (`ChampaNavigateEvent`: view).
 */
@customElement('champa-outline')
export class ChampaOutline extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** The compiled course. */
  @property({ attribute: false }) course: CompiledCourse | null = null;
  /** The learner's progress; none shows nothing done. */
  @property({ attribute: false }) progress: Progress | null = null;
  /** The view being shown, marked aria-current. */
  @property({ attribute: false }) current: View | null = null;

  private go(view: View): void {
    this.dispatchEvent(new ChampaNavigateEvent(view));
  }

  private entry(view: View, title: string, done: boolean, sub = '') {
    const c = this.course!;
    const p = this.progress ?? emptyProgress();
    const isLocked = locked(c, p, view);
    const current = this.current !== null && sameView(this.current, view);
    const m = this.m;
    return html`<li>
      <button class="entry ${done ? 'done' : ''}" part="entry" type="button" ?disabled=${isLocked}
        aria-current=${current ? 'step' : nothing} @click=${() => this.go(view)}>
        <span class="mark" aria-hidden="true">${done ? '✓' : isLocked ? '🔒' : '○'}</span>
        <span>${title}${done ? html`<span class="visually-hidden"> (${m.completed})</span>` : nothing}
          ${sub || isLocked ? html`<span class="sub">${isLocked ? m.locked : sub}</span>` : nothing}</span>
      </button>
    </li>`;
  }

  private assessment(view: View, title: string) {
    const p = this.progress ?? emptyProgress();
    const iri = assessmentIri(this.course!, view);
    const rec = iri ? p.assessments[iri] : undefined;
    const taken = rec !== undefined && (rec.passed || view.kind === 'pretest' || view.kind === 'posttest');
    const sub = rec ? `${this.m.score(pct(this.l, rec.best))}${rec.passed ? ` · ${this.m.passed}` : ''}` : '';
    return this.entry(view, title, taken, sub);
  }

  override render() {
    const c = this.course;
    if (!c) return nothing;
    const l = this.l;
    const m = this.m;
    const p = this.progress ?? emptyProgress();
    return html`<nav part="nav" aria-label=${m.outline}>
      <ol>
        ${c.prePostTest ? this.assessment({ kind: 'pretest' }, m.pretest) : nothing}
        ${c.modules.map((mod, i) => {
          const done = moduleComplete(c, mod, p);
          return html`<li class="module">
            <span class="module-title">${m.module(num(l, i + 1))}: ${mod.title[l]}
              ${done ? html`<span class="state good"> ✓<span class="visually-hidden"> ${m.completed}</span></span>` : nothing}</span>
            <ol>
              ${mod.lessons.map((lesson) =>
                this.entry({ kind: 'lesson', module: mod.slug, lesson: lesson.slug }, lesson.title[l], p.viewed.includes(lesson.iri)),
              )}
              ${mod.quiz ? this.assessment({ kind: 'quiz', module: mod.slug }, m.quiz) : nothing}
            </ol>
          </li>`;
        })}
        ${c.prePostTest ? this.assessment({ kind: 'posttest' }, m.posttest) : nothing}
        ${c.finalExam ? this.assessment({ kind: 'exam' }, m.exam) : nothing}
      </ol>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-outline': ChampaOutline;
  }
}
