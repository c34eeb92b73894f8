// The offline course copy in real Chromium (Cache Storage, fetch): loadCourse, loadShell and
// loadPart fall back to the device copy with no network, "Save for offline" reports its size
// (from offline.json: both locales' text and the images) and progress and counts as saved only
// when complete. DESIGN §6 "A course can be saved for offline use".
import {
  CACHE_NAME,
  cachedUrl,
  courseUrl,
  imageUrl,
  isSavedOffline,
  loadCourse,
  loadPart,
  loadShell,
  localeUrl,
  offlineSize,
  partUrl,
  removeOffline,
  saveForOffline,
  type OfflineProgress,
} from '../../../components/xapi/offline.js';
import { assert, equal, until } from './fake-lrs.js';

const ORIGIN = 'https://courses.test';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

function course(slug: string) {
  return {
    format: 1,
    slug,
    version: '1.0.0',
    iri: `https://champa.la/xapi/activities/course/${slug}`,
    hash: 'h',
    title: { lo: 'ຫຼັກສູດ', en: 'Course' },
    modules: [],
    images: [
      { src: 'images/a.svg', contentType: 'image/svg+xml', bytes: SVG.length, sha256: 'x' },
      { src: 'images/b.svg', contentType: 'image/svg+xml', bytes: SVG.length, sha256: 'y' },
    ],
  };
}

const shell = (slug: string, lang: string) => JSON.stringify({ ...course(slug), title: { [lang]: lang === 'lo' ? 'ຫຼັກສູດ' : 'Course' } });
const part = (lang: string) => JSON.stringify({ hash: 'h', modules: [null, { lessons: [{ blocks: { [lang]: [] } }] }], questions: {}, scenarios: {} });
const bytes = (s: string) => new TextEncoder().encode(s).byteLength;
/** What the server lists in offline.json: both locales' shells and the one later module's parts, and the images. */
const listed = (slug: string) => ({
  slug,
  hash: 'h',
  files: [
    ...['lo', 'en'].flatMap((l) => [
      { path: `${l}.json`, bytes: bytes(shell(slug, l)) },
      { path: `${l}/second.json`, bytes: bytes(part(l)) },
    ]),
    { path: 'images/a.svg', bytes: SVG.length },
    { path: 'images/b.svg', bytes: SVG.length },
  ],
});

/** A course server behind a replaced fetch: `down` drops the network, `missing` 404s a URL. */
class FakeCourses {
  down = false;
  missing = new Set<string>();
  requests: string[] = [];
  #real = globalThis.fetch;
  install() {
    this.#real = globalThis.fetch.bind(globalThis);
    globalThis.fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.startsWith(ORIGIN)) return this.#real(input, init);
      this.requests.push(`${init?.method ?? 'GET'} ${url}`);
      if (this.down) throw new TypeError('Failed to fetch');
      if (this.missing.has(url)) return new Response('not found', { status: 404 });
      const m = /\/api\/courses\/([a-z0-9-]+)(\/.+)?$/.exec(url);
      if (!m) return new Response('not found', { status: 404 });
      const [, slug, rest] = m as unknown as [string, string, string | undefined];
      const json = (body: string) => new Response(body, { headers: { 'Content-Type': 'application/json' } });
      if (rest?.startsWith('/images/')) return new Response(init?.method === 'HEAD' ? null : SVG, { headers: { 'Content-Type': 'image/svg+xml', 'Content-Length': String(SVG.length) } });
      if (rest === '/offline.json') return json(JSON.stringify(listed(slug)));
      const locale = /^\/(lo|en)\.json$/.exec(rest ?? '');
      if (locale) return json(shell(slug, locale[1]!));
      const inPart = /^\/(lo|en)\/second\.json$/.exec(rest ?? '');
      if (inPart) return json(part(inPart[1]!));
      if (rest) return new Response('not found', { status: 404 });
      return json(JSON.stringify(course(slug)));
    };
    return this;
  }
  uninstall() {
    globalThis.fetch = this.#real;
  }
}

/** Waits until the device copy of `url` is in the cache (loaders write it behind their return). */
const kept = (url: string) => until(async () => !!(await caches.match(url, { cacheName: CACHE_NAME })), 2000, `the device copy of ${url}`);

