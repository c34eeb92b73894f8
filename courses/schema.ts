// The contract for course packages (courses/<slug>/): zod schemas for course.json, question
// banks, scenarios and lesson front matter, plus the TypeScript shape of the compiled course
// JSON that the server serves and the player reads. Not for cross-file checks (that a cited
// source or a check's question exists): courses/build/package.ts does those.
import { z } from 'zod';

export const LOCALES = ['lo', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Base of every activity IRI; deployment-independent on purpose (IRIs outlive hosts). */
export const IRI_BASE = 'https://champa.la/xapi/activities';

export const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A lesson file stem or module folder: two-digit order, then the slug. */
export const ORDERED_RE = /^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export const slug = z.string().regex(SLUG_RE, 'must be lowercase kebab-case (a-z, 0-9, single hyphens), e.g. "safe-migration"');
const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Text in both locales; Lao first. A course with a missing translation is not valid. */
export const localized = z.strictObject({ lo: nonEmpty, en: nonEmpty });
export type Localized = z.infer<typeof localized>;

const reviewStatus = z.enum(['machine-drafted', 'native-reviewed']);

export const source = z.strictObject({
  id: slug,
  title: nonEmpty,
  publisher: nonEmpty.optional(),
  year: z.number().int().min(1900).max(2100).optional(),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});
export type Source = z.infer<typeof source>;

const bankRef = z.strictObject({
  bank: slug,
  items: z.number().int().min(1, 'must draw at least 1 item'),
});

export const courseModule = z.strictObject({
  slug,
  title: localized,
  lessons: z
    .array(z.string().regex(ORDERED_RE, 'must be a lesson file stem "NN-lesson-slug", e.g. "01-what-is-forced-labour"'))
    .min(1, 'a module needs at least one lesson'),
  quiz: bankRef.optional(),
});

export const courseRules = z.strictObject({
  masteryScore: z.number().gt(0, 'must be above 0').max(1, 'is scaled 0..1, so at most 1'),
  attemptsAllowed: z.number().int().min(0, 'must be 0 (unlimited) or more'),
  randomiseItems: z.boolean(),
  moduleCompletion: z.enum(['lessons-and-quiz-passed', 'lessons-viewed', 'quiz-passed']),
  certifies: z.enum(['final-exam-passed', 'all-modules-completed', 'none']),
  certificateValidMonths: z.number().int().min(1, 'must be at least 1 month').nullable(),
});

export const courseManifest = z
  .strictObject({
    slug,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like "1.0.0"'),
    title: localized,
    summary: localized,
    audience: localized,
    review: z.strictObject({ lo: reviewStatus, en: reviewStatus }),
    certification: z.boolean(),
    modules: z.array(courseModule).min(1, 'a course needs at least one module'),
    prePostTest: bankRef.optional(),
    finalExam: bankRef.optional(),
    rules: courseRules,
    sources: z.array(source),
  })
  .superRefine((m, ctx) => {
    const dup = (values: string[], path: (i: number) => (string | number)[], what: string) => {
      const seen = new Map<string, number>();
      values.forEach((v, i) => {
        const first = seen.get(v);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: path(i), message: `${what} "${v}" is already used at index ${first}` });
        else seen.set(v, i);
      });
    };
    dup(m.modules.map((x) => x.slug), (i) => ['modules', i, 'slug'], 'module slug');
    m.modules.forEach((mod, mi) => {
      dup(mod.lessons, (i) => ['modules', mi, 'lessons', i], 'lesson');
      dup(mod.lessons.map((l) => l.replace(ORDERED_RE, '$2')), (i) => ['modules', mi, 'lessons', i], 'lesson slug');
    });
    dup(m.sources.map((s) => s.id), (i) => ['sources', i, 'id'], 'source id');

    const r = m.rules;
    if (m.certification && r.certifies === 'none') {
      ctx.addIssue({ code: 'custom', path: ['rules', 'certifies'], message: 'is "none" but certification is true; say what certifies' });
    }
    if (!m.certification && r.certifies !== 'none') {
      ctx.addIssue({ code: 'custom', path: ['rules', 'certifies'], message: `is "${r.certifies}" but certification is false; use "none"` });
    }
    if (r.certifies === 'none' && r.certificateValidMonths !== null) {
      ctx.addIssue({ code: 'custom', path: ['rules', 'certificateValidMonths'], message: 'must be null when rules.certifies is "none"' });
    }
    if (r.certifies !== 'none' && r.certificateValidMonths === null) {
      ctx.addIssue({ code: 'custom', path: ['rules', 'certificateValidMonths'], message: 'must be a number of months when the course certifies' });
    }
    if (r.certifies === 'final-exam-passed' && !m.finalExam) {
      ctx.addIssue({ code: 'custom', path: ['finalExam'], message: 'is required when rules.certifies is "final-exam-passed"' });
    }
    if (m.finalExam && !m.certification) {
      ctx.addIssue({ code: 'custom', path: ['finalExam'], message: 'is for certification courses only (certification is false)' });
    }
    if (r.moduleCompletion !== 'lessons-viewed') {
      m.modules.forEach((mod, i) => {
        if (!mod.quiz) ctx.addIssue({ code: 'custom', path: ['modules', i, 'quiz'], message: `is required because rules.moduleCompletion is "${r.moduleCompletion}"` });
      });
    }
  });
