// The player's record of what a learner does: every statement goes first to an IndexedDB
// outbox (id set on the device) and is flushed to the LRS in batches when online; resume state
// lives in IndexedDB and is merged into the xAPI State API. Not for rendering (components/**)
// nor for who the learner is: the actor and credential come in through RecorderOptions.
//
// Delivery rules, so that nothing is lost and nothing loops:
// - 2xx: delivered, removed from the outbox.
// - no answer, 5xx, 408, 429: kept; retried with backoff, and at once when the browser
//   comes back online. While navigator.onLine is false nothing is attempted.
// - 401: kept; the credential is the problem, not the statements. Retried on the next
//   online event or open, reported as `error: 'unauthorized'`.
// - any other 4xx for a batch: the batch is split and each statement sent alone, so one bad
//   statement cannot hold back the rest. Alone, a 409 means the LRS already holds a statement
//   with this id (our ids are device-made UUIDs, so it is ours): delivered. Any other 4xx:
//   moved to the "rejected" store (kept, reported, never resent automatically).
// Works without a secure context (a laptop serving a room over http://192.168.x.x): no
// crypto.randomUUID, no Web Locks there, so those are optional.
// Replay is idempotent: the LRS accepts the same id and content again (200) without storing
// it twice, so a batch whose answer was lost is simply sent again.
import { mergeState, readState, sendStatements, type Outcome } from './client.js';
import { openDb, req, tx } from './idb.js';
import {
  buildStatement,
  clean,
  isoDuration,
  uuid,
  type Actor,
  type ActivityDefinition,
  type CourseRef,
  type InteractionComponent,
  type Lang,
  type Result,
  type Statement,
  type Verb,
} from './statements.js';

export type { Actor, Lang, Statement } from './statements.js';

export interface RecorderOptions {
  /** The LRS endpoint, e.g. new URL('/xapi/', serverOrigin).href. */
  endpoint: string;
  /** The full Authorization header value ("Basic …" for the demo learner; "Bearer …" later). */
  auth: string;
  /** The learner as an opaque account. Never a name or email. */
  actor: Actor;
  course: CourseRef;
  lang: Lang;
  /**
   * A registration given by the launcher (e.g. cmi5). Without one the recorder keeps the one it
   * made on this device, or makes one on first open.
   */
  registration?: string;
  /**
   * Applied to each statement before it enters the outbox, e.g. a cmi5 launch's context
   * template (Cmi5Session.applyContextTemplate). Returns the statement to store; it keeps the id.
   * A throw rejects the recording call and stores nothing.
   */
  transform?: (statement: Statement) => Statement;
}

export interface OutboxChangeDetail {
  /** Statements waiting in the outbox. */
  pending: number;
  /** Whether the LRS is believed reachable (navigator.onLine and the last attempt got an answer). */
  online: boolean;
  /** Statements the LRS refused (kept in the "rejected" store). */
  rejected: number;
  /** Set while the credential is refused (401): statements wait for a valid one. */
  error?: 'unauthorized';
}

/** Fired on the recorder whenever the outbox or the connection changes. */
export class OutboxChangeEvent extends Event {
  constructor(readonly detail: OutboxChangeDetail) {
    super('champa-outbox-change');
  }
}

/** Fired when state read back from the LRS changed values held on this device. */
export class StateChangeEvent extends Event {
  constructor(readonly detail: { keys: string[] }) {
    super('champa-state-change');
  }
}

export interface RejectedStatement {
  statement: Statement;
  status: number;
  message: string;
  at: string;
}

interface Queued {
  seq?: number;
  statement: Statement;
}

interface StateDoc {
  values: Record<string, unknown>;
  /** Keys changed here and not yet merged into the LRS, with the revision that changed them. */
  dirty: Record<string, number>;
  rev: number;
}

/** At most this many statements per POST. */
export const BATCH_SIZE = 50;
const FLUSH_DELAY_MS = 250;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;
export const STATE_ID = 'champa-progress';

const OUTBOX = 'outbox';
const REJECTED = 'rejected';
const META = 'meta';

/** Whether an HTTP outcome is worth trying again later unchanged. */
const transient = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