describe('components/xapi/offline (DESIGN §6)', () => {
  let net: FakeCourses;
  const slug = () => `course-${crypto.randomUUID().slice(0, 8)}`;

  beforeEach(() => {
    net = new FakeCourses().install();
  });
  afterEach(() => {
    net.uninstall();
    delete (navigator as unknown as Record<string, unknown>).onLine;
  });
  after(async () => {
    await caches.delete(CACHE_NAME);
  });

  it('loadCourse reads the network and, with no network, the copy kept on this device', async () => {
    const s = slug();
    equal((await loadCourse(ORIGIN, s)).slug, s, 'from the network');
    // The device copy is written behind the return.
    await kept(courseUrl(ORIGIN, s));
    net.down = true;
    equal((await loadCourse(ORIGIN, s)).slug, s, 'from the device copy');
    let threw = false;
    try {
      await loadCourse(ORIGIN, slug());
    } catch {
      threw = true;
    }
    assert(threw, 'no copy anywhere: loadCourse throws');
  });

  it('loadCourse does not fall back when the server says the course does not exist', async () => {
    const s = slug();
    await loadCourse(ORIGIN, s);
    await kept(courseUrl(ORIGIN, s));
    net.missing.add(courseUrl(ORIGIN, s));
    let message = '';
    try {
      await loadCourse(ORIGIN, s);
    } catch (err) {
      message = String(err);
    }
    assert(message.includes('404'), `a 404 is reported, not hidden by the copy (${message})`);
  });

  it('loadShell and loadPart read the network and, with no network, the copy kept on this device', async () => {
    const s = slug();
    equal((await loadShell(ORIGIN, s, 'en')).title as unknown, { en: 'Course' }, 'shell from the network');
    equal((await loadPart(ORIGIN, s, 'en', 'second')).hash, 'h', 'part from the network');
    await kept(localeUrl(ORIGIN, s, 'en'));
    await kept(partUrl(ORIGIN, s, 'en', 'second'));
    net.down = true;
    equal((await loadShell(ORIGIN, s, 'en')).title as unknown, { en: 'Course' }, 'shell from the device copy');
    equal((await loadPart(ORIGIN, s, 'en', 'second')).hash, 'h', 'part from the device copy');
    let threw = false;
    await loadShell(ORIGIN, s, 'lo').catch(() => (threw = true));
    assert(threw, 'a locale never loaded here is not on the device');
  });

  it('offlineSize counts both locales\' course text and the images from offline.json; saveForOffline reports progress and marks the course saved', async () => {
    const s = slug();
    const size = await offlineSize(ORIGIN, s);
    // Unbuilt sources have no font files, so 2 shells + 2 parts + 2 images.
    equal(size, listed(s).files.reduce((n, f) => n + f.bytes, 0), 'offlineSize');
    assert(net.requests.every((r) => r.endsWith('/offline.json')), `only the list is fetched to tell the size (${net.requests.join(', ')})`);
    equal(await isSavedOffline(ORIGIN, s), false, 'not saved before');
    const seen: OfflineProgress[] = [];
    await saveForOffline(ORIGIN, s, (p) => seen.push(p));
    equal(seen.map((p) => p.saved), [1, 2, 3, 4, 5, 6], 'one progress call per file');
    equal(seen.at(-1)?.done, size, 'progress ends at the size shown first');
    equal(seen.at(-1)?.total, size, 'total is the size shown first');
    equal(await isSavedOffline(ORIGIN, s), true, 'saved after');
    const cache = await caches.open(CACHE_NAME);
    assert(await cache.match(imageUrl(ORIGIN, s, 'images/b.svg')), 'image in the cache');
    for (const lang of ['lo', 'en'] as const) {
      assert(await cache.match(localeUrl(ORIGIN, s, lang)), `${lang} shell in the cache`);
      assert(await cache.match(partUrl(ORIGIN, s, lang, 'second')), `${lang} part in the cache`);
    }
    net.down = true;
    equal((await loadPart(ORIGIN, s, 'lo', 'second')).hash, 'h', 'a saved part opens with no network');
    net.down = false;
    await removeOffline(ORIGIN, s);
    equal(await isSavedOffline(ORIGIN, s), false, 'removed');
    assert(!(await cache.match(imageUrl(ORIGIN, s, 'images/b.svg'))), 'image removed');
  });

  it('a failed download does not count as saved', async () => {
    const s = slug();
    net.missing.add(imageUrl(ORIGIN, s, 'images/b.svg'));
    let threw = false;
    try {
      await saveForOffline(ORIGIN, s);
    } catch {
      threw = true;
    }
    assert(threw, 'saveForOffline rejects');
    equal(await isSavedOffline(ORIGIN, s), false, 'not saved');
  });

  it('cachedUrl gives an object URL for a saved image when offline, the network URL when online', async () => {
    const s = slug();
    await saveForOffline(ORIGIN, s);
    const url = imageUrl(ORIGIN, s, 'images/a.svg');
    equal(await cachedUrl(url), url, 'online: the network URL');
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    const offline = await cachedUrl(url);
    assert(offline.startsWith('blob:'), `offline: an object URL (${offline})`);
    equal(await (await globalThis.fetch(offline)).text(), SVG, 'the saved bytes');
    URL.revokeObjectURL(offline);
  });
});
