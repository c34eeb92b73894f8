// The course copy on the device: fetching the course (the per-locale shell and module parts the
// player loads, or the whole course) with a fallback to the copy kept on the device, and "Save
// for offline" (both locales' shells and parts, the images and the Lao font files in the Cache
// API, with the size shown first). Not for statements or resume state: recorder.ts keeps those.
//
// Without a service worker the Cache API copy is read by this module only (loadShell, loadPart,
// cachedUrl); the host page's origin decides whether a service worker can also answer the
// page's own requests offline. Champa's demo page on the Champa origin has one (/sw.js,
// server/demo.ts); a host on another origin cannot register Champa's, so the player reads the
// copy through these functions instead.
import type { CoursePart, PartialCourse } from '../../courses/parts.js';
import type { CompiledCourse } from '../../courses/schema.js';

/** The Cache Storage cache holding course copies (shared with the demo page's /sw.js). */
export const CACHE_NAME = 'champa-offline-v1';

/** The hashed font files, relative to the built chunks; defined by the component build. */
declare const CHAMPA_FONTS: { w400: string; w700: string } | undefined;

const base = (origin: string) => origin.replace(/\/+$/, '');

/** Where a course's compiled JSON is served. */
export const courseUrl = (origin: string, slug: string) => `${base(origin)}/api/courses/${encodeURIComponent(slug)}`;

/** Where one locale's course shell is served (courses/parts.ts). */
export const localeUrl = (origin: string, slug: string, lang: 'lo' | 'en') => `${courseUrl(origin, slug)}/${lang}.json`;

/** Where one locale's part of a later module is served. */
export const partUrl = (origin: string, slug: string, lang: 'lo' | 'en', module: string) =>
  `${courseUrl(origin, slug)}/${lang}/${encodeURIComponent(module)}.json`;

/** Where the list of what "Save for offline" downloads, with sizes, is served. */
export const offlineListUrl = (origin: string, slug: string) => `${courseUrl(origin, slug)}/offline.json`;

/** GET /api/courses/<slug>/offline.json. */
export interface OfflineList {
  slug: string;
  hash: string;
  /** Paths under the course URL ("lo.json", "en/<module>.json", "images/<file>") and sizes as stored. */
  files: { path: string; bytes: number }[];
}

/** Where a course image is served; `src` is the compiled `images/<file>`. */
export const imageUrl = (origin: string, slug: string, src: string) => `${courseUrl(origin, slug)}/${src.replace(/^\/+/, '')}`;

// The marker saveForOffline writes last, so a half-finished download never counts as saved.
const markerUrl = (origin: string, slug: string) => `${courseUrl(origin, slug)}?champa-offline=saved`;

/** The font files the player uses (built: hashed files next to the chunks; unbuilt sources: none). */
export function fontUrls(): string[] {
  const files = typeof CHAMPA_FONTS === 'undefined' ? undefined : CHAMPA_FONTS;
  return files ? [files.w400, files.w700].map((f) => new URL(f, import.meta.url).href) : [];
}

const hasCaches = () => typeof caches !== 'undefined';

/**
 * JSON from `url`, from the network when it answers, else from the copy on this device (a
 * saved course, or the last copy loaded here), else from the browser's HTTP cache. Each
 * successful network load refreshes the device copy, so a reload with no network still opens
 * what was open. Throws when no copy exists anywhere, or when the server says it does not exist.
 */
async function loadJson<T>(url: string, what: string): Promise<T> {
  let networkError: unknown;
  let res: Response | undefined;
  try {
    res = await fetch(url);
  } catch (err) {
    networkError = err;
  }
  if (res?.ok) {
    if (hasCaches()) {
      const copy = res.clone();
      void caches.open(CACHE_NAME).then((c) => c.put(url, copy)).catch(() => undefined);
    }
    return (await res.json()) as T;
  }
  // A course that does not exist is an answer, not a network problem: no fallback.
  if (res && res.status < 500) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  if (res) networkError = new Error(`${what}: ${res.status}`);
  if (hasCaches()) {
    const cached = await caches.match(url, { cacheName: CACHE_NAME });
    if (cached) return (await cached.json()) as T;
  }
  try {
    const res = await fetch(url, { cache: 'force-cache' });
    if (res.ok) return (await res.json()) as T;
  } catch {
    // nothing in the HTTP cache either
  }
  throw networkError instanceof Error ? networkError : new Error(`${what} could not be loaded`);
}

/** The whole course (both locales), as loadJson. The player loads loadShell and loadPart instead. */
export const loadCourse = (origin: string, slug: string): Promise<CompiledCourse> => loadJson(courseUrl(origin, slug), `Course "${slug}"`);

/** One locale's course shell (courses/parts.ts: the first module whole, later modules without their text), as loadJson. */
export const loadShell = (origin: string, slug: string, lang: 'lo' | 'en'): Promise<PartialCourse> =>
  loadJson(localeUrl(origin, slug, lang), `Course "${slug}" (${lang})`);

