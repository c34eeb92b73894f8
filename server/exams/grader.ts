// The final exam as the LRS sees it: which activities are a final exam's (the LRS refuses
// learners' results about them), and the xAPI statements of one graded attempt, stored with
// the exam grader's authority (authority.ts). Not for grading (grade.ts) or HTTP (api/exams.ts).
import type { CompiledCourse, ExamQuestion } from '../../courses/schema.js';
import type { LearnerAgent } from '../deps.js';
import { courseCatalog } from '../progress/catalog.js';
import type { ExamScore } from './grade.js';

/** Whether an activity IRI is a final exam (its assessment) or one of its items. */
export function isFinalExamActivity(iri: string): boolean {
  const place = courseCatalog().places.get(iri);
  if (!place) return false;
  return (place.kind === 'assessment' && place.item === 'final') || (place.kind === 'question' && place.assessment === 'final');
}

const ADL = 'http://adlnet.gov/expapi/verbs/';
const INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
const ASSESSMENT = 'http://adlnet.gov/expapi/activities/assessment';
const COURSE = 'http://adlnet.gov/expapi/activities/course';
/** The same extension the player records (components/xapi/statements.ts): which course version an attempt was made on. */
export const COURSE_VERSION_EXTENSION = 'https://champa.la/xapi/extensions/course-version';

type Json = Record<string, unknown>;

/**
 * The interaction definition of an item, in its served ids. No correctResponsesPattern: the
 * LRS keeps activity definitions readable, and the key must stay on the server.
 */
function interaction(q: ExamQuestion): Json {
  const component = (list: { id: string; text: { lo: string; en: string } }[]) => list.map((c) => ({ id: c.id, description: { lo: c.text.lo, en: c.text.en } }));
  const def: Json = { type: INTERACTION, description: { lo: q.prompt.lo, en: q.prompt.en }, interactionType: q.interactionType };
  if (q.type === 'single' || q.type === 'multiple' || q.type === 'scenario') def.choices = component(q.choices);
  if (q.type === 'ordering') def.choices = component(q.items);
  if (q.type === 'matching') {
    def.source = component(q.left);
    def.target = component(q.right);
  }
  return def;
}

/** An ISO 8601 duration with 0.01 s precision. */
export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 10)) / 100;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round((total - h * 3600 - m * 60) * 100) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

export interface GradedItem {
  question: ExamQuestion;
  response: string;
  success: boolean;
}

/**
 * The statements of one graded attempt, all at `at`: one `answered` per item (in the
 * attempt's order) and one `passed` or `failed` for the final exam with its score.
 */
export function attemptStatements(input: {
  course: Pick<CompiledCourse, 'iri' | 'version'> & { finalExam: { iri: string } };
  actor: LearnerAgent;
  registration: string;
  items: readonly GradedItem[];
  score: ExamScore;
  started: Date;
  at: Date;
}): Json[] {
  const { course, actor, registration, score } = input;
  const timestamp = input.at.toISOString();
  const context = (parent: string) => ({
    registration,
    platform: 'Champa',
    contextActivities: { parent: [{ id: parent }], grouping: [{ id: course.iri, definition: { type: COURSE } }] },
    extensions: { [COURSE_VERSION_EXTENSION]: course.version },
  });
  const statement = (verb: string, object: Json, result: Json, parent: string): Json => ({
    id: crypto.randomUUID(),
    actor: { objectType: 'Agent', account: { homePage: actor.account.homePage, name: actor.account.name } },
    verb: { id: ADL + verb, display: { en: verb } },
    object: { objectType: 'Activity', ...object },
    result,
    context: context(parent),
    timestamp,
  });
  const exam = course.finalExam.iri;
  return [
    ...input.items.map((i) => statement('answered', { id: i.question.iri, definition: interaction(i.question) }, { response: i.response, success: i.success }, exam)),
    statement(
      score.passed ? 'passed' : 'failed',
      { id: exam, definition: { type: ASSESSMENT } },
      {
        score: { scaled: score.scaled, raw: score.raw, min: 0, max: score.max },
        success: score.passed,
        completion: true,
        duration: isoDuration(input.at.getTime() - input.started.getTime()),
      },
      course.iri,
    ),
  ];
}
