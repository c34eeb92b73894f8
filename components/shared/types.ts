// Types the player elements share: the compiled course shapes (types only, from the schema)
// and the part of the Recorder (components/xapi/recorder.ts) that the elements call.
// Not for runtime code: nothing here ships to the browser.
export type {
  Block,
  CompiledCourse,
  CompiledLesson,
  CompiledModule,
  CompiledQuestion,
  CompiledScenario,
  Inline,
  Localized,
} from '../../courses/schema.js';

/**
 * What the elements need from a recorder. components/xapi/recorder.ts's Recorder has this
 * shape (and more); tests pass a fake. Each call puts one xAPI statement in the outbox;
 * `parent` is the activity it happened in (context.contextActivities.parent).
 */
export interface RecorderLike {
  initialized(activityIri: string, opts?: { parent?: string }): Promise<void>;
  experienced(activityIri: string, opts?: { durationMs?: number; name?: { lo: string; en: string }; parent?: string }): Promise<void>;
  answered(
    questionIri: string,
    opts: {
      response: string;
      success: boolean;
      durationMs?: number;
      interactionType: string;
      correctResponsesPattern?: string[];
      choices?: { id: string; description: Record<string, string> }[];
      parent?: string;
    },
  ): Promise<void>;
  scored(
    assessmentIri: string,
    verb: 'passed' | 'failed',
    opts: { scaled: number; raw: number; min: number; max: number; durationMs?: number; parent?: string },
  ): Promise<void>;
  completed(activityIri: string, opts?: { durationMs?: number; parent?: string }): Promise<void>;
  terminated(activityIri: string, opts?: { durationMs?: number; parent?: string }): Promise<void>;
  getState<T>(key: string): Promise<T | undefined>;
  setState<T>(key: string, value: T): Promise<void>;
  /** The language later statements carry (the learner switched). */
  setLanguage?(lang: 'lo' | 'en'): void;
  /** Starts a new registration (a re-take of the course). */
  newAttempt?(): string;
  /** Dispatches 'champa-outbox-change' ({ pending, online }) and 'champa-state-change' ({ keys }). */
  addEventListener?(type: string, listener: (e: Event) => void): void;
  removeEventListener?(type: string, listener: (e: Event) => void): void;
  pending?(): Promise<number>;
  online?(): boolean;
}
