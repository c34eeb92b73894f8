// cmi5 over HTTP. GET /cmi5/:slug (anyone) is the AU launch page an LMS opens with the cmi5
// query parameters: it checks them and serves the player page, whose <champa-course
// launch="cmi5"> runs the AU side in the browser (components/cmi5/cmi5.ts). GET
// /api/courses/:slug/cmi5.xml and /cmi5.zip (anyone, like the course itself) are the course
// structure and its package for import into an LMS (structure.ts). Champa is the content
// here, never the LMS: it issues no cmi5 tokens and keeps no cmi5 learners.
import { Hono } from 'hono';
import type { CompiledCourse } from '../../courses/schema.js';
import { SLUG_RE } from '../../courses/schema.js';
import { courses as compiled } from '../../dist/courses/bundle.js';
import { parseLaunchParams, Cmi5Error } from '../../components/cmi5/launch-params.js';
import type { Env, RequestContext } from '../deps.js';
import { fail } from '../errors.js';
import { admits } from '../identity/principal.js';
import { coursePackageZip, courseStructureXml } from './structure.js';

const parsed = new Map<string, CompiledCourse>();

function courseOf(c: RequestContext): CompiledCourse {
  const slug = c.req.param('slug') ?? '';
  if (!SLUG_RE.test(slug)) fail(400, `slug: "${slug}" is not a course slug (lowercase letters, digits and single hyphens, e.g. workers-rights)`);
  if (!Object.hasOwn(compiled, slug)) fail(404, `No course "${slug}"; GET /api/courses lists the courses`);
  let course = parsed.get(slug);
  if (!course) {
    course = JSON.parse(compiled[slug]!.json) as CompiledCourse;
    parsed.set(slug, course);
  }
  return course;
}

/** The package depends on the course version and on where this deployment is. */
async function etagOf(course: CompiledCourse, publicUrl: string, kind: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${kind}|${course.hash}|${publicUrl}`));
  return `"${[...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

function notModified(c: RequestContext, etag: string): boolean {
  return (c.req.header('If-None-Match') ?? '').split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`);
}

const CACHE_CONTROL = 'public, max-age=300';

export const cmi5Package = new Hono<Env>()
  .get('/:slug/cmi5.xml', admits('anyone'), async (c) => {
    const course = courseOf(c);
    const etag = await etagOf(course, c.var.settings.publicUrl, 'xml');
    const headers = { ETag: etag, 'Cache-Control': CACHE_CONTROL };
    if (notModified(c, etag)) return c.body(null, 304, headers);
    return c.body(courseStructureXml(course, c.var.settings.publicUrl), 200, { ...headers, 'Content-Type': 'application/xml; charset=utf-8' });
  })
  .get('/:slug/cmi5.zip', admits('anyone'), async (c) => {
    const course = courseOf(c);
    const etag = await etagOf(course, c.var.settings.publicUrl, 'zip');
    const headers = { ETag: etag, 'Cache-Control': CACHE_CONTROL };
    if (notModified(c, etag)) return c.body(null, 304, headers);
    const bytes = coursePackageZip(course, c.var.settings.publicUrl);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${course.slug}-cmi5.zip"`,
    });
  });

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/**
 * Headers of the AU page. The query string holds the one-time fetch URL, so no Referer
 * carries it away and nothing caches the page. connect-src is open: the LMS's endpoint and
 * fetch URL can be anywhere. frame-ancestors too: an LMS may still frame an OwnWindow AU.
 */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; connect-src *; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'",
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="lo">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
${body.includes('<champa-course') ? '<script type="module" src="/embed.js"></script>\n' : ''}<style>html,body{margin:0;font-family:system-ui,sans-serif}main{padding:1rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export const cmi5Launch = new Hono<Env>().get('/:slug', admits('anyone'), (c) => {
  const course = courseOf(c);
  const title = `${course.title.lo} · ${course.title.en}`;
  try {
    parseLaunchParams(c.req.url);
  } catch (e) {
    if (!(e instanceof Cmi5Error)) throw e;
    // A person reads this, in the LMS's window: say what is wrong in both languages.
    const message = escapeHtml(e.message);
    return c.body(
      page(
        title,
        `<main role="alert"><h1>ເປີດບົດຮຽນບໍ່ໄດ້ · This course could not be opened</h1>
<p>ລະບົບຈັດການການຮຽນ (LMS) ບໍ່ໄດ້ສົ່ງຂໍ້ມູນທີ່ຈຳເປັນມາ. ກະລຸນາເປີດຄືນຈາກ LMS. · The learning management system did not send what a cmi5 launch needs. Open the course again from the LMS.</p>
<p><code>${message}</code></p></main>`,
      ),
      400,
      PAGE_HEADERS,
    );
  }
  return c.body(
    page(title, `<champa-course course="${escapeHtml(course.slug)}" launch="cmi5"></champa-course>
<noscript>ຕ້ອງເປີດ JavaScript · JavaScript is needed to take this course.</noscript>`),
    200,
    PAGE_HEADERS,
  );
});
