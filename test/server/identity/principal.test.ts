// STYLE.md invariant "no route exists without a stated set of roles": every /api route runs
// admits(...) before anything else it does. Not for the refusals themselves: each resource's
// *.security.http.test.ts proves those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../../server/app.js';
import type { Deps } from '../../../server/deps.js';
import { ADMITS, ROLES } from '../../../server/identity/principal.js';

// Course text is public training material served from the compiled bundle (server/courses.ts).
const PUBLIC_WITHOUT_ADMITS = /^\/api\/courses(\/|$)/;

test('STYLE invariant: every /api route states the roles it admits with admits(), as its first route handler', () => {
  const app = createApp({} as Deps);
  const routes = new Map<string, { roles?: string[]; first: boolean }>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/') || PUBLIC_WITHOUT_ADMITS.test(r.path)) continue;
    const key = `${r.method} ${r.path}`;
    const roles = (r.handler as unknown as Record<symbol, string[] | undefined>)[ADMITS];
    const seen = routes.get(key);
    if (!seen) routes.set(key, { roles, first: roles !== undefined });
    else if (roles && !seen.roles) seen.roles = roles;
  }
  assert.ok(routes.size >= 20, `found ${routes.size} /api routes`);
  const missing = [...routes].filter(([, v]) => !v.roles).map(([k]) => k);
  assert.deepEqual(missing, [], 'routes without admits()');
  const late = [...routes].filter(([, v]) => !v.first).map(([k]) => k);
  assert.deepEqual(late, [], 'routes whose first handler is not admits(): a validator before it would tell strangers the schema');
  for (const [key, { roles }] of routes) {
    for (const role of roles!) assert.ok(role === 'anyone' || (ROLES as readonly string[]).includes(role), `${key}: unknown role ${role}`);
  }
});