export class Recorder extends EventTarget {
  readonly endpoint: string;
  readonly actor: Actor;
  readonly course: CourseRef;
  #auth: string;
  #lang: Lang;
  #transform: ((statement: Statement) => Statement) | undefined;
  #db: IDBDatabase;
  #name: string;
  #registration: string;
  #writes: Promise<unknown> = Promise.resolve();
  #flushing: Promise<void> | null = null;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #unreachable = false;
  #unauthorized = false;
  #stateRefused = false;
  #closed = false;
  #listeners: [EventTarget, string, () => void][] = [];
  #pulled: Promise<void> = Promise.resolve();

  private constructor(db: IDBDatabase, name: string, opts: RecorderOptions, registration: string) {
    super();
    this.#db = db;
    this.#name = name;
    this.endpoint = opts.endpoint.endsWith('/') ? opts.endpoint : `${opts.endpoint}/`;
    this.#auth = opts.auth;
    this.actor = { objectType: 'Agent', account: { homePage: opts.actor.account.homePage, name: opts.actor.account.name } };
    this.course = { ...opts.course };
    this.#lang = opts.lang;
    this.#transform = opts.transform;
    this.#registration = registration;
  }

  /** The IndexedDB database of one actor's record of one course on one LRS. */
  static dbName(opts: Pick<RecorderOptions, 'endpoint' | 'actor' | 'course'>): string {
    return `champa-xapi|${opts.endpoint}|${opts.actor.account.homePage}|${opts.actor.account.name}|${opts.course.slug}`;
  }

  /** Opens the outbox for this actor and course, and starts sending what it holds. */
  static async open(opts: RecorderOptions): Promise<Recorder> {
    const name = Recorder.dbName(opts);
    const db = await openDb(name, 1, (d) => {
      d.createObjectStore(OUTBOX, { keyPath: 'seq', autoIncrement: true });
      d.createObjectStore(REJECTED, { keyPath: 'statement.id' });
      d.createObjectStore(META);
    });
    let fresh = false;
    const registration = await tx(db, [META], 'readwrite', async (t) => {
      const meta = t.objectStore(META);
      const stored = (await req(meta.get('registration'))) as string | undefined;
      const reg = opts.registration ?? stored ?? uuid();
      fresh = !opts.registration && !stored;
      if (reg !== stored) meta.put(reg, 'registration');
      return reg;
    });
    const r = new Recorder(db, name, opts, registration);
    r.#listen();
    // A registration made just now has no state anywhere else; any other may (another device,
    // or this one before its storage was cleared), so read it back without holding up the caller.
    if (!fresh) r.#pulled = r.#pullState().catch(() => undefined);
    void r.#notify();
    r.#schedule(0);
    return r;
  }

