// The cmi5 assignable-unit side of a launch by an external LMS (cmi5 spec §7–§11): read the
// launch parameters, trade the one-time fetch URL for the auth token, read LMS.LaunchData and
// the learner's preferences, and send the cmi5-defined statements (initialized, completed,
// passed/failed per masteryScore, terminated) with the LMS's context template. Runtime-neutral
// (fetch, URL, crypto): the player calls it in the browser, tests call it in Node. Not for
// rendering nor for the learner's other statements: the player's Recorder sends those to
// recorderOptions(), each passed through applyContextTemplate().
//
// Usage (the player, when the page was launched by an LMS — server/cmi5/routes.ts):
//   const cmi5 = await Cmi5Session.start(location.href, { masteryScore: course.rules.masteryScore });
//   recorder = await Recorder.open({ ...cmi5.recorderOptions(), course, lang: cmi5.language });
//   ... when every module is complete:  await cmi5.completed();
//   ... when the final exam is scored:  await cmi5.judge(scaled, { raw, min, max });
//   ... when the learner leaves:        await cmi5.exit();   // terminated, then returnURL
import { Cmi5Error, parseLaunchParams, type LaunchParams } from './launch-params.js';

// Copies of xapi/statements.ts's isoDuration and uuid: importing them would make statements.ts a
// chunk of its own, one more file on the player's critical path (DESIGN §10); this module is
// loaded only for a cmi5 launch.
/** An ISO 8601 duration (xAPI result.duration) at 0.01 s precision, e.g. 83_500 ms → "PT1M23.5S". */
function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 10)) / 100;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round((total - h * 3600 - m * 60) * 100) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** A random (v4) UUID, also without a secure context (crypto.randomUUID needs one). */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export { Cmi5Error, parseLaunchParams, type Cmi5Actor, type LaunchParams } from './launch-params.js';

export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
export const SESSION_ID_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
export const MASTERY_SCORE_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
export const LAUNCH_DATA_STATE_ID = 'LMS.LaunchData';
export const LEARNER_PREFERENCES_PROFILE_ID = 'cmi5LearnerPreferences';

export const CMI5_VERBS = {
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
} as const;
export type Cmi5Verb = keyof typeof CMI5_VERBS;

export const LAUNCH_MODES = ['Normal', 'Browse', 'Review'] as const;
export type LaunchMode = (typeof LAUNCH_MODES)[number];
export const MOVE_ON = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;
export type MoveOn = (typeof MOVE_ON)[number];

/** The LMS.LaunchData state document (cmi5 §10). */
export interface LaunchData {
  contextTemplate: Record<string, unknown>;
  launchMode: LaunchMode;
  moveOn: MoveOn;
  masteryScore?: number;
  launchParameters?: string;
  returnURL?: string;
  entitlementKey?: { courseStructure?: string; alternate?: string };
}

/** The cmi5LearnerPreferences agent profile document (cmi5 §11). */
export interface LearnerPreferences {
  languagePreference?: string;
  audioPreference?: 'on' | 'off';
}

function checkLaunchData(doc: unknown): LaunchData {
  const where = LAUNCH_DATA_STATE_ID;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Cmi5Error(where, 'must be a JSON object');
  const d = doc as Record<string, unknown>;
  const ct = d.contextTemplate;
  if (typeof ct !== 'object' || ct === null || Array.isArray(ct)) throw new Cmi5Error(`${where}.contextTemplate`, 'required: a JSON context object (cmi5 §10)');
  if (!LAUNCH_MODES.includes(d.launchMode as LaunchMode)) throw new Cmi5Error(`${where}.launchMode`, `must be one of ${LAUNCH_MODES.join(', ')}`);
  // moveOn is required of the LMS, but the AU need not use it: a missing one reads as NotApplicable.
  const moveOn = d.moveOn === undefined ? 'NotApplicable' : d.moveOn;
  if (!MOVE_ON.includes(moveOn as MoveOn)) throw new Cmi5Error(`${where}.moveOn`, `must be one of ${MOVE_ON.join(', ')}`);
  if (d.masteryScore !== undefined && (typeof d.masteryScore !== 'number' || d.masteryScore < 0 || d.masteryScore > 1)) {
    throw new Cmi5Error(`${where}.masteryScore`, 'must be a decimal from 0 to 1');
  }
  if (d.returnURL !== undefined && typeof d.returnURL !== 'string') throw new Cmi5Error(`${where}.returnURL`, 'must be a URL');
  if (d.launchParameters !== undefined && typeof d.launchParameters !== 'string') throw new Cmi5Error(`${where}.launchParameters`, 'must be a string');
  return {
    contextTemplate: ct as Record<string, unknown>,
    launchMode: d.launchMode as LaunchMode,
    moveOn: moveOn as MoveOn,
    ...(d.masteryScore !== undefined ? { masteryScore: d.masteryScore as number } : {}),
    ...(d.launchParameters !== undefined ? { launchParameters: d.launchParameters as string } : {}),
    ...(d.returnURL !== undefined ? { returnURL: d.returnURL as string } : {}),
    ...(d.entitlementKey !== undefined ? { entitlementKey: d.entitlementKey as LaunchData['entitlementKey'] } : {}),
  };
}