export type CourseManifest = z.infer<typeof courseManifest>;

// ---------------------------------------------------------------------------------------------
// Question banks

const choice = z.strictObject({
  id: slug,
  text: localized,
  correct: z.boolean(),
  feedback: localized.optional(),
});

const questionBase = {
  id: slug,
  prompt: localized,
  explanation: localized,
  sources: z.array(slug).optional(),
};

type Issue = { code: 'custom'; path: (string | number)[]; message: string };
type Ctx = { addIssue(issue: Issue): void };

function uniqueIds(items: { id: string }[], key: string, ctx: Ctx) {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (seen.has(it.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `"${it.id}" is used twice in this question` });
    seen.add(it.id);
  });
}

function checkChoices(q: { choices: { id: string; correct: boolean }[] }, mode: 'single' | 'multiple', ctx: Ctx) {
  uniqueIds(q.choices, 'choices', ctx);
  const right = q.choices.filter((c) => c.correct).length;
  if (mode === 'single' && right !== 1) {
    ctx.addIssue({ code: 'custom', path: ['choices'], message: `must have exactly one correct choice, has ${right}` });
  }
  if (mode === 'multiple') {
    if (right < 1) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'must have at least one correct choice' });
    if (right === q.choices.length) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'must have at least one wrong choice' });
  }
}

const singleQuestion = z
  .strictObject({ ...questionBase, type: z.literal('single'), choices: z.array(choice).min(2).max(6) })
  .superRefine((q, ctx) => checkChoices(q, 'single', ctx));
const multipleQuestion = z
  .strictObject({ ...questionBase, type: z.literal('multiple'), choices: z.array(choice).min(2).max(8) })
  .superRefine((q, ctx) => checkChoices(q, 'multiple', ctx));
const trueFalseQuestion = z.strictObject({ ...questionBase, type: z.literal('true-false'), answer: z.boolean() });
const orderingQuestion = z
  .strictObject({
    ...questionBase,
    type: z.literal('ordering'),
    items: z.array(z.strictObject({ id: slug, text: localized })).min(3).max(7),
  })
  .superRefine((q, ctx) => uniqueIds(q.items, 'items', ctx));
const matchingQuestion = z
  .strictObject({
    ...questionBase,
    type: z.literal('matching'),
    pairs: z.array(z.strictObject({ id: slug, left: localized, right: localized })).min(3).max(6),
  })
  .superRefine((q, ctx) => uniqueIds(q.pairs, 'pairs', ctx));
/** A case-based item: a fictional case, then a single- or (with "multiple": true) multiple-answer choice. */
const scenarioQuestion = z
  .strictObject({
    ...questionBase,
    type: z.literal('scenario'),
    case: localized,
    multiple: z.boolean().optional(),
    choices: z.array(choice).min(2).max(8),
  })
  .superRefine((q, ctx) => checkChoices(q, q.multiple ? 'multiple' : 'single', ctx));

export const QUESTION_TYPES = ['single', 'multiple', 'true-false', 'ordering', 'matching', 'scenario'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const question = z.discriminatedUnion(
  'type',
  [singleQuestion, multipleQuestion, trueFalseQuestion, orderingQuestion, matchingQuestion, scenarioQuestion],
  { error: (iss) => (iss.code === 'invalid_union' ? `must be one of ${QUESTION_TYPES.join(', ')}` : undefined) },
);
export type Question = z.infer<typeof question>;

export const questionBank = z
  .strictObject({
    id: slug,
    items: z.array(question).min(1, 'a bank needs at least one item'),
  })
  .superRefine((b, ctx) => {
    const seen = new Map<string, number>();
    b.items.forEach((q, i) => {
      const first = seen.get(q.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `"${q.id}" is already used by items[${first}]` });
      else seen.set(q.id, i);
    });
  });
