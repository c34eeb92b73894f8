// Builds the one Hono app from injected dependencies; node.ts and worker.ts only adapt it
// to their runtime. Not for runtime-specific code: that stays in the entry files.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import type { Deps, Env } from './deps.js';
import { xapi, alternateRequestSyntax } from './xapi/index.js';
import { courses } from './courses.js';
import { assets } from './assets.js';
import { cmi5Launch, cmi5Package } from './cmi5/routes.js';
import { demo } from './demo.js';
import { joinPage } from './join-page.js';
import { dashboardPage } from './dashboard-page.js';
import { authenticate } from './identity/principal.js';
import { auth } from './api/auth.js';
import { cohorts } from './api/cohorts.js';
import { join } from './api/join.js';
import { certificates } from './api/certificates.js';
import { exams } from './api/exams.js';
import { progress } from './api/progress.js';
import { reports } from './api/reports.js';
import { ephemeralSigningKey } from './certificates/keys.js';
import { certificatePages } from './certificates/pages.js';
import { launch } from './api/launch.js';
import { learners } from './api/learners.js';
import { organisations } from './api/organisations.js';
import { places } from './api/places.js';
import { sites } from './api/sites.js';
import { users } from './api/users.js';

export type { Deps } from './deps.js';

export function createApp(deps: Deps) {
  const app = new Hono<Env>();
  const signingKey = deps.signingKey ?? ephemeralSigningKey();
  app.use('*', async (c, next) => {
    c.set('db', deps.db);
    c.set('atomic', deps.atomic);
    c.set('clock', deps.clock);
    c.set('blobs', deps.blobs);
    c.set('settings', deps.settings);
    c.set('signingKey', signingKey);
    await next();
  });
  app.use('/xapi/*', alternateRequestSyntax((req) => app.fetch(req)));
  app.route('/xapi', xapi);
  // Course JSON is ~200 KB raw, ~40 KB gzip: on "Slow 3G" (50 KB/s) that is 4 s against 1 s
  // (bench/player.ts). The built assets carry their own gzip/brotli forms. On Workers the
  // runtime compresses responses itself, and a body gzipped here would be gzipped twice.
  if (deps.compressResponses) {
    app.use('/api/courses/*', compress());
    app.use('/', compress());
  }
  app.route('/api/courses', courses);
  app.route('/', assets);
  // Every /api route after this knows its caller (if any); each states its roles with admits().
  app.use('/api/*', authenticate);
  app.route('/api/auth', auth);
  app.route('/api/places', places);
  app.route('/api/organisations', organisations);
  app.route('/api/users', users);
  app.route('/api/learners', learners);
  app.route('/api/sites', sites);
  app.route('/api/launch', launch);
  app.route('/api/courses', cmi5Package);
  app.route('/cmi5', cmi5Launch);
  app.route('/api/cohorts', cohorts);
  app.route('/api/join', join);
  app.route('/api/certificates', certificates);
  app.route('/api/progress', progress);
  app.route('/api/exams', exams);
  app.route('/api/reports', reports);
  // Printable certificates, the verify page and the JWKS: public, outside /api.
  app.route('/', certificatePages);
  app.route('/', joinPage);
  app.route('/', dashboardPage);
  app.route('/', demo);
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      return c.json({ error: err.message || 'Request failed', status: err.status }, err.status);
    }
    console.error(err);
    return c.json({ error: 'Internal error', status: 500 }, 500);
  });
  app.notFound((c) => c.json({ error: `No route for ${c.req.method} ${new URL(c.req.url).pathname}`, status: 404 }, 404));
  return app;
}

export type App = ReturnType<typeof createApp>;
