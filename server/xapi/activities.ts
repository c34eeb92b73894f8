// Placeholder: the activities resource is being written.
import { Hono } from 'hono';
import type { Env } from '../deps.js';

export const activities = new Hono<Env>();
