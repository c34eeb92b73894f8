// The AU side of cmi5 (components/cmi5/cmi5.ts) run in Node against Champa's own LRS playing
// the LMS's LRS: the test seeds LMS.LaunchData as an LMS would (cmi5 §10), serves a one-time
// fetch URL (cmi5 §8.2), launches, and reads back what the AU sent (cmi5 §7, §9).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { startTarget, uid, type Target } from '../../support/target.js';
import { basicHeader, keyOf, secretOf } from '../../support/credentials.js';
import {
  CMI5_CATEGORY,
  Cmi5Error,
  Cmi5Session,
  LAUNCH_DATA_STATE_ID,
  MASTERY_SCORE_EXTENSION,
  MOVEON_CATEGORY,
  SESSION_ID_EXTENSION,
  mergeContext,
  parseLaunchParams,
  preferredLanguage,
} from '../../../components/cmi5/cmi5.js';

const AU_PUBLISHER_ID = 'https://champa.la/xapi/activities/course/victim-identification/au';
const V = { 'X-Experience-API-Version': '1.0.3' };

let t: Target;
let endpoint: string;
let lms: Server;
let lmsUrl: string;
/** Fetch URLs handed out; each answers its auth-token once, then the cmi5 error JSON. */
const fetchUrls = new Map<string, { used: boolean; token: string }>();

before(async () => {
  t = await startTarget();
  endpoint = `${await t.listen()}/xapi/`;
  lms = createServer((req, res) => {
    const key = new URL(req.url ?? '/', 'http://x').searchParams.get('k') ?? '';
    const entry = fetchUrls.get(key);
    res.setHeader('Content-Type', 'application/json');
    if (req.method !== 'POST') {
      res.statusCode = 405;
      res.end('{}');
    } else if (!entry) {
      res.end(JSON.stringify({ 'error-code': '2', 'error-text': 'Unknown fetch URL.' }));
    } else if (entry.used) {
      res.end(JSON.stringify({ 'error-code': '1', 'error-text': 'The authorization token has already been returned.' }));
    } else {
      entry.used = true;
      res.end(JSON.stringify({ 'auth-token': entry.token }));
    }
  });
  await new Promise<void>((r) => lms.listen(0, '127.0.0.1', () => r()));
  const addr = lms.address() as { port: number };
  lmsUrl = `http://127.0.0.1:${addr.port}`;
});
after(async () => {
  await new Promise<void>((r) => lms.close(() => r()));
  await t.close();
});

interface Launch {
  href: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  registration: string;
  activityId: string;
  sessionId: string;
}

/** What an LMS does before launching: a fresh fetch URL, LMS.LaunchData in its LRS, the launch URL. */
async function lmsLaunch(opts: { launchData?: Record<string, unknown>; registration?: string; actor?: Launch['actor']; activityId?: string; seed?: boolean } = {}): Promise<Launch> {
  const actor = opts.actor ?? { objectType: 'Agent' as const, account: { homePage: 'https://lms.example.la', name: `learner-${uid()}` } };
  const registration = opts.registration ?? uid();
  const activityId = opts.activityId ?? `https://lms.example.la/aus/${uid()}`;
  const sessionId = uid();
  const k = uid();
  // The auth-token is what goes after "Basic ": here, an LRS client of Champa's.
  fetchUrls.set(k, { used: false, token: Buffer.from(`${keyOf('all')}:${secretOf('all')}`).toString('base64') });
  const launchData = {
    contextTemplate: {
      contextActivities: { grouping: [{ id: AU_PUBLISHER_ID }] },
      extensions: { [SESSION_ID_EXTENSION]: sessionId },
    },
    launchMode: 'Normal',
    moveOn: 'CompletedAndPassed',
    masteryScore: 0.75,
    returnURL: 'https://lms.example.la/course/7',
    ...opts.launchData,
  };
  if (opts.seed !== false) {
    const q = new URLSearchParams({ activityId, agent: JSON.stringify(actor), registration, stateId: LAUNCH_DATA_STATE_ID });
    const res = await t.as('all', `/xapi/activities/state?${q}`, { method: 'PUT', headers: { ...V, 'Content-Type': 'application/json' }, body: JSON.stringify(launchData) });
    assert.equal(res.status, 204, await res.clone().text());
  }
  const q = new URLSearchParams({ endpoint, fetch: `${lmsUrl}/fetch?k=${k}`, actor: JSON.stringify(actor), registration, activityId });
  return { href: `${t.baseUrl}/cmi5/victim-identification?${q}`, actor, registration, activityId, sessionId };
}

