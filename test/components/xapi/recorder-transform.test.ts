// The recorder's `transform` option in Chromium: each statement passes through it before the
// outbox (a cmi5 launch lays the LMS's context template over the player's statements, cmi5 §10
// contextTemplate), keeps its device-set id, and a throwing transform stores nothing.
import { Recorder, type RecorderOptions } from '../../../components/xapi/recorder.js';
import { mergeContext } from '../../../components/cmi5/cmi5.js';
import type { Statement } from '../../../components/xapi/statements.js';
import { ENDPOINT, FakeLrs, assert, equal } from './fake-lrs.js';

const COURSE = { slug: 'workers-rights', iri: 'https://champa.la/xapi/activities/course/workers-rights', version: '1.0.0' };
const LESSON = `${COURSE.iri}/module/forced-labour/lesson/recognising-forced-labour`;
const TEMPLATE = {
  contextActivities: { grouping: [{ id: 'https://lms.test/au/123' }] },
  extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 'session-1' },
};
const REGISTRATION = '3f2d7b8e-1c4a-4f5e-9b6d-2a1c0e9f8d7b';

function options(over: Partial<RecorderOptions> = {}): RecorderOptions {
  return {
    endpoint: ENDPOINT,
    auth: 'Basic dGVzdDp0ZXN0',
    actor: { objectType: 'Agent', account: { homePage: 'https://lms.test', name: crypto.randomUUID() } },
    course: COURSE,
    lang: 'lo',
    registration: REGISTRATION,
    ...over,
  };
}

describe('components/xapi/recorder transform (cmi5 §10 contextTemplate)', () => {
  let lrs: FakeLrs;
  beforeEach(() => {
    lrs = new FakeLrs().install();
  });
  afterEach(() => lrs.uninstall());

  it('passes every statement through transform before the outbox, keeping its id', async () => {
    const seen: Statement[] = [];
    const r = await Recorder.open(
      options({
        transform: (s) => {
          seen.push(s);
          return { ...s, context: mergeContext(TEMPLATE, s.context as unknown as Record<string, unknown>) as unknown as Statement['context'] };
        },
      }),
    );
    try {
      await r.experienced(LESSON, { durationMs: 1000 });
      await r.flush();
      equal(seen.length, 1, 'transform called once');
      const stored = lrs.stored.get(seen[0]!.id);
      assert(stored, 'the statement reached the LRS under the id the recorder made');
      const grouping = stored.context.contextActivities?.grouping?.map((g) => g.id);
      equal(grouping, ['https://lms.test/au/123', COURSE.iri], 'the template grouping comes first, the course stays');
      equal(stored.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], 'session-1', 'the session id extension');
      equal(stored.context.registration, REGISTRATION, 'the launcher registration');
    } finally {
      r.close();
    }
  });

  it('stores nothing when transform throws (e.g. after a cmi5 session terminated)', async () => {
    const r = await Recorder.open(
      options({
        transform: () => {
          throw new Error('terminated');
        },
      }),
    );
    try {
      let failed = false;
      await r.initialized(COURSE.iri).catch(() => (failed = true));
      assert(failed, 'the recording call rejects');
      equal(await r.pending(), 0, 'nothing in the outbox');
    } finally {
      r.close();
    }
  });
});
