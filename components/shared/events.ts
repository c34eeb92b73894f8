// The events the player elements dispatch: Event subclasses named champa-*, bubbling and
// composed so a host page hears them through shadow roots. Not for the Recorder's own
// 'champa-outbox-change' (components/xapi owns it).
import type { Lang } from './i18n.js';

/** Where a learner can go inside a course. */
export type View =
  | { kind: 'home' }
  | { kind: 'lesson'; module: string; lesson: string }
  | { kind: 'quiz'; module: string }
  | { kind: 'pretest' }
  | { kind: 'posttest' }
  | { kind: 'exam' }
  | { kind: 'done' };

const init = { bubbles: true, composed: true } as const;

/** A learner asked to go somewhere (outline entry, lesson link, "next"). */
export class ChampaNavigateEvent extends Event {
  static readonly type = 'champa-navigate';
  constructor(readonly view: View) {
    super(ChampaNavigateEvent.type, init);
  }
}

/** A learner finished reading a lesson (pressed its closing button); `durationMs` since it opened. */
export class ChampaLessonCompleteEvent extends Event {
  static readonly type = 'champa-lesson-complete';
  constructor(
    readonly lessonIri: string,
    readonly durationMs: number,
  ) {
    super(ChampaLessonCompleteEvent.type, init);
  }
}

/** One question was answered. `response` is in xAPI interaction format. */
export class ChampaAnswerEvent extends Event {
  static readonly type = 'champa-answer';
  constructor(
    readonly questionIri: string,
    readonly questionId: string,
    readonly response: string,
    readonly success: boolean,
  ) {
    super(ChampaAnswerEvent.type, init);
  }
}

/** The state of an assessment attempt in progress, after every answer (persist it to resume). */
export interface QuizRun {
  /** Drawn question ids, in the order shown. */
  items: string[];
  /** Responses so far by question id, in xAPI format, and whether each was right. */
  answers: Record<string, { response: string; success: boolean }>;
  /** Epoch ms when this attempt started (for the result's duration). */
  startedAt: number;
}

export class ChampaQuizProgressEvent extends Event {
  static readonly type = 'champa-quiz-progress';
  constructor(
    readonly assessmentIri: string,
    readonly run: QuizRun | null,
  ) {
    super(ChampaQuizProgressEvent.type, init);
  }
}

/** An assessment attempt ended: scaled score and whether it reached the mastery score. */
export class ChampaQuizResultEvent extends Event {
  static readonly type = 'champa-quiz-result';
  constructor(
    readonly assessmentIri: string,
    readonly scaled: number,
    readonly raw: number,
    readonly max: number,
    readonly passed: boolean,
  ) {
    super(ChampaQuizResultEvent.type, init);
  }
}

/** The learner asked to move on from a finished part (quiz result, scenario end). */
export class ChampaContinueEvent extends Event {
  static readonly type = 'champa-continue';
  constructor() {
    super(ChampaContinueEvent.type, init);
  }
}

/** A branching scenario reached an end node. */
export class ChampaScenarioEndEvent extends Event {
  static readonly type = 'champa-scenario-end';
  constructor(
    readonly scenarioIri: string,
    readonly end: 'good' | 'poor' | 'neutral',
    readonly path: string[],
  ) {
    super(ChampaScenarioEndEvent.type, init);
  }
}

/** The learner switched the language; progress is untouched. */
export class ChampaLangChangeEvent extends Event {
  static readonly type = 'champa-lang-change';
  constructor(readonly lang: Lang) {
    super(ChampaLangChangeEvent.type, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'champa-navigate': ChampaNavigateEvent;
    'champa-lesson-complete': ChampaLessonCompleteEvent;
    'champa-answer': ChampaAnswerEvent;
    'champa-quiz-progress': ChampaQuizProgressEvent;
    'champa-quiz-result': ChampaQuizResultEvent;
    'champa-continue': ChampaContinueEvent;
    'champa-scenario-end': ChampaScenarioEndEvent;
    'champa-lang-change': ChampaLangChangeEvent;
  }
}
