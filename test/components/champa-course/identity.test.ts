// <champa-course> finds who is learning (DESIGN §5, three ways in) in Chromium, with the
// server's answers faked in the test: a host-site launch token is exchanged once for a
// learner (POST /api/launch/exchange) and its statements carry that learner's Bearer token
// and actor; a refused token says so; with no token and no learner on the device the player
// shows <champa-join> and records as the learner it makes; a device that joined before
// records as that learner; `no-join` waits for the host's learner; a cmi5 launch sends to the
// LMS's LRS through the context template (cmi5 §10); and a completed certification course is
// claimed (POST /api/certificates/claim) and linked (README "Certificates").
import '../../../components/champa-course/champa-course.js';
import type { ChampaCourse } from '../../../components/champa-course/champa-course.js';
import { learnerStorageKey } from '../../../components/shared/learner-store.js';
import type { CompiledCourse } from '../../../components/shared/types.js';
import type { Statement } from '../../../components/xapi/statements.js';
import { $, $$, assert, course, equal, expectAccessible, mount, unmountAll, until } from '../support.js';

const ORIGIN = location.origin;
const LMS = 'https://lms.test';

interface Sent {
  url: string;
  method: string;
  auth: string | null;
  body: unknown;
}

/**
 * The server side of these tests behind a replaced fetch: answers the launch exchange, the
 * certificate claim, any /xapi/ endpoint (statements kept, state empty) and the cmi5 LMS;
 * everything else (the course text) goes to the test server.
 */
class FakeServer {
  sent: Sent[] = [];
  statements: Statement[] = [];
  exchange: (body: { token: string; course?: string }) => Response = () => new Response('no', { status: 500 });
  claim: () => Response = () => Response.json({ url: `${ORIGIN}/certificates/7KQ2-M9DX-PA3H` }, { status: 201 });
  lms: (url: URL, init: RequestInit) => Response | undefined = () => undefined;
  #real = globalThis.fetch;

  install(): this {
    this.#real = globalThis.fetch.bind(globalThis);
    globalThis.fetch = (input, init = {}) => this.handle(new URL(input instanceof Request ? input.url : String(input), location.href), init);
    return this;
  }

  uninstall(): void {
    globalThis.fetch = this.#real;
  }

  of(path: string): Sent[] {
    return this.sent.filter((s) => s.url.includes(path));
  }

  async handle(url: URL, init: RequestInit): Promise<Response> {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const record = () => this.sent.push({ url: url.href, method, auth: headers.get('Authorization'), body });
    if (url.origin === LMS) {
      record();
      const answer = this.lms(url, init);
      if (answer) return answer;
    }
    if (url.pathname === '/api/launch/exchange') {
      record();
      return this.exchange(body as { token: string });
    }
    if (url.pathname === '/api/certificates/claim') {
      record();
      return this.claim();
    }
    if (url.pathname.includes('/xapi/')) {
      record();
      if (url.pathname.endsWith('/statements') && method === 'POST') {
        const batch = (Array.isArray(body) ? body : [body]) as Statement[];
        this.statements.push(...batch);
        return Response.json(batch.map((s) => s.id));
      }
      if (url.pathname.endsWith('/activities/state')) return method === 'GET' ? new Response('none', { status: 404 }) : new Response(null, { status: 204 });
      return new Response('no', { status: 404 });
    }
    return this.#real(url.href, init);
  }
}

const actor = (name: string) => ({ objectType: 'Agent' as const, account: { homePage: `${ORIGIN}/learners`, name } });
const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
const view = (el: ChampaCourse) => $(el, '.view');

/** A one-module, one-lesson certification course that completes when its lesson is read. */
async function oneLesson(): Promise<CompiledCourse> {
  const c = structuredClone(await course());
  const mod = { ...c.modules[0]!, lessons: c.modules[0]!.lessons.slice(0, 1), quiz: null };
  return {
    ...c,
    modules: [mod],
    prePostTest: null,
    finalExam: null,
    certification: true,
    rules: { ...c.rules, moduleCompletion: 'lessons-viewed', certifies: 'all-modules-completed', certificateValidMonths: 24 },
  };
}

