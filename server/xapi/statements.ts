// Placeholder: the statements resource is being written.
import { Hono } from 'hono';
import type { Env } from '../deps.js';

export const statements = new Hono<Env>();