export type QuestionBank = z.infer<typeof questionBank>;

// ---------------------------------------------------------------------------------------------
// Branching scenarios

const scenarioChoice = z.strictObject({ text: localized, next: slug, feedback: localized.optional() });
const scenarioNode = z
  .strictObject({
    id: slug,
    text: localized,
    choices: z.array(scenarioChoice).min(1, 'a node that is not an end needs at least one choice').optional(),
    end: z.enum(['good', 'poor', 'neutral']).optional(),
  })
  .superRefine((n, ctx) => {
    if (n.end && n.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'an end node (end is set) has no choices' });
    if (!n.end && !n.choices) ctx.addIssue({ code: 'custom', path: [], message: 'needs either choices or end ("good" | "poor" | "neutral")' });
  });

export const scenarioFile = z
  .strictObject({
    id: slug,
    title: localized,
    start: slug,
    nodes: z.array(scenarioNode).min(2, 'a scenario needs a start node and at least one end'),
  })
  .superRefine((s, ctx) => {
    const index = new Map<string, number>();
    s.nodes.forEach((n, i) => {
      if (index.has(n.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `"${n.id}" is already used by nodes[${index.get(n.id)}]` });
      else index.set(n.id, i);
    });
    if (!index.has(s.start)) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `no node has id "${s.start}"` });
      return;
    }
    let broken = false;
    s.nodes.forEach((n, i) =>
      n.choices?.forEach((c, j) => {
        if (!index.has(c.next)) {
          broken = true;
          ctx.addIssue({ code: 'custom', path: ['nodes', i, 'choices', j, 'next'], message: `no node has id "${c.next}"` });
        }
      }),
    );
    if (broken) return;
    // Every path must end: the graph reachable from start is acyclic (a depth-first search
    // that meets a node on its own stack has found a loop a learner could go round forever).
    const state = new Map<string, 'open' | 'done'>();
    const visit = (id: string, trail: string[]): void => {
      const st = state.get(id);
      if (st === 'done') return;
      if (st === 'open') {
        const i = index.get(id)!;
        ctx.addIssue({ code: 'custom', path: ['nodes', i], message: `path loops back to "${id}" (${[...trail.slice(trail.indexOf(id)), id].join(' → ')}); every path must end` });
        return;
      }
      state.set(id, 'open');
      for (const c of s.nodes[index.get(id)!]!.choices ?? []) visit(c.next, [...trail, id]);
      state.set(id, 'done');
    };
    visit(s.start, []);
    s.nodes.forEach((n, i) => {
      if (!state.has(n.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `node "${n.id}" cannot be reached from start "${s.start}"` });
    });
  });
export type ScenarioFile = z.infer<typeof scenarioFile>;

// ---------------------------------------------------------------------------------------------
// Lesson files

/** The `---` block at the top of a lesson .md file. */
export const lessonFrontMatter = z.strictObject({ title: nonEmpty });

