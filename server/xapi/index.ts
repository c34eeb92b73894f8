// The LRS at /xapi: version negotiation, CORS, credentials, and one sub-app per xAPI
// resource. Not for resource logic: each resource file owns its handlers.
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { lrsAuth } from './auth.js';
import { negotiateVersion, requireKnownVersion } from './version.js';
import { about } from './about.js';
import { statements } from './statements.js';
import { state, activityProfile, agentProfile } from './documents.js';
import { activities } from './activities.js';
import { agents } from './agents.js';

export const xapiCors = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'X-Experience-API-Version', 'If-Match', 'If-None-Match'],
  exposeHeaders: ['ETag', 'Last-Modified', 'Content-Type', 'X-Experience-API-Version', 'X-Experience-API-Consistent-Through'],
  maxAge: 86400,
});

export const xapi = new Hono<Env>()
  .use('*', xapiCors)
  .use('*', negotiateVersion)
  .route('/about', about)
  .use('*', requireKnownVersion)
  .use('*', lrsAuth)
  .route('/statements', statements)
  .route('/activities/state', state)
  .route('/activities/profile', activityProfile)
  .route('/agents/profile', agentProfile)
  .route('/activities', activities)
  .route('/agents', agents);

const HEADER_FIELDS = new Map([
  ['authorization', 'Authorization'],
  ['x-experience-api-version', 'X-Experience-API-Version'],
  ['content-type', 'Content-Type'],
  ['content-length', 'Content-Length'],
  ['if-match', 'If-Match'],
  ['if-none-match', 'If-None-Match'],
]);

/**
 * xAPI 1.0.3 §2.8 alternate request syntax: a form POST with ?method=X carrying headers,
 * query parameters and content as form fields is replayed as the request it stands for.
 * xAPI 2.0.0 dropped the syntax, so a 2.0 request using it is refused.
 */
export function alternateRequestSyntax(dispatch: (req: Request) => Response | Promise<Response>): MiddlewareHandler<Env> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const method = url.searchParams.get('method');
    if (method === null) return next();
    if (c.req.method !== 'POST') fail(400, 'Alternate request syntax: the request must be a POST when ?method is given');
    if ([...url.searchParams.keys()].some((k) => k !== 'method')) {
      fail(400, 'Alternate request syntax: only "method" may be in the query string; send the rest as form fields');
    }
    const upper = method.toUpperCase();
    if (!['GET', 'HEAD', 'PUT', 'POST', 'DELETE'].includes(upper)) fail(400, `Alternate request syntax: method ${JSON.stringify(method)} is not allowed`);
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      fail(415, 'Alternate request syntax: Content-Type must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(await c.req.text());
    // Headers may come as form fields (§1.3) or as real headers; form fields win.
    const headers = new Headers();
    for (const name of ['Authorization', 'X-Experience-API-Version', 'If-Match', 'If-None-Match']) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    const query = new URLSearchParams();
    let content: string | null = null;
    for (const [name, value] of form) {
      const header = HEADER_FIELDS.get(name.toLowerCase());
      if (header) headers.set(header, value);
      else if (name === 'content') content = value;
      else query.append(name, value);
    }
    const version = headers.get('X-Experience-API-Version') ?? c.var.settings.xapiDefaultVersion;
    if (!version.trim().startsWith('1.0')) {
      fail(400, 'The alternate request syntax exists only in xAPI 1.0.x; send a normal request for 2.0.0');
    }
    headers.delete('Content-Length');
    if (content !== null && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    const target = new URL(url.pathname, url);
    target.search = query.toString();
    const hasBody = upper === 'PUT' || upper === 'POST';
    return dispatch(new Request(target, { method: upper, headers, body: hasBody ? (content ?? '') : undefined }));
  };
}
