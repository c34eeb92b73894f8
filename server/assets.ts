// The player build for host pages: GET /embed.js (a small loader, cached for minutes since it
// names the current hashed files) and GET /assets/<file> (content-hashed, cached for a year,
// immutable), with brotli or gzip when the client accepts it. Served from the generated
// dist/assets-bundle.ts, so it needs no filesystem and runs the same on Node and Workers.
// Public and cross-origin on purpose: any page may embed the player. Not for course data.
import { Hono, type Context } from 'hono';
import { critical, assets as files, embed, type ServedAsset } from '../dist/assets-bundle.js';
import type { Env } from './deps.js';
import { fail } from './errors.js';
import { bundledBytes, notModified, pickEncoding } from './http-cache.js';

const EMBED_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
const HASHED_CACHE = 'public, max-age=31536000, immutable';
const FILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function serve(c: Context<Env>, key: string, asset: ServedAsset, cacheControl: string): Response {
  const headers = new Headers({
    'Content-Type': asset.type,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    // Host pages on any origin load these as module scripts and fonts, both CORS requests.
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
  });
  if (notModified(c.req.header('If-None-Match'), asset.etag)) return new Response(null, { status: 304, headers });
  const encoding = pickEncoding(c.req.header('Accept-Encoding'), asset);
  const body = encoding === 'identity' ? bundledBytes(key, asset.body) : bundledBytes(`${key}:${encoding}`, asset[encoding]!);
  if (encoding !== 'identity') headers.set('Content-Encoding', encoding);
  headers.set('Content-Length', String(body.byteLength));
  // Workers would compress a body again to match Content-Encoding unless told it already is;
  // Node ignores the option.
  return new Response(body, { status: 200, headers, encodeBody: 'manual' } as ResponseInit);
}

/**
 * <link> tags for a page Champa serves itself (demo, join, cmi5 launch pages), so that the
 * player's code and fonts download in parallel with /embed.js instead of one round trip after
 * it (2 s on "Slow 3G"). Host pages on other origins cannot know the hashed names; /embed.js
 * preloads the same files for them a round trip later.
 */
export function preloadLinks(lang: 'lo' | 'en' = 'lo'): string {
  const tags = critical.modules.map((f) => `<link rel="modulepreload" href="/assets/${f}">`);
  // The regular weight only: with the page, /embed.js, the chunks and the course text that makes
  // six requests, what a browser opens at once to one HTTP/1.1 origin; bold follows when used.
  if (lang === 'lo') tags.push(...critical.fonts.slice(0, 1).map((f) => `<link rel="preload" href="/assets/${f}" as="font" type="font/woff2" crossorigin="anonymous">`));
  else if (critical.english) tags.push(`<link rel="modulepreload" href="/assets/${critical.english}">`);
  return tags.join('\n  ');
}

export const assets = new Hono<Env>()
  .get('/embed.js', (c) => serve(c, 'embed.js', embed, EMBED_CACHE))
  .get('/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!FILE_RE.test(file)) fail(400, `file: "${file}" is not an asset file name`);
    if (!Object.hasOwn(files, file)) fail(404, `No asset ${file}; /embed.js names the current ones`);
    return serve(c, file, files[file]!, HASHED_CACHE);
  });
