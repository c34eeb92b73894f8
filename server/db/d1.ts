// The Workers side of the database seam: Kysely over D1 (kysely-d1) and the atomic
// helper over D1 batch(). Must not import node:* (it is bundled into the worker).
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import type { Atomic } from './atomic.js';
import type { DB } from './schema.js';

export function openD1Database(d1: D1Database): { db: Kysely<DB>; atomic: Atomic } {
  const db = new Kysely<DB>({ dialect: new D1Dialect({ database: d1 }) });
  const atomic: Atomic = async (queries) => {
    if (queries.length === 0) return [];
    const results = await d1.batch(queries.map((q) => d1.prepare(q.sql).bind(...(q.parameters as unknown[]))));
    return results.map((r) => ({ rows: r.results ?? [], changes: r.meta?.changes ?? 0 }));
  };
  return { db, atomic };
}