describe('<champa-course>: who is learning (DESIGN §5)', () => {
  let server: FakeServer;
  beforeEach(() => {
    server = new FakeServer().install();
    localStorage.removeItem(learnerStorageKey(ORIGIN));
    sessionStorage.clear();
  });
  afterEach(async () => {
    unmountAll();
    // A removed player's recorder sends its last statements and closes after a second.
    await new Promise((r) => setTimeout(r, 1300));
    server.uninstall();
    localStorage.removeItem(learnerStorageKey(ORIGIN));
    sessionStorage.clear();
  });

  it('host-site launch: trades the token once (POST /api/launch/exchange) and records with the Bearer learner token as the returned actor', async () => {
    const learner = actor(crypto.randomUUID());
    server.exchange = ({ token }) =>
      token === 'clk_one'
        ? Response.json({ token: 'clt_launched', tokenType: 'Bearer', expires: hours(8), actor: learner, course: 'workers-rights', preferredLanguage: 'en', endpoint: `${ORIGIN}/xapi/` })
        : new Response('{"message":"body.token: unknown launch token"}', { status: 401 });
    const el = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights', token: 'clk_one' });
    await el.ready;
    const [exchange] = server.of('/api/launch/exchange');
    equal(exchange?.body, { token: 'clk_one', course: 'workers-rights' }, 'the token and course are sent');
    await until(() => server.statements.length > 0, 'a statement reaches the LRS');
    const posts = server.sent.filter((s) => s.url.endsWith('/xapi/statements'));
    assert(posts.every((p) => p.auth === 'Bearer clt_launched'), `Bearer learner token (${posts.map((p) => p.auth).join()})`);
    equal(server.statements[0]!.actor, learner, 'the returned actor');
    assert(!$$(el, 'champa-join').length, 'no join form');
    await el.ready;
    equal(el.lang, 'en', "the learner's preferred language, as the host set none");

    // A reload in the same tab with the same (now used) token keeps the learner.
    unmountAll();
    const again = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights', token: 'clk_one' });
    await again.ready;
    equal(server.of('/api/launch/exchange').length, 1, 'exchanged once');
    await until(() => server.statements.length > 1, 'the reloaded player records');
    equal(server.statements.at(-1)!.actor, learner, 'as the same learner');
  });

  it('host-site launch: a used or expired token is said in the learner\'s language, and nothing is recorded', async () => {
    server.exchange = () => new Response('{"message":"body.token: this launch token was already exchanged"}', { status: 401 });
    const el = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights', token: 'clk_used', lang: 'lo' });
    await el.ready;
    await until(() => $$(el, '[role=alert]').length > 0, 'an alert');
    assert($(el, '[role=alert]').textContent!.includes('ໝົດອາຍຸ'), `the Lao message (${$(el, '[role=alert]').textContent})`);
    assert(!$$(el, 'champa-join').length, 'no join form for a refused launch');
    await new Promise((r) => setTimeout(r, 400));
    equal(server.statements.length, 0, 'nothing recorded');
    await expectAccessible(el);
  });

  it('join code: with no token and no learner on the device it shows <champa-join> and records as the learner champa-joined brings', async () => {
    const el = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights' });
    await el.ready;
    const join = $(view(el), 'champa-join');
    await until(() => customElements.get('champa-join') !== undefined, 'the join element loads on demand');
    equal(new URL(join.getAttribute('src')!).origin, ORIGIN, 'the join form talks to the same server');
    await expectAccessible(el);
    const { ChampaJoinedEvent } = await import('../../../components/champa-join/champa-join.js');
    const learner = actor(crypto.randomUUID());
    join.dispatchEvent(new ChampaJoinedEvent('clt_joined', learner, hours(24), learner.account.name, { name: 'Cohort' }, []));
    await el.ready;
    await until(() => !$$(el, 'champa-join').length, 'the course replaces the join form');
    await until(() => server.statements.length > 0, 'a statement reaches the LRS');
    equal(server.statements[0]!.actor, learner, 'recorded as the joined learner');
    assert(server.of('/xapi/statements').every((p) => p.auth === 'Bearer clt_joined'), 'with its token');
  });

  it('join code: a device that joined before records as that learner, without the form', async () => {
    const learner = actor(crypto.randomUUID());
    localStorage.setItem(learnerStorageKey(ORIGIN), JSON.stringify({ token: 'clt_device', expires: hours(24), actor: learner, learnerId: learner.account.name }));
    const el = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights' });
    await el.ready;
    assert(!$$(el, 'champa-join').length, 'no join form');
    await until(() => server.statements.length > 0, 'a statement reaches the LRS');
    equal(server.statements[0]!.actor, learner, 'the stored learner');
    assert(server.of('/xapi/statements').every((p) => p.auth === 'Bearer clt_device'), 'with the stored token');
  });

  it('a host setting `learner` to the learner already found keeps the session (no second initialized)', async () => {
    const learner = actor(crypto.randomUUID());
    localStorage.setItem(learnerStorageKey(ORIGIN), JSON.stringify({ token: 'clt_same', expires: hours(24), actor: learner, learnerId: learner.account.name }));
    const el = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights' });
    await el.ready;
    el.learner = { endpoint: new URL('/xapi/', `${ORIGIN}/`).href, auth: 'Bearer clt_same', actor: learner };
    await el.ready;
    await until(() => server.statements.some((s) => s.actor.account.name === learner.account.name), 'statements');
    await new Promise((r) => setTimeout(r, 500));
    const mine = server.statements.filter((s) => s.actor.account.name === learner.account.name);
    equal(mine.map((s) => s.verb.id.split('/').pop()), ['initialized'], 'one session');
  });

  it('no-join: no join form; what the learner does before the host sets its learner is recorded as that learner then', async () => {
    const c = await course();
    const el = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights', 'no-join': '' });
    await el.ready;
    assert(!$$(el, 'champa-join').length, 'no join form');
    assert($$(view(el), '.home').length, 'the course home at once');
    // The learner reads the first lesson before the host page has its learner.
    const lesson = c.modules[0]!.lessons[0]!;
    const outline = $(el, '.side champa-outline');
    $$<HTMLButtonElement>(outline.shadowRoot!, '[part=entry]').find((b) => b.textContent!.includes(lesson.title.lo))!.click();
    await el.updateComplete;
    const shown = $(view(el), 'champa-lesson') as HTMLElement & { updateComplete: Promise<unknown> };
    await shown.updateComplete;
    $(shown, '[part=finish]').click();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    equal(server.statements.length, 0, 'nothing sent without a learner');
    const learner = actor(crypto.randomUUID());
    el.learner = { endpoint: `${ORIGIN}/xapi/`, auth: 'Bearer clt_host', actor: learner };
    await until(() => server.statements.some((s) => s.verb.id.endsWith('/experienced')), 'the lesson read before, recorded now');
    const mine = server.statements.filter((s) => s.actor.account.name === learner.account.name);
    equal(mine.map((s) => s.verb.id.split('/').pop()), ['initialized', 'experienced'], "the session so far, as the host's learner");
    equal(mine[1]!.object.id, lesson.iri, 'the lesson');
    const next = c.modules[0]!.lessons[1]!;
    equal(($(view(el), 'champa-lesson') as HTMLElement & { lesson: { iri: string } }).lesson.iri, next.iri, 'the learner stays where they were');
    await until(() => server.sent.some((x) => x.url.includes('/activities/state') && x.method !== 'GET'), 'their progress saved for them');
  });

  it('cmi5 launch: fetch URL once, LMS.LaunchData, and every statement to the LMS through the context template (cmi5 §8, §10)', async () => {
    const registration = crypto.randomUUID();
    const auActor = { objectType: 'Agent', account: { homePage: LMS, name: 'lms-user-7' } };
    const template = { contextActivities: { grouping: [{ id: 'https://lms.test/au/7' }] }, extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 'sess-7' } };
    server.lms = (url, init) => {
      if (url.pathname === '/fetch') return Response.json({ 'auth-token': 'lms-secret' });
      if (url.pathname === '/xapi/activities/state') return Response.json({ contextTemplate: template, launchMode: 'Normal', moveOn: 'Completed', returnURL: `${LMS}/back` });
      if (url.pathname === '/xapi/agents/profile') return new Response('none', { status: 404 });
      if (url.pathname === '/xapi/statements' && (init.method ?? 'GET') === 'GET') return Response.json({ statements: [] });
      return undefined;
    };
    const params = new URLSearchParams({
      endpoint: `${LMS}/xapi/`,
      fetch: `${LMS}/fetch`,
      actor: JSON.stringify(auActor),
      registration,
      activityId: 'https://champa.la/xapi/activities/course/workers-rights/au',
    });
    const page = location.href;
    history.replaceState(null, '', `${location.pathname}?${params}`);
    try {
      const el = await mount<ChampaCourse>('champa-course', {}, { src: ORIGIN, course: 'workers-rights', launch: 'cmi5' });
      await el.ready;
      equal(server.of('/fetch').length, 1, 'the fetch URL is used once');
      assert(!location.search.includes('fetch='), 'the launch parameters leave the address bar');
      await until(() => server.statements.length >= 2, 'statements reach the LMS');
      const [au, ...player] = server.statements;
      equal(au!.verb.id, 'http://adlnet.gov/expapi/verbs/initialized', "the AU's Initialized first");
      const mine = player.find((s) => s.object.id.endsWith('/course/workers-rights'))!;
      assert(mine, "the player's own statements follow");
      equal(mine.context.registration, registration, "the LMS's registration");
      equal(mine.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], 'sess-7', 'the session id from the template');
      assert(mine.context.contextActivities?.grouping?.some((g) => g.id === 'https://lms.test/au/7'), 'the template grouping');
      assert(server.of('/xapi/statements').filter((s) => s.method === 'POST').every((p) => p.auth === 'Basic lms-secret'), "the LMS's auth token");
      assert($$(el, 'champa-join').length === 0, 'no join form');
      assert($$<HTMLButtonElement>(el, 'header button').some((b) => b.textContent === 'ອອກຈາກຫຼັກສູດ'), 'an exit button for the LMS');
    } finally {
      history.replaceState(null, '', page);
    }
  });

  it('certificates: a completed certification course is claimed with the learner token once the outbox is empty, and linked', async () => {
    const data = await oneLesson();
    const learner = actor(crypto.randomUUID());
    localStorage.setItem(learnerStorageKey(ORIGIN), JSON.stringify({ token: 'clt_cert', expires: hours(24), actor: learner, learnerId: learner.account.name }));
    const el = await mount<ChampaCourse>('champa-course', { courseData: data }, { src: ORIGIN });
    await el.ready;
    const outline = $(el, '.side champa-outline');
    $$<HTMLButtonElement>(outline.shadowRoot!, '[part=entry]').find((b) => b.textContent!.includes(data.modules[0]!.lessons[0]!.title.lo))!.click();
    await el.updateComplete;
    const lesson = $(view(el), 'champa-lesson') as HTMLElement & { updateComplete: Promise<unknown> };
    await lesson.updateComplete;
    $(lesson, '[part=finish]').click();
    await until(() => $$(el, '[part=certificate]').length > 0, 'the certificate link', 8000);
    const [claim] = server.of('/api/certificates/claim');
    equal(claim?.auth, 'Bearer clt_cert', 'claimed with the learner token');
    equal(claim?.body, { course: data.slug }, 'for this course');
    assert(server.statements.some((s) => s.verb.id.endsWith('/completed') && s.object.id === data.iri), 'after the course completion reached the LRS');
    equal($<HTMLAnchorElement>(el, '[part=certificate]').href, `${ORIGIN}/certificates/7KQ2-M9DX-PA3H`, 'links to the printable page');
    equal(server.of('/api/certificates/claim').length, 1, 'claimed once');
  });
});
