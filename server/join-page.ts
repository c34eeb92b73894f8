// GET /join: the page a cohort's join URL and QR code open (`/join?code=XXXXXX`). It shows
// <champa-join> with the code filled in; once the participant has joined (or when this device
// already holds a learner token and the URL names a course), it lists the cohort's courses and
// opens <champa-course> as that learner. Public: the page holds nothing but markup; the token
// lives in the device's localStorage under `champa-learner:<origin>` (components/champa-join).
// Not for host sites: they embed the elements on their own pages.
import { Hono } from 'hono';
import { courses as compiled } from '../dist/courses/bundle.js';
import type { Env } from './deps.js';
import { admits } from './identity/principal.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(code: string, course: string): string {
  return `<!doctype html>
<html lang="lo">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>ເຂົ້າຮ່ວມການຝຶກອົບຮົມ · Join a training</title>
  <script type="module" src="/embed.js"></script>
  <style>
    body { margin: 0; font-family: 'Noto Sans Lao', 'Phetsarath OT', system-ui, sans-serif; line-height: 1.7; color: #1b1f24; background: #f7f7f5; }
    header, main { max-width: 52rem; margin: 0 auto; padding: 0 .75rem; }
    header { padding-top: .75rem; }
    h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
    .en { color: #4a5560; font-size: .9em; }
    champa-join, champa-course { display: block; background: #fff; margin-bottom: 1rem; }
    #courses ul { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: .5rem; }
    #courses button { width: 100%; min-height: 44px; text-align: start; padding: .5rem .75rem; border: 2px solid #0f5c63; border-radius: 6px; background: #fff; color: #0f5c63; font: inherit; cursor: pointer; }
    #courses button:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
  </style>
</head>
<body>
  <header>
    <h1>ການຝຶກອົບຮົມຕ້ານການຄ້າມະນຸດ <span lang="en" class="en">· Counter-trafficking training</span></h1>
  </header>
  <main>
    <champa-join lang="lo"${code ? ` code="${esc(code)}"` : ''}></champa-join>
    <section id="courses" hidden aria-labelledby="courses-heading">
      <h2 id="courses-heading">ຫຼັກສູດຂອງທ່ານ <span lang="en" class="en">· Your courses</span></h2>
      <ul></ul>
    </section>
    <champa-course lang="lo" hidden${course ? ` data-course="${esc(course)}"` : ''}></champa-course>
    <noscript>ກະລຸນາເປີດ JavaScript · Please turn on JavaScript.</noscript>
  </main>
  <script type="module">
    const KEY = 'champa-learner:' + location.origin;
    const join = document.querySelector('champa-join');
    const player = document.querySelector('champa-course');
    const section = document.getElementById('courses');
    const stored = () => {
      try {
        const s = JSON.parse(localStorage.getItem(KEY) || 'null');
        return s && s.token && Date.parse(s.expires) > Date.now() ? s : null;
      } catch { return null; }
    };
    const open = (slug) => {
      const s = stored();
      if (!s) return;
      player.learner = { endpoint: location.origin + '/xapi/', auth: 'Bearer ' + s.token, actor: s.actor };
      player.setAttribute('course', slug);
      player.hidden = false;
      join.hidden = true;
      history.replaceState(null, '', '/join?course=' + encodeURIComponent(slug));
      player.scrollIntoView();
    };
    join.addEventListener('champa-lang-change', (e) => player.setAttribute('lang', e.lang));
    join.addEventListener('champa-joined', (e) => {
      const list = section.querySelector('ul');
      list.replaceChildren(...e.courses.map((c) => {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = (join.lang === 'en' ? c.title.en : c.title.lo) || c.slug;
        b.addEventListener('click', () => open(c.slug));
        li.append(b);
        return li;
      }));
      section.hidden = false;
      if (e.courses.length === 1) open(e.courses[0].slug);
    });
    const course = player.dataset.course;
    if (course && stored()) open(course);
  </script>
</body>
</html>
`;
}

export const joinPage = new Hono<Env>().get('/join', admits('anyone'), (c) => {
  const code = c.req.query('code') ?? '';
  const course = c.req.query('course') ?? '';
  // Only what can be a code or a course is written into the page.
  const safeCode = /^[0-9A-Za-z\u0ED0-\u0ED9 -]{1,16}$/.test(code) ? code : '';
  const safeCourse = Object.hasOwn(compiled, course) ? course : '';
  return c.html(page(safeCode, safeCourse), 200, { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
});
