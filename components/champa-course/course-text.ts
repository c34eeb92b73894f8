// The course text <champa-course> shows, loaded as the learner needs it (DESIGN §10): one
// locale's shell first (the outline, rules and the first module), a later module's part when
// the learner goes there (and the next one behind it), the other locale's when they switch.
// Everything merges in place into one course object (courses/parts.ts), so the lessons and
// questions elements already hold stay the same objects. Not for the device copy (xapi/offline.ts).
import { hasLocale, hasModule, mergeInto, type CoursePart, type PartialCourse } from '../../courses/parts.js';
import type { Lang } from '../shared/i18n.js';
import { loadPart, loadShell } from '../xapi/offline.js';

/** A part from another compiled version than the shell: the course changed on the server. */
export class CourseChanged extends Error {
  constructor() {
    super('the course was updated on the server while it was open');
  }
}

export class CourseText {
  /** The course so far; null until the first shell arrives. */
  course: PartialCourse | null = null;
  #loads = new Map<string, Promise<void>>();

  constructor(
    readonly origin: string,
    readonly slug: string,
  ) {}

  /** Whether `lang`'s shell, and the text of module `index` if given, are here. */
  has(lang: Lang, index?: number): boolean {
    const c = this.course;
    return !!c && hasLocale(c, lang) && (index === undefined || hasModule(c, index, lang));
  }

  /**
   * Loads what is missing of `lang`'s shell and of module `index`'s text in `lang`. Resolves
   * with the course; rejects when it cannot be loaded (no network and no device copy), or with
   * CourseChanged when a part does not fit the shell.
   */
  async ensure(lang: Lang, index?: number): Promise<PartialCourse> {
    if (!this.course || !hasLocale(this.course, lang)) {
      await this.#once(lang, async () => {
        const shell = await loadShell(this.origin, this.slug, lang);
        if (this.course) this.#merge(shell);
        else this.course = shell;
      });
    }
    const mod = index === undefined ? undefined : this.course!.modules[index];
    if (mod && !hasModule(this.course!, index!, lang)) {
      await this.#once(`${lang}/${mod.slug}`, async () => this.#merge(await loadPart(this.origin, this.slug, lang, mod.slug)));
    }
    return this.course!;
  }

  /** Loads module `index`'s text in `lang` behind the learner's back, if it is not here; never rejects. */
  prefetch(lang: Lang, index: number): void {
    if (this.course && index < this.course.modules.length && !this.has(lang, index)) this.ensure(lang, index).catch(() => undefined);
  }

  #merge(patch: PartialCourse | CoursePart): void {
    if (patch.hash !== this.course!.hash) throw new CourseChanged();
    mergeInto(this.course, patch);
  }

  /** Runs one load per key at a time; a failed one may be tried again. */
  #once(key: string, load: () => Promise<void>): Promise<void> {
    let p = this.#loads.get(key);
    if (!p) {
      p = load().finally(() => this.#loads.delete(key));
      this.#loads.set(key, p);
    }
    return p;
  }
}