export const CALLOUT_KINDS = ['note', 'tip', 'warning', 'important'] as const;
export type CalloutKind = (typeof CALLOUT_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// The compiled course (dist/courses/<slug>.json, GET /api/courses/:slug). Lesson text is a
// small Markdown AST: every string is plain text to be inserted as a text node, never as HTML.

export type Inline =
  | { type: 'text'; value: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'code'; value: string }
  | { type: 'break' }
  /** An external link: http(s), mailto: or tel: only. */
  | { type: 'link'; href: string; children: Inline[] }
  /** A link to another lesson of the same course. */
  | { type: 'lesson-link'; module: string; lesson: string; children: Inline[] }
  /** A citation of course.sources[id]. */
  | { type: 'cite'; source: string };

export type Block =
  | { type: 'heading'; depth: 2 | 3 | 4; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start?: number; items: Block[][] }
  | { type: 'callout'; kind: CalloutKind; blocks: Block[] }
  /** src is relative to the course: "images/<file>", served at /api/courses/<slug>/images/<file>. */
  | { type: 'image'; src: string; alt: string }
  | { type: 'check'; question: string }
  | { type: 'scenario'; scenario: string };

export type ActivityKind = 'course' | 'module' | 'lesson' | 'question' | 'scenario' | 'assessment';

export interface CompiledActivity {
  iri: string;
  kind: ActivityKind;
  /** xAPI activity type IRI. */
  type: string;
}

export interface CompiledLesson {
  slug: string;
  /** The file stem, "NN-slug". */
  file: string;
  iri: string;
  title: Localized;
  blocks: Record<Locale, Block[]>;
}

export interface CompiledAssessment {
  bank: string;
  items: number;
  iri: string;
}

/**
 * A final-exam item as served: what a learner needs to answer it and nothing that says which
 * answer is right. No `correct` flags, no true/false `answer`, no explanation or per-choice
 * feedback; choices are shuffled and re-lettered (authors tend to put the right one first);
 * ordering items come in an order that is not the right one; matching items give the right-hand
 * sides separately, shuffled, under ids of their own. Responses use these ids (xAPI format:
 * "b", "a[,]c", "true", "ram[,]cpu[,]…", "isolation[.]r3[,]…"). The keys live in the
 * server-only dist/courses/keys.ts (ExamItemKey) and are graded by server/exams/.
 */
export type ExamQuestion = {
  id: string;
  bank: string;
  iri: string;
  interactionType: CompiledQuestion['interactionType'];
  prompt: Localized;
  sources?: string[];
} & (
  | { type: 'single' | 'multiple'; choices: ExamChoice[] }
  | { type: 'true-false' }
  | { type: 'ordering'; items: ExamChoice[] }
  | { type: 'matching'; left: ExamChoice[]; right: ExamChoice[] }
  | { type: 'scenario'; case: Localized; multiple?: boolean; choices: ExamChoice[] }
);

export interface ExamChoice {
  id: string;
  text: Localized;
}

/** The server-side key of one final-exam item, in the ids of its ExamQuestion. */
export interface ExamItemKey {
  type: QuestionType;
  /** The right response in xAPI format, e.g. "b", "a[,]c" (a set), "false", "cpu[,]ram[,]disk", "isolation[.]r2[,]…" (a set of pairs). */
  correct: string;
  explanation: Localized;
  /** Per-choice feedback by served choice id (single, multiple, scenario), when the author wrote any. */
  feedback: Record<string, Localized>;
}

/** The final exam of a certification course as served: the bank's items without their keys. */
export interface CompiledFinalExam extends CompiledAssessment {
  /** Every item of the bank (banks[bank] lists them in bank order), redacted. */
  questions: Record<string, ExamQuestion>;
}

export interface CompiledModule {
  slug: string;
  iri: string;
  title: Localized;
  lessons: CompiledLesson[];
  quiz: CompiledAssessment | null;
}

export type CompiledQuestion = Question & {
  bank: string;
  iri: string;
  /** xAPI interactionType for the question's activity definition. */
  interactionType: 'choice' | 'true-false' | 'sequencing' | 'matching';
};

export type CompiledScenario = ScenarioFile & { iri: string };

export interface CompiledImage {
  src: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

export interface CompiledCourse {
  format: 1;
  slug: string;
  version: string;
  iri: string;
  /** sha256 of this JSON without the hash field; the HTTP ETag. */
  hash: string;
  title: Localized;
  summary: Localized;
  audience: Localized;
  review: CourseManifest['review'];
  certification: boolean;
  rules: CourseManifest['rules'];
  modules: CompiledModule[];
  prePostTest: { bank: string; items: number; pretestIri: string; posttestIri: string } | null;
  /** With its redacted items: a certification course's final exam is graded by the server (POST /api/exams/:slug/attempts). */
  finalExam: CompiledFinalExam | null;
  /** Ordered question ids per bank (the final exam's bank too). */
  banks: Record<string, string[]>;
  /** Every question with its key, except the final exam's: those are only in finalExam.questions, without keys. */
  questions: Record<string, CompiledQuestion>;
  scenarios: Record<string, CompiledScenario>;
  sources: Source[];
  images: CompiledImage[];
  /** Every activity IRI the course publishes (pinned by test/courses/published-iris.json). */
  activities: CompiledActivity[];
}

/** One row of GET /api/courses. */
export interface CourseSummary {
  slug: string;
  version: string;
  iri: string;
  hash: string;
  title: Localized;
  summary: Localized;
  certification: boolean;
  modules: number;
  review: CourseManifest['review'];
}
