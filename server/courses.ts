// Course API (/api/courses): the compiled course packages and their images, public (course
// text is public training material), cacheable by ETag. Serves the exact bytes `npm run
// courses` wrote to dist/courses/ from the generated bundle module, so it needs no filesystem:
// the whole course (both locales) at /:slug, and what the player loads (courses/parts.ts), one
// locale's shell at /:slug/<lo|en>.json and each later module's part at /:slug/<lo|en>/<module>.json,
// and what "Save for offline" downloads, with sizes, at /:slug/offline.json.
// Not for progress, enrolment or grading: those belong to the LRS and cohorts.
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { SLUG_RE } from '../courses/schema.js';
import { courses as compiled, images, index, locales, offline, type ServedJson } from '../dist/courses/bundle.js';
import type { Env } from './deps.js';
import { fail } from './errors.js';
import { bundledBytes, notModified } from './http-cache.js';

// Short freshness, long staleness: a course update reaches learners within minutes, while a
// phone on a dropped 3G link keeps working from its copy; the ETag makes revalidation cheap.
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';
const IMAGE_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function serve(c: Context<Env>, etag: string, contentType: string, body: () => string | Uint8Array<ArrayBuffer>, extra: Record<string, string> = {}) {
  const headers = { ETag: etag, 'Cache-Control': CACHE_CONTROL, ...extra };
  if (notModified(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
  return c.body(body(), 200, { ...headers, 'Content-Type': contentType });
}

const serveJson = (c: Context<Env>, served: ServedJson) => serve(c, served.etag, 'application/json; charset=UTF-8', () => served.json);

function courseSlug(c: Context<Env>): string {
  const slug = c.req.param('slug') ?? '';
  if (!SLUG_RE.test(slug)) fail(400, `slug: "${slug}" is not a course slug (lowercase letters, digits and single hyphens, e.g. workers-rights)`);
  if (!Object.hasOwn(compiled, slug)) fail(404, `No course "${slug}"; GET /api/courses lists the courses`);
  return slug;
}

export const courses = new Hono<Env>()
  .use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], allowHeaders: ['If-None-Match'], exposeHeaders: ['ETag'] }))
  .get('/', (c) => serveJson(c, index))
  .get('/:slug', (c) => serveJson(c, compiled[courseSlug(c)]!))
  .get('/:slug/offline.json', (c) => serveJson(c, offline[courseSlug(c)]!))
  .get('/:slug/:file{(?:lo|en)\\.json}', (c) => serveJson(c, locales[`${courseSlug(c)}/${c.req.param('file').slice(0, 2)}`]!))
  .get('/:slug/:lang{lo|en}/:file{[^/]+\\.json}', (c) => {
    const slug = courseSlug(c);
    const lang = c.req.param('lang');
    const mod = c.req.param('file').slice(0, -'.json'.length);
    const part = locales[`${slug}/${lang}/${mod}`];
    if (!SLUG_RE.test(mod) || !part) {
      fail(404, `module: course "${slug}" has no part "${mod}"; the first module is in /api/courses/${slug}/${lang}.json, and only later modules have parts`);
    }
    return serveJson(c, part);
  })
  .get('/:slug/images/:file', (c) => {
    const slug = courseSlug(c);
    const file = c.req.param('file');
    if (!IMAGE_FILE_RE.test(file)) fail(400, `file: "${file}" is not an image file name`);
    const key = `${slug}/images/${file}`;
    if (!Object.hasOwn(images, key)) fail(404, `Course "${slug}" has no image ${file}`);
    const img = images[key]!;
    return serve(c, img.etag, img.contentType, () => bundledBytes(key, img.base64), {
      'X-Content-Type-Options': 'nosniff',
      // An SVG opened directly must not run anything on this origin (the compiler also rejects scripts).
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
  });
