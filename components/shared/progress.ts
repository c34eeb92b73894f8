// The learner's progress through one course as plain data (saved with the recorder's
// setState so a reload resumes it), and the course rules read from it: the order of steps,
// when a module and the course are complete, what comes next. Not for recording statements
// and not authoritative: the server derives progress from the statements it receives.
import type { View, QuizRun } from './events.js';
import type { CompiledCourse, CompiledModule } from './types.js';

export interface AssessmentRecord {
  attempts: number;
  /** Best and latest scaled score (0..1). */
  best: number;
  last: number;
  passed: boolean;
}

export interface Progress {
  v: 1;
  /** Where the learner was (the bookmark). */
  view: View;
  /** Lesson IRIs read to the end. */
  viewed: string[];
  /** By assessment IRI (module quizzes, pre-test, post-test, final exam). */
  assessments: Record<string, AssessmentRecord>;
  /** An assessment attempt in progress, by assessment IRI (resumed mid-quiz after a reload). */
  runs: Record<string, QuizRun>;
  /** Module IRIs whose completion was recorded. */
  modulesCompleted: string[];
  courseCompleted: boolean;
}

export const emptyProgress = (): Progress => ({
  v: 1,
  view: { kind: 'home' },
  viewed: [],
  assessments: {},
  runs: {},
  modulesCompleted: [],
  courseCompleted: false,
});

/** A saved progress object if it has the expected shape, else a fresh one. */
export function loadProgress(saved: unknown): Progress {
  const p = saved as Partial<Progress> | undefined;
  if (!p || p.v !== 1 || !Array.isArray(p.viewed) || typeof p.assessments !== 'object' || !p.view) return emptyProgress();
  return { ...emptyProgress(), ...p } as Progress;
}

/** Every place in the course, in the order a learner takes them. */
export function steps(course: CompiledCourse): View[] {
  const out: View[] = [];
  if (course.prePostTest) out.push({ kind: 'pretest' });
  for (const mod of course.modules) {
    for (const lesson of mod.lessons) out.push({ kind: 'lesson', module: mod.slug, lesson: lesson.slug });
    if (mod.quiz) out.push({ kind: 'quiz', module: mod.slug });
  }
  if (course.prePostTest) out.push({ kind: 'posttest' });
  if (course.finalExam) out.push({ kind: 'exam' });
  return out;
}

export const sameView = (a: View, b: View): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The step after `view`, or the completion page after the last. */
export function nextView(course: CompiledCourse, view: View): View {
  const all = steps(course);
  const i = all.findIndex((s) => sameView(s, view));
  return all[i + 1] ?? { kind: 'done' };
}

/** The IRI of the assessment a view shows, if it shows one. */
export function assessmentIri(course: CompiledCourse, view: View): string | null {
  switch (view.kind) {
    case 'quiz':
      return course.modules.find((m) => m.slug === view.module)?.quiz?.iri ?? null;
    case 'pretest':
      return course.prePostTest?.pretestIri ?? null;
    case 'posttest':
      return course.prePostTest?.posttestIri ?? null;
    case 'exam':
      return course.finalExam?.iri ?? null;
    default:
      return null;
  }
}

/** Whether a module is complete under the course's rule (rules.moduleCompletion). */
export function moduleComplete(course: CompiledCourse, mod: CompiledModule, p: Progress): boolean {
  const read = mod.lessons.every((l) => p.viewed.includes(l.iri));
  const passed = mod.quiz ? p.assessments[mod.quiz.iri]?.passed === true : true;
  switch (course.rules.moduleCompletion) {
    case 'lessons-viewed':
      return read;
    case 'quiz-passed':
      return passed;
    case 'lessons-and-quiz-passed':
      return read && passed;
  }
}

export const allModulesComplete = (course: CompiledCourse, p: Progress): boolean =>
  course.modules.every((m) => moduleComplete(course, m, p));

/**
 * The course is complete when every module is, the post-test has been taken (a learning-gain
 * measure, so any score), and the final exam, if there is one, has been passed.
 */
export function courseComplete(course: CompiledCourse, p: Progress): boolean {
  if (!allModulesComplete(course, p)) return false;
  if (course.prePostTest && !p.assessments[course.prePostTest.posttestIri]) return false;
  if (course.finalExam && !p.assessments[course.finalExam.iri]?.passed) return false;
  return true;
}

/** Post-test and final exam open once every module is complete. */
export const locked = (course: CompiledCourse, p: Progress, view: View): boolean =>
  (view.kind === 'posttest' || view.kind === 'exam') && !allModulesComplete(course, p);

/** Parts done / parts in all, for the progress bar: lessons read and assessments taken. */
export function counts(course: CompiledCourse, p: Progress): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const s of steps(course)) {
    total++;
    if (s.kind === 'lesson') {
      const mod = course.modules.find((m) => m.slug === s.module);
      const lesson = mod?.lessons.find((l) => l.slug === s.lesson);
      if (lesson && p.viewed.includes(lesson.iri)) done++;
    } else {
      const iri = assessmentIri(course, s);
      const rec = iri ? p.assessments[iri] : undefined;
      if (rec && (rec.passed || s.kind === 'pretest' || s.kind === 'posttest')) done++;
    }
  }
  return { done, total };
}
