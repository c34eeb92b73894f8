// GET /dashboard: the HTML shell of the staff dashboard (trainers, admins, viewers). It holds no
// data — <champa-dashboard> signs in and reads everything from /api with the staff session — so
// it is public like a sign-in page. Not for the dashboard's code (components/dashboard.ts, built
// by scripts/build-components.ts) nor for learners' pages (/join, the demo page).
import { Hono } from 'hono';
import { critical, dashboard } from '../dist/assets-bundle.js';
import type { Env } from './deps.js';
import { admits } from './identity/principal.js';

/**
 * Scripts only from this origin and never inline, so an injected tag cannot run. Styles allow
 * 'unsafe-inline' because the elements' fallback styles and the Lao @font-face rule
 * (components/shared/fonts.ts) are <style> elements; img data: is for charts and QR codes.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";

// The hashed names change with every build, so the page is revalidated on every visit
// (no-cache) while the files it names are immutable.
const HEADERS = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': DASHBOARD_CSP,
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex',
};

// Built once per isolate: nothing in it depends on the request.
const PAGE = `<!doctype html>
<html lang="lo">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>ແຜງຄວບຄຸມ Champa · Champa dashboard</title>
  ${dashboard.modules
    .slice(1)
    .map((f) => `<link rel="modulepreload" href="/assets/${f}">`)
    .join('\n  ')}
  ${critical.fonts
    .slice(0, 1)
    .map((f) => `<link rel="preload" href="/assets/${f}" as="font" type="font/woff2" crossorigin="anonymous">`)
    .join('\n  ')}
  <script type="module" src="/assets/${dashboard.entry}"></script>
  <style>
    html { background: #f7f7f5; }
    body { margin: 0; color: #1b1f24; font-family: 'Champa Noto Sans Lao', 'Noto Sans Lao', 'Phetsarath OT', system-ui, sans-serif; line-height: 1.7; }
    .boot { max-width: 36rem; margin: 0 auto; padding: 1rem .75rem; }
  </style>
</head>
<body>
  <champa-dashboard><p class="boot">ກຳລັງໂຫຼດ… · Loading…</p></champa-dashboard>
  <noscript><p class="boot">ແຜງຄວບຄຸມນີ້ຕ້ອງໃຊ້ JavaScript: ກະລຸນາເປີດ JavaScript ໃນບຣາວເຊີ. · This dashboard needs JavaScript: please turn it on in your browser.</p></noscript>
</body>
</html>
`;

export const dashboardPage = new Hono<Env>().get('/dashboard', admits('anyone'), (c) => c.html(PAGE, 200, HEADERS));
