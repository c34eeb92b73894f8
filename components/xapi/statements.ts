// Builds the xAPI statements the player records: ADL verbs, activity types from Champa's IRI
// shapes, context (registration, language, parent/grouping, course version) and results.
// Pure functions, no I/O: the recorder stores what these return. Not for sending.

export interface Actor {
  objectType: 'Agent';
  account: { homePage: string; name: string };
}

export type Lang = 'lo' | 'en';

export interface CourseRef {
  slug: string;
  iri: string;
  version: string;
}

export type Verb = 'initialized' | 'experienced' | 'answered' | 'passed' | 'failed' | 'completed' | 'terminated';

const VERB_IRI: Record<Verb, string> = {
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  experienced: 'http://adlnet.gov/expapi/verbs/experienced',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
};

/** Where the course version goes: reports tell apart attempts made on different versions. */
export const COURSE_VERSION_EXTENSION = 'https://champa.la/xapi/extensions/course-version';

// The activity types courses/build/package.ts publishes, keyed by the IRI segment that names the kind.
const TYPE_BY_SEGMENT: Record<string, string> = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  scenario: 'http://adlnet.gov/expapi/activities/simulation',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
};

/** The xAPI activity type of a Champa activity IRI (…/<kind>/<id> is its last pair). */
export function activityType(iri: string): string | undefined {
  const parts = new URL(iri).pathname.split('/').filter(Boolean);
  const kind = parts[parts.length - 2];
  return kind === undefined ? undefined : TYPE_BY_SEGMENT[kind];
}

/**
 * The default parent of an activity: a lesson's module (from its IRI,
 * …/module/<m>/lesson/<l>), else the course. Callers pass `parent` when they know better
 * (a quiz question's parent is its assessment).
 */
export function defaultParent(iri: string, course: CourseRef): string | undefined {
  if (iri === course.iri) return undefined;
  const m = /^(.*\/module\/[^/]+)\/lesson\/[^/]+$/.exec(iri);
  return m ? m[1] : course.iri;
}

/** An ISO 8601 duration (xAPI result.duration), e.g. 83_500 ms → "PT1M23.5S". */
export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 10)) / 100; // xAPI keeps 0.01 s precision
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round((total - h * 3600 - m * 60) * 100) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

export type LangMap = Partial<Record<string, string>>;

export interface InteractionComponent {
  id: string;
  description: LangMap;
}

export interface ActivityDefinition {
  type?: string;
  name?: LangMap;
  interactionType?: string;
  correctResponsesPattern?: string[];
  choices?: InteractionComponent[];
  source?: InteractionComponent[];
  target?: InteractionComponent[];
}

export interface Result {
  score?: { scaled: number; raw: number; min: number; max: number };
  success?: boolean;
  completion?: boolean;
  response?: string;
  duration?: string;
}

export interface Statement {
  id: string;
  actor: Actor;
  verb: { id: string; display: Record<string, string> };
  object: { objectType: 'Activity'; id: string; definition?: ActivityDefinition };
  result?: Result;
  context: {
    registration: string;
    language: string;
    platform: string;
    contextActivities?: { parent?: { id: string }[]; grouping?: { id: string; definition: ActivityDefinition }[] };
    extensions: Record<string, unknown>;
  };
  timestamp: string;
}

export interface BuildInput {
  id: string;
  actor: Actor;
  course: CourseRef;
  registration: string;
  lang: Lang;
  verb: Verb;
  object: string;
  definition?: ActivityDefinition;
  parent?: string;
  result?: Result;
  timestamp: Date;
}

/** One complete statement. The actor is only the opaque account: never a name or email. */
export function buildStatement(i: BuildInput): Statement {
  const type = activityType(i.object);
  const definition: ActivityDefinition = { ...(type ? { type } : {}), ...i.definition };
  const parent = i.parent ?? defaultParent(i.object, i.course);
  const contextActivities =
    i.object === i.course.iri
      ? undefined
      : {
          ...(parent ? { parent: [{ id: parent }] } : {}),
          grouping: [{ id: i.course.iri, definition: { type: TYPE_BY_SEGMENT.course } }],
        };
  const s: Statement = {
    id: i.id,
    actor: { objectType: 'Agent', account: { homePage: i.actor.account.homePage, name: i.actor.account.name } },
    verb: { id: VERB_IRI[i.verb], display: { en: i.verb } },
    object: { objectType: 'Activity', id: i.object, ...(Object.keys(definition).length ? { definition } : {}) },
    context: {
      registration: i.registration,
      language: i.lang,
      platform: 'Champa',
      ...(contextActivities ? { contextActivities } : {}),
      extensions: { [COURSE_VERSION_EXTENSION]: i.course.version },
    },
    timestamp: i.timestamp.toISOString(),
  };
  if (i.result && Object.keys(i.result).length) s.result = i.result;
  return s;
}

/**
 * A random (v4) UUID. crypto.randomUUID exists only in secure contexts, and a trainer's laptop
 * serving a room over plain http://192.168.x.x is not one; getRandomValues works everywhere.
 */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Drops undefined members so stored statements compare equal on replay. */
export function clean<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}
