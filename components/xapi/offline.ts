// The course copy on the device: fetching a course with a fallback to the copy kept on the
// device, and "Save for offline" (course JSON, its images and the Lao font files in the Cache
// API, with the size shown first). Not for statements or resume state: recorder.ts keeps those.
//
// Without a service worker the Cache API copy is read by this module only (loadCourse,
// cachedUrl); the host page's origin decides whether a service worker can also answer the
// page's own requests offline. Champa's demo page on the Champa origin has one (/sw.js,
// server/demo.ts); a host on another origin cannot register Champa's, so the player reads the
// copy through these functions instead.
import type { CompiledCourse } from '../../courses/schema.js';

/** The Cache Storage cache holding course copies (shared with the demo page's /sw.js). */
export const CACHE_NAME = 'champa-offline-v1';

/** The hashed font files, relative to the built chunks; defined by the component build. */
declare const CHAMPA_FONTS: { w400: string; w700: string } | undefined;

const base = (origin: string) => origin.replace(/\/+$/, '');

/** Where a course's compiled JSON is served. */
export const courseUrl = (origin: string, slug: string) => `${base(origin)}/api/courses/${encodeURIComponent(slug)}`;

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
 * The course, from the network when it answers, else from the copy on this device (a saved
 * course, or the last copy loaded here), else from the browser's HTTP cache. Each successful
 * network load refreshes the device copy, so a reload with no network still opens the course.
 * Throws when no copy exists anywhere.
 */
export async function loadCourse(origin: string, slug: string): Promise<CompiledCourse> {
  const url = courseUrl(origin, slug);
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
    return (await res.json()) as CompiledCourse;
  }
  // A course that does not exist is an answer, not a network problem: no fallback.
  if (res && res.status < 500) throw new Error(`Course "${slug}": ${res.status} ${await res.text()}`);
  if (res) networkError = new Error(`Course "${slug}": ${res.status}`);
  if (hasCaches()) {
    const cached = await caches.match(url, { cacheName: CACHE_NAME });
    if (cached) return (await cached.json()) as CompiledCourse;
  }
  try {
    const res = await fetch(url, { cache: 'force-cache' });
    if (res.ok) return (await res.json()) as CompiledCourse;
  } catch {
    // nothing in the HTTP cache either
  }
  throw networkError instanceof Error ? networkError : new Error(`Course "${slug}" could not be loaded`);
}

/** The URLs "Save for offline" keeps for a course. */
export function offlineUrls(origin: string, course: Pick<CompiledCourse, 'slug' | 'images'>): string[] {
  return [courseUrl(origin, course.slug), ...course.images.map((i) => imageUrl(origin, course.slug, i.src)), ...fontUrls()];
}

async function byteLength(url: string): Promise<number> {
  const head = await fetch(url, { method: 'HEAD' });
  const len = Number(head.headers.get('Content-Length'));
  if (head.ok && Number.isFinite(len) && len > 0) return len;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.arrayBuffer()).byteLength;
}

/**
 * The bytes "Save for offline" downloads: the course JSON, its images and the font files, as
 * stored (uncompressed). Shown to the learner before saving, because data is costly.
 */
export async function offlineSize(origin: string, slug: string): Promise<number> {
  const url = courseUrl(origin, slug);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Course "${slug}": ${res.status}`);
  const text = await res.text();
  const course = JSON.parse(text) as CompiledCourse;
  const fonts = await Promise.all(fontUrls().map(byteLength));
  return new TextEncoder().encode(text).byteLength + course.images.reduce((n, i) => n + i.bytes, 0) + fonts.reduce((a, b) => a + b, 0);
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
 * Downloads the course JSON, its images and the font files into the Cache API, calling
 * `onProgress` after each file. The course counts as saved (isSavedOffline) only once every
 * file is in. Rejects, leaving any earlier saved copy in place, if a file cannot be fetched.
 */
export async function saveForOffline(origin: string, slug: string, onProgress?: (p: OfflineProgress) => void): Promise<void> {
  if (!hasCaches()) throw new Error('Save for offline: this browser has no Cache Storage');
  const cache = await caches.open(CACHE_NAME);
  const jsonUrl = courseUrl(origin, slug);
  const res = await fetch(jsonUrl, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`Course "${slug}": ${res.status}`);
  const text = await res.clone().text();
  const course = JSON.parse(text) as CompiledCourse;
  const rest = offlineUrls(origin, course).slice(1);
  const sizes = await Promise.all(fontUrls().map((u) => byteLength(u).catch(() => 0)));
  const jsonBytes = new TextEncoder().encode(text).byteLength;
  const total = jsonBytes + course.images.reduce((n, i) => n + i.bytes, 0) + sizes.reduce((a, b) => a + b, 0);
  const progress: OfflineProgress = { done: 0, total, saved: 0, files: rest.length + 1 };
  await cache.put(jsonUrl, res);
  progress.done += jsonBytes;
  progress.saved++;
  onProgress?.({ ...progress });
  for (const url of rest) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`Save for offline: ${url}: ${r.status}`);
    const bytes = (await r.clone().arrayBuffer()).byteLength;
    await cache.put(url, r);
    progress.done += bytes;
    progress.saved++;
    onProgress?.({ ...progress });
  }
  await cache.put(
    markerUrl(origin, slug),
    new Response(JSON.stringify({ slug, version: course.version, hash: course.hash, bytes: progress.done, savedAt: new Date().toISOString() }), {
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

/** Forgets the saved copy of a course (the last loaded JSON stays, as for any course). */
export async function removeOffline(origin: string, slug: string): Promise<void> {
  if (!hasCaches()) return;
  const cache = await caches.open(CACHE_NAME);
  await cache.delete(markerUrl(origin, slug));
  const course = await cache.match(courseUrl(origin, slug));
  if (course) {
    const c = (await course.json()) as CompiledCourse;
    await Promise.all(c.images.map((i) => cache.delete(imageUrl(origin, slug, i.src))));
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
