// The recorder in real Chromium (IndexedDB, Web Locks, fetch) against a fake LRS: the outbox
// survives a reopen, concurrent flushes send each statement once, failures keep or set aside
// statements by the rules in recorder.ts, registrations follow attempts, and resume state
// reaches the State API. DESIGN §6, issue 4 "Offline, nothing lost".
import { BATCH_SIZE, OutboxChangeEvent, Recorder, STATE_ID, type RecorderOptions } from '../../../components/xapi/recorder.js';
import { isoDuration } from '../../../components/xapi/statements.js';
import { ENDPOINT, FakeLrs, assert, equal, until } from './fake-lrs.js';

const COURSE = { slug: 'workers-rights', iri: 'https://champa.la/xapi/activities/course/workers-rights', version: '1.0.0' };
const MODULE = `${COURSE.iri}/module/forced-labour`;
const LESSON = `${MODULE}/lesson/recognising-forced-labour`;
const QUIZ = `${COURSE.iri}/assessment/quiz-forced-labour`;
const QUESTION = `${COURSE.iri}/question/q-debt`;

function options(over: Partial<RecorderOptions> = {}): RecorderOptions {
  return {
    endpoint: ENDPOINT,
    auth: 'Basic dGVzdDp0ZXN0',
    // A fresh learner per test: each gets its own IndexedDB database.
    actor: { objectType: 'Agent', account: { homePage: 'https://champa.test/demo-learners', name: crypto.randomUUID() } },
    course: COURSE,
    lang: 'lo',
    ...over,
  };
}

