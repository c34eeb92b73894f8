// X-Experience-API-Version negotiation: 1.0.x requests are answered as 1.0.3, 2.0.x as
// 2.0.0; a request without the header gets the configured default. Every response,
// errors included, carries the version it was answered in.
import type { MiddlewareHandler } from 'hono';
import type { Env, XapiVersion } from '../deps.js';
import { fail } from '../errors.js';

const VERSION = /^(1|2)\.0(\.\d+)?$/;

export function parseVersion(header: string | undefined, fallback: XapiVersion): XapiVersion {
  if (header === undefined || header.trim() === '') return fallback;
  const m = header.trim().match(VERSION);
  if (!m) fail(400, `X-Experience-API-Version ${JSON.stringify(header)} is not supported: use 1.0.3 or 2.0.0`);
  return m[1] === '1' ? '1.0.3' : '2.0.0';
}

export const negotiateVersion: MiddlewareHandler<Env> = async (c, next) => {
  const header = c.req.header('x-experience-api-version');
  const fallback = c.var.settings.xapiDefaultVersion;
  const m = header?.trim().match(VERSION);
  c.set('xapiVersion', m ? (m[1] === '1' ? '1.0.3' : '2.0.0') : fallback);
  // A layer of its own, so that the header also lands on the error response thrown below.
  await next();
  c.res.headers.set('X-Experience-API-Version', c.var.xapiVersion);
};

export const requireKnownVersion: MiddlewareHandler<Env> = async (c, next) => {
  parseVersion(c.req.header('x-experience-api-version'), c.var.settings.xapiDefaultVersion);
  await next();
};
