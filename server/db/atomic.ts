// The one way to run several writes atomically. D1 has no interactive transactions, so
// a multi-statement write is a list of compiled queries run all-or-nothing: D1 batch()
// on Workers, one better-sqlite3 transaction on Node. Reads that decide what to write
// happen before; constraints in the schema catch what changed in between.
import { CompiledQuery, sql, type Compilable, type RawBuilder } from 'kysely';
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
 * with the SQL text built once per shape instead of by Kysely's compiler per row. `values`
 * holds the rows one after another (row count = values.length / columns.length), so callers
 * need not build an array per row. Column names are checked against the generated DB type;
 * `placeholders` replaces a column's `?` with an expression that takes one parameter (e.g.
 * a sub-select of a generated key).
 */
export function insertRows<T extends keyof DB & string>(
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  values: readonly unknown[],
  options: { placeholders?: Partial<Record<keyof DB[T] & string, string>>; onConflict?: string } = {},
): CompiledQuery[] {
  const width = columns.length;
  if (values.length % width !== 0) throw new Error(`insertRows(${table}): ${values.length} values do not make rows of ${width}`);
  const tuple = `(${columns.map((c) => options.placeholders?.[c] ?? '?').join(', ')})`;
  const shape = `${table}|${columns.join(',')}|${tuple}|${options.onConflict ?? ''}`;
  const out: CompiledQuery[] = [];
  const perQuery = Math.max(1, Math.floor(MAX_PARAMS / width)) * width;
  for (let at = 0; at < values.length; at += perQuery) {
    const params = values.slice(at, at + perQuery);
    const rows = params.length / width;
    const key = `${shape}|${rows}`;
    let text = sqlCache.get(key);
    if (text === undefined) {
      text = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}${
        options.onConflict ? ` ${options.onConflict}` : ''
      }`;
      sqlCache.set(key, text);
    }
    out.push(CompiledQuery.raw(text, params));
  }
  return out;
}
const sqlCache = new Map<string, string>();

/** A named stand-in for a parameter of a query compiled once by `compileOnce`, bound per use. */
export class Slot {
  constructor(readonly name: string) {}
}

/**
 * A list of strings as one bound parameter, for `column IN (...)`: SQLite's json_each reads it
 * back, so the query text and its parameter count stay the same whatever the list's length
 * (one cached prepared statement on Node; no MAX_PARAMS chunking). With a Slot, the value
 * bound later must be the list as JSON text.
 */
export function jsonList(values: readonly string[] | Slot): RawBuilder<string> {
  return sql<string>`(SELECT value FROM json_each(${values instanceof Slot ? values : JSON.stringify(values)}))`;
}

/**
 * Builds and compiles a query once, for hot paths where Kysely's building and compiling would
 * cost more than running it: each use binds values to the query's Slots (by name) and keeps
 * every other parameter as compiled. The result stays typed by the Kysely query it came from.
 */
export function compileOnce<O>(query: Compilable<O>): (values: Readonly<Record<string, unknown>>) => Compilable<O> {
  const { sql: text, parameters } = query.compile();
  return (values) => {
    const params = parameters.map((p) => {
      if (!(p instanceof Slot)) return p;
      if (!(p.name in values)) throw new Error(`compileOnce: no value for slot ${p.name}`);
      return values[p.name];
    });
    return { compile: () => CompiledQuery.raw(text, params) as CompiledQuery<O> };
  };
}

type RowsOf<Q extends readonly Compilable<unknown>[]> = { -readonly [K in keyof Q]: Q[K] extends Compilable<infer O> ? O[] : never };

/**
 * Runs several reads in one go: one D1 batch (one round trip, one consistent view), one
 * better-sqlite3 transaction on Node. Each result is typed by its query. For reads that
 * decide a write; the write itself goes through `atomic` afterwards.
 */
export async function readTogether<const Q extends readonly Compilable<unknown>[]>(atomic: Atomic, queries: Q): Promise<RowsOf<Q>> {
  const results = await atomic(queries.map((q) => q.compile()));
  return results.map((r) => r.rows) as RowsOf<Q>;
}
