// Writes a report table as CSV (papaparse) or XLSX, after suppression, with Lao and English
// labels in the same file: the title in both languages, a Lao header row then an English
// one, every label column twice (Lao, English), then the notes in both languages. One file
// serves the secretariat and the donors alike, so there is no language parameter.
// The XLSX is the smallest valid SpreadsheetML package (workbook, one sheet of inline
// strings, a bold style), zipped with fflate (already a dependency): it runs unchanged on
// Workers, with no writer library whose runtime needs would have to be vetted. Not for
// reading spreadsheets.
import { strToU8, zipSync } from 'fflate';
import Papa from 'papaparse';
import { suppress, type Table, type Text } from './suppress.js';

export type Value = string | number | null;

export interface Sheet {
  title: Text;
  headerLo: string[];
  headerEn: string[];
  rows: Value[][];
  notes: Text[];
}

/** The table as rows of values, with cells below k and their complements replaced by "<k" and "x". */
export function renderTable(t: Table, k: number): Sheet {
  const state = suppress(t, k);
  const headerLo: string[] = [];
  const headerEn: string[] = [];
  for (const c of t.columns) {
    if (c.kind === 'label') {
      headerLo.push(c.header.lo, `${c.header.lo} (ພາສາອັງກິດ)`);
      headerEn.push(`${c.header.en} (Lao)`, c.header.en);
    } else {
      headerLo.push(c.header.lo);
      headerEn.push(c.header.en);
    }
  }
  const rows = t.rows.map((row, r) =>
    row.flatMap((cell, c): Value[] => {
      const s = state[r]![c]!;
      switch (cell.kind) {
        case 'label':
          return [cell.text.lo, cell.text.en];
        case 'text':
          return [cell.value];
        case 'count':
          return [s === 'small' ? `<${k}` : s === 'hidden' ? 'x' : cell.value];
        case 'number':
          return [cell.value === null ? null : s === 'shown' ? cell.value : 'x'];
      }
    }),
  );
  return { title: t.title, headerLo, headerEn, rows, notes: t.notes };
}

/** All rows of the file, in order: title (lo, en), blank, header (lo, en), data, blank, notes (lo, en each). */
function fileRows(s: Sheet): Value[][] {
  return [[s.title.lo], [s.title.en], [], s.headerLo, s.headerEn, ...s.rows, [], ...s.notes.flatMap((n) => [[n.lo], [n.en]])];
}

/** The row (1-based) of the English header: panes freeze below it. */
const HEADER_ROWS = 5;

/** CSV with a BOM (spreadsheets then read UTF-8), CRLF, and text that could start a formula made inert. */
export function toCsv(s: Sheet): string {
  const rows = fileRows(s);
  const width = Math.max(...rows.map((r) => r.length));
  // Every row as wide as the widest, so that spreadsheet imports keep the columns aligned.
  const padded = rows.map((r) => [...r.map((v) => (v === null ? '' : v)), ...Array<string>(width - r.length).fill('')]);
  return '\uFEFF' + Papa.unparse(padded, { newline: '\r\n', escapeFormulae: true }) + '\r\n';
}

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const esc = (s: string) =>
  s.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function columnName(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    out = String.fromCharCode(65 + m) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Report';
}

/** An .xlsx file of one sheet: numbers as numbers, everything else as text; title and headers bold. */
export function toXlsx(s: Sheet, name = s.title.en): Uint8Array {
  const rows = fileRows(s);
  const bold = new Set([0, 1, HEADER_ROWS - 2, HEADER_ROWS - 1]);
  const width = Math.max(...rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => columnName(i));
  const parts: string[] = [];
  rows.forEach((row, r) => {
    parts.push(`<row r="${r + 1}">`);
    const style = bold.has(r) ? ' s="1"' : '';
    row.forEach((v, c) => {
      if (v === null || v === '') return;
      const ref = `${columns[c]}${r + 1}`;
      if (typeof v === 'number' && Number.isFinite(v)) parts.push(`<c r="${ref}"${style}><v>${v}</v></c>`);
      else parts.push(`<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`);
    });
    parts.push('</row>');
  });
  const data = parts.join('');
  const cols = Array.from({ length: width }, (_, i) => `<col min="${i + 1}" max="${i + 1}" width="${i < 2 ? 28 : 14}" customWidth="1"/>`).join('');
  const sheet =
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<dimension ref="A1:${columnName(Math.max(width, 1) - 1)}${rows.length}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${HEADER_ROWS}" topLeftCell="A${HEADER_ROWS + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<cols>${cols}</cols><sheetData>${data}</sheetData></worksheet>`;
  const files: Record<string, string> = {
    '[Content_Types].xml':
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '</Types>',
    '_rels/.rels': `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${esc(sheetName(name))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml':
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>',
    'xl/worksheets/sheet1.xml': sheet,
  };
  // A fixed time keeps the bytes of the same report the same.
  const mtime = new Date(Date.UTC(2026, 0, 1));
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, [strToU8(text), { mtime }]])), { level: 6 });
}
