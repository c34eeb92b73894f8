// GET /xapi/about: the versions this LRS speaks. Open to anyone, no credential.
import { Hono } from 'hono';
import type { Env } from '../deps.js';

export const about = new Hono<Env>().get('/', (c) =>
  c.json({ version: ['2.0.0', '1.0.3'], extensions: {} }),
);
