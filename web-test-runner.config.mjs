// `npm run test:components`: the component tests (test/components/**/*.test.ts) in real
// Chromium: Debian's /usr/bin/chromium driven by puppeteer-core, never a downloaded browser.
// TypeScript goes through esbuild with the components' tsconfig (legacy decorators). The dev
// server also answers /api/courses/<slug> (and its images) from the compiled courses, so the
// player is tested on real course data. Every other /api/* and /xapi/* request goes to the real
// Champa app (test/components/api-server.ts: the Hono app on a temp SQLite file seeded with the
// test personas), so the dashboard elements are tested against the server they will talk to.
// Not for end-to-end tests against the server: test/e2e.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const root = fileURLToPath(new URL('.', import.meta.url));
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(`Component tests need Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

const IMAGE_TYPES = { svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * GET /api/courses/<slug> → dist/courses/<slug>.json; /<slug>/<lo|en>.json, /<slug>/<lo|en>/<module>.json
 * and /<slug>/offline.json → dist/courses/<slug>.<lo|en>[.<module>].json, <slug>.offline.json;
 * GET /api/courses/<slug>/images/<file> → courses/<slug>/images/<file>.
 */
async function courseApi(ctx, next) {
  const m = /^\/api\/courses\/([a-z0-9-]+)(?:\/images\/([A-Za-z0-9._-]+)|\/(lo|en|offline)(?:\/([a-z0-9-]+))?\.json)?$/.exec(ctx.path);
  if (!m) return next();
  const [, slug, image, part, module] = m;
  const json = part ? [slug, part, module].filter(Boolean).join('.') : slug;
  const file = image ? join(root, 'courses', slug, 'images', image) : join(root, 'dist', 'courses', `${json}.json`);
  try {
    ctx.body = await readFile(file);
    ctx.type = image ? (IMAGE_TYPES[image.split('.').pop()] ?? 'application/octet-stream') : 'application/json';
  } catch {
    ctx.status = 404;
    ctx.body = `no ${ctx.path} (run npm run courses)`;
  }
}

let apiUrl;
/** Starts the real app once, on the first request that needs it. */
function champaApi() {
  apiUrl ??= new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/components/api-server.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    process.on('exit', () => child.kill());
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line).url);
    });
    child.once('exit', (code) => reject(new Error(`test/components/api-server.ts exited with ${code}`)));
  });
  return apiUrl;
}

// Origin and Sec-Fetch-* describe the test page, not a browser on Champa's own site: sign-in
// refuses another site's origin, so they stay behind, as does what the dev server adds.
const DROPPED = new Set(['host', 'origin', 'referer', 'connection', 'content-length', 'accept-encoding', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest']);

/** /api/* (other than the course files above) and /xapi/* → the real Champa app. */
async function champaProxy(ctx, next) {
  if (!/^\/(api|xapi)(\/|$)/.test(ctx.path)) return next();
  const base = await champaApi();
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const headers = {};
  for (const [k, v] of Object.entries(ctx.request.headers)) if (!DROPPED.has(k) && typeof v === 'string') headers[k] = v;
  const res = await fetch(base + ctx.url, {
    method: ctx.method,
    headers,
    body: ['GET', 'HEAD'].includes(ctx.method) ? undefined : Buffer.concat(chunks),
    redirect: 'manual',
  });
  ctx.status = res.status;
  res.headers.forEach((v, k) => {
    if (k !== 'set-cookie' && k !== 'content-encoding' && k !== 'content-length' && k !== 'transfer-encoding') ctx.set(k, v);
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) ctx.set('set-cookie', cookies);
  ctx.body = Buffer.from(await res.arrayBuffer());
}

export default {
  rootDir: root,
  files: ['test/components/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  middleware: [courseApi, champaProxy],
  plugins: [esbuildPlugin({ ts: true, target: 'es2020', tsconfig: join(root, 'tsconfig.components.json') })],
  browsers: [
    chromeLauncher({
      // Each page its own browser context (cookie jar, localStorage): two test files run at
      // once, and one signing in as a viewer must not replace the other's trainer session.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
  testFramework: { config: { timeout: 15_000 } },
};
