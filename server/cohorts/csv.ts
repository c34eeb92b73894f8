// CSV enrolment files: decoding (UTF-8, with or without BOM), parsing (papaparse, RFC 4180,
// comma, semicolon or tab), the documented columns with their English and Lao header
// names, and turning each row into checked participant details. Every problem in the file
// is reported as `row N, column C: ...`, where row 1 is the header row. Pure: the route
// loads the reference data and writes. Not for exports: reports write their own CSV.
import Papa from 'papaparse';
import { LABELS, checkParticipant, type Issue, type Participant, type ParticipantField, type References } from './participant.js';

/** Larger files are refused before parsing. */
export const MAX_CSV_BYTES = 1024 * 1024;
/** Rows per file: keeps one atomic write well within D1's limits. */
export const MAX_CSV_ROWS = 1000;

export interface Column {
  /** The English header name, as the template writes it. */
  key: string;
  /** The participant field it fills, or learner_id for an existing learner. */
  field: ParticipantField | 'learnerId';
  lo: string;
  /** Other accepted header spellings (compared after normalising). */
  aliases: readonly string[];
  required?: boolean;
  /** What the column takes, for the README and template notes. */
  takes: string;
}

export const CSV_COLUMNS: readonly Column[] = [
  { key: 'name', field: 'name', lo: LABELS.name.lo, aliases: ['full_name', 'ຊື່', 'ຊື່_ນາມສະກຸນ'], required: true, takes: 'full name' },
  { key: 'sex', field: 'sex', lo: LABELS.sex.lo, aliases: ['gender'], required: true, takes: 'female, male, other, not-stated (or ຍິງ, ຊາຍ, ອື່ນໆ, ບໍ່ລະບຸ)' },
  { key: 'birth_year', field: 'birthYear', lo: LABELS.birthYear.lo, aliases: ['year_of_birth', 'birthyear'], takes: 'a year such as 1990' },
  { key: 'age_band', field: 'ageBand', lo: LABELS.ageBand.lo, aliases: ['age_group'], takes: 'under-18, 18-24, 25-34, 35-44, 45-54, 55-64, 65-plus (instead of birth_year)' },
  { key: 'organisation', field: 'organisationId', lo: LABELS.organisationId.lo, aliases: ['organization', 'organisation_id', 'agency', 'ໜ່ວຍງານ'], takes: "organisation id or name; empty: the cohort's organisation" },
  { key: 'position', field: 'position', lo: LABELS.position.lo, aliases: ['job', 'title'], takes: 'position or job title' },
  { key: 'province', field: 'provinceCode', lo: LABELS.provinceCode.lo, aliases: ['province_code'], takes: 'ISO code such as LA-VT, or the Lao or English name' },
  { key: 'district', field: 'districtCode', lo: LABELS.districtCode.lo, aliases: ['district_code'], takes: "district code, or its Lao or English name (within the row's province)" },
  { key: 'language', field: 'preferredLanguage', lo: LABELS.preferredLanguage.lo, aliases: ['preferred_language'], takes: 'lo or en (ລາວ, ອັງກິດ); empty: lo' },
  { key: 'consent', field: 'consent', lo: LABELS.consent.lo, aliases: [], takes: 'yes or no (ແມ່ນ, ບໍ່); yes is needed for ethnicity and disability' },
  { key: 'ethnicity', field: 'ethnicity', lo: LABELS.ethnicity.lo, aliases: ['ethnic_group'], takes: 'voluntary, only with consent' },
  { key: 'disability', field: 'disability', lo: LABELS.disability.lo, aliases: [], takes: 'yes, no, not-stated (ມີ, ບໍ່ມີ, ບໍ່ລະບຸ); voluntary, only with consent' },
  { key: 'learner_id', field: 'learnerId', lo: 'ລະຫັດຜູ້ຮຽນ', aliases: ['learner'], takes: 'an existing learner to enrol instead of creating one; the other columns are then ignored' },
];

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/[\s_-]+/g, '_');

const HEADER_NAMES = new Map<string, Column>();
for (const col of CSV_COLUMNS) for (const name of [col.key, col.lo, ...col.aliases]) HEADER_NAMES.set(norm(name), col);

/** The empty template: one header row, Lao or English names, with a BOM so spreadsheets read it as UTF-8. */
export function templateCsv(lang: 'lo' | 'en'): string {
  return '\uFEFF' + CSV_COLUMNS.map((c) => (lang === 'lo' ? c.lo : c.key)).join(',') + '\r\n';
}

/** Reference data with the names a spreadsheet may use instead of codes and ids. */
export interface CsvReferences extends References {
  provinceRows: readonly { code: string; name_lo: string; name_en: string }[];
  districtRows: readonly { code: string; province_code: string; name_lo: string; name_en: string }[];
  organisationRows: readonly { id: string; name_lo: string | null; name_en: string | null }[];
}

export type CsvRow =
  | { row: number; kind: 'new'; participant: Participant; dedupeKey: string }
  | { row: number; kind: 'existing'; learnerId: string };

export interface ParsedCsv {
  rows: CsvRow[];
  errors: string[];
}

