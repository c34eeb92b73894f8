// The demo host page at GET / and its service worker /sw.js: a page as a trainer would write
// it, embedding <champa-course> with one script tag, and a "demo learner" so a newcomer sees
// courses record progress at once. DEMO ONLY: POST /demo/learner makes an anonymous learner
// ("Demo learner", sex not stated, no organisation or cohort) and a device token for every
// browser that asks, within a rate limit. Real learners come in through a join code (/join) or
// a host launch; a device that joined a cohort keeps that identity here too. Not for cohorts,
// reports or anything a trainer counts.
import { Hono } from 'hono';
import { courses as compiled, index } from '../dist/courses/bundle.js';
import { preloadLinks } from './assets.js';
import type { Env } from './deps.js';
import { learnerAgent, learnerTokenInsert } from './identity/learner-tokens.js';
import { clientIp, consumeAttempt, type Limit } from './identity/rate-limit.js';

/** The name demo learners get in the learner table (never in statements: the actor is the id). */
export const DEMO_LEARNER_NAME = 'Demo learner · ຜູ້ຮຽນຕົວຢ່າງ';

/**
 * Demo learners per address per hour. A training room shares one address, so this allows a
 * room; it bounds what one machine can add to the learner table.
 */
export function demoLearnerLimits(ip: string): Limit[] {
  return [{ bucket: `demo:learner:ip:${ip}`, max: 120, windowMs: 3600_000, label: 'demo learners from this address' }];
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

function page(course: string): string {
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
  <!-- Only on Champa's own pages: the files /embed.js loads next, fetched alongside it (a round trip less on 3G). -->
  ${preloadLinks()}
  <!-- Optional: fetch the course's Lao text while the player's code loads (one round trip less on 3G). -->
  <link rel="preload" href="/api/courses/${esc(course)}/lo.json" as="fetch" crossorigin="anonymous">
  <style>
    body { margin: 0; font-family: 'Noto Sans Lao', 'Phetsarath OT', system-ui, sans-serif; line-height: 1.7; color: #1b1f24; background: #f7f7f5; }
    header, main, nav, footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
    header { padding-top: 1rem; }
    h1 { font-size: 1.15rem; margin: 0 0 .25rem; }
    h2 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
    .en { color: #4a5560; font-size: .9em; }
    nav ul { list-style: none; padding: 0; margin: .5rem 0 1rem; display: grid; gap: .5rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
    nav a { display: block; padding: .5rem .75rem; border: 1px solid #6b7580; border-radius: 6px; background: #fff; color: #0f5c63; text-decoration: none; }
    nav a[aria-current] { border-width: 2px; border-color: #0f5c63; font-weight: 700; }
    nav a:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
    .cert { font-size: .8em; color: #4a5560; }
    .notice { background: #fff6d6; border: 1px solid #8a6d00; border-radius: 6px; padding: .25rem .75rem; font-size: .85em; margin: .25rem 0 .75rem; }
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
  <main>
    <champa-course course="${esc(course)}" lang="lo" no-join></champa-course>
    <noscript>ກະລຸນາເປີດ JavaScript · Please turn on JavaScript to take the course.</noscript>
  </main>
  <nav aria-labelledby="courses-heading">
    <h2 id="courses-heading">ຫຼັກສູດທັງໝົດ <span lang="en" class="en">· All courses</span></h2>
    <ul>
        ${list}
    </ul>
  </nav>
  <footer>Champa · <a href="/api/courses">/api/courses</a> · <a href="/xapi/about">/xapi/about</a></footer>
  <!-- The demo learner (DEMO ONLY; see server/demo.ts): the learner this device joined a cohort as,
       or else an anonymous demo learner made for this device, kept in localStorage. The element's
       no-join attribute keeps <champa-course> from showing its join form: what the learner does
       before this script has the learner is recorded as that learner when it comes. -->
  <!-- A classic script, so it runs as the page is parsed: asking for the demo learner does not
       wait for /embed.js to arrive first (a round trip less on 3G). -->
  <script>
  {
    const KEY = 'champa-learner:' + location.origin;
    const course = document.querySelector('champa-course');
    async function learner() {
      try {
        const kept = JSON.parse(localStorage.getItem(KEY) || 'null');
        if (kept && kept.token && Date.parse(kept.expires) > Date.now()) return kept;
      } catch {}
      const res = await fetch('/demo/learner', { method: 'POST' });
      if (!res.ok) throw new Error('demo learner: ' + res.status + ' ' + (await res.text()));
      const made = await res.json();
      try { localStorage.setItem(KEY, JSON.stringify(made)); } catch {}
      return made;
    }
    learner().then(
      (l) => { course.learner = { endpoint: new URL('/xapi/', location.href).href, auth: 'Bearer ' + l.token, actor: l.actor }; },
      (err) => {
        // Without a demo learner, a participant can still join with a code.
        console.warn('Champa demo: no demo learner', err);
        course.removeAttribute('no-join');
      },
    );
    // Lets this page reopen with no network (only pages on the Champa origin can have it).
    if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  }
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
  .get('/', (c) => {
    const asked = c.req.query('course');
    const course = asked && Object.hasOwn(compiled, asked) ? asked : Object.hasOwn(compiled, DEFAULT_COURSE) ? DEFAULT_COURSE : (summaries()[0]?.slug ?? DEFAULT_COURSE);
    // A returning visitor within minutes opens it from the browser cache (on 3G each request
    // costs seconds); the learner is made by the page, so the HTML is the same for everyone.
    return c.html(page(course), 200, { 'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400', 'X-Content-Type-Options': 'nosniff' });
  })
  // DEMO ONLY: an anonymous learner and a device token, shaped as <champa-join> keeps one.
  .post('/demo/learner', async (c) => {
    await consumeAttempt(c, demoLearnerLimits(clientIp(c)));
    const now = c.var.clock();
    const at = now.toISOString();
    const id = crypto.randomUUID();
    const { token, expires, query } = await learnerTokenInsert(c.var.db, id, 'device', now);
    await c.var.atomic([
      c.var.db.insertInto('learners').values({ id, name: DEMO_LEARNER_NAME, sex: 'not-stated', preferred_language: 'lo', created: at, updated: at }).compile(),
      query,
    ]);
    return c.json({ token, expires, actor: learnerAgent(c.var.settings, id), learnerId: id }, 201, { 'Cache-Control': 'no-store' });
  })
  .get('/sw.js', (c) =>
    c.body(SERVICE_WORKER, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Service-Worker-Allowed': '/' }),
  );
