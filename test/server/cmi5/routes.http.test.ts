// cmi5 over HTTP (issue 5 part 5): the course structure package an LMS imports (cmi5 §13, §14)
// and the AU launch page it opens with the launch parameters (cmi5 §8.1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { startTarget, uid, type Target } from '../../support/target.js';
import type { CompiledCourse } from '../../../courses/schema.js';

const NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

let t: Target;
let slugs: string[];
before(async () => {
  t = await startTarget();
  const index = (await (await t.fetch('/api/courses')).json()) as { courses: { slug: string }[] };
  slugs = index.courses.map((c) => c.slug);
  assert.ok(slugs.length >= 2);
});
after(async () => { await t.close(); });

async function courseJson(slug: string): Promise<CompiledCourse> {
  return (await (await t.fetch(`/api/courses/${slug}`)).json()) as CompiledCourse;
}

/** Parses strictly: any well-formedness error fails the test. */
function parseXml(text: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(text, 'application/xml');
  assert.deepEqual(errors, [], 'cmi5.xml is well-formed');
  return doc;
}

const children = (el: XmlElement, name?: string) =>
  Array.from(el.childNodes).filter((n): n is XmlElement => n.nodeType === 1 && (name === undefined || (n as XmlElement).localName === name));

function langstrings(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ls of children(el, 'langstring')) out[ls.getAttribute('lang')!] = ls.textContent!;
  return out;
}

/** The structure rules of CourseStructure.xsd (cmi5 §13.2) that this file uses, checked in order. */
function checkAgainstXsd(root: XmlElement): void {
  assert.equal(root.localName, 'courseStructure');
  assert.equal(root.namespaceURI, NS);
  const top = children(root).map((e) => e.localName);
  assert.equal(top[0], 'course', 'course comes first');
  assert.ok(top.slice(1).every((n) => n === 'au' || n === 'block' || n === 'objectives'));
  assert.ok(top.slice(1).some((n) => n === 'au' || n === 'block'), 'at least one au or block');
  for (const el of [root, ...Array.from(root.getElementsByTagNameNS('*', '*'))] as XmlElement[]) {
    assert.equal(el.namespaceURI, NS, `${el.localName} is in the cmi5 namespace`);
  }
  const course = children(root, 'course')[0]!;
  assert.deepEqual(children(course).map((e) => e.localName), ['title', 'description']);
  for (const au of children(root, 'au')) {
    assert.deepEqual(children(au).map((e) => e.localName), ['title', 'description', 'url'], 'auType sequence: title, description, (objectives), url');
    assert.ok(['NotApplicable', 'Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed'].includes(au.getAttribute('moveOn')!));
    assert.ok(['AnyWindow', 'OwnWindow'].includes(au.getAttribute('launchMethod')!));
    const ms = au.getAttribute('masteryScore');
    if (ms) assert.match(ms, /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'masteryScore: xs:decimal 0..1, at most 4 places');
    for (const text of [...children(au, 'title'), ...children(au, 'description')]) {
      assert.ok(children(text, 'langstring').length >= 1);
      for (const ls of children(text, 'langstring')) assert.match(ls.getAttribute('lang') ?? '', /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/, 'xs:language');
    }
  }
}

test('cmi5 §13: GET /api/courses/:slug/cmi5.xml is well-formed, valid in shape, and matches the course', async () => {
  for (const slug of slugs) {
    const res = await t.fetch(`/api/courses/${slug}/cmi5.xml`);
    assert.equal(res.status, 200, slug);
    assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
    const doc = parseXml(await res.text());
    const root = doc.documentElement as unknown as XmlElement;
    checkAgainstXsd(root);
    const course = await courseJson(slug);

    const c = children(root, 'course')[0]!;
    assert.equal(c.getAttribute('id'), course.iri, 'course id = the course activity IRI');
    assert.deepEqual(langstrings(children(c, 'title')[0]!), { lo: course.title.lo, en: course.title.en });
    assert.deepEqual(langstrings(children(c, 'description')[0]!), { lo: course.summary.lo, en: course.summary.en });

    const aus = children(root, 'au');
    assert.equal(aus.length, 1, 'one AU per course');
    const au = aus[0]!;
    assert.equal(au.getAttribute('id'), `${course.iri}/au`);
    assert.notEqual(au.getAttribute('id'), c.getAttribute('id'));
    assert.equal(au.getAttribute('activityType'), 'http://adlnet.gov/expapi/activities/course');
    assert.equal(au.getAttribute('launchMethod'), 'OwnWindow');
    assert.equal(children(au, 'url')[0]!.textContent, `${t.baseUrl}/cmi5/${slug}`, 'fully qualified AU url');
    assert.deepEqual(langstrings(children(au, 'title')[0]!), { lo: course.title.lo, en: course.title.en });
    if (course.rules.certifies === 'final-exam-passed') {
      assert.equal(au.getAttribute('moveOn'), 'CompletedAndPassed', slug);
      assert.equal(Number(au.getAttribute('masteryScore')), course.rules.masteryScore);
    } else {
      assert.equal(au.getAttribute('moveOn'), 'Completed', slug);
      assert.equal(au.getAttribute('masteryScore'), null);
    }
  }
});

