// The demo host page at GET / and its service worker /sw.js: a page as a trainer would write
// it, embedding <champa-course> with one script tag, and a "demo learner" so a newcomer sees
// courses record progress at once. DEMO ONLY: the page hands every visitor one shared LRS
// credential (statements/write, statements/read/mine, state) and each device invents its own
// opaque learner id. Issue 5 replaces this with join codes and launch tokens. Not for real
// learners, cohorts or certificates.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { courses as compiled, index } from '../dist/courses/bundle.js';
import type { DB } from './db/schema.js';
import type { Env } from './deps.js';
import { randomToken, sha256Hex } from './xapi/auth.js';

/** The name that marks the demo credential in lrs_clients (`npm run champa -- lrs-client list`). */
export const DEMO_CLIENT_NAME = 'Champa demo learner (demo page only)';
export const DEMO_SCOPES = ['statements/write', 'statements/read/mine', 'state'] as const;
/**
 * The credential is public by design (every visitor of / receives it), so its secret is not
 * what protects anything: the random key is what makes it unguessable, and a fixed secret
 * lets every process (Node restarts, many Workers isolates) hand out the same credential
 * without storing a plaintext secret. Revoke it (`lrs-client revoke --key …`) to mint a new one.
 */
export const DEMO_SECRET = 'demo-only';

export interface DemoCredential {
  key: string;
  secret: string;
}

const memo = new WeakMap<object, { at: number; cred: Promise<DemoCredential> }>();
const MEMO_MS = 60_000;

/** ensureDemoClient, looked up at most once a minute per database (the page is hit often). */
export function demoCredential(db: Kysely<DB>, now: Date): Promise<DemoCredential> {
  const hit = memo.get(db);
  if (hit && now.getTime() - hit.at < MEMO_MS) return hit.cred;
  const cred = ensureDemoClient(db, now);
  memo.set(db, { at: now.getTime(), cred });
  cred.catch(() => memo.delete(db));
  return cred;
}

/** Returns the demo credential, creating it if there is no unrevoked one. */
export async function ensureDemoClient(db: Kysely<DB>, now = new Date()): Promise<DemoCredential> {
  const row = await db
    .selectFrom('lrs_clients')
    .select('key')
    .where('name', '=', DEMO_CLIENT_NAME)
    .where('revoked', '=', 0)
    .orderBy('created')
    .executeTakeFirst();
  if (row) return { key: row.key, secret: DEMO_SECRET };
  const key = `demo-${randomToken(12)}`;
  // Two processes starting at once may each add one; both work, and the oldest is handed out.
  await db
    .insertInto('lrs_clients')
    .values({ key, name: DEMO_CLIENT_NAME, secret_hash: await sha256Hex(DEMO_SECRET), scopes: JSON.stringify(DEMO_SCOPES), created: now.toISOString() })
    .execute();
  return ensureDemoClient(db, now);
}

interface Summary {
  slug: string;
  title: { lo: string; en: string };
  summary: { lo: string; en: string };
  certification: boolean;
}

const summaries = (): Summary[] => (JSON.parse(index.json) as { courses: Summary[] }).courses;
const DEFAULT_COURSE = 'workers-rights';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
// JSON inside <script>: "</script>" and friends must not end the element early.
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

function page(course: string, config: { endpoint: string; auth: string; homePage: string }): string {
  const list = summaries()
    .map((c) => {
      const current = c.slug === course ? ' aria-current="page"' : '';
      const cert = c.certification ? ' <span class="cert">ໃບຢັ້ງຢືນ · certificate</span>' : '';
      return `<li><a href="/?course=${esc(c.slug)}"${current}><span lang="lo">${esc(c.title.lo)}</span><br><span lang="en" class="en">${esc(c.title.en)}</span></a>${cert}</li>`;
    })
    .join('\n        ');
  return `<!doctype html>
<html lang="lo">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Champa · ການຝຶກອົບຮົມຕ້ານການຄ້າມະນຸດ</title>
  <meta name="description" content="Champa demo: counter-trafficking training courses in Lao and English.">
  <!-- This is all a host page needs: one script and one element. -->
  <script type="module" src="/embed.js"></script>
  <!-- Optional: fetch the course while the player's code loads (one round trip less on 3G). -->
  <link rel="preload" href="/api/courses/${esc(course)}" as="fetch" crossorigin="anonymous">
  <style>
    body { margin: 0; font-family: 'Noto Sans Lao', 'Phetsarath OT', system-ui, sans-serif; line-height: 1.7; color: #1b1f24; background: #f7f7f5; }
    header, main, nav, footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
    header { padding-top: 1rem; }
    h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
    .en { color: #4a5560; font-size: .9em; }
    nav ul { list-style: none; padding: 0; margin: .5rem 0 1rem; display: grid; gap: .5rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
    nav a { display: block; padding: .5rem .75rem; border: 1px solid #6b7580; border-radius: 6px; background: #fff; color: #0f5c63; text-decoration: none; }
    nav a[aria-current] { border-width: 2px; border-color: #0f5c63; font-weight: 700; }
    nav a:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
    .cert { font-size: .8em; color: #4a5560; }
    .notice { background: #fff6d6; border: 1px solid #8a6d00; border-radius: 6px; padding: .5rem .75rem; font-size: .9em; }
    champa-course { display: block; background: #fff; margin-bottom: 2rem; }
    footer { font-size: .85em; color: #4a5560; padding-bottom: 2rem; }
  </style>
</head>
<body>
  <header>
    <h1>ການຝຶກອົບຮົມຕ້ານການຄ້າມະນຸດ <span lang="en" class="en">· Counter-trafficking training</span></h1>
    <p class="notice">ໜ້ານີ້ແມ່ນຕົວຢ່າງ: ຄວາມຄືບໜ້າຂອງທ່ານຖືກບັນທຶກໄວ້ໃນອຸປະກອນນີ້ພາຍໃຕ້ລະຫັດທີ່ບໍ່ລະບຸຕົວຕົນ.
      <span lang="en" class="en">Demo page: your progress is recorded under an anonymous id made on this device.</span></p>
  </header>
  <nav aria-label="ຫຼັກສູດ · Courses">
    <ul>
        ${list}
    </ul>
  </nav>
  <main>
    <champa-course course="${esc(course)}" lang="lo"></champa-course>
    <noscript>ກະລຸນາເປີດ JavaScript · Please turn on JavaScript to take the course.</noscript>
  </main>
  <footer>Champa · <a href="/api/courses">/api/courses</a> · <a href="/xapi/about">/xapi/about</a></footer>
  <!-- The demo learner (DEMO ONLY; real deployments use join codes or host launch): an opaque
       id kept on this device, and the demo page's shared LRS credential. -->
  <script type="application/json" id="champa-demo">${scriptJson(config)}</script>
  <script type="module">
    const config = JSON.parse(document.getElementById('champa-demo').textContent);
    const KEY = 'champa-demo-learner';
    let id = localStorage.getItem(KEY);
    if (!id) {
      const b = crypto.getRandomValues(new Uint8Array(16));
      b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
      const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
      id = h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
      localStorage.setItem(KEY, id);
    }
    const course = document.querySelector('champa-course');
    course.learner = {
      endpoint: config.endpoint,
      auth: config.auth,
      actor: { objectType: 'Agent', account: { homePage: config.homePage, name: id } },
    };
    // Lets this page reopen with no network (only pages on the Champa origin can have it).
    if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  </script>
</body>
</html>
`;
}