type Json = Record<string, unknown>;
type ActivityRef = { id: string } & Json;

function activityList(v: unknown): ActivityRef[] {
  if (Array.isArray(v)) return v.filter((a): a is ActivityRef => typeof a === 'object' && a !== null && typeof (a as Json).id === 'string');
  if (typeof v === 'object' && v !== null && typeof (v as Json).id === 'string') return [v as ActivityRef];
  return [];
}

/**
 * `context` with the template laid over it so that no template value is overwritten (cmi5
 * §10 contextTemplate): template keys win, contextActivities lists are joined (template first,
 * no id twice), extensions are joined with the template's values kept. Exported for the
 * player's own statements.
 */
export function mergeContext(template: Json, context: Json): Json {
  const out: Json = { ...context, ...template };
  const tActs = (template.contextActivities ?? {}) as Json;
  const cActs = (context.contextActivities ?? {}) as Json;
  const keys = new Set([...Object.keys(tActs), ...Object.keys(cActs)]);
  if (keys.size) {
    const acts: Json = {};
    for (const k of keys) {
      const seen = new Set<string>();
      acts[k] = [...activityList(tActs[k]), ...activityList(cActs[k])].filter((a) => !seen.has(a.id) && seen.add(a.id));
    }
    out.contextActivities = acts;
  }
  if (template.extensions !== undefined || context.extensions !== undefined) {
    out.extensions = { ...((context.extensions as Json | undefined) ?? {}), ...((template.extensions as Json | undefined) ?? {}) };
  }
  return out;
}

/** The first of lo/en in an RFC 5646 preference list such as "en-US,lo-LA", or undefined. */
export function preferredLanguage(list: string | undefined): 'lo' | 'en' | undefined {
  for (const tag of (list ?? '').split(',')) {
    const primary = tag.trim().split('-')[0]!.toLowerCase();
    if (primary === 'lo' || primary === 'en') return primary;
  }
  return undefined;
}

export interface StartOptions {
  /** The fetch to use (tests, or a wrapper); the global one otherwise. */
  fetch?: typeof fetch;
  /** xAPI version header for the LMS's LRS; cmi5 is written against 1.0.x. */
  xapiVersion?: '1.0.3' | '2.0.0';
  /** The course's own mastery score, used only when LMS.LaunchData has none. */
  masteryScore?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Removes the launch parameters from the address bar once read (browser only; default true). */
  cleanUrl?: boolean;
}

export interface Score {
  raw?: number;
  min?: number;
  max?: number;
}

/** What a completion-related call did: sent, or skipped because the rules forbid it now. */
export type Outcome = 'sent' | 'skipped';

/**
 * One AU session, from fetch to terminated. Create it with Cmi5Session.start(); it has then
 * sent Initialized. Completion-related calls are skipped (not errors) where cmi5 forbids the
 * statement: in Browse and Review, a second Completed or Passed in the registration, a Failed
 * after a Passed, a second Passed/Failed in the session. Nothing may follow terminate().
 */
export class Cmi5Session {
  readonly params: LaunchParams;
  readonly launchData: LaunchData;
  readonly preferences: LearnerPreferences;
  /** The language to show: the learner's cmi5 preference when it names lo or en, else lo. */
  readonly language: 'lo' | 'en';
  /** The Authorization header value for the LMS's LRS: "Basic <auth-token>" (cmi5 §8.2.1). */
  readonly auth: string;
  /** Whether this session records completion (launchMode Normal). */
  readonly recordsCompletion: boolean;
  #fetch: typeof fetch;
  #version: string;
  #now: () => Date;
  #fallbackMastery: number | undefined;
  #started: Date;
  #last = 0;
  #sent = new Set<Cmi5Verb>();
  #built = new Map<Cmi5Verb, Json>();
  #completedInRegistration: boolean;
  #passedInRegistration: boolean;
  #terminated = false;

