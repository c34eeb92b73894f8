// The per-locale course payloads (DESIGN §10: the course JSON is on the player's critical path):
// the compiled course restricted to one locale's text, split into a shell (everything but the
// lesson text, questions and scenarios of modules after the first) and one part per later
// module, and the merge that puts them back together. Runtime-neutral and dependency-free:
// `npm run courses` splits (courses/build/emit.ts), the player merges (components/xapi/
// offline.ts). Not for validation (courses/build/package.ts) nor for serving (server/courses.ts).
// Types only from schema.ts: it imports zod, which must not reach the browser bundle.
import type { Block, CompiledCourse, CompiledQuestion, CompiledScenario, Locale } from './schema.js';

const LOCALES: readonly Locale[] = ['lo', 'en'];

/**
 * A course as the player holds it: the CompiledCourse shape with the text of one or both
 * locales, and `blocks` absent from the lessons of modules whose part has not been merged yet.
 */
export type PartialCourse = CompiledCourse;

/** One later module's content in one locale, in the course's own shape, to merge into the shell. */
export interface CoursePart {
  /** The course hash: a part merges only into a shell of the same compiled course. */
  hash: string;
  /** Same length as the course's modules; null except at this part's module. */
  modules: ({ lessons: { blocks: Partial<Record<Locale, Block[]>> }[] } | null)[];
  /** The questions this module's lessons and quiz use. */
  questions: Record<string, CompiledQuestion>;
  /** The scenarios this module's lessons use. */
  scenarios: Record<string, CompiledScenario>;
}

export interface LocaleSplit {
  /** The course in one locale; lessons of modules after the first without `blocks`. */
  shell: PartialCourse;
  /** By module slug, for every module after the first. */
  parts: Record<string, CoursePart>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether `v` is text (or blocks) in both locales: an object whose keys are exactly the locales.
 * Every such pair in a compiled course is one (title, prompt, review, lesson blocks, …).
 */
function isLocalePair(v: Json): boolean {
  const keys = Object.keys(v);
  return keys.length === LOCALES.length && LOCALES.every((l) => keys.includes(l));
}

/** A deep copy of `value` with every locale pair cut down to `lang`. */
export function restrict<T>(value: T, lang: Locale): T {
  const cut = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(cut);
    if (!isObject(v)) return v;
    if (isLocalePair(v)) return { [lang]: cut(v[lang]) };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]));
  };
  return cut(value) as T;
}

/** Question and scenario ids used by a module's lessons (in `lang`'s blocks) and its quiz. */
function moduleRefs(course: CompiledCourse, index: number, lang: Locale): { questions: Set<string>; scenarios: Set<string> } {
  const mod = course.modules[index]!;
  const questions = new Set<string>(mod.quiz ? (course.banks[mod.quiz.bank] ?? []) : []);
  const scenarios = new Set<string>();
  const walk = (blocks: Block[]): void => {
    for (const b of blocks) {
      if (b.type === 'check') questions.add(b.question);
      else if (b.type === 'scenario') scenarios.add(b.scenario);
      else if (b.type === 'callout') walk(b.blocks);
      else if (b.type === 'list') b.items.forEach(walk);
    }
  };
  for (const lesson of mod.lessons) walk(lesson.blocks[lang] ?? []);
  return { questions, scenarios };
}

const pick = <T>(from: Record<string, T>, ids: Iterable<string>): Record<string, T> =>
  Object.fromEntries([...ids].filter((id) => Object.hasOwn(from, id)).map((id) => [id, from[id]!]));

/**
 * The shell and module parts of `course` in `lang`. The shell keeps the first module's content
 * (a first lesson needs one request), the pre/post-test and final exam items, and every
 * question or scenario no later module uses; each later module's lesson text, questions and
 * scenarios go to its part. mergeParts(shell, ...parts) equals restrict(course, lang).
 */
export function splitLocale(course: CompiledCourse, lang: Locale): LocaleSplit {
  const shell = restrict(course, lang);
  const keep = moduleRefs(shell, 0, lang);
  for (const id of course.prePostTest ? (course.banks[course.prePostTest.bank] ?? []) : []) keep.questions.add(id);
  const moved = { questions: new Set<string>(), scenarios: new Set<string>() };
  const parts: Record<string, CoursePart> = {};
  shell.modules.forEach((mod, i) => {
    if (i === 0) return;
    const refs = moduleRefs(shell, i, lang);
    parts[mod.slug] = {
      hash: course.hash,
      modules: shell.modules.map((_, j) => (j === i ? { lessons: mod.lessons.map((l) => ({ blocks: l.blocks })) } : null)),
      questions: pick(shell.questions, refs.questions),
      scenarios: pick(shell.scenarios, refs.scenarios),
    };
    for (const q of refs.questions) if (!keep.questions.has(q)) moved.questions.add(q);
    for (const s of refs.scenarios) if (!keep.scenarios.has(s)) moved.scenarios.add(s);
  });
  for (const mod of shell.modules.slice(1)) for (const lesson of mod.lessons) delete (lesson as Partial<typeof lesson>).blocks;
  for (const q of moved.questions) delete shell.questions[q];
  for (const s of moved.scenarios) delete shell.scenarios[s];
  return { shell, parts };
}

/** A part or locale that belongs to another compiled version of the course. */
export class PartMismatch extends Error {
  constructor(readonly path: string) {
    super(`course parts do not fit together at ${path || '(root)'}: they come from different versions of the course`);
  }
}

/**
 * Merges `patch` into `target` in place: missing (or null) members are taken from the patch,
 * objects and arrays (of equal length) merge member by member, and any other value must be
 * equal on both sides, else PartMismatch (and `target` may be partly merged: check the hash
 * first). In place so that the objects the elements already hold stay the same objects.
 */
export function mergeInto(target: unknown, patch: unknown, path = ''): void {
  const both = (t: unknown, p: unknown, at: string, set: (v: unknown) => void) => {
    if (p === undefined || p === null) return;
    if (t === undefined || t === null) set(p);
    else if (Array.isArray(t) && Array.isArray(p)) {
      if (t.length !== p.length) throw new PartMismatch(at);
      mergeInto(t, p, at);
    } else if (isObject(t) && isObject(p)) mergeInto(t, p, at);
    else if (t !== p) throw new PartMismatch(at);
  };
  if (Array.isArray(target) && Array.isArray(patch)) {
    patch.forEach((p, i) => both(target[i], p, `${path}[${i}]`, (v) => (target[i] = v)));
  } else if (isObject(target) && isObject(patch)) {
    for (const [k, p] of Object.entries(patch)) both(target[k], p, path ? `${path}.${k}` : k, (v) => (target[k] = v));
  } else throw new PartMismatch(path);
}

/** A new course: `base` with every patch merged in (the inputs are not changed). */
export function mergeParts<T>(base: T, ...patches: unknown[]): T {
  const out = structuredClone(base);
  for (const p of patches) mergeInto(out, p);
  return out;
}

/** Whether the course holds module `index`'s lesson text in `lang` (its part is merged). */
export function hasModule(course: PartialCourse, index: number, lang: Locale): boolean {
  const mod = course.modules[index];
  return !!mod && mod.lessons.every((l) => Array.isArray((l.blocks as Partial<Record<Locale, Block[]>> | undefined)?.[lang]));
}

/** Whether the course holds its shell's text in `lang`. */
export const hasLocale = (course: PartialCourse, lang: Locale): boolean => typeof (course.title as Partial<Record<Locale, string>>)[lang] === 'string';