/**
 * The demo page's service worker. Only a page on Champa's own origin can use it, so it serves
 * this demo page, not hosts embedding Champa elsewhere (those rely on the HTTP cache and
 * components/xapi/offline.ts). On install it keeps the open demo pages, /embed.js and the
 * files /embed.js names. The page, /embed.js and course JSON are answered from the cache
 * at once and refreshed behind (so a reload with no network works, and a warm load does not wait
 * for a slow network); hashed /assets/* are cached for good; the LRS is never touched.
 */
const SERVICE_WORKER = `// Champa demo page service worker (server/demo.ts).
const CACHE = 'champa-offline-v1';
// The page that registered this worker was fetched before the worker existed: keep it,
// the loader and the files the loader names now, so the next reload works with no network.
self.addEventListener('install', (e) => {
  self.skipWaiting();
  e.waitUntil((async () => {
    const c = await caches.open(CACHE);
    const pages = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
      .map((w) => w.url).filter((u) => new URL(u).origin === location.origin);
    const embed = await fetch('/embed.js').catch(() => null);
    const named = embed && embed.ok ? [...(await embed.clone().text()).matchAll(/["'](\\.\\/assets\\/[^"']+)["']/g)].map((m) => new URL(m[1], new URL('/embed.js', location.href)).href) : [];
    if (embed && embed.ok) await c.put('/embed.js', embed);
    await Promise.all([...pages, ...named].map((u) => c.add(u).catch(() => {})));
  })());
});
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin || url.pathname.startsWith('/xapi/')) return;
  if (url.pathname.startsWith('/assets/')) {
    e.respondWith(caches.open(CACHE).then(async (c) => {
      const hit = await c.match(req);
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok) c.put(req, res.clone());
      return res;
    }));
    return;
  }
  if (req.mode === 'navigate' || url.pathname === '/embed.js' || url.pathname.startsWith('/api/courses')) {
    e.respondWith(caches.open(CACHE).then(async (c) => {
      const hit = await c.match(req, { ignoreVary: true });
      const fresh = fetch(req).then((res) => {
        if (res.ok) return c.put(req, res.clone()).then(() => res);
        return res;
      });
      if (hit) {
        e.waitUntil(fresh.catch(() => {}));
        return hit;
      }
      return fresh;
    }));
  }
});
`;

export const demo = new Hono<Env>()
  .get('/', async (c) => {
    const asked = c.req.query('course');
    const course = asked && Object.hasOwn(compiled, asked) ? asked : Object.hasOwn(compiled, DEFAULT_COURSE) ? DEFAULT_COURSE : (summaries()[0]?.slug ?? DEFAULT_COURSE);
    const cred = await demoCredential(c.var.db, c.var.clock());
    const origin = new URL(c.req.url).origin;
    const html = page(course, {
      endpoint: `${origin}/xapi/`,
      auth: `Basic ${btoa(`${cred.key}:${cred.secret}`)}`,
      homePage: `${c.var.settings.publicUrl}/demo-learners`,
    });
    // A returning visitor within minutes opens it from the browser cache (on 3G each request
    // costs seconds). private: it carries the demo credential, which is stable (see above).
    return c.html(html, 200, { 'Cache-Control': 'private, max-age=300, stale-while-revalidate=86400', 'X-Content-Type-Options': 'nosniff' });
  })
  .get('/sw.js', (c) =>
    c.body(SERVICE_WORKER, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Service-Worker-Allowed': '/' }),
  );
