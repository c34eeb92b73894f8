// What progress needs to know about the compiled courses: which activity IRIs are Champa
// course activities (and where each sits: course, module, lesson, question, assessment), and
// each course's rules as the recompute SQL reads them. Built once from the compiled bundle.
// Not for serving courses (server/courses.ts) or for grading answers.
import type { CompiledCourse, CourseManifest } from '../../courses/schema.js';
import { courses as bundled } from '../../dist/courses/bundle.js';

export type ActivityKind = 'course' | 'module' | 'lesson' | 'question' | 'scenario' | 'assessment';

/** Where one published activity IRI sits. item: the slug, question id or assessment name ('' for the course). */
export interface Place {
  course: string;
  kind: ActivityKind;
  item: string;
  /** The module the activity belongs to, when it belongs to one. */
  module: string | null;
  /** For a question: the assessment its bank belongs to, when only one ("check" for knowledge checks). */
  assessment: string | null;
}

/** A course's rules and shape as the recompute SQL reads them. */
export interface CourseRules {
  course: string;
  mastery: number;
  completion: CourseManifest['rules']['moduleCompletion'];
  certifies: CourseManifest['rules']['certifies'];
  modules: number;
  hasFinal: boolean;
  hasPosttest: boolean;
}

export interface ModuleRules {
  course: string;
  module: string;
  lessons: number;
}

export interface Catalog {
  places: ReadonlyMap<string, Place>;
  courses: readonly CourseRules[];
  modules: readonly ModuleRules[];
}

const lastSegment = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);

/** The catalogue of the given compiled courses. */
export function buildCatalog(list: readonly CompiledCourse[]): Catalog {
  const places = new Map<string, Place>();
  const courses: CourseRules[] = [];
  const modules: ModuleRules[] = [];
  for (const c of list) {
    const at = (iri: string, kind: ActivityKind, item: string, module: string | null = null, assessment: string | null = null) =>
      places.set(iri, { course: c.slug, kind, item, module, assessment });
    at(c.iri, 'course', '');
    // Which assessment a bank's questions are asked in: a bank behind two assessments (the
    // pre/post-test bank) says nothing, so the statement's context has to.
    const bankUse = new Map<string, Set<string>>();
    const use = (bank: string, assessment: string) => bankUse.set(bank, (bankUse.get(bank) ?? new Set()).add(assessment));
    for (const m of c.modules) {
      at(m.iri, 'module', m.slug, m.slug);
      for (const l of m.lessons) at(l.iri, 'lesson', l.slug, m.slug);
      if (m.quiz) {
        const name = lastSegment(m.quiz.iri);
        at(m.quiz.iri, 'assessment', name, m.slug);
        use(m.quiz.bank, name);
      }
      modules.push({ course: c.slug, module: m.slug, lessons: m.lessons.length });
    }
    if (c.prePostTest) {
      at(c.prePostTest.pretestIri, 'assessment', 'pretest');
      at(c.prePostTest.posttestIri, 'assessment', 'posttest');
      use(c.prePostTest.bank, 'pretest');
      use(c.prePostTest.bank, 'posttest');
    }
    if (c.finalExam) {
      at(c.finalExam.iri, 'assessment', 'final');
      use(c.finalExam.bank, 'final');
    }
    // The final exam's items are served apart from the other questions (without their keys).
    for (const [id, q] of [...Object.entries(c.questions), ...Object.entries(c.finalExam?.questions ?? {})]) {
      const uses = bankUse.get(q.bank);
      const assessment = uses === undefined ? 'check' : uses.size === 1 ? [...uses][0]! : null;
      const module = assessment?.startsWith('quiz-') ? (places.get(`${c.iri}/assessment/${assessment}`)?.module ?? null) : null;
      at(q.iri, 'question', id, module, assessment);
    }
    for (const [id, s] of Object.entries(c.scenarios)) at(s.iri, 'scenario', id);
    courses.push({
      course: c.slug,
      mastery: c.rules.masteryScore,
      completion: c.rules.moduleCompletion,
      certifies: c.rules.certifies,
      modules: c.modules.length,
      hasFinal: c.finalExam !== null,
      hasPosttest: c.prePostTest !== null,
    });
  }
  return { places, courses, modules };
}

let compiled: Catalog | undefined;

/** The catalogue of the courses this build serves (dist/courses/bundle.ts), parsed on first use. */
export function courseCatalog(): Catalog {
  compiled ??= buildCatalog(Object.values(bundled).map((s) => JSON.parse(s.json) as CompiledCourse));
  return compiled;
}
