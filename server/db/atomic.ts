// The one way to run several writes atomically. D1 has no interactive transactions, so
// a multi-statement write is a list of compiled queries run all-or-nothing: D1 batch()
// on Workers, one better-sqlite3 transaction on Node. Reads that decide what to write
// happen before; constraints in the schema catch what changed in between.
import { CompiledQuery } from 'kysely';
import type { DB } from './schema.js';

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

/**
 * Multi-row INSERTs for hot write paths (statement ingest), chunked within MAX_PARAMS,
 * with the SQL text built once per shape instead of by Kysely's compiler per row. Column
 * names are checked against the generated DB type; `placeholders` replaces a column's `?`
 * with an expression that takes one parameter (e.g. a sub-select of a generated key).
 */
export function insertRows<T extends keyof DB & string>(
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  rows: readonly unknown[][],
  options: { placeholders?: Partial<Record<keyof DB[T] & string, string>>; onConflict?: string } = {},
): CompiledQuery[] {
  const out: CompiledQuery[] = [];
  const cell = columns.map((c) => options.placeholders?.[c] ?? '?');
  const tuple = `(${cell.join(', ')})`;
  for (const chunk of chunkRows(rows, columns.length)) {
    const key = `${table}|${columns.join(',')}|${chunk.length}|${tuple}|${options.onConflict ?? ''}`;
    let text = sqlCache.get(key);
    if (text === undefined) {
      text = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(chunk.length).fill(tuple).join(', ')}${
        options.onConflict ? ` ${options.onConflict}` : ''
      }`;
      sqlCache.set(key, text);
    }
    const params: unknown[] = [];
    for (const row of chunk) for (const v of row) params.push(v);
    out.push(CompiledQuery.raw(text, params));
  }
  return out;
}
const sqlCache = new Map<string, string>();
