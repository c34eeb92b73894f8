// Placeholder: the agents resource is being written.
import { Hono } from 'hono';
import type { Env } from '../deps.js';

export const agents = new Hono<Env>();
