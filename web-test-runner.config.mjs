// `npm run test:components`: the component tests (test/components/**/*.test.ts) in real
// Chromium: Debian's /usr/bin/chromium driven by puppeteer-core, never a downloaded browser.
// TypeScript goes through esbuild with the components' tsconfig (legacy decorators). The dev
// server also answers /api/courses/<slug> (and its images) from the compiled courses, so the
// player is tested on real course data. Not for end-to-end tests against the server: test/e2e.
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

export default {
  rootDir: root,
  files: ['test/components/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  middleware: [courseApi],
  plugins: [esbuildPlugin({ ts: true, target: 'es2020', tsconfig: join(root, 'tsconfig.components.json') })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
  testFramework: { config: { timeout: 15_000 } },
};
