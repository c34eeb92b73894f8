// The districts CSV check (issue 5 item 1: districts as reference data, loaded by an admin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDistrictsCsv } from '../../../server/identity/districts-import.js';

const PROVINCES = new Set(['LA-VT', 'LA-KH']);

test('places import: columns in any order, a BOM, quoted fields, blank lines and Lao text are read', () => {
  const csv = '\uFEFFname_en,code,province,name_lo\r\n"Sisattanak, capital",T-0101,LA-VT,ສີສັດຕະນາກ\r\n\r\nThakhek,T-1201,LA-KH,"ທ່າແຂກ"\r\n';
  const r = parseDistrictsCsv(csv, PROVINCES);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.rows, [
    { code: 'T-0101', province_code: 'LA-VT', name_lo: 'ສີສັດຕະນາກ', name_en: 'Sisattanak, capital' },
    { code: 'T-1201', province_code: 'LA-KH', name_lo: 'ທ່າແຂກ', name_en: 'Thakhek' },
  ]);
});

test('places import: every bad row is reported with its line and column, and no rows are returned', () => {
  const csv = [
    'code,province,name_lo,name_en',
    'T-1,LA-VT,ເມືອງ ກ,District one',
    'bad code!,LA-VT,ເມືອງ ຂ,Two',
    'T-3,LA-ZZ,ເມືອງ ຄ,Three',
    'T-4,LA-KH,Not Lao,Four',
    'T-1,LA-KH,ເມືອງ ງ,',
    'T-6,LA-VT,ເມືອງ ຈ',
  ].join('\n');
  const r = parseDistrictsCsv(csv, PROVINCES);
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.deepEqual(r.errors, [
    'line 3, code: "bad code!" must be 1-16 letters, digits or hyphens',
    'line 4, province: "LA-ZZ" is not a province code such as LA-VT',
    'line 5, name_lo: "Not Lao" has no Lao letters',
    'line 6, name_en: must not be empty',
    'line 6, code: T-1 is already on line 2',
    'line 7: has 3 fields, the header has 4',
  ]);
});

test('places import: a wrong header or an empty file is refused and says what the columns are', () => {
  const missing = parseDistrictsCsv('code,province,name\nT-1,LA-VT,x\n', PROVINCES);
  assert.ok(!missing.ok);
  assert.deepEqual(missing.errors, [
    'line 1: column name_lo is missing (the columns are code, province, name_lo, name_en)',
    'line 1: column name_en is missing (the columns are code, province, name_lo, name_en)',
    'line 1: column 3 "name" is not one of code, province, name_lo, name_en',
  ]);
  const empty = parseDistrictsCsv('', PROVINCES);
  assert.ok(!empty.ok);
  assert.match(empty.errors[0]!, /the file is empty/);
  const headerOnly = parseDistrictsCsv('code,province,name_lo,name_en\n', PROVINCES);
  assert.ok(!headerOnly.ok);
  assert.deepEqual(headerOnly.errors, ['the file has a header but no districts']);
});