test('cmi5 §13: both moveOn forms are exercised by the shipped courses', async () => {
  const moveOns = new Set<string>();
  for (const slug of slugs) {
    const doc = parseXml(await (await t.fetch(`/api/courses/${slug}/cmi5.xml`)).text());
    moveOns.add(children(doc.documentElement as unknown as XmlElement, 'au')[0]!.getAttribute('moveOn')!);
  }
  assert.deepEqual([...moveOns].sort(), ['Completed', 'CompletedAndPassed']);
});

test('cmi5 §14.1: GET /api/courses/:slug/cmi5.zip holds cmi5.xml at its root, the same document', async () => {
  const slug = slugs[0]!;
  const res = await t.fetch(`/api/courses/${slug}/cmi5.zip`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="${slug}-cmi5.zip"`));
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  assert.deepEqual(Object.keys(files), ['cmi5.xml']);
  const xml = await (await t.fetch(`/api/courses/${slug}/cmi5.xml`)).text();
  assert.equal(new TextDecoder().decode(files['cmi5.xml']), xml);
});

test('cmi5 package: ETag revalidation, unknown and malformed slugs', async () => {
  const slug = slugs[0]!;
  for (const file of ['cmi5.xml', 'cmi5.zip']) {
    const first = await t.fetch(`/api/courses/${slug}/${file}`);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const again = await t.fetch(`/api/courses/${slug}/${file}`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
  }
  assert.equal((await t.fetch('/api/courses/no-such-course/cmi5.xml')).status, 404);
  const bad = await t.fetch('/api/courses/Bad_Slug/cmi5.zip');
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /^slug: /);
});

test('DESIGN §9 roles: the package and the AU page are public (anyone), like the course itself', async () => {
  const slug = slugs[0]!;
  for (const who of ['admin', 'learnerA', 'all', 'viewer'] as const) {
    assert.equal((await t.as(who, `/api/courses/${slug}/cmi5.xml`)).status, 200, who);
  }
  assert.equal((await t.fetch(`/cmi5/${slug}`)).status, 400, 'anyone reaches the page; without launch parameters it explains');
});

function launchUrl(slug: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `/cmi5/${slug}?${q}`;
}

const goodParams = () => ({
  endpoint: 'https://lms.example.la/lrs/',
  fetch: `https://lms.example.la/fetch?k=${uid()}`,
  actor: JSON.stringify({ objectType: 'Agent', account: { homePage: 'https://lms.example.la', name: uid() } }),
  registration: uid(),
  activityId: `https://lms.example.la/aus/${uid()}`,
});

test('cmi5 §8.1: the AU page accepts endpoint, fetch, actor, registration and activityId, and serves the player in cmi5 mode', async () => {
  const slug = slugs[0]!;
  const res = await t.fetch(launchUrl(slug, { ...goodParams(), lmsOwn: 'kept' }));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  const html = await res.text();
  assert.match(html, new RegExp(`<champa-course course="${slug}" launch="cmi5"></champa-course>`));
  assert.match(html, /<script type="module" src="\/embed\.js"><\/script>/);
  // The query string carries a one-time credential (the fetch URL): never sent on, never cached.
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.match(res.headers.get('content-security-policy') ?? '', /connect-src \*/);
  assert.ok(!html.includes('lms.example.la/fetch'), 'the page does not echo the fetch URL');
});

test('cmi5 §8.1: a launch without a parameter, or with a bad one, is refused naming it', async () => {
  const slug = slugs[0]!;
  const cases: [Record<string, string | undefined>, RegExp][] = [
    [{ endpoint: undefined }, /query\.endpoint: required/],
    [{ fetch: undefined }, /query\.fetch: required/],
    [{ actor: undefined }, /query\.actor: required/],
    [{ registration: undefined }, /query\.registration: required/],
    [{ activityId: undefined }, /query\.activityId: required/],
    [{ endpoint: '/lrs/' }, /query\.endpoint: must be an absolute URL/],
    [{ fetch: 'javascript:alert(1)' }, /query\.fetch: must be an http or https URL/],
    [{ actor: '{"mbox":"mailto:a@example.la"}' }, /query\.actor\.account: required/],
    [{ actor: 'not json' }, /query\.actor: must be a JSON Agent/],
    [{ actor: '{"objectType":"Group","account":{"homePage":"https://x.la","name":"1"}}' }, /query\.actor\.objectType: must be &quot;Agent&quot;/],
    [{ registration: 'not-a-uuid' }, /query\.registration: must be a UUID/],
    [{ activityId: 'relative/id' }, /query\.activityId: must be an absolute IRI/],
  ];
  for (const [override, message] of cases) {
    const res = await t.fetch(launchUrl(slug, { ...goodParams(), ...override }));
    assert.equal(res.status, 400, JSON.stringify(override));
    const html = await res.text();
    assert.match(html, message, JSON.stringify(override));
    assert.ok(!html.includes('<champa-course'), 'no player without a valid launch');
    assert.ok(!html.includes('<script'), 'and no script');
  }
  const twice = await t.fetch(`${launchUrl(slug, goodParams())}&registration=${uid()}`);
  assert.equal(twice.status, 400);
  assert.match(await twice.text(), /query\.registration: given more than once/);
  assert.equal((await t.fetch(launchUrl('no-such-course', goodParams()))).status, 404);
});
