// Placeholder: the document resources are being written.
import { Hono } from 'hono';
import type { Env } from '../deps.js';

export const state = new Hono<Env>();
export const activityProfile = new Hono<Env>();
export const agentProfile = new Hono<Env>();