  private constructor(init: {
    params: LaunchParams;
    launchData: LaunchData;
    preferences: LearnerPreferences;
    auth: string;
    fetch: typeof fetch;
    version: string;
    now: () => Date;
    masteryScore: number | undefined;
    completed: boolean;
    passed: boolean;
  }) {
    this.params = init.params;
    this.launchData = init.launchData;
    this.preferences = init.preferences;
    this.language = preferredLanguage(init.preferences.languagePreference) ?? 'lo';
    this.auth = init.auth;
    this.recordsCompletion = init.launchData.launchMode === 'Normal';
    this.#fetch = init.fetch;
    this.#version = init.version;
    this.#now = init.now;
    this.#fallbackMastery = init.masteryScore;
    this.#started = init.now();
    this.#completedInRegistration = init.completed;
    this.#passedInRegistration = init.passed;
  }

  /**
   * Starts the session the LMS launched at `href`: POSTs the fetch URL once for the auth token,
   * reads LMS.LaunchData and cmi5LearnerPreferences, learns whether this registration already
   * has Completed or Passed, and sends Initialized. Throws Cmi5Error naming what failed.
   */
  static async start(href: string | URL, options: StartOptions = {}): Promise<Cmi5Session> {
    const params = parseLaunchParams(href);
    const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    const version = options.xapiVersion ?? '1.0.3';
    const now = options.now ?? (() => new Date());
    if (options.cleanUrl !== false) cleanAddressBar();

    const auth = `Basic ${await fetchAuthToken(doFetch, params.fetch)}`;
    const endpoint = params.endpoint.endsWith('/') ? params.endpoint : `${params.endpoint}/`;
    const agent = JSON.stringify(params.actor);
    const get = async (path: string, query: Record<string, string>, where: string): Promise<Response> => {
      const url = new URL(path, endpoint);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      try {
        return await doFetch(url, { headers: { Authorization: auth, 'X-Experience-API-Version': version } });
      } catch {
        throw new Cmi5Error(where, `the LMS at ${endpoint} did not answer`);
      }
    };

    const stateRes = await get('activities/state', { stateId: LAUNCH_DATA_STATE_ID, activityId: params.activityId, agent, registration: params.registration }, LAUNCH_DATA_STATE_ID);
    if (stateRes.status !== 200) throw new Cmi5Error(LAUNCH_DATA_STATE_ID, `the LMS answered ${stateRes.status}; it must write this state document before launching (cmi5 §10)`);
    let doc: unknown;
    try {
      doc = await stateRes.json();
    } catch {
      throw new Cmi5Error(LAUNCH_DATA_STATE_ID, 'is not JSON');
    }
    const launchData = checkLaunchData(doc);

    // cmi5 §11: read at start-up; absent or refused is no preference, not an error.
    let preferences: LearnerPreferences = {};
    const prefRes = await get('agents/profile', { agent, profileId: LEARNER_PREFERENCES_PROFILE_ID }, LEARNER_PREFERENCES_PROFILE_ID).catch(() => undefined);
    if (prefRes?.status === 200) {
      const p = (await prefRes.json().catch(() => ({}))) as Json;
      preferences = {
        ...(typeof p.languagePreference === 'string' ? { languagePreference: p.languagePreference } : {}),
        ...(p.audioPreference === 'on' || p.audioPreference === 'off' ? { audioPreference: p.audioPreference } : {}),
      };
    }

    // Completed and Passed are once per registration (cmi5 §9.3). A credential that may not
    // read statements leaves this unknown: then only this session's rules hold.
    const already = async (verb: Cmi5Verb): Promise<boolean> => {
      const res = await get('statements', { agent, verb: CMI5_VERBS[verb], activity: params.activityId, registration: params.registration, limit: '1' }, 'statements').catch(() => undefined);
      if (res?.status !== 200) return false;
      const body = (await res.json().catch(() => ({}))) as { statements?: unknown[] };
      return (body.statements?.length ?? 0) > 0;
    };
    const [completed, passed] = await Promise.all([already('completed'), already('passed')]);

    const session = new Cmi5Session({ params, launchData, preferences, auth, fetch: doFetch, version, now, masteryScore: options.masteryScore, completed, passed });
    await session.#send('initialized');
    return session;
  }