  #listen() {
    if (typeof window === 'undefined') return;
    const on = (target: EventTarget, type: string, fn: () => void) => {
      target.addEventListener(type, fn);
      this.#listeners.push([target, type, fn]);
    };
    on(window, 'online', () => {
      this.#unreachable = false;
      this.#unauthorized = false;
      this.#failures = 0;
      void this.#notify();
      this.#schedule(0);
    });
    on(window, 'offline', () => void this.#notify());
    // The last chance to send before a tab is closed or a phone locks the browser.
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') void this.flush();
    });
  }

  /** The current attempt's registration (uuid), persisted. */
  registration(): string {
    return this.#registration;
  }

  /** Starts a new registration (a re-take) and persists it; later statements and state use it. */
  newAttempt(): string {
    const reg = uuid();
    this.#registration = reg;
    this.#write(() => tx(this.#db, [META], 'readwrite', (t) => void t.objectStore(META).put(reg, 'registration')));
    return reg;
  }

  /** The language later statements carry in context.language (the learner switched). */
  setLanguage(lang: Lang): void {
    this.#lang = lang;
  }

  get lang(): Lang {
    return this.#lang;
  }

  /** Replaces the credential (e.g. a renewed token) and retries what waits. */
  setAuth(auth: string): void {
    this.#auth = auth;
    this.#unauthorized = false;
    this.#schedule(0);
  }

  initialized(activityIri: string, opts: { parent?: string } = {}): Promise<void> {
    return this.#record('initialized', activityIri, opts.parent);
  }

  experienced(activityIri: string, opts: { durationMs?: number; name?: { lo: string; en: string }; parent?: string } = {}): Promise<void> {
    return this.#record('experienced', activityIri, opts.parent, duration(opts.durationMs), opts.name ? { name: { ...opts.name } } : undefined);
  }

  /**
   * A question answered. `response` is in the xAPI interaction format for its type (choice:
   * "a[,]c"; true-false: "true"; sequencing: "b[,]a[,]c"; matching: "1[.]a[,]2[.]b"). Pass
   * `parent` (the quiz's assessment IRI, or the lesson of a knowledge check): a question's
   * IRI does not say where it was asked.
   */
  answered(
    questionIri: string,
    opts: {
      response: string;
      success: boolean;
      durationMs?: number;
      interactionType: string;
      correctResponsesPattern?: string[];
      choices?: InteractionComponent[];
      source?: InteractionComponent[];
      target?: InteractionComponent[];
      name?: { lo: string; en: string };
      parent?: string;
    },
  ): Promise<void> {
    const definition: ActivityDefinition = { interactionType: opts.interactionType };
    if (opts.name) definition.name = { ...opts.name };
    if (opts.correctResponsesPattern) definition.correctResponsesPattern = [...opts.correctResponsesPattern];
    if (opts.choices) definition.choices = opts.choices;
    if (opts.source) definition.source = opts.source;
    if (opts.target) definition.target = opts.target;
    return this.#record('answered', questionIri, opts.parent, { response: opts.response, success: opts.success, ...duration(opts.durationMs) }, definition);
  }

  /** A graded assessment (quiz, pre/post-test, final exam) passed or failed. */
  scored(
    assessmentIri: string,
    verb: 'passed' | 'failed',
    opts: { scaled: number; raw: number; min: number; max: number; durationMs?: number; parent?: string },
  ): Promise<void> {
    const score = { scaled: opts.scaled, raw: opts.raw, min: opts.min, max: opts.max };
    return this.#record(verb, assessmentIri, opts.parent, { score, success: verb === 'passed', completion: true, ...duration(opts.durationMs) });
  }

  completed(activityIri: string, opts: { durationMs?: number; parent?: string } = {}): Promise<void> {
    return this.#record('completed', activityIri, opts.parent, { completion: true, ...duration(opts.durationMs) });
  }

  terminated(activityIri: string, opts: { durationMs?: number; parent?: string } = {}): Promise<void> {
    return this.#record('terminated', activityIri, opts.parent, duration(opts.durationMs));
  }

  async #record(verb: Verb, object: string, parent: string | undefined, result?: Result, definition?: ActivityDefinition): Promise<void> {
    if (this.#closed) throw new Error('Recorder: closed');
    const built = clean(
      buildStatement({
        id: uuid(),
        actor: this.actor,
        course: this.course,
        registration: this.#registration,
        lang: this.#lang,
        verb,
        object,
        timestamp: new Date(),
        ...(definition ? { definition } : {}),
        ...(parent ? { parent } : {}),
        ...(result ? { result } : {}),
      }),
    );
    const statement = this.#transform ? clean(this.#transform(built)) : built;
    // Resolves once the transaction commits: a statement the caller was told about survives a killed tab.
    await this.#write(() => tx(this.#db, [OUTBOX], 'readwrite', (t) => void t.objectStore(OUTBOX).add({ statement } satisfies Queued)));
    void this.#notify();
    this.#schedule(FLUSH_DELAY_MS);
  }

  /** Statements waiting in the outbox. */
  async pending(): Promise<number> {
    await this.#writes;
    return tx(this.#db, [OUTBOX], 'readonly', (t) => req(t.objectStore(OUTBOX).count()));
  }

  /** Statements the LRS refused, kept for support to look at. */
  async rejected(): Promise<RejectedStatement[]> {
    return tx(this.#db, [REJECTED], 'readonly', (t) => req(t.objectStore(REJECTED).getAll()) as Promise<RejectedStatement[]>);
  }

  /** Whether the LRS is believed reachable: the browser is online and the last attempt got an answer. */
  online(): boolean {
    return (typeof navigator === 'undefined' || navigator.onLine) && !this.#unreachable;
  }

  /**
   * Sends the outbox in batches of at most BATCH_SIZE, then merges changed resume state.
   * Concurrent calls share one run (and tabs take turns through a Web Lock), so each
   * statement is sent once. Resolves when the outbox is empty or sending has to wait;
   * never rejects for a network or LRS failure: pending() says what waits.
   */
  flush(): Promise<void> {
    if (this.#flushing) {
      // Something recorded during a run is sent by the same run's next batch; a call made
      // while the run is already past its last read gets one more pass.
      this.#again = true;
      return this.#flushing;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const run = async () => {
      do {
        this.#again = false;
        await this.#locked(() => this.#drain());
      } while (this.#again && !this.#closed && this.#canTry());
    };
    this.#flushing = run().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  #canTry(): boolean {
    return !this.#closed && !this.#unauthorized && (typeof navigator === 'undefined' || navigator.onLine);
  }

  async #locked(fn: () => Promise<void>): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (locks) await locks.request(`champa-flush|${this.#name}`, fn);
    else await fn();
  }

  async #drain(): Promise<void> {
    await this.#writes;
    while (this.#canTry()) {
      const batch = await tx(this.#db, [OUTBOX], 'readonly', (t) => req(t.objectStore(OUTBOX).getAll(null, BATCH_SIZE)) as Promise<Queued[]>);
      if (batch.length === 0) break;
      if (!(await this.#deliver(batch))) return;
    }
    if (this.#canTry()) await this.#syncState();
  }

  /** Sends one batch and settles every statement in it. Returns false when sending must wait. */
  async #deliver(batch: Queued[]): Promise<boolean> {
    const outcome = await sendStatements(this.endpoint, this.#auth, batch.map((q) => q.statement));
    if (this.#closed) return false;
    if (outcome.ok) {
      await this.#settle(batch, []);
      this.#reachable();
      return true;
    }
    if (!this.#handleFailure(outcome)) return false;
    this.#reachable();
    if (batch.length > 1) {
      for (const q of batch) if (!(await this.#deliver([q]))) return false;
      return true;
    }
    // One statement, refused for itself.
    if (outcome.status === 409) await this.#settle(batch, []);
    else await this.#settle([], batch.map((q) => ({ q, status: outcome.status, message: outcome.message })));
    return true;
  }

  /**
   * Deals with a failure that is not about particular statements (network, server busy,
   * credential). Returns true when the failure is about the statements themselves.
   */
  #handleFailure(outcome: Extract<Outcome, { ok: false }>): boolean {
    if (transient(outcome.status)) {
      this.#unreachable = outcome.status === 0;
      this.#failures++;
      void this.#notify();
      const backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.#failures - 1));
      this.#schedule(backoff / 2 + Math.random() * (backoff / 2));
      return false;
    }
    if (outcome.status === 401) {
      this.#unauthorized = true;
      void this.#notify();
      return false;
    }
    return true;
  }

  #reachable() {
    this.#failures = 0;
    if (this.#unreachable) {
      this.#unreachable = false;
      void this.#notify();
    }
  }

  async #settle(delivered: Queued[], refused: { q: Queued; status: number; message: string }[]): Promise<void> {
    await tx(this.#db, [OUTBOX, REJECTED], 'readwrite', (t) => {
      const outbox = t.objectStore(OUTBOX);
      for (const q of delivered) outbox.delete(q.seq!);
      for (const { q, status, message } of refused) {
        outbox.delete(q.seq!);
        t.objectStore(REJECTED).put({ statement: q.statement, status, message, at: new Date().toISOString() } satisfies RejectedStatement);
      }
    });
    if (refused.length) console.warn(`Champa: the LRS refused ${refused.length} statement(s); kept aside`, refused.map((r) => `${r.status} ${r.message}`));
    void this.#notify();
  }

  #schedule(ms: number) {
    if (this.#closed) return;
    if (this.#timer !== undefined) {
      // Keep whichever run comes first.
      if (ms > FLUSH_DELAY_MS) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, ms);
  }

  async #notify() {
    if (this.#closed) return;
    try {
      const [pending, rejected] = await tx(this.#db, [OUTBOX, REJECTED], 'readonly', (t) =>
        Promise.all([req(t.objectStore(OUTBOX).count()), req(t.objectStore(REJECTED).count())]),
      );
      if (this.#closed) return;
      this.dispatchEvent(new OutboxChangeEvent({ pending, online: this.online(), rejected, ...(this.#unauthorized ? { error: 'unauthorized' as const } : {}) }));
    } catch {
      // closed underneath us
    }
  }

  #write<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.#writes.then(fn);
    this.#writes = p.catch(() => undefined);
    return p;
  }

  // ---- resume state -------------------------------------------------------------------

  #stateKey(registration = this.#registration) {
    return `state|${registration}`;
  }

  async #readDoc(t: IDBTransaction, key: string): Promise<StateDoc> {
    return ((await req(t.objectStore(META).get(key))) as StateDoc | undefined) ?? { values: {}, dirty: {}, rev: 0 };
  }

  /** A resume value for the current registration, from this device (never waits for the network). */
  async getState<T>(key: string): Promise<T | undefined> {
    await this.#writes;
    const doc = await tx(this.#db, [META], 'readonly', (t) => this.#readDoc(t, this.#stateKey()));
    return doc.values[key] as T | undefined;
  }

  /** Keeps a resume value on this device at once, and merges it into the LRS state when online. */
  async setState<T>(key: string, value: T): Promise<void> {
    const stateKey = this.#stateKey();
    await this.#write(() =>
      tx(this.#db, [META], 'readwrite', async (t) => {
        const doc = await this.#readDoc(t, stateKey);
        doc.rev++;
        doc.values[key] = value === undefined ? null : clean({ v: value }).v;
        doc.dirty[key] = doc.rev;
        t.objectStore(META).put(doc, stateKey);
      }),
    );
    this.#schedule(FLUSH_DELAY_MS);
  }

  #stateRef(registration: string) {
    return { agent: this.actor, activityId: this.course.iri, stateId: STATE_ID, registration };
  }

  async #syncState(): Promise<void> {
    if (this.#stateRefused) return;
    const registration = this.#registration;
    const stateKey = this.#stateKey(registration);
    const doc = await tx(this.#db, [META], 'readonly', (t) => this.#readDoc(t, stateKey));
    const keys = Object.keys(doc.dirty);
    if (keys.length === 0) return;
    const values = Object.fromEntries(keys.map((k) => [k, doc.values[k] ?? null]));
    const outcome = await mergeState(this.endpoint, this.#auth, this.#stateRef(registration), values);
    if (!outcome.ok) {
      if (this.#handleFailure(outcome)) {
        // Refused for itself (e.g. the credential lacks the state scope): the device copy
        // still resumes; do not resend it on every statement.
        this.#stateRefused = true;
        console.warn(`Champa: the LRS refused resume state (${outcome.status} ${outcome.message})`);
      }
      return;
    }
    this.#reachable();
    await this.#write(() =>
      tx(this.#db, [META], 'readwrite', async (t) => {
        const now = await this.#readDoc(t, stateKey);
        // Only what has not changed again since it was sent is clean now.
        for (const k of keys) if (now.dirty[k] === doc.dirty[k]) delete now.dirty[k];
        t.objectStore(META).put(now, stateKey);
      }),
    );
  }

  /** Reads the LRS copy of the state and takes every value not changed on this device since. */
  async #pullState(): Promise<void> {
    if (!this.#canTry()) return;
    const registration = this.#registration;
    const outcome = await readState(this.endpoint, this.#auth, this.#stateRef(registration));
    if (!outcome.ok || this.#closed) return;
    const remote = outcome.data;
    if (!remote || typeof remote !== 'object' || Array.isArray(remote)) return;
    const stateKey = this.#stateKey(registration);
    const changed = await this.#write(() =>
      tx(this.#db, [META], 'readwrite', async (t) => {
        const doc = await this.#readDoc(t, stateKey);
        const keys: string[] = [];
        for (const [k, v] of Object.entries(remote as Record<string, unknown>)) {
          if (k in doc.dirty || JSON.stringify(doc.values[k]) === JSON.stringify(v)) continue;
          doc.values[k] = v;
          keys.push(k);
        }
        if (keys.length) t.objectStore(META).put(doc, stateKey);
        return keys;
      }),
    );
    if (changed.length && !this.#closed) this.dispatchEvent(new StateChangeEvent({ keys: changed }));
  }

  /** Resolves once state read back from the LRS at open (if any) has been merged. For tests and resume. */
  async stateReady(): Promise<void> {
    await this.#pulled;
    await this.#writes;
  }

  /** Stops timers and listeners and closes the database. Queued statements stay for the next open. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const [target, type, fn] of this.#listeners) target.removeEventListener(type, fn);
    this.#listeners = [];
    this.#db.close();
  }
}

function duration(ms: number | undefined): { duration?: string } {
  return ms === undefined ? {} : { duration: isoDuration(ms) };
}
