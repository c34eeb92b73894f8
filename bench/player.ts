// `npm run bench:player`: what the player costs a learner on a slow phone network. Prints the
// gzip bytes of /embed.js and of everything on the critical path to a readable first lesson
// (JS, CSS, font, course JSON), and the time to that lesson under Chrome DevTools "Slow 3G"
// (domain-research §4.2: 2,000 ms latency per request, 50,000 B/s down and up), cold (fresh
// profile) and warm (second visit, same profile), in Debian's Chromium on the real Node server.
// Budgets (DESIGN §10): ≤ 35 KB gzip JS, ≤ 100 KB critical path, ≤ 6 s cold, ≤ 1 s warm.
// Not a test: it measures and prints; the figures go into the README.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page, type Response } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, missing, startServer, type Server } from '../test/e2e/support.js';

const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const COURSE = process.env.BENCH_COURSE ?? 'workers-rights';

interface Loaded {
  url: string;
  type: string;
  raw: number;
  gzip: number;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Any element's text inside champa-lesson's shadow root, through every shadow root on the way. */
async function firstLessonReadable(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector('champa-lesson');
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) {
            const inner = find(el.shadowRoot);
            if (inner) return inner;
          }
        }
        return null;
      };
      const lesson = find(document);
      const article = lesson?.shadowRoot?.querySelector('[part~="article"]') ?? lesson?.shadowRoot;
      const text = article?.textContent?.trim() ?? '';
      return text.length > 80 ? performance.now() : 0;
    },
    undefined,
    { polling: 50, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

function size(body: Buffer): { raw: number; gzip: number } {
  // woff2 and images are already compressed; count whichever is smaller, as a server would send.
  return { raw: body.byteLength, gzip: Math.min(body.byteLength, gzipSync(body, { level: 9 }).byteLength) };
}

function kind(res: Response): string {
  const url = new URL(res.url());
  const t = res.request().resourceType();
  if (url.pathname.startsWith('/api/courses/') && !url.pathname.includes('/images/')) return 'course JSON';
  if (t === 'script') return 'JS';
  if (t === 'stylesheet') return 'CSS';
  if (t === 'font') return 'font';
  if (t === 'document') return 'host page';
  if (t === 'image') return 'image';
  return t;
}

async function visit(server: Server, profile: string, serviceWorkers: 'allow' | 'block', visits: number) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 360, height: 640 },
    serviceWorkers,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  const results: { ms: number; loaded: Loaded[]; fromSw: boolean }[] = [];
  for (let v = 0; v < visits; v++) {
    const responses: Response[] = [];
    const onResponse = (r: Response) => responses.push(r);
    page.on('response', onResponse);
    await page.goto(`${server.url}/?course=${COURSE}`, { waitUntil: 'commit', timeout: 120_000 });
    const ms = await firstLessonReadable(page, 120_000);
    page.off('response', onResponse);
    const loaded: Loaded[] = [];
    for (const r of responses) {
      const url = new URL(r.url());
      if (url.origin !== server.url || url.pathname.startsWith('/xapi/')) continue;
      const body = await r.body().catch(() => Buffer.alloc(0));
      loaded.push({ url: url.pathname + url.search, type: kind(r), ...size(body) });
    }
    const fromSw = await page.evaluate(() => !!navigator.serviceWorker?.controller);
    results.push({ ms, loaded, fromSw });
    // Let the first visit's service worker install and the lazy chunks settle before the next.
    await page.waitForTimeout(v + 1 < visits ? 3000 : 0);
  }
  await context.close();
  return results;
}

async function main() {
  const why = missing();
  if (why) throw new Error(`bench:player cannot run: ${why}`);
  const server = await startServer();
  const version = await (async () => {
    const b = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const v = b.version();
    await b.close();
    return v;
  })();
  const cpu = cpus();
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}, Chromium ${version}`);
  console.log(`network: DevTools "Slow 3G" (${SLOW_3G.latency} ms latency, ${SLOW_3G.downloadThroughput} B/s down/up), viewport 360×640, course ${COURSE}`);
  try {
    const embed = size(Buffer.from(await (await fetch(`${server.url}/embed.js`)).arrayBuffer()));
    console.log(`\n/embed.js: ${kb(embed.gzip)} gzip (${kb(embed.raw)} raw)`);

    // Cold: a fresh profile. Warm: the same profile again, with only the HTTP cache (as on any
    // host page) and with the demo page's service worker.
    const dirs = [mkdtempSync(join(tmpdir(), 'champa-bench-')), mkdtempSync(join(tmpdir(), 'champa-bench-'))];
    const [http, sw] = [await visit(server, dirs[0]!, 'block', 2), await visit(server, dirs[1]!, 'allow', 2)];
    for (const d of dirs) rmSync(d, { recursive: true, force: true });

    const cold = http[0]!;
    const critical = cold.loaded.filter((l) => l.type !== 'host page' && l.type !== 'image');
    const byType = new Map<string, { gzip: number; files: number }>();
    for (const l of critical) {
      const t = byType.get(l.type) ?? { gzip: 0, files: 0 };
      t.gzip += l.gzip;
      t.files++;
      byType.set(l.type, t);
    }
    console.log('\ncritical path to the first lesson (cold load, gzip):');
    for (const l of critical) console.log(`  ${l.type.padEnd(12)} ${kb(l.gzip).padStart(9)}  ${l.url}`);
    for (const [t, v] of byType) console.log(`  = ${t.padEnd(10)} ${kb(v.gzip).padStart(9)} in ${v.files} file(s)`);
    const js = byType.get('JS')?.gzip ?? 0;
    const total = critical.reduce((n, l) => n + l.gzip, 0);
    const page = cold.loaded.find((l) => l.type === 'host page');
    console.log(`  JS total ${kb(js)} (budget 35 KB); critical path total ${kb(total)} (budget 100 KB)${page ? `; host page itself ${kb(page.gzip)}` : ''}`);
    const images = cold.loaded.filter((l) => l.type === 'image');
    if (images.length) console.log(`  (not counted: ${images.length} lesson image(s), ${kb(images.reduce((n, l) => n + l.gzip, 0))})`);

    console.log('\ntime to a readable first lesson under Slow 3G:');
    console.log(`  cold                          ${(cold.ms / 1000).toFixed(2)} s (budget 6 s)`);
    console.log(`  warm, HTTP cache only         ${(http[1]!.ms / 1000).toFixed(2)} s (budget 1 s)`);
    console.log(`  warm, demo page service worker ${(sw[1]!.ms / 1000).toFixed(2)} s${sw[1]!.fromSw ? '' : ' (service worker was not in control)'}`);
  } finally {
    await server.close();
  }
}

await main();