/** One locale's part of a later module, to merge into the shell (courses/parts.ts mergeInto), as loadJson. */
export const loadPart = (origin: string, slug: string, lang: 'lo' | 'en', module: string): Promise<CoursePart> =>
  loadJson(partUrl(origin, slug, lang, module), `Course "${slug}" module "${module}" (${lang})`);

async function offlineList(origin: string, slug: string): Promise<OfflineList> {
  const res = await fetch(offlineListUrl(origin, slug), { cache: 'no-cache' });
  if (!res.ok) throw new Error(`Course "${slug}": ${res.status}`);
  return (await res.json()) as OfflineList;
}

/** The URLs "Save for offline" keeps for a course: both locales' shells and parts, its images, the fonts. */
export function offlineUrls(origin: string, list: OfflineList): string[] {
  return [...list.files.map((f) => `${courseUrl(origin, list.slug)}/${f.path}`), ...fontUrls()];
}

async function byteLength(url: string): Promise<number> {
  const head = await fetch(url, { method: 'HEAD' });
  const len = Number(head.headers.get('Content-Length'));
  if (head.ok && Number.isFinite(len) && len > 0) return len;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.arrayBuffer()).byteLength;
}

const listBytes = (list: OfflineList) => list.files.reduce((n, f) => n + f.bytes, 0);

/**
 * The bytes "Save for offline" downloads: what the player needs in both languages (each
 * locale's course text, module by module), the images and the font files, as stored
 * (uncompressed). Shown to the learner before saving, because data is costly.
 */
export async function offlineSize(origin: string, slug: string): Promise<number> {
  const list = await offlineList(origin, slug);
  const fonts = await Promise.all(fontUrls().map(byteLength));
  return listBytes(list) + fonts.reduce((a, b) => a + b, 0);
}

export interface OfflineProgress {
  /** Bytes downloaded so far. */
  done: number;
  /** Bytes to download in all (as offlineSize). */
  total: number;
  /** Files saved so far, of `files`. */
  saved: number;
  files: number;
}

/**
 * Downloads everything the player needs in both languages (offline.json's files) and the
 * font files into the Cache API, calling `onProgress` after each file. The course counts as
 * saved (isSavedOffline) only once every file is in. Rejects, leaving any earlier saved copy in
 * place, if a file cannot be fetched.
 */
export async function saveForOffline(origin: string, slug: string, onProgress?: (p: OfflineProgress) => void): Promise<void> {
  if (!hasCaches()) throw new Error('Save for offline: this browser has no Cache Storage');
  const cache = await caches.open(CACHE_NAME);
  const list = await offlineList(origin, slug);
  const urls = offlineUrls(origin, list);
  const fonts = await Promise.all(fontUrls().map((u) => byteLength(u).catch(() => 0)));
  const total = listBytes(list) + fonts.reduce((a, b) => a + b, 0);
  const progress: OfflineProgress = { done: 0, total, saved: 0, files: urls.length };
  for (const url of urls) {
    // Course text revalidated, so that every file is of the version the list names.
    const r = await fetch(url, url.endsWith('.json') ? { cache: 'no-cache' } : {});
    if (!r.ok) throw new Error(`Save for offline: ${url}: ${r.status}`);
    const bytes = (await r.clone().arrayBuffer()).byteLength;
    await cache.put(url, r);
    progress.done += bytes;
    progress.saved++;
    onProgress?.({ ...progress });
  }
  await cache.put(offlineListUrl(origin, slug), new Response(JSON.stringify(list), { headers: { 'Content-Type': 'application/json' } }));
  await cache.put(
    markerUrl(origin, slug),
    new Response(JSON.stringify({ slug, hash: list.hash, bytes: progress.done, savedAt: new Date().toISOString() }), {
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

/** Whether the course was saved for offline use on this device (every file of it). */
export async function isSavedOffline(origin: string, slug: string): Promise<boolean> {
  if (!hasCaches()) return false;
  const cache = await caches.open(CACHE_NAME);
  return !!(await cache.match(markerUrl(origin, slug)));
}

/** Forgets the saved copy of a course (what the player loads again is kept again, as for any course). */
export async function removeOffline(origin: string, slug: string): Promise<void> {
  if (!hasCaches()) return;
  const cache = await caches.open(CACHE_NAME);
  await cache.delete(markerUrl(origin, slug));
  const saved = await cache.match(offlineListUrl(origin, slug));
  if (saved) {
    const list = (await saved.json()) as OfflineList;
    await Promise.all(list.files.map((f) => cache.delete(`${courseUrl(origin, slug)}/${f.path}`)));
    await cache.delete(offlineListUrl(origin, slug));
  }
}

/**
 * A URL the page can show for `url` (a course image) right now: the network URL when online,
 * else an object URL made from the saved copy, if there is one. Revoke object URLs
 * (URL.revokeObjectURL) when the element showing them goes away.
 */
export async function cachedUrl(url: string): Promise<string> {
  if (typeof navigator !== 'undefined' && navigator.onLine) return url;
  if (!hasCaches()) return url;
  const hit = await caches.match(url, { cacheName: CACHE_NAME });
  return hit ? URL.createObjectURL(await hit.blob()) : url;
}