type Stmt = {
  id: string;
  actor: unknown;
  verb: { id: string };
  object: { id: string };
  result?: { success?: boolean; completion?: boolean; duration?: string; score?: { scaled: number; raw?: number; min?: number; max?: number } };
  context: { registration: string; contextActivities: { category?: { id: string }[]; grouping?: { id: string }[]; parent?: { id: string }[] }; extensions: Record<string, unknown> };
  timestamp: string;
};

/** The statements of a registration, in timestamp order, as the LMS would read them. */
async function statementsOf(registration: string): Promise<Stmt[]> {
  const res = await t.as('all', `/xapi/statements?registration=${registration}&ascending=true&limit=100`, { headers: V });
  assert.equal(res.status, 200);
  const { statements } = (await res.json()) as { statements: Stmt[] };
  return statements.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

const verbs = (s: Stmt[]) => s.map((x) => x.verb.id.split('/').pop());

test('cmi5 §8.2, §10, §7.1: start fetches the token, reads LMS.LaunchData and sends Initialized first', async () => {
  const launch = await lmsLaunch();
  const session = await Cmi5Session.start(launch.href, { cleanUrl: false });
  assert.equal(session.auth, basicHeader('all'));
  assert.equal(session.launchData.launchMode, 'Normal');
  assert.equal(session.launchData.moveOn, 'CompletedAndPassed');
  assert.equal(session.masteryScore, 0.75);
  assert.equal(session.recordsCompletion, true);
  assert.deepEqual(session.recorderOptions(), { endpoint, auth: basicHeader('all'), actor: launch.actor, registration: launch.registration });
  const sent = await statementsOf(launch.registration);
  assert.deepEqual(verbs(sent), ['initialized']);
  const init = sent[0]!;
  assert.deepEqual(init.actor, launch.actor);
  assert.equal(init.object.id, launch.activityId, 'cmi5 §9.4: the object is the activityId from the launch URL');
  assert.equal(init.result, undefined);
  assert.equal(init.context.registration, launch.registration);
  assert.deepEqual(init.context.contextActivities.category, [{ id: CMI5_CATEGORY }], 'cmi5 category, no moveOn category without success/completion');
  assert.ok(init.context.contextActivities.grouping?.some((g) => g.id === AU_PUBLISHER_ID), 'publisher id grouping from the template');
  assert.equal(init.context.extensions[SESSION_ID_EXTENSION], launch.sessionId);
  await session.terminate();
});

test('cmi5 §8.2.3: the fetch URL is single use — a second start with it fails with the LMS\'s error-code 1', async () => {
  const launch = await lmsLaunch();
  const first = await Cmi5Session.start(launch.href, { cleanUrl: false });
  await assert.rejects(Cmi5Session.start(launch.href, { cleanUrl: false }), (e: unknown) => {
    assert.ok(e instanceof Cmi5Error);
    assert.equal(e.code, '1');
    assert.equal(e.where, 'query.fetch');
    assert.match(e.message, /already used or expired.*already been returned/);
    return true;
  });
  // The refused second start sent nothing: still only the first session's Initialized.
  assert.deepEqual(verbs(await statementsOf(launch.registration)), ['initialized']);
  await first.terminate();
});

test('cmi5 §9.3, §9.5, §9.6: a Normal session sends failed below masteryScore, completed, terminated — with result, categories and durations', async () => {
  let clock = Date.parse('2030-01-01T10:00:00.000Z');
  const launch = await lmsLaunch();
  const session = await Cmi5Session.start(launch.href, { cleanUrl: false, now: () => new Date(clock) });
  clock += 65_000;
  assert.equal(await session.judge(0.5, { raw: 12, min: 0, max: 24 }), 'failed');
  assert.equal(await session.judge(0.9), 'skipped', 'only one of passed/failed per session');
  clock += 5_000;
  assert.equal(await session.completed(), 'sent');
  assert.equal(await session.completed(), 'skipped', 'completed once');
  clock += 1_000;
  assert.deepEqual(await session.terminate(), { returnURL: 'https://lms.example.la/course/7' });
  await assert.rejects(session.completed(), /no statement may follow Terminated/);
  assert.throws(() => session.applyContextTemplate({ context: {} }), /no statement may follow Terminated/);

  const sent = await statementsOf(launch.registration);
  assert.deepEqual(verbs(sent), ['initialized', 'failed', 'completed', 'terminated']);
  const [, failed, completed, terminated] = sent as [Stmt, Stmt, Stmt, Stmt];
  assert.deepEqual(failed.result, { success: false, score: { scaled: 0.5, raw: 12, min: 0, max: 24 }, duration: 'PT1M5S' });
  assert.deepEqual(failed.context.contextActivities.category?.map((c) => c.id), [CMI5_CATEGORY, MOVEON_CATEGORY]);
  assert.equal(failed.context.extensions[MASTERY_SCORE_EXTENSION], 0.75, 'cmi5 §9.6.3.2: masteryScore in passed/failed');
  assert.deepEqual(completed.result, { completion: true, duration: 'PT1M10S' });
  assert.deepEqual(completed.context.contextActivities.category?.map((c) => c.id), [CMI5_CATEGORY, MOVEON_CATEGORY]);
  assert.equal(completed.context.extensions[MASTERY_SCORE_EXTENSION], undefined);
  assert.deepEqual(terminated.result, { duration: 'PT1M11S' });
  assert.deepEqual(terminated.context.contextActivities.category?.map((c) => c.id), [CMI5_CATEGORY]);
  for (const s of sent) {
    assert.match(s.id, /^[0-9a-f-]{36}$/);
    assert.equal(s.object.id, launch.activityId);
    assert.equal(s.context.extensions[SESSION_ID_EXTENSION], launch.sessionId);
    assert.match(s.timestamp, /Z$|\+00:00$/, 'cmi5 §9.7: UTC timestamps');
  }
  assert.ok(sent.every((s, i) => i === 0 || Date.parse(s.timestamp) > Date.parse(sent[i - 1]!.timestamp)), 'strictly increasing timestamps: Terminated is last');
});

test('cmi5 §9.3 registration rules: a later session passes; Completed and Passed are never sent twice; no Failed after Passed', async () => {
  const first = await lmsLaunch();
  const s1 = await Cmi5Session.start(first.href, { cleanUrl: false });
  await s1.completed();
  await s1.terminate();

  const second = await lmsLaunch({ registration: first.registration, actor: first.actor, activityId: first.activityId });
  const s2 = await Cmi5Session.start(second.href, { cleanUrl: false });
  assert.equal(s2.completedInRegistration, true, 'learned from the LRS');
  assert.equal(s2.passedInRegistration, false);
  assert.equal(await s2.completed(), 'skipped');
  assert.equal(await s2.judge(0.75, { raw: 18, min: 0, max: 24 }), 'passed', 'scaled = masteryScore passes');
  await s2.terminate();

  const third = await lmsLaunch({ registration: first.registration, actor: first.actor, activityId: first.activityId });
  const s3 = await Cmi5Session.start(third.href, { cleanUrl: false });
  assert.equal(s3.passedInRegistration, true);
  assert.equal(await s3.judge(0.1), 'skipped', 'a Failed must not follow a Passed');
  assert.equal(await s3.judge(0.9), 'skipped', 'only one Passed per registration');
  await s3.terminate();

  const all = await statementsOf(first.registration);
  assert.deepEqual(verbs(all), ['initialized', 'completed', 'terminated', 'initialized', 'passed', 'terminated', 'initialized', 'terminated']);
  const passed = all[4]!;
  assert.deepEqual(passed.result?.success, true);
  assert.equal(passed.result?.score?.scaled, 0.75);
  assert.equal(passed.context.extensions[SESSION_ID_EXTENSION], second.sessionId, 'each session its own session id');
});

test('cmi5 §10 launchMode: Browse and Review send only Initialized and Terminated', async () => {
  for (const launchMode of ['Browse', 'Review']) {
    const launch = await lmsLaunch({ launchData: { launchMode } });
    const session = await Cmi5Session.start(launch.href, { cleanUrl: false });
    assert.equal(session.recordsCompletion, false);
    assert.equal(await session.completed(), 'skipped');
    assert.equal(await session.judge(1), 'skipped');
    await session.terminate();
    assert.deepEqual(verbs(await statementsOf(launch.registration)), ['initialized', 'terminated'], launchMode);
  }
});

test('cmi5 §10 masteryScore: the LMS\'s value wins; without one the course\'s decides and no masteryscore extension is sent; without either nothing is judged', async () => {
  const lmsValue = await lmsLaunch({ launchData: { masteryScore: 0.9 } });
  const s1 = await Cmi5Session.start(lmsValue.href, { cleanUrl: false, masteryScore: 0.5 });
  assert.equal(await s1.judge(0.8), 'failed', '0.8 < the LMS\'s 0.9, though above the course\'s 0.5');
  await s1.terminate();

  const courseValue = await lmsLaunch({ launchData: { masteryScore: undefined, moveOn: 'Completed' } });
  const s2 = await Cmi5Session.start(courseValue.href, { cleanUrl: false, masteryScore: 0.5 });
  assert.equal(await s2.judge(0.8), 'passed');
  await s2.terminate();
  const passed = (await statementsOf(courseValue.registration)).find((s) => s.verb.id.endsWith('/passed'))!;
  assert.equal(passed.context.extensions[MASTERY_SCORE_EXTENSION], undefined);

  const none = await lmsLaunch({ launchData: { masteryScore: undefined } });
  const s3 = await Cmi5Session.start(none.href, { cleanUrl: false });
  assert.equal(await s3.judge(0.8), 'skipped');
  await s3.terminate();
  await assert.rejects(s3.judge(2), /judge\.scaled|terminated/);
});

test('cmi5 §10: the contextTemplate is never overwritten; the player\'s own ("cmi5 allowed") statements get it without the cmi5 category', async () => {
  const launch = await lmsLaunch({
    launchData: {
      contextTemplate: {
        contextActivities: { grouping: [{ id: AU_PUBLISHER_ID }], other: [{ id: 'https://lms.example.la/other' }] },
        extensions: { [SESSION_ID_EXTENSION]: 'lms-session-1', 'https://lms.example.la/ext/site': 'vientiane' },
        platform: 'The LMS',
      },
    },
  });
  const session = await Cmi5Session.start(launch.href, { cleanUrl: false });
  const champa = {
    id: uid(),
    actor: launch.actor,
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
    object: { objectType: 'Activity', id: 'https://champa.la/xapi/activities/course/victim-identification/lesson/01-intro' },
    context: {
      registration: uid(),
      language: 'lo',
      platform: 'Champa',
      contextActivities: {
        parent: [{ id: 'https://champa.la/xapi/activities/course/victim-identification/module/legal-definitions' }],
        grouping: [{ id: 'https://champa.la/xapi/activities/course/victim-identification' }],
      },
      extensions: { [SESSION_ID_EXTENSION]: 'forged', 'https://champa.la/xapi/extensions/course-version': '1.0.0' },
    },
    timestamp: new Date().toISOString(),
  };
  const allowed = session.applyContextTemplate(champa);
  const ctx = allowed.context as unknown as Stmt['context'] & { platform: string; language: string };
  assert.equal(ctx.registration, launch.registration, 'the LMS registration, not the device one');
  assert.equal(ctx.platform, 'The LMS', 'template values win');
  assert.equal(ctx.language, 'lo');
  assert.equal(ctx.extensions[SESSION_ID_EXTENSION], 'lms-session-1');
  assert.equal(ctx.extensions['https://lms.example.la/ext/site'], 'vientiane');
  assert.equal(ctx.extensions['https://champa.la/xapi/extensions/course-version'], '1.0.0');
  assert.deepEqual(ctx.contextActivities.grouping?.map((g) => g.id), [AU_PUBLISHER_ID, 'https://champa.la/xapi/activities/course/victim-identification']);
  assert.equal(ctx.contextActivities.parent?.length, 1);
  assert.equal(ctx.contextActivities.category, undefined, 'cmi5 allowed: no cmi5 category');
  // The LMS's LRS takes it (between Initialized and Terminated).
  const res = await t.as('all', '/xapi/statements', { method: 'POST', headers: { ...V, 'Content-Type': 'application/json' }, body: JSON.stringify(allowed) });
  assert.equal(res.status, 200, await res.clone().text());
  await session.completed();
  await session.terminate();
  const sent = await statementsOf(launch.registration);
  assert.deepEqual(verbs(sent), ['initialized', 'experienced', 'completed', 'terminated']);
  for (const s of sent.filter((x) => !x.verb.id.endsWith('experienced'))) {
    assert.equal(s.context.extensions['https://lms.example.la/ext/site'], 'vientiane');
    assert.ok(s.context.contextActivities.category?.some((c) => c.id === CMI5_CATEGORY));
    assert.deepEqual((s.context as unknown as { contextActivities: Record<string, unknown> }).contextActivities.other, [{ id: 'https://lms.example.la/other' }]);
  }
});

test('cmi5 §11: the learner\'s languagePreference picks the language; absent, Lao', async () => {
  const launch = await lmsLaunch();
  const q = new URLSearchParams({ agent: JSON.stringify(launch.actor), profileId: 'cmi5LearnerPreferences' });
  const put = await t.as('all', `/xapi/agents/profile?${q}`, { method: 'PUT', headers: { ...V, 'Content-Type': 'application/json' }, body: JSON.stringify({ languagePreference: 'fr-FR,en-US,lo', audioPreference: 'off' }) });
  assert.equal(put.status, 204, await put.clone().text());
  const session = await Cmi5Session.start(launch.href, { cleanUrl: false });
  assert.equal(session.language, 'en');
  assert.deepEqual(session.preferences, { languagePreference: 'fr-FR,en-US,lo', audioPreference: 'off' });
  await session.terminate();

  const plain = await lmsLaunch();
  const s2 = await Cmi5Session.start(plain.href, { cleanUrl: false });
  assert.equal(s2.language, 'lo');
  assert.deepEqual(s2.preferences, {});
  await s2.terminate();
  assert.equal(preferredLanguage('lo-LA, en'), 'lo');
  assert.equal(preferredLanguage('th-TH'), undefined);
});

test('cmi5 §10: a launch without LMS.LaunchData, or with a broken one, fails naming it and sends nothing', async () => {
  const missing = await lmsLaunch({ seed: false });
  await assert.rejects(Cmi5Session.start(missing.href, { cleanUrl: false }), /^Cmi5Error: LMS\.LaunchData: the LMS answered 404/);
  for (const [data, message] of [
    [{ launchMode: 'Fast' }, /LMS\.LaunchData\.launchMode: must be one of Normal, Browse, Review/],
    [{ contextTemplate: null }, /LMS\.LaunchData\.contextTemplate: required/],
    [{ moveOn: 'Sometimes' }, /LMS\.LaunchData\.moveOn: must be one of/],
    [{ masteryScore: 75 }, /LMS\.LaunchData\.masteryScore: must be a decimal from 0 to 1/],
  ] as const) {
    const launch = await lmsLaunch({ launchData: data });
    await assert.rejects(Cmi5Session.start(launch.href, { cleanUrl: false }), message);
    assert.deepEqual(await statementsOf(launch.registration), []);
  }
});

test('cmi5 §8.1: launch parameters are read in any order, with the AU\'s own parameters beside them', async () => {
  const launch = await lmsLaunch();
  const url = new URL(launch.href);
  const reversed = new URL(`${url.origin}${url.pathname}?lang=en&${[...url.searchParams].reverse().map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`);
  const params = parseLaunchParams(reversed);
  assert.equal(params.registration, launch.registration);
  assert.deepEqual(params.actor, launch.actor);
  assert.equal(params.activityId, launch.activityId);
  assert.throws(() => parseLaunchParams(`${url.origin}${url.pathname}?lang=en`), /query\.endpoint: required/);
});

test('mergeContext keeps template values and joins activity lists without repeats', () => {
  const merged = mergeContext(
    { contextActivities: { grouping: { id: 'a' } }, extensions: { x: 1 }, registration: 'r1' },
    { contextActivities: { grouping: [{ id: 'a' }, { id: 'b' }], category: [{ id: 'c' }] }, extensions: { x: 2, y: 3 }, registration: 'r2', language: 'lo' },
  );
  assert.deepEqual(merged, {
    contextActivities: { grouping: [{ id: 'a' }, { id: 'b' }], category: [{ id: 'c' }] },
    extensions: { x: 1, y: 3 },
    registration: 'r1',
    language: 'lo',
  });
});
