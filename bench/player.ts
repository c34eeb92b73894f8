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
// BENCH_NETWORK=none measures without throttling (to check the bench itself quickly).
const NETWORK = process.env.BENCH_NETWORK === 'none' ? { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 } : SLOW_3G;
const COURSE = process.env.BENCH_COURSE ?? 'workers-rights';

interface Loaded {
  url: string;
  type: string;
  raw: number;
  gzip: number;
  /** Body bytes as transferred (compressed if the server compressed it). */
  wire: number;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Milliseconds from navigation start until the course's first page is readable (its title and
 * summary shown by <champa-course>, through every shadow root), or, with `lesson`, until the
 * lesson's text is.
 */
async function readable(page: Page, what: 'first' | 'lesson', timeoutMs: number): Promise<{ at: number; lesson: boolean }> {
  const handle = await page.waitForFunction(
    (what) => {
      const course = document.querySelector('champa-course');
      const view = course?.shadowRoot?.querySelector('.view');
      if (!view) return null;
      const lesson = view.querySelector('champa-lesson');
      const text = lesson?.shadowRoot?.querySelector('[part~="article"]')?.textContent?.trim() ?? '';
      if (text.length > 80) return { at: performance.now(), lesson: true };
      if (what === 'lesson') return null;
      const lead = view.querySelector('.home .lead')?.textContent?.trim() ?? '';
      return lead.length > 20 ? { at: performance.now(), lesson: false } : null;
    },
    what,
    { polling: 50, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as { at: number; lesson: boolean };
}

/** What the player shows, for a bench that timed out. */
async function dump(page: Page): Promise<string> {
  return page
    .evaluate(() => `${location.href}\n${document.querySelector('champa-course')?.shadowRoot?.innerHTML.replace(/<!--[^>]*-->/g, '').slice(0, 1500) ?? '(no champa-course shadow root)'}`)
    .catch((e: unknown) => String(e));
}

/** Presses the first lesson in the course page's outline; returns performance.now() at the press. */
async function openFirstLesson(page: Page, title: string): Promise<number> {
  const entry = await page.evaluateHandle((title) => {
    const view = document.querySelector('champa-course')!.shadowRoot!.querySelector('.view')!;
    const outline = view.querySelector('champa-outline')?.shadowRoot;
    if (!outline) throw new Error(view.innerHTML.slice(0, 2000));
    return [...outline.querySelectorAll('[part~="entry"]')].find((b) => b.textContent?.includes(title)) ?? null;
  }, title);
  const el = entry.asElement();
  if (!el) throw new Error(`no outline entry for "${title}"`);
  const at = await page.evaluate(() => performance.now());
  await el.click();
  return at;
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

async function visit(server: Server, profile: string, serviceWorkers: 'allow' | 'block', visits: number, lessonTitle: string) {
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
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  const results: { home: number; lesson: number; resumed: boolean; loaded: Loaded[]; fromSw: boolean }[] = [];
  for (let v = 0; v < visits; v++) {
    const responses: Response[] = [];
    const onResponse = (r: Response) => responses.push(r);
    page.on('response', onResponse);
    await page.goto(`${server.url}/?course=${COURSE}`, { waitUntil: 'commit', timeout: 120_000 });
    const first = await readable(page, 'first', 120_000).catch(async (err: unknown) => {
      throw new Error(`${String(err)}\n${await dump(page)}`);
    });
    page.off('response', onResponse);
    // A returning learner resumes on the lesson itself (after a glimpse of the course page
    // while resume state is read); a new one presses it on the course page.
    await page.evaluate(() => (document.querySelector('champa-course') as unknown as { ready: Promise<void> }).ready);
    const resumed = first.lesson || (await page.evaluate(() => !!document.querySelector('champa-course')?.shadowRoot?.querySelector('.view champa-lesson')));
    const home = first.at;
    let lesson: number;
    if (resumed) lesson = (await readable(page, 'lesson', 60_000)).at;
    else {
      const pressed = await openFirstLesson(page, lessonTitle);
      lesson = (await readable(page, 'lesson', 60_000)).at - pressed;
    }
    const loaded: Loaded[] = [];
    for (const r of responses) {
      const url = new URL(r.url());
      if (url.origin !== server.url || url.pathname.startsWith('/xapi/')) continue;
      // Bytes as they crossed the network (the server compresses what it can).
      const sizes = await r.request().sizes().catch(() => null);
      const body = await r.body().catch(() => Buffer.alloc(0));
      loaded.push({ url: url.pathname + url.search, type: kind(r), ...size(body), wire: sizes ? sizes.responseBodySize : -1 });
    }
    const fromSw = await page.evaluate(() => !!navigator.serviceWorker?.controller);
    results.push({ home, lesson, resumed, loaded, fromSw });
    // Let the first visit's service worker install and the lazy chunks settle before the next.
    if (v + 1 < visits) await page.waitForTimeout(5000);
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
  console.log(
    NETWORK === SLOW_3G
      ? `network: DevTools "Slow 3G" (${SLOW_3G.latency} ms latency, ${SLOW_3G.downloadThroughput} B/s down/up), viewport 360×640, course ${COURSE}`
      : `network: NOT throttled (BENCH_NETWORK=none), viewport 360×640, course ${COURSE}`,
  );
  try {
    const embed = size(Buffer.from(await (await fetch(`${server.url}/embed.js`)).arrayBuffer()));
    console.log(`\n/embed.js: ${kb(embed.gzip)} gzip (${kb(embed.raw)} raw)`);

    // Cold: a fresh profile. Warm: the same profile again, with only the HTTP cache (as on any
    // host page) and with the demo page's service worker.
    const course = (await (await fetch(`${server.url}/api/courses/${COURSE}`)).json()) as { modules: { lessons: { title: { lo: string } }[] }[] };
    const title = course.modules[0]!.lessons[0]!.title.lo;
    const dirs = [mkdtempSync(join(tmpdir(), 'champa-bench-')), mkdtempSync(join(tmpdir(), 'champa-bench-'))];
    const http = await visit(server, dirs[0]!, 'block', 2, title);
    const sw = await visit(server, dirs[1]!, 'allow', 2, title);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });

    const cold = http[0]!;
    const critical = cold.loaded.filter((l) => l.type !== 'host page' && l.type !== 'image');
    const byType = new Map<string, { gzip: number; wire: number; files: number }>();
    for (const l of critical) {
      const t = byType.get(l.type) ?? { gzip: 0, wire: 0, files: 0 };
      t.gzip += l.gzip;
      t.wire += l.wire;
      t.files++;
      byType.set(l.type, t);
    }
    console.log('\ncritical path to the course page and its first lesson (cold load; gzip -9, and as sent):');
    for (const l of critical) console.log(`  ${l.type.padEnd(12)} ${kb(l.gzip).padStart(9)} gzip ${kb(l.wire).padStart(9)} sent  ${l.url}`);
    for (const [t, v] of byType) console.log(`  = ${t.padEnd(10)} ${kb(v.gzip).padStart(9)} gzip ${kb(v.wire).padStart(9)} sent  in ${v.files} file(s)`);
    const js = byType.get('JS')?.gzip ?? 0;
    const total = critical.reduce((n, l) => n + l.gzip, 0);
    const sent = critical.reduce((n, l) => n + l.wire, 0);
    const page = cold.loaded.find((l) => l.type === 'host page');
    console.log(`  JS ${kb(js)} gzip (budget 35 KB); critical path ${kb(total)} gzip, ${kb(sent)} as sent (budget 100 KB)${page ? `; the host page itself ${kb(page.gzip)} gzip` : ''}`);
    const images = cold.loaded.filter((l) => l.type === 'image');
    if (images.length) console.log(`  (not counted: ${images.length} lesson image(s), ${kb(images.reduce((n, l) => n + l.gzip, 0))})`);

    const line = (label: string, r: { home: number; lesson: number; resumed: boolean; fromSw: boolean }, budget: string) =>
      console.log(
        `  ${label.padEnd(32)} ${
          r.resumed
            ? `course page ${(r.home / 1000).toFixed(2)} s, resumed lesson readable at ${(r.lesson / 1000).toFixed(2)} s`
            : `course page ${(r.home / 1000).toFixed(2)} s, first lesson +${Math.round(r.lesson)} ms after pressing it`
        }${budget}${r.fromSw ? ' [service worker in control]' : ''}`,
      );
    console.log('\ntime to readable under Slow 3G (from navigation start):');
    line('cold (fresh profile)', cold, ' (budget 6 s)');
    line('warm, HTTP cache only', http[1]!, ' (budget 1 s)');
    line('warm, demo page service worker', sw[1]!, '');
  } finally {
    await server.close();
  }
}

await main();