  /** The mastery score in force: LMS.LaunchData's, else the course's own. */
  get masteryScore(): number | undefined {
    return this.launchData.masteryScore ?? this.#fallbackMastery;
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  /** Whether this registration has a Completed / Passed (from earlier sessions or this one). */
  get completedInRegistration(): boolean {
    return this.#completedInRegistration;
  }

  get passedInRegistration(): boolean {
    return this.#passedInRegistration;
  }

  /** What the player's Recorder needs to send to the LMS's LRS as this learner and registration. */
  recorderOptions(): { endpoint: string; auth: string; actor: { objectType: 'Agent'; account: { homePage: string; name: string } }; registration: string } {
    return {
      endpoint: this.params.endpoint.endsWith('/') ? this.params.endpoint : `${this.params.endpoint}/`,
      auth: this.auth,
      actor: { objectType: 'Agent', account: { ...this.params.actor.account } },
      registration: this.params.registration,
    };
  }

  /**
   * A "cmi5 allowed" statement (cmi5 §7.1.3) from one of the player's: its context gets the
   * template (session id, publisher id grouping) and this registration, without the cmi5
   * category. Such statements must fall between Initialized and Terminated.
   */
  applyContextTemplate<S extends { context?: Json }>(statement: S): S {
    if (this.#terminated) throw new Cmi5Error('applyContextTemplate', 'the session has terminated: no statement may follow Terminated (cmi5 §9.3.8)');
    const context = mergeContext(this.launchData.contextTemplate, { ...(statement.context ?? {}), registration: this.params.registration });
    return { ...statement, context };
  }

  /** Completed (cmi5 §9.3.3): the learner has experienced all relevant material. */
  async completed(options: { durationMs?: number } = {}): Promise<Outcome> {
    this.#alive('completed');
    if (!this.recordsCompletion || this.#completedInRegistration) return 'skipped';
    await this.#send('completed', { durationMs: options.durationMs });
    this.#completedInRegistration = true;
    return 'sent';
  }

  /**
   * Passed or Failed by the mastery score (cmi5 §9.3.4–5): scaled >= masteryScore passes.
   * Without any mastery score the AU cannot judge and sends nothing ('skipped').
   */
  async judge(scaled: number, score: Score = {}, options: { durationMs?: number } = {}): Promise<'passed' | 'failed' | 'skipped'> {
    this.#alive('judge');
    if (!(scaled >= 0 && scaled <= 1)) throw new Cmi5Error('judge.scaled', 'must be from 0 to 1');
    const mastery = this.masteryScore;
    if (mastery === undefined) return 'skipped';
    const verb = scaled >= mastery ? 'passed' : 'failed';
    if (!this.recordsCompletion || this.#passedInRegistration || this.#sent.has('passed') || this.#sent.has('failed')) return 'skipped';
    await this.#send(verb, { durationMs: options.durationMs, score: { scaled, ...score } });
    if (verb === 'passed') this.#passedInRegistration = true;
    return verb;
  }

  /**
   * Terminated (cmi5 §9.3.8), the last statement of the session, with the session's duration.
   * `keepalive` lets it outlive a closing page. Returns the LMS's returnURL, if any.
   */
  async terminate(options: { keepalive?: boolean } = {}): Promise<{ returnURL?: string }> {
    if (!this.#terminated) {
      await this.#send('terminated', { durationMs: this.#now().getTime() - this.#started.getTime(), keepalive: options.keepalive });
      this.#terminated = true;
    }
    return this.launchData.returnURL !== undefined ? { returnURL: this.launchData.returnURL } : {};
  }

  /** terminate(), then, in a browser, go to the LMS's returnURL when it gave one (cmi5 §10). */
  async exit(): Promise<void> {
    const { returnURL } = await this.terminate();
    const loc = (globalThis as { location?: { assign(url: string): void } }).location;
    if (returnURL !== undefined && loc) loc.assign(returnURL);
  }

  #alive(what: string): void {
    if (this.#terminated) throw new Cmi5Error(what, 'the session has terminated: no statement may follow Terminated (cmi5 §9.3.8)');
  }

  /** Timestamps strictly increase, so that order by timestamp is the order sent (cmi5 §9.3). */
  #timestamp(): string {
    const t = Math.max(this.#now().getTime(), this.#last + 1);
    this.#last = t;
    return new Date(t).toISOString();
  }

  #build(verb: Cmi5Verb, opts: { durationMs?: number; score?: { scaled: number } & Score }): Json {
    const result: Json = {};
    if (verb === 'completed') result.completion = true;
    if (verb === 'passed') result.success = true;
    if (verb === 'failed') result.success = false;
    if (opts.score && (verb === 'passed' || verb === 'failed')) result.score = opts.score;
    // Duration is required on Completed, Passed, Failed and Terminated (cmi5 §9.5.4.1).
    if (verb !== 'initialized') result.duration = isoDuration(opts.durationMs ?? this.#now().getTime() - this.#started.getTime());
    const category: ActivityRef[] = [{ id: CMI5_CATEGORY }];
    if ('success' in result || 'completion' in result) category.push({ id: MOVEON_CATEGORY });
    const extensions: Json = {};
    if ((verb === 'passed' || verb === 'failed') && this.launchData.masteryScore !== undefined) extensions[MASTERY_SCORE_EXTENSION] = this.launchData.masteryScore;
    const context = mergeContext(this.launchData.contextTemplate, {
      registration: this.params.registration,
      contextActivities: { category },
      ...(Object.keys(extensions).length ? { extensions } : {}),
    });
    return {
      id: uuid(),
      actor: { objectType: 'Agent', account: { ...this.params.actor.account } },
      verb: { id: CMI5_VERBS[verb], display: { 'en-US': verb } },
      object: { objectType: 'Activity', id: this.params.activityId },
      ...(Object.keys(result).length ? { result } : {}),
      context,
      timestamp: this.#timestamp(),
    };
  }

  /** Sends a cmi5-defined statement; a retry after a failure resends the same statement (same id). */
  async #send(verb: Cmi5Verb, opts: { durationMs?: number; score?: { scaled: number } & Score; keepalive?: boolean } = {}): Promise<void> {
    if (this.#sent.has(verb)) return;
    let statement = this.#built.get(verb);
    if (!statement) {
      statement = this.#build(verb, opts);
      this.#built.set(verb, statement);
    }
    const url = new URL('statements', this.recorderOptions().endpoint);
    let res: Response;
    try {
      res = await this.#fetch(url, {
        method: 'POST',
        headers: { Authorization: this.auth, 'X-Experience-API-Version': this.#version, 'Content-Type': 'application/json' },
        body: JSON.stringify(statement),
        ...(opts.keepalive ? { keepalive: true } : {}),
      });
    } catch {
      throw new Cmi5Error(`statements (${verb})`, 'the LMS did not answer; call again to resend the same statement');
    }
    // 409: the LMS already holds this id, i.e. an earlier attempt got through.
    if (!res.ok && res.status !== 409) {
      const text = await res.text().catch(() => '');
      throw new Cmi5Error(`statements (${verb})`, `the LMS answered ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`);
    }
    this.#sent.add(verb);
  }
}

/** POST to the one-time fetch URL (cmi5 §8.2): the auth-token, or Cmi5Error with the LMS's error-code. */
async function fetchAuthToken(doFetch: typeof fetch, url: string): Promise<string> {
  let res: Response;
  try {
    // No body and no custom header: a CORS "simple" request, so no preflight the LMS must answer.
    res = await doFetch(url, { method: 'POST' });
  } catch {
    throw new Cmi5Error('query.fetch', 'the LMS did not answer the fetch URL');
  }
  let body: Json;
  try {
    body = (await res.json()) as Json;
  } catch {
    throw new Cmi5Error('query.fetch', `the LMS answered ${res.status} without JSON`);
  }
  if (typeof body['error-code'] === 'string' || typeof body['error-code'] === 'number') {
    const code = String(body['error-code']);
    const meaning = code === '1' ? 'already used or expired: relaunch from the LMS' : code === '2' ? 'security error' : 'LMS error';
    throw new Cmi5Error('query.fetch', `${meaning} (error-code ${code}${typeof body['error-text'] === 'string' ? `: ${body['error-text']}` : ''})`, code);
  }
  const token = body['auth-token'];
  if (!res.ok || typeof token !== 'string' || token === '') throw new Cmi5Error('query.fetch', `the LMS answered ${res.status} without an auth-token`);
  return token;
}

/** Drops the launch parameters from the address bar: the fetch URL is a one-time credential. */
function cleanAddressBar(): void {
  const g = globalThis as { location?: { href: string }; history?: { replaceState(data: unknown, unused: string, url: string): void } };
  if (!g.location || !g.history) return;
  const url = new URL(g.location.href);
  for (const name of ['endpoint', 'fetch', 'actor', 'registration', 'activityId']) url.searchParams.delete(name);
  g.history.replaceState(null, '', url.href);
}