const SEX_WORDS: Record<string, string> = {
  female: 'female', f: 'female', woman: 'female', 'ຍິງ': 'female', 'ເພດຍິງ': 'female', 'ຜູ້ຍິງ': 'female',
  male: 'male', m: 'male', man: 'male', 'ຊາຍ': 'male', 'ເພດຊາຍ': 'male', 'ຜູ້ຊາຍ': 'male',
  other: 'other', 'ອື່ນໆ': 'other', 'ອື່ນ': 'other',
  'not-stated': 'not-stated', not_stated: 'not-stated', 'ບໍ່ລະບຸ': 'not-stated',
};
const LANGUAGE_WORDS: Record<string, string> = { lo: 'lo', lao: 'lo', 'ລາວ': 'lo', 'ພາສາລາວ': 'lo', en: 'en', english: 'en', 'ອັງກິດ': 'en', 'ພາສາອັງກິດ': 'en' };
const YES_NO: Record<string, boolean> = { yes: true, y: true, true: true, '1': true, 'ແມ່ນ': true, 'ຍິນຍອມ': true, no: false, n: false, false: false, '0': false, 'ບໍ່': false, 'ບໍ່ຍິນຍອມ': false };
const DISABILITY_WORDS: Record<string, string> = { yes: 'yes', no: 'no', 'not-stated': 'not-stated', not_stated: 'not-stated', 'ມີ': 'yes', 'ບໍ່ມີ': 'no', 'ບໍ່ລະບຸ': 'not-stated' };
const LAO_DIGITS = '໐໑໒໓໔໕໖໗໘໙';

const word = (s: string) => s.normalize('NFC').trim().toLowerCase();
const laoDigitsToAscii = (s: string) => s.replace(/[໐-໙]/g, (d) => String(LAO_DIGITS.indexOf(d)));

/** Field names as the API says them → column names as a spreadsheet says them, in messages. */
const CSV_WORDS: [RegExp, string][] = [
  [/\bbirthYear\b/g, 'birth_year'],
  [/\bageBand\b/g, 'age_band'],
  [/\bdistrictCode\b/g, 'district'],
  [/\bprovinceCode\b/g, 'province'],
  [/set consent to true/g, 'set consent to yes'],
];
const csvWords = (s: string) => CSV_WORDS.reduce((acc, [re, to]) => acc.replace(re, to), s);

/** A duplicate within a file or of a participant: same name (ignoring case and spacing), sex and age. */
export function dedupeKey(p: Pick<Participant, 'name' | 'sex' | 'birth_year' | 'age_band'>): string {
  return [p.name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim(), p.sex, p.birth_year ?? p.age_band ?? ''].join('|');
}

