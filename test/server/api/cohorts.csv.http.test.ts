import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { LEARNERS, ORGS, TEST_DISTRICTS, authHeaders } from '../../support/credentials.js';
import { body, errorOf, send } from '../../support/people.js';
import { COURSE, COURSE2, joinCohort, newCohort, participantsOf, sendCsv, type TestCohort } from '../../support/cohorts.js';

// CSV enrolment (issue 5 item 3): a trainer enrols a list of participants from a file, with
// every bad row reported and no partial import; and the template to fill in.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

interface CsvAnswer {
  error?: string;
  errors?: string[];
  imported?: number;
  dryRun?: boolean;
  created: { row: number; id?: string; name: string }[];
  enrolled: { row: number; learnerId: string }[];
  skipped: { row: number; reason: string }[];
}

const tag = () => uid().slice(0, 8);

async function count(cohortId: string): Promise<number> {
  return (await participantsOf(t, cohortId)).participants.length;
}

async function learnersNamed(q: string): Promise<number> {
  return (await body<{ learners: unknown[] }>(await send(t, 'admin', 'GET', `/api/learners?q=${encodeURIComponent(q)}`))).learners.length;
}

test('issue 5 CSV: the template has the documented columns, in Lao or English, with a BOM so spreadsheets read UTF-8', async () => {
  const lo = await send(t, 'trainerA', 'GET', '/api/cohorts/template.csv');
  assert.equal(lo.status, 200);
  assert.match(lo.headers.get('content-type') ?? '', /^text\/csv; charset=UTF-8/i);
  assert.match(lo.headers.get('content-disposition') ?? '', /attachment; filename="champa-participants-lo\.csv"/);
  const loBytes = new Uint8Array(await lo.arrayBuffer());
  assert.deepEqual([...loBytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const loText = new TextDecoder().decode(loBytes);
  assert.equal(loText, 'ຊື່ ແລະ ນາມສະກຸນ,ເພດ,ປີເກີດ,ຊ່ວງອາຍຸ,ອົງການ,ຕຳແໜ່ງ,ແຂວງ,ເມືອງ,ພາສາ,ການຍິນຍອມ,ຊົນເຜົ່າ,ຄວາມພິການ,ລະຫັດຜູ້ຮຽນ\r\n');
  const en = await send(t, 'trainerA', 'GET', '/api/cohorts/template.csv?lang=en');
  assert.equal(new TextDecoder().decode(new Uint8Array(await en.arrayBuffer())), 'name,sex,birth_year,age_band,organisation,position,province,district,language,consent,ethnicity,disability,learner_id\r\n');
  const bad = await send(t, 'trainerA', 'GET', '/api/cohorts/template.csv?lang=fr');
  assert.equal(bad.status, 400);
  assert.equal(await errorOf(bad), 'query.lang: must be lo or en');
});

test('issue 5 CSV: a UTF-8 file with a BOM, Lao headers and Lao values, quoted fields and CRLF enrols everyone in every course', async () => {
  const c = await newCohort(t, { courses: [COURSE, COURSE2] });
  const n = tag();
  const csv =
    '\uFEFFຊື່ ແລະ ນາມສະກຸນ,ເພດ,ປີເກີດ,ອົງການ,ຕຳແໜ່ງ,ແຂວງ,ເມືອງ,ພາສາ\r\n' +
    `ນາງ ບົວ ${n},ຍິງ,1985,,"ຫົວໜ້າ, ພະແນກ",ນະຄອນຫຼວງວຽງຈັນ,${TEST_DISTRICTS.vt.name_lo},ລາວ\r\n` +
    `"ທ້າວ ""ຄຳ"" ${n}",ຊາຍ,໑໙໙໐,${ORGS.A.name_en},"ພະນັກງານ\r\nສອງແຖວ",LA-KH,,en\r\n` +
    `Ms Other ${n},other,,,,,,\r\n` +
    ',,,,,,,\r\n';
  const res = await sendCsv(t, 'trainerA', c.id, new TextEncoder().encode(csv));
  assert.equal(res.status, 201, await res.clone().text());
  const a = await body<CsvAnswer>(res);
  assert.equal(a.imported, 3);
  assert.deepEqual(a.created.map((r) => r.row), [2, 3, 4], 'rows as a spreadsheet numbers them (header is row 1)');
  assert.equal(a.skipped.length, 0);

  const p = await participantsOf(t, c.id, 'trainerA');
  assert.equal(p.participants.length, 3);
  const bua = p.participants.find((x) => x.name === `ນາງ ບົວ ${n}`)!;
  assert.equal(bua.sex, 'female');
  assert.equal(bua.birthYear, 1985);
  assert.equal(bua.organisationId, ORGS.A.id, "an empty organisation is the cohort's");
  assert.equal(bua.position, 'ຫົວໜ້າ, ພະແນກ');
  assert.equal(bua.provinceCode, 'LA-VT');
  assert.equal(bua.districtCode, TEST_DISTRICTS.vt.code, 'a district by its Lao name');
  assert.equal(bua.preferredLanguage, 'lo');
  assert.deepEqual(bua.courses.map((x) => [x.slug, x.source]), [[COURSE, 'csv'], [COURSE2, 'csv']]);
  const kham = p.participants.find((x) => x.name === `ທ້າວ "ຄຳ" ${n}`)!;
  assert.equal(kham.sex, 'male');
  assert.equal(kham.birthYear, 1990, 'Lao digits');
  assert.equal(kham.position, 'ພະນັກງານ\r\nສອງແຖວ'.normalize('NFC').trim());
  assert.equal(kham.provinceCode, 'LA-KH');
  assert.equal(kham.preferredLanguage, 'en');
  const other = p.participants.find((x) => x.name === `Ms Other ${n}`)!;
  assert.equal(other.sex, 'other');
});

test('issue 5 CSV: every bad row is reported by row and column, and nothing is imported', async () => {
  const c = await newCohort(t);
  const n = tag();
  const csv = [
    'name,sex,birth_year,age_band,organisation,province,district,language,consent,ethnicity,disability',
    `Good one ${n},female,1990,,,,,,,,`,
    `Bad sex ${n},woman?,,,,,,,,,`,
    `,male,,,,,,,,,`,
    `Bad year ${n},male,19x0,,,,,,,,`,
    `Both ${n},male,1990,25-34,,,,,,,`,
    `Bad band ${n},male,,30-40,,,,,,,`,
    `Bad org ${n},male,,,No such org ${n},,,,,,`,
    `Bad province ${n},male,,,,Atlantis,,,,,`,
    `Bad district ${n},male,,,,LA-KH,${TEST_DISTRICTS.vt.code},,,,`,
    `No province ${n},male,,,,,${TEST_DISTRICTS.vt.code},,,,`,
    `Bad language ${n},male,,,,,,fr,,,`,
    `Bad consent ${n},male,,,,,,,maybe,,`,
    `No consent ${n},male,,,,,,,no,ຂະມຸ,`,
    `Bad disability ${n},male,,,,,,,yes,,perhaps`,
    `Short row ${n},male`,
    `Good two ${n},male,1991,,,,,,,,`,
  ].join('\n');
  const res = await sendCsv(t, 'trainerA', c.id, csv);
  assert.equal(res.status, 400);
  const a = await body<CsvAnswer>(res);
  assert.equal(a.imported, 0);
  assert.deepEqual(a.errors, [
    'row 3, column sex: must be one of female, male, other, not-stated',
    'row 4, column name: must not be empty',
    'row 5, column birth_year: must be a year such as 1990',
    'row 6, column age_band: give birth_year or age_band, not both',
    'row 7, column age_band: must be one of under-18, 18-24, 25-34, 35-44, 45-54, 55-64, 65-plus',
    `row 8, column organisation: no organisation No such org ${n}`,
    'row 9, column province: must be a province code such as LA-VT',
    'row 10, column district: district TEST-VT1 is in LA-VT, not LA-KH',
    'row 11, column province: required when district is given',
    'row 12, column language: must be lo or en',
    'row 13, column consent: must be yes or no',
    'row 14, column ethnicity: voluntary, and only with consent: set consent to yes to give it',
    'row 15, column disability: must be one of yes, no, not-stated',
    'row 16: 2 fields, but the header row has 11',
  ]);
  assert.equal(a.error, a.errors![0]);
  assert.equal(await count(c.id), 0, 'nothing imported');
  assert.equal(await learnersNamed(`Good one ${n}`), 0, 'no learner created for the good rows either');
  assert.equal(await learnersNamed(`Good two ${n}`), 0);
});

test('issue 5 CSV: a column shown by its Lao header is named both ways in the report', async () => {
  const c = await newCohort(t);
  const res = await sendCsv(t, 'trainerA', c.id, `ຊື່ ແລະ ນາມສະກຸນ,ເພດ\nSomeone ${tag()},x\n`);
  assert.equal(res.status, 400);
  assert.deepEqual((await body<CsvAnswer>(res)).errors, ['row 2, column ເພດ (sex): must be one of female, male, other, not-stated']);
});

test('issue 5 CSV: duplicate rows within the file are reported, and nothing is imported', async () => {
  const c = await newCohort(t);
  const n = tag();
  const csv = `name,sex,birth_year\nA ${n},female,1990\nB ${n},male,1990\n  a   ${n.toUpperCase()} ,female,1990\nA ${n},female,1991\nB ${n},male,1990\n`;
  const res = await sendCsv(t, 'trainerA', c.id, csv);
  assert.equal(res.status, 400);
  const a = await body<CsvAnswer>(res);
  assert.deepEqual(a.errors, [
    'row 4, column name: duplicates row 2 (same name, sex and year of birth or age band)',
    'row 6, column name: duplicates row 3 (same name, sex and year of birth or age band)',
  ]);
  assert.equal(await count(c.id), 0);
});

test('issue 5 CSV: rows that are already participants are refused, or skipped with existing=skip', async () => {
  const c = await newCohort(t);
  const joined = await joinCohort(t, c.joinCode, { sex: 'male', birthYear: 1980 });
  const n = tag();
  const csv = `name,sex,birth_year\n${joined.learner.name},male,1980\nNew ${n},female,1999\n`;
  const refused = await sendCsv(t, 'trainerA', c.id, csv);
  assert.equal(refused.status, 400);
  assert.deepEqual((await body<CsvAnswer>(refused)).errors, [
    `row 2, column name: already a participant of this cohort (learner ${joined.learner.id}); remove the row, or send ?existing=skip`,
  ]);
  assert.equal(await count(c.id), 1);
  const skipped = await sendCsv(t, 'trainerA', c.id, csv, '?existing=skip');
  assert.equal(skipped.status, 201, await skipped.clone().text());
  const a = await body<CsvAnswer>(skipped);
  assert.equal(a.imported, 1);
  assert.deepEqual(a.skipped.map((s) => s.row), [2]);
  assert.equal(await count(c.id), 2);
});

test('issue 5 CSV: learner_id enrols an existing learner of the trainer\'s organisations instead of creating one', async () => {
  const c = await newCohort(t, { courses: [COURSE, COURSE2] });
  const res = await sendCsv(t, 'trainerA', c.id, `learner_id\n${LEARNERS.learnerA2.id}\n`);
  assert.equal(res.status, 201, await res.clone().text());
  const a = await body<CsvAnswer>(res);
  assert.deepEqual(a.enrolled, [{ row: 2, learnerId: LEARNERS.learnerA2.id }]);
  assert.deepEqual(a.created, []);
  const p = await participantsOf(t, c.id);
  assert.deepEqual(p.participants.map((x) => x.id), [LEARNERS.learnerA2.id]);
  assert.deepEqual(p.participants[0]!.courses.map((x) => x.slug), [COURSE, COURSE2]);

  const other = await sendCsv(t, 'trainerA', c.id, `learner_id\n${LEARNERS.learnerB.id}\nno-such-learner\n`);
  assert.equal(other.status, 400);
  assert.deepEqual((await body<CsvAnswer>(other)).errors, [
    `row 2, column learner_id: no learner ${LEARNERS.learnerB.id} in your organisations`,
    'row 3, column learner_id: no learner no-such-learner in your organisations',
  ]);
  assert.equal(await count(c.id), 1);
});

test('issue 5 CSV: a trainer places participants only in the cohort\'s organisation or their own', async () => {
  const c = await newCohort(t);
  const res = await sendCsv(t, 'trainerA', c.id, `name,sex,organisation\nX ${tag()},female,${ORGS.B.id}\n`);
  assert.equal(res.status, 400);
  assert.deepEqual((await body<CsvAnswer>(res)).errors, [`row 2, column organisation: ${ORGS.B.id} is not one of your organisations`]);
  const admin = await sendCsv(t, 'admin', c.id, `name,sex,organisation\nX ${tag()},female,${ORGS.B.name_en}\n`);
  assert.equal(admin.status, 201, 'an admin may, and names work as well as ids');
});

test('issue 5 CSV: problems with the file itself — headers, encoding, type, size, emptiness', async () => {
  const c = await newCohort(t);
  const cases: [string | Uint8Array, string, number, string | RegExp][] = [
    ['name,sex,nickname\nA,female,x\n', 'text/csv', 400, 'row 1, column 3 "nickname": not a known column (name, sex, birth_year, age_band, organisation, position, province, district, language, consent, ethnicity, disability, learner_id, or their Lao names)'],
    ['name,birth_year\nA,1990\n', 'text/csv', 400, 'row 1: the column sex (ເພດ) is required'],
    ['name,sex,Name\nA,female,B\n', 'text/csv', 400, 'row 1, column 3 "Name": the column name appears twice'],
    ['', 'text/csv', 400, 'row 1: the header row is missing (GET /api/cohorts/template.csv has one)'],
    ['name,sex\r\n', 'text/csv', 400, 'file: no participant rows below the header row'],
    [new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x2c, 0x73, 0x65, 0x78, 0x0a, 0xe9, 0x2c, 0x66, 0x0a]), 'text/csv', 400, 'file: not UTF-8 text; save it as "CSV UTF-8" (comma delimited)'],
    [new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61, 0x00]), 'text/csv', 400, /^file: not UTF-8 text/],
    ['{"name":"A"}', 'application/json', 415, 'Content-Type: must be text/csv or multipart/form-data (got application/json)'],
    ['name,sex\n' + `${'x'.repeat(1000)},female\n`.repeat(1100), 'text/csv', 413, /^body: larger than 1048576 bytes/],
    ['name,sex\n' + Array.from({ length: 1001 }, (_, i) => `P${i},female`).join('\n'), 'text/csv', 400, 'file: 1001 rows; at most 1000 per file'],
  ];
  for (const [csv, type, status, message] of cases) {
    const res = await sendCsv(t, 'trainerA', c.id, csv, '', type);
    assert.equal(res.status, status, `${String(message)}: ${await res.clone().text()}`);
    const error = await errorOf(res);
    if (typeof message === 'string') assert.equal(error, message);
    else assert.match(error, message);
  }
  assert.equal(await count(c.id), 0);
});

