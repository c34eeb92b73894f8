// Loading districts (reference data Champa does not ship: domain-research lists none, and
// U18 asks for the Lao Statistics Bureau's codes) from a CSV file an admin supplies. Every
// row is checked and every problem reported; a file with any problem writes nothing.
// Not for learners or cohorts: their CSV imports live with them.
import Papa from 'papaparse';
import type { CompiledQuery, Kysely } from 'kysely';
import type { Atomic } from '../db/atomic.js';
import { chunkRows } from '../db/atomic.js';
import type { DB } from '../db/schema.js';

export const DISTRICT_COLUMNS = ['code', 'province', 'name_lo', 'name_en'] as const;
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/;
const LAO_RE = /[\u0E80-\u0EFF]/;
const MAX_NAME = 100;

export interface DistrictRow {
  code: string;
  province_code: string;
  name_lo: string;
  name_en: string;
}

export type ParseResult = { ok: true; rows: DistrictRow[]; lineOf: ReadonlyMap<DistrictRow, number> } | { ok: false; errors: string[] };

/**
 * Reads the CSV: a header naming the columns code, province (an ISO 3166-2:LA code such as
 * LA-VT), name_lo and name_en in any order, then one district per line. Problems are
 * reported as "line N, column: what is wrong".
 */
export function parseDistrictsCsv(text: string, provinces: ReadonlySet<string>): ParseResult {
  // Blank lines are skipped here rather than by Papa, so that line numbers stay true.
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false });
  const errors: string[] = parsed.errors.map((e) => `line ${(e.row ?? 0) + 1}: ${e.message}`);
  const [header, ...data] = parsed.data;
  const blank = (cells: string[]) => cells.every((c) => c.trim() === '');
  if (!header) return { ok: false, errors: ['the file is empty: the first line must name the columns code, province, name_lo, name_en'] };
  const names = header.map((h) => h.trim().toLowerCase());
  for (const col of DISTRICT_COLUMNS) if (!names.includes(col)) errors.push(`line 1: column ${col} is missing (the columns are ${DISTRICT_COLUMNS.join(', ')})`);
  names.forEach((n, i) => {
    if (!(DISTRICT_COLUMNS as readonly string[]).includes(n)) errors.push(`line 1: column ${i + 1} "${header[i]}" is not one of ${DISTRICT_COLUMNS.join(', ')}`);
    else if (names.indexOf(n) !== i) errors.push(`line 1: column ${n} appears twice`);
  });
  if (errors.length) return { ok: false, errors };
  if (data.every(blank)) return { ok: false, errors: ['the file has a header but no districts'] };

  const at = (col: string) => names.indexOf(col);
  const seen = new Map<string, number>();
  const rows: DistrictRow[] = [];
  const lineOf = new Map<DistrictRow, number>();
  data.forEach((cells, i) => {
    const line = i + 2;
    if (blank(cells)) return;
    if (cells.length !== names.length) {
      errors.push(`line ${line}: has ${cells.length} fields, the header has ${names.length}`);
      return;
    }
    const cell = (col: string) => cells[at(col)]!.normalize('NFC').trim();
    const row = { code: cell('code'), province_code: cell('province'), name_lo: cell('name_lo'), name_en: cell('name_en') };
    const problems: string[] = [];
    if (!CODE_RE.test(row.code)) problems.push(`code: "${row.code}" must be 1-16 letters, digits or hyphens`);
    if (!provinces.has(row.province_code)) problems.push(`province: "${row.province_code}" is not a province code such as LA-VT`);
    for (const col of ['name_lo', 'name_en'] as const) {
      const v = row[col];
      if (!v) problems.push(`${col}: must not be empty`);
      else if (v.length > MAX_NAME) problems.push(`${col}: must be at most ${MAX_NAME} characters`);
      else if (/[\r\n]/.test(v)) problems.push(`${col}: must be one line`);
    }
    if (row.name_lo && !LAO_RE.test(row.name_lo)) problems.push(`name_lo: "${row.name_lo}" has no Lao letters`);
    const earlier = seen.get(row.code);
    if (earlier !== undefined) problems.push(`code: ${row.code} is already on line ${earlier}`);
    else seen.set(row.code, line);
    if (problems.length) errors.push(...problems.map((p) => `line ${line}, ${p}`));
    else {
      rows.push(row);
      lineOf.set(row, line);
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows, lineOf };
}

export interface ImportSummary {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Checks the file against the database too (a known district cannot change province, since
 * learners and cohorts point at the pair), then inserts new districts and renames known ones
 * in one atomic write. Districts not in the file are kept.
 */
export async function importDistricts(
  deps: { db: Kysely<DB>; atomic: Atomic },
  text: string,
  source: string,
  now: Date,
): Promise<{ ok: true; summary: ImportSummary } | { ok: false; errors: string[] }> {
  const { db, atomic } = deps;
  const provinces = new Set((await db.selectFrom('provinces').select('code').execute()).map((p) => p.code));
  const parsed = parseDistrictsCsv(text, provinces);
  if (!parsed.ok) return parsed;
  const existing = new Map<string, DistrictRow>();
  for (const chunk of chunkRows(parsed.rows.map((r) => r.code), 1)) {
    for (const d of await db.selectFrom('districts').select(['code', 'province_code', 'name_lo', 'name_en']).where('code', 'in', chunk).execute()) existing.set(d.code, d);
  }
  const errors: string[] = [];
  const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0 };
  const writes: CompiledQuery[] = [];
  const imported = now.toISOString();
  parsed.rows.forEach((row) => {
    const old = existing.get(row.code);
    if (!old) {
      summary.inserted++;
      writes.push(db.insertInto('districts').values({ ...row, source, imported }).compile());
    } else if (old.province_code !== row.province_code) {
      errors.push(`line ${parsed.lineOf.get(row)}, province: district ${row.code} is already in ${old.province_code}; a district cannot move province`);
    } else if (old.name_lo === row.name_lo && old.name_en === row.name_en) {
      summary.unchanged++;
    } else {
      summary.updated++;
      writes.push(db.updateTable('districts').set({ name_lo: row.name_lo, name_en: row.name_en, source, imported }).where('code', '=', row.code).compile());
    }
  });
  if (errors.length) return { ok: false, errors };
  await atomic(writes);
  return { ok: true, summary };
}