/** Decodes an uploaded file: UTF-8 only, BOM dropped. Null when it is not UTF-8 text. */
export function decodeCsv(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  // UTF-16 ("Unicode text" in spreadsheets) decodes as UTF-8 full of NULs.
  if (text.includes('\u0000')) return null;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses and checks a whole file. `defaultOrganisation` fills an empty organisation cell;
 * `mayUseOrganisation` says whether the caller may place a learner in an organisation.
 */
export function parseEnrolmentCsv(
  text: string,
  refs: CsvReferences,
  options: { now: Date; defaultOrganisation: string; mayUseOrganisation: (id: string) => boolean },
): ParsedCsv {
  const errors: string[] = [];
  // Trailing line breaks would count as one-field rows and spoil the delimiter guess for a
  // two-column file; empty rows elsewhere are kept so that row numbers match the spreadsheet's.
  const body = text.replace(/[\r\n]+$/, '');
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, delimitersToGuess: [',', ';', '\t'] });
  for (const e of parsed.errors) {
    // A file of one column has no delimiter to detect; comma is right for it.
    if (e.code === 'UndetectableDelimiter') continue;
    errors.push(`row ${(e.row ?? 0) + 1}: ${e.message}`);
  }
  const records = parsed.data;
  const header = records[0];
  if (!header || header.every((h) => h.trim() === '')) return { rows: [], errors: ['row 1: the header row is missing (GET /api/cohorts/template.csv has one)'] };

  const columns: (Column | undefined)[] = [];
  const shown = new Map<Column, string>();
  header.forEach((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '');
    if (name.trim() === '') {
      columns.push(undefined);
      return;
    }
    const col = HEADER_NAMES.get(norm(name));
    if (!col) {
      errors.push(`row 1, column ${i + 1} "${name.trim()}": not a known column (${CSV_COLUMNS.map((c) => c.key).join(', ')}, or their Lao names)`);
    } else if (shown.has(col)) {
      errors.push(`row 1, column ${i + 1} "${name.trim()}": the column ${col.key} appears twice`);
    } else {
      shown.set(col, name.trim() === col.key ? col.key : `${name.trim()} (${col.key})`);
    }
    columns.push(col);
  });
  const hasLearnerId = CSV_COLUMNS.some((c) => c.field === 'learnerId' && shown.has(c));
  for (const col of CSV_COLUMNS) {
    if (col.required && !shown.has(col) && !hasLearnerId) errors.push(`row 1: the column ${col.key} (${col.lo}) is required`);
  }
  if (errors.length) return { rows: [], errors };

  const dataRows = records.length - 1;
  if (dataRows > MAX_CSV_ROWS) return { rows: [], errors: [`file: ${dataRows} rows; at most ${MAX_CSV_ROWS} per file`] };

  const provinceByName = new Map<string, string>();
  for (const p of refs.provinceRows) for (const n of [p.code, p.name_lo, p.name_en]) provinceByName.set(word(n), p.code);
  const orgByName = new Map<string, string>();
  for (const o of refs.organisationRows) for (const n of [o.id, o.name_lo, o.name_en]) if (n) orgByName.set(word(n), o.id);

  const rows: CsvRow[] = [];
  const seen = new Map<string, number>();
  const seenLearners = new Map<string, number>();
  records.slice(1).forEach((cells, i) => {
    const rowNo = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length !== header.length) {
      errors.push(`row ${rowNo}: ${cells.length} fields, but the header row has ${header.length}`);
      return;
    }
    const cell = (field: Column['field']) => {
      const at = columns.findIndex((c) => c?.field === field);
      return at < 0 ? '' : cells[at]!.normalize('NFC').trim();
    };
    const colName = (field: Issue['field'] | 'learnerId') => {
      const col = CSV_COLUMNS.find((c) => c.field === field)!;
      return shown.get(col) ?? col.key;
    };

    const learnerId = cell('learnerId');
    if (learnerId !== '') {
      const first = seenLearners.get(learnerId);
      if (first !== undefined) errors.push(`row ${rowNo}, column ${colName('learnerId')}: the same learner as row ${first}`);
      else seenLearners.set(learnerId, rowNo);
      rows.push({ row: rowNo, kind: 'existing', learnerId });
      return;
    }

    const raw: Partial<Record<ParticipantField, unknown>> = {};
    const rowErrors: string[] = [];
    const given = (f: ParticipantField) => cell(f) !== '';
    raw.name = cell('name');
    raw.sex = given('sex') ? (SEX_WORDS[word(cell('sex'))] ?? cell('sex')) : undefined;
    if (given('birthYear')) {
      const y = laoDigitsToAscii(cell('birthYear'));
      raw.birthYear = /^\d{1,4}$/.test(y) ? Number(y) : y;
    }
    if (given('ageBand')) raw.ageBand = word(cell('ageBand')).replace(/^65\+$/, '65-plus');
    raw.organisationId = given('organisationId') ? (orgByName.get(word(cell('organisationId'))) ?? cell('organisationId')) : options.defaultOrganisation;
    if (given('position')) raw.position = cell('position');
    if (given('provinceCode')) raw.provinceCode = provinceByName.get(word(cell('provinceCode'))) ?? cell('provinceCode');
    if (given('districtCode')) {
      const d = word(cell('districtCode'));
      const province = typeof raw.provinceCode === 'string' ? raw.provinceCode : undefined;
      const match =
        refs.districtRows.find((r) => word(r.code) === d) ??
        refs.districtRows.find((r) => (province === undefined || r.province_code === province) && (word(r.name_lo) === d || word(r.name_en) === d));
      raw.districtCode = match?.code ?? cell('districtCode');
    }
    if (given('preferredLanguage')) raw.preferredLanguage = LANGUAGE_WORDS[word(cell('preferredLanguage'))] ?? cell('preferredLanguage');
    if (given('consent')) {
      const yes = YES_NO[word(cell('consent'))];
      if (yes === undefined) rowErrors.push(`row ${rowNo}, column ${colName('consent')}: must be yes or no`);
      else raw.consent = yes;
    }
    if (given('ethnicity')) raw.ethnicity = cell('ethnicity');
    if (given('disability')) raw.disability = DISABILITY_WORDS[word(cell('disability'))] ?? cell('disability');

    const checked = checkParticipant(raw, refs, options.now);
    for (const issue of checked.issues) {
      const field = issue.field === 'code' ? 'name' : issue.field;
      rowErrors.push(`row ${rowNo}, column ${colName(field)}: ${csvWords(issue.message.en)}`);
    }
    const org = typeof raw.organisationId === 'string' ? raw.organisationId : null;
    if (!checked.issues.some((x) => x.field === 'organisationId') && org !== null && !options.mayUseOrganisation(org)) {
      rowErrors.push(`row ${rowNo}, column ${colName('organisationId')}: ${org} is not one of your organisations`);
    }
    if (rowErrors.length || !checked.participant) {
      errors.push(...rowErrors);
      return;
    }
    const key = dedupeKey(checked.participant);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(`row ${rowNo}, column ${colName('name')}: duplicates row ${first} (same name, sex and year of birth or age band)`);
      return;
    }
    seen.set(key, rowNo);
    rows.push({ row: rowNo, kind: 'new', participant: checked.participant, dedupeKey: key });
  });
  if (!errors.length && rows.length === 0) errors.push('file: no participant rows below the header row');
  return { rows, errors };
}
