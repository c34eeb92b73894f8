// GET /xapi/activities?activityId=: the Activity with the LRS's canonical definition, read
// from the activities table that statement ingest keeps. Not for writing definitions.
import { Hono } from 'hono';
import type { Env } from '../deps.js';
import { requireScope } from './auth.js';
import { httpDate, parseIriParam, queryParams, quoted, sha1Hex } from './documents.js';

export const activities = new Hono<Env>().get('/', async (c) => {
  requireScope(c, 'all/read', 'statements/read');
  const params = queryParams(c, ['activityId']);
  const id = parseIriParam(params.get('activityId'), 'activityId');
  const row = await c.var.db.selectFrom('activities').select(['definition', 'updated']).where('id', '=', id).executeTakeFirst();
  // Unknown activities still answer with an Activity Object (1.0.3 §2.5 SHOULD*, 2.0.0 §4.1.6.4 shall).
  const activity: Record<string, unknown> = { objectType: 'Activity', id };
  if (row) {
    const definition = JSON.parse(row.definition) as unknown;
    if (typeof definition === 'object' && definition !== null && Object.keys(definition).length > 0) activity.definition = definition;
  }
  const body = JSON.stringify(activity);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ETag: quoted(await sha1Hex(body)) };
  if (row) headers['Last-Modified'] = httpDate(row.updated);
  return c.body(body, 200, headers);
});