test('issue 5 CSV: semicolon- and tab-separated files (as some spreadsheets save them) are read too', async () => {
  const c = await newCohort(t);
  const n = tag();
  assert.equal((await sendCsv(t, 'trainerA', c.id, `name;sex;birth_year\nSemi ${n};female;1990\n`)).status, 201);
  assert.equal((await sendCsv(t, 'trainerA', c.id, `name\tsex\nTab ${n}\tmale\n`)).status, 201);
  const names = (await participantsOf(t, c.id)).participants.map((x) => x.name).sort();
  assert.deepEqual(names, [`Semi ${n}`, `Tab ${n}`]);
});

test('issue 5 CSV: a multipart form upload with the file in a field named file works like a text/csv body', async () => {
  const c = await newCohort(t);
  const form = new FormData();
  form.set('file', new Blob([`name,sex\nForm ${tag()},female\n`], { type: 'text/csv' }), 'list.csv');
  const res = await t.fetch(`/api/cohorts/${c.id}/participants.csv`, { method: 'POST', headers: authHeaders('trainerA'), body: form });
  assert.equal(res.status, 201, await res.clone().text());
  const missing = new FormData();
  missing.set('other', 'x');
  const bad = await t.fetch(`/api/cohorts/${c.id}/participants.csv`, { method: 'POST', headers: authHeaders('trainerA'), body: missing });
  assert.equal(bad.status, 400);
  assert.equal(await errorOf(bad), 'body.file: required (the CSV file as a form field named file)');
});