describe('components/xapi/recorder (DESIGN §6)', () => {
  let lrs: FakeLrs;
  const open: Recorder[] = [];
  const openRecorder = async (o: RecorderOptions) => {
    const r = await Recorder.open(o);
    open.push(r);
    return r;
  };

  beforeEach(() => {
    lrs = new FakeLrs().install();
  });
  afterEach(() => {
    for (const r of open.splice(0)) r.close();
    lrs.uninstall();
  });

  it('keeps queued statements in IndexedDB across close and reopen, and sends them later (§6 outbox first)', async () => {
    lrs.down = true;
    const o = options();
    const r1 = await openRecorder(o);
    await r1.initialized(COURSE.iri);
    await r1.experienced(LESSON, { durationMs: 1500 });
    await r1.completed(MODULE);
    equal(await r1.pending(), 3, 'pending before close');
    r1.close();
    const r2 = await openRecorder(o);
    equal(await r2.pending(), 3, 'pending after reopen');
    lrs.down = false;
    await r2.flush();
    equal(await r2.pending(), 0, 'pending after flush');
    equal(lrs.stored.size, 3, 'statements in the LRS');
  });

  it('sends each statement exactly once in batches of at most 50, whatever the concurrent flushes (§6 idempotent replay)', async () => {
    lrs.down = true;
    const o = options();
    const r = await openRecorder(o);
    for (let i = 0; i < 120; i++) await r.experienced(LESSON, { durationMs: i });
    lrs.down = false;
    lrs.delayMs = 30;
    const other = await openRecorder(o); // a second tab on the same outbox
    await Promise.all([r.flush(), r.flush(), other.flush(), r.flush(), other.flush()]);
    equal(await r.pending(), 0, 'pending');
    equal(lrs.stored.size, 120, 'stored');
    const counts = [...lrs.sendCounts().values()];
    assert(counts.every((n) => n === 1), `each statement POSTed once (counts ${JSON.stringify(counts.filter((n) => n !== 1))})`);
    assert(lrs.posts.every((b) => b.length <= BATCH_SIZE), 'batches of at most 50');
  });

  it('keeps statements queued through network errors, reports offline, and delivers once the network is back', async () => {
    const r = await openRecorder(options());
    const events: OutboxChangeEvent['detail'][] = [];
    r.addEventListener('champa-outbox-change', (e) => events.push((e as OutboxChangeEvent).detail));
    lrs.down = true;
    await r.initialized(COURSE.iri);
    await r.flush();
    await r.flush();
    equal(await r.pending(), 1, 'pending after failed flushes');
    equal(r.online(), false, 'online() after a network error');
    await until(() => events.some((d) => d.pending === 1 && !d.online), 2000, 'an offline event with 1 pending');
    equal(lrs.stored.size, 0, 'nothing stored');
    lrs.down = false;
    window.dispatchEvent(new Event('online'));
    await until(async () => (await r.pending()) === 0, 5000, 'delivery after the online event');
    equal(r.online(), true, 'online() after delivery');
    equal(lrs.stored.size, 1, 'stored once');
    await until(() => events.at(-1)?.pending === 0 && events.at(-1)?.online === true, 2000, 'a final event with 0 pending, online');
  });

  it('treats a 409 for one statement as already stored, and sets a 400 aside without resending it (xAPI 1.0.3 §2.1.3)', async () => {
    lrs.down = true;
    const r = await openRecorder(options());
    await r.initialized(COURSE.iri);
    await r.experienced(LESSON);
    await r.completed(MODULE);
    await r.terminated(COURSE.iri);
    lrs.down = false;
    lrs.refuse = (s) => (s.verb.id.endsWith('/experienced') ? 409 : s.verb.id.endsWith('/completed') ? 400 : undefined);
    await r.flush();
    equal(await r.pending(), 0, 'pending');
    const verbs = [...lrs.stored.values()].map((s) => s.verb.id.split('/').pop()).sort();
    equal(verbs, ['initialized', 'terminated'], 'delivered alongside the refused ones');
    const rejected = await r.rejected();
    equal(rejected.map((x) => [x.status, x.statement.verb.id.split('/').pop()]), [[400, 'completed']], 'the rejected store');
    const posted = lrs.posts.length;
    await r.initialized(LESSON);
    await r.flush();
    const later = lrs.posts.slice(posted).flat();
    assert(!later.some((s) => s.verb.id.endsWith('/completed')), 'a rejected statement is not sent again');
  });

  it('keeps statements (not rejected) when the credential is refused with 401, and reports it', async () => {
    const r = await openRecorder(options());
    let last: OutboxChangeEvent['detail'] | undefined;
    r.addEventListener('champa-outbox-change', (e) => (last = (e as OutboxChangeEvent).detail));
    lrs.status = 401;
    await r.initialized(COURSE.iri);
    await r.flush();
    equal(await r.pending(), 1, 'pending after 401');
    equal((await r.rejected()).length, 0, 'nothing rejected');
    await until(() => last?.error === 'unauthorized', 2000, 'the unauthorized event');
    lrs.status = 0;
    r.setAuth('Basic bmV3Om5ldw==');
    await until(async () => (await r.pending()) === 0, 5000, 'delivery with the new credential');
  });

  it('retries a 503 with backoff instead of dropping the batch', async () => {
    const r = await openRecorder(options());
    lrs.status = 503;
    await r.initialized(COURSE.iri);
    await r.flush();
    equal(await r.pending(), 1, 'pending after 503');
    lrs.status = 0;
    // The first retry comes within RETRY_MIN_MS (2 s, with jitter down to half).
    await until(async () => (await r.pending()) === 0, 4000, 'the scheduled retry');
  });

  it('builds ADL statements with registration, language, parent and grouping, and no personal data (DESIGN §5)', async () => {
    const o = options();
    const r = await openRecorder(o);
    await r.answered(QUESTION, {
      response: 'b[,]c',
      success: false,
      durationMs: 83_500,
      interactionType: 'choice',
      correctResponsesPattern: ['a[,]c'],
      choices: [
        { id: 'a', description: { lo: 'ກ', en: 'A' } },
        { id: 'b', description: { lo: 'ຂ', en: 'B' } },
        { id: 'c', description: { lo: 'ຄ', en: 'C' } },
      ],
      parent: QUIZ,
    });
    await r.scored(QUIZ, 'passed', { scaled: 0.8, raw: 4, min: 0, max: 5, durationMs: 60_000 });
    r.setLanguage('en');
    await r.experienced(LESSON, { name: { lo: 'ບົດ', en: 'Lesson' } });
    await r.flush();
    const all = [...lrs.stored.values()];
    const answered = all.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/answered')!;
    equal(answered.actor, o.actor, 'actor is the opaque account only');
    assert(!('name' in answered.actor) && !('mbox' in answered.actor), 'no name or mbox');
    equal(answered.result, { response: 'b[,]c', success: false, duration: 'PT1M23.5S' }, 'answered result');
    equal(answered.object.definition?.interactionType, 'choice', 'interactionType');
    equal(answered.object.definition?.type, 'http://adlnet.gov/expapi/activities/cmi.interaction', 'question type');
    equal(answered.object.definition?.correctResponsesPattern, ['a[,]c'], 'correctResponsesPattern');
    equal(answered.object.definition?.choices?.length, 3, 'choices');
    equal(answered.context.registration, r.registration(), 'registration');
    equal(answered.context.language, 'lo', 'language');
    equal(answered.context.contextActivities?.parent, [{ id: QUIZ }], 'parent = the quiz');
    equal(answered.context.contextActivities?.grouping?.[0]?.id, COURSE.iri, 'grouping = the course');
    const passed = all.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/passed')!;
    equal(passed.result, { score: { scaled: 0.8, raw: 4, min: 0, max: 5 }, success: true, completion: true, duration: 'PT1M' }, 'passed result');
    const experienced = all.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/experienced')!;
    equal(experienced.context.language, 'en', 'language after the switch');
    equal(experienced.context.contextActivities?.parent, [{ id: MODULE }], "a lesson's parent is its module");
    equal(experienced.object.definition?.name, { lo: 'ບົດ', en: 'Lesson' }, 'lesson name');
    assert(all.every((s) => /^[0-9a-f-]{36}$/.test(s.id) && !Number.isNaN(Date.parse(s.timestamp))), 'ids and timestamps set on the device');
    equal(isoDuration(3_723_000), 'PT1H2M3S', 'isoDuration');
    equal(isoDuration(0), 'PT0S', 'isoDuration of 0');
  });

  it('uses one registration per attempt, persisted across reopen (xAPI context.registration)', async () => {
    const o = options();
    const r1 = await openRecorder(o);
    const first = r1.registration();
    await r1.initialized(COURSE.iri);
    const second = r1.newAttempt();
    assert(second !== first, 'newAttempt makes a new registration');
    await r1.initialized(COURSE.iri);
    await r1.flush();
    const regs = [...lrs.stored.values()].map((s) => s.context.registration).sort();
    equal(regs, [first, second].sort(), 'one statement per attempt');
    r1.close();
    const r2 = await openRecorder(o);
    equal(r2.registration(), second, 'the current attempt survives a reopen');
  });

  it('keeps resume state on the device at once and merges it into the State API (§6 resume)', async () => {
    const o = options();
    lrs.down = true;
    const r = await openRecorder(o);
    await r.setState('bookmark', { module: 0, lesson: 1 });
    await r.setState('answers', { q1: 'a' });
    equal(await r.getState('bookmark'), { module: 0, lesson: 1 }, 'read back offline');
    r.close();
    const again = await openRecorder(o);
    equal(await again.getState('answers'), { q1: 'a' }, 'read back after reopen, offline');
    lrs.down = false;
    await again.flush();
    const doc = lrs.state.get(lrs.stateKey(COURSE.iri, again.registration(), o.actor));
    equal(doc, { bookmark: { module: 0, lesson: 1 }, answers: { q1: 'a' } }, 'state document in the LRS');
    const post = lrs.stateRequests.find((x) => x.method === 'POST')!;
    equal(post.params.get('stateId'), STATE_ID, 'stateId');
    const before = lrs.stateRequests.length;
    await again.flush();
    equal(lrs.stateRequests.length, before, 'clean state is not sent again');
  });

  it('reads back state the LRS holds for a given registration, keeping values changed on this device', async () => {
    const registration = crypto.randomUUID();
    const o = options({ registration });
    lrs.state.set(lrs.stateKey(COURSE.iri, registration, o.actor), { bookmark: 'remote', answers: 'remote' });
    lrs.down = true;
    const r1 = await openRecorder(o);
    await r1.setState('answers', 'local');
    r1.close();
    lrs.down = false;
    const r2 = await openRecorder(o);
    const changed = new Promise<string[]>((resolve) => r2.addEventListener('champa-state-change', (e) => resolve((e as Event & { detail: { keys: string[] } }).detail.keys)));
    await r2.stateReady();
    equal(await r2.getState('bookmark'), 'remote', 'remote value taken');
    equal(await r2.getState('answers'), 'local', 'unsent local value kept');
    equal(await changed, ['bookmark'], 'champa-state-change names what changed');
    await r2.flush();
    equal(lrs.state.get(lrs.stateKey(COURSE.iri, registration, o.actor)), { bookmark: 'remote', answers: 'local' }, 'merged in the LRS');
  });
});
