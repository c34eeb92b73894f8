// The one way to run several writes atomically. D1 has no interactive transactions, so
// a multi-statement write is a list of compiled queries run all-or-nothing: D1 batch()
// on Workers, one better-sqlite3 transaction on Node. Reads that decide what to write
// happen before; constraints in the schema catch what changed in between.
import type { CompiledQuery } from 'kysely';

export interface AtomicResult {
  rows: unknown[];
  changes: number;
}

export type Atomic = (queries: readonly CompiledQuery[]) => Promise<AtomicResult[]>;

/** The most bound parameters one query may carry on D1; Node uses the same so that both behave alike. */
export const MAX_PARAMS = 100;

/** Splits rows into chunks that keep a multi-row INSERT within MAX_PARAMS. */
export function chunkRows<T>(rows: readonly T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