test('issue 5 CSV: dryRun checks the file and says what would happen, writing nothing', async () => {
  const c = await newCohort(t);
  const n = tag();
  const res = await sendCsv(t, 'trainerA', c.id, `name,sex\nDry ${n},female\n`, '?dryRun=true');
  assert.equal(res.status, 200);
  const a = await body<CsvAnswer>(res);
  assert.equal(a.dryRun, true);
  assert.deepEqual(a.created, [{ row: 2, name: `Dry ${n}` }]);
  assert.equal(await count(c.id), 0);
  assert.equal(await learnersNamed(`Dry ${n}`), 0);
});

test('DESIGN §2 atomic: a file larger than one chunk is one write — 300 good rows import together, and with one bad row none do', async () => {
  const c = await newCohort(t, { courses: [COURSE, COURSE2] });
  const n = tag();
  const rows = Array.from({ length: 300 }, (_, i) => `Bulk ${n} ${i},${i % 2 ? 'male' : 'female'},${1960 + (i % 40)}`);
  const bad = await sendCsv(t, 'trainerA', c.id, ['name,sex,birth_year', ...rows, `Bulk ${n} bad,female,nineteen`].join('\n'));
  assert.equal(bad.status, 400);
  assert.deepEqual((await body<CsvAnswer>(bad)).errors, ['row 302, column birth_year: must be a year such as 1990']);
  assert.equal(await count(c.id), 0);
  const good = await sendCsv(t, 'trainerA', c.id, ['name,sex,birth_year', ...rows].join('\n'));
  assert.equal(good.status, 201, await good.clone().text());
  assert.equal((await body<CsvAnswer>(good)).imported, 300);
  const cohort = await body<TestCohort>(await send(t, 'trainerA', 'GET', `/api/cohorts/${c.id}`));
  assert.deepEqual(cohort.participants, { total: 300, female: 150, male: 150, other: 0, notStated: 0 });
});
