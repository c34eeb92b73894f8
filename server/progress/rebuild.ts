// `progress rebuild`: recomputes every progress table from the stored statements with the
// same fact mapping and recompute SQL that ingest uses, so the result equals what incremental
// derivation gives. Run it after a course changes its structure or rules, or after a change
// to the derivation. Statements are read in pages; the roll-ups are written a few whole
// learner x course pairs per atomic write. Reports see partial progress while it runs.
import { CompiledQuery, type Kysely } from 'kysely';
import type { Atomic } from '../db/atomic.js';
import type { DB } from '../db/schema.js';
import type { Catalog } from './catalog.js';
import { eventOf, insertEventQueries, markPairs, recomputeQueries, type EventRow } from './derive.js';

export interface RebuildOptions {
  /** Statements read per page. */
  pageSize?: number;
  /** Learner x course pairs recomputed per atomic write. */
  pairsPerWrite?: number;
}

export interface RebuildResult {
  statements: number;
  facts: number;
  pairs: number;
}

// Not progress_items: the question numbers are kept, so a rebuild writes the same
// progress_item_results as ingest did (and the numbers never change, migration 0009).
const PROGRESS_TABLES = ['progress_courses', 'progress_modules', 'progress_item_results', 'progress_assessments', 'progress_events', 'progress_dirty'] as const;

export async function rebuildProgress(
  deps: { db: Kysely<DB>; atomic: Atomic },
  catalog: Catalog,
  { pageSize = 1000, pairsPerWrite = 50 }: RebuildOptions = {},
): Promise<RebuildResult> {
  const { db, atomic } = deps;
  await atomic(PROGRESS_TABLES.map((t) => CompiledQuery.raw(`DELETE FROM ${t}`)));

  const pairs = new Map<string, [string, string]>();
  let after = 0;
  let statements = 0;
  let facts = 0;
  for (;;) {
    const page = await db
      .selectFrom('statements')
      .select(['seq', 'statement'])
      .where('seq', '>', after)
      .where('voided', '=', 0)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (page.length === 0) break;
    after = page[page.length - 1]!.seq!;
    statements += page.length;
    const events: EventRow[] = [];
    for (const row of page) {
      const e = eventOf(JSON.parse(row.statement) as Record<string, unknown>, catalog);
      if (e) events.push(e);
    }
    if (events.length === 0) continue;
    facts += events.length;
    for (const e of events) pairs.set(`${e[1]}\n${e[2]}`, [e[1], e[2]]);
    // Facts only: progress_dirty is emptied again in the same write, the roll-ups come below.
    await atomic([...insertEventQueries(events), CompiledQuery.raw('DELETE FROM progress_dirty')]);
  }

  const list = [...pairs.values()];
  for (let i = 0; i < list.length; i += pairsPerWrite) {
    const chunk = list.slice(i, i + pairsPerWrite);
    await atomic([
      markPairs(chunk),
      ...recomputeQueries(catalog),
    ]);
  }
  return { statements, facts, pairs: list.length };
}
