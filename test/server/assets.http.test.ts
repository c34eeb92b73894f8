// The player build as host pages load it: /embed.js (short cache) names content-hashed
// /assets/* files (immutable, a year), all CORS-readable, brotli or gzip when accepted, the
// same bytes `npm run build` wrote to dist/. Runs in process and on workerd (CHAMPA_TEST_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTarget, type Target } from '../support/target.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const embedOnDisk = readFileSync(join(dist, 'embed.js'), 'utf8');
const assetNames = readdirSync(join(dist, 'assets'));
const entry = /import\("\.\/assets\/([^"]+)"\)/.exec(embedOnDisk)?.[1];

let t: Target;
before(async () => {
  t = await startTarget();
});
after(async () => {
  await t.close();
});

/** The body as sent, decoded: fetch over HTTP decodes Content-Encoding itself, app.request does not. */
async function bytes(res: Response): Promise<Buffer> {
  const raw = Buffer.from(await res.arrayBuffer());
  if (t.remote) return raw;
  const enc = res.headers.get('Content-Encoding');
  return enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw;
}

test('GET /embed.js: JavaScript, cached 5 minutes (it names the current hashed files), readable from any origin', async () => {
  const res = await t.fetch('/embed.js');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type') ?? '', /^text\/javascript/);
  assert.match(res.headers.get('Cache-Control') ?? '', /max-age=300\b/);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
  assert.equal((await bytes(res)).toString('utf8'), embedOnDisk);
  assert.ok(entry && assetNames.includes(entry), `embed.js imports a built entry (${entry})`);
});

test('GET /assets/<hashed entry>: immutable for a year, with an ETag that answers 304', async () => {
  const res = await t.fetch(`/assets/${entry}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type') ?? '', /^text\/javascript/);
  assert.equal(res.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
  assert.ok((await bytes(res)).equals(readFileSync(join(dist, 'assets', entry!))), 'the bytes on disk');
  const etag = res.headers.get('ETag');
  assert.ok(etag);
  const again = await t.fetch(`/assets/${entry}`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  await again.body?.cancel();
});

test('RFC 9110 §12.5.3 Accept-Encoding: brotli when accepted, else gzip, else identity; Vary says so', async () => {
  const onDisk = readFileSync(join(dist, 'assets', entry!));
  for (const [accept, expected] of [
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', null],
  ] as const) {
    const res = await t.fetch(`/assets/${entry}`, { headers: { 'Accept-Encoding': accept } });
    assert.equal(res.status, 200, accept);
    const got = res.headers.get('Content-Encoding');
    // workerd's front end normalises Accept-Encoding (it offers the worker gzip), so there a
    // brotli-capable client may get gzip; in process the header arrives as sent.
    if (t.remote && expected === 'br') assert.ok(got === 'br' || got === 'gzip', `${accept}: ${got}`);
    else assert.equal(got, expected, accept);
    assert.match(res.headers.get('Vary') ?? '', /Accept-Encoding/);
    assert.ok((await bytes(res)).equals(onDisk), `${accept}: decodes to the bytes on disk`);
  }
});

test('the Lao font subset is served as font/woff2 (already compressed, sent as is) with its OFL licence beside it', async () => {
  const fonts = assetNames.filter((n) => n.endsWith('.woff2'));
  assert.equal(fonts.length, 2, '400 and 700');
  for (const f of fonts) {
    const res = await t.fetch(`/assets/${f}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Content-Type'), 'font/woff2');
    assert.equal(res.headers.get('Content-Encoding'), null);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*', 'fonts load cross-origin only with CORS');
    assert.ok((await bytes(res)).equals(readFileSync(join(dist, 'assets', f))));
    // "Save for offline" sizes files with HEAD.
    const head = await t.fetch(`/assets/${f}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers.get('Content-Length')), readFileSync(join(dist, 'assets', f)).length);
    await head.body?.cancel();
  }
  const ofl = await t.fetch('/assets/noto-sans-lao-OFL.txt');
  assert.equal(ofl.status, 200);
  assert.match((await bytes(ofl)).toString('utf8'), /SIL Open Font License/);
});

test('an unknown or malformed asset name is refused, naming the file', async () => {
  const missing = await t.fetch('/assets/champa.NOPE1234.js');
  assert.equal(missing.status, 404);
  assert.match(((await missing.json()) as { error: string }).error, /champa\.NOPE1234\.js/);
  const bad = await t.fetch('/assets/.hidden');
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /^file: /);
});

test('DESIGN §10: preloadLinks() names the entry /embed.js imports, its static chunks and the Lao fonts (or the English strings), each served', async () => {
  const { preloadLinks } = await import('../../server/assets.js');
  const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
  const lo = hrefs(preloadLinks('lo'));
  assert.ok(entry && lo.includes(`/assets/${entry}`), 'the entry chunk');
  for (const m of embedOnDisk.matchAll(/l\("modulepreload",new URL\("\.\/assets\/([^"]+)"/g)) {
    if (!m[1]!.startsWith('i18n-en')) assert.ok(lo.includes(`/assets/${m[1]}`), `the chunk ${m[1]} embed.js preloads`);
  }
  assert.deepEqual(lo.filter((h) => h.endsWith('.woff2')).map((h) => /-(\d00)\./.exec(h)?.[1]), ['400'], 'the regular Lao font');
  const en = hrefs(preloadLinks('en'));
  assert.ok(!en.some((h) => h.endsWith('.woff2')), 'no Lao font for an English page');
  assert.ok(en.some((h) => /\/assets\/i18n-en\.[A-Z0-9]+\.js$/.test(h)), 'the English UI strings');
  for (const h of new Set([...lo, ...en])) {
    const res = await t.fetch(h);
    assert.equal(res.status, 200, h);
    await res.arrayBuffer();
  }
});
