import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTarget, type Target } from '../../support/target.js';
import { TEST_DISTRICTS } from '../../support/credentials.js';
import { body, errorOf } from '../../support/people.js';

// /api/places: the Lao administrative places as public reference data (issue 5 item 1).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

interface Province { code: string; nameLo: string; nameEn: string; verified: boolean; basis: string }

const research = fileURLToPath(new URL('../../../../shared/docs/domain-research.md', import.meta.url));

/** The provinces table of domain-research §3: English, Lao, ISO (with ◐ when unconfirmed), basis. */
function researchProvinces(): { en: string; lo: string; code: string; codeVerified: boolean; basis: string }[] {
  const text = readFileSync(research, 'utf8');
  const start = text.indexOf('| Province (EN) | Lao | ISO | Basis |');
  const rows = text.slice(start).split('\n').slice(2);
  const out = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const [en, lo, iso, basis] = row.split('|').slice(1, 5).map((c) => c.trim()) as [string, string, string, string];
    out.push({ en, lo, code: iso.replace('◐', '').trim(), codeVerified: !iso.includes('◐'), basis });
  }
  return out;
}

test('domain-research §3: GET /api/places/provinces lists the 18 provinces with ISO 3166-2:LA codes and Lao and English names exactly as given', { skip: !existsSync(research) && 'shared/docs/domain-research.md is not beside the repository' }, async () => {
  const res = await t.fetch('/api/places/provinces');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control') ?? '', /public/);
  const list = await body<Province[]>(res);
  const expected = researchProvinces();
  assert.equal(expected.length, 18);
  assert.equal(list.length, 18);
  for (const p of expected) {
    const got = list.find((x) => x.code === p.code);
    assert.ok(got, `${p.code} (${p.en}) is served`);
    assert.equal(got.nameEn, p.en);
    assert.equal(got.nameLo, p.lo, `${p.code}: the Lao name is byte-for-byte the research's (ຳ kept as written)`);
    // verified only where both the code and the name were seen in a source (✔, no ◐ anywhere in the row).
    assert.equal(got.verified, p.codeVerified && !p.basis.includes('◐'), `${p.code}: verified flag`);
  }
});

test('domain-research §3: the unconfirmed rows are flagged — 11 provinces verified, 7 not', async () => {
  const list = await body<Province[]>(await t.fetch('/api/places/provinces'));
  assert.deepEqual(list.filter((p) => !p.verified).map((p) => p.code).sort(), ['LA-AT', 'LA-HO', 'LA-LM', 'LA-LP', 'LA-OU', 'LA-SV', 'LA-VT']);
  for (const p of list) assert.match(p.basis, p.verified ? /^code and name ✔/ : /^code ◐/);
});

test('issue 5 item 1: GET /api/places/districts?province= lists that province\'s imported districts only', async () => {
  const res = await t.fetch(`/api/places/districts?province=${TEST_DISTRICTS.vt.province}`);
  assert.equal(res.status, 200);
  const list = await body<{ code: string; provinceCode: string; nameLo: string; nameEn: string }[]>(res);
  assert.ok(list.some((d) => d.code === TEST_DISTRICTS.vt.code && d.nameLo === TEST_DISTRICTS.vt.name_lo));
  assert.ok(list.every((d) => d.provinceCode === 'LA-VT'));
  const all = await body<{ code: string }[]>(await t.fetch('/api/places/districts'));
  assert.ok(all.some((d) => d.code === TEST_DISTRICTS.kh.code) && all.some((d) => d.code === TEST_DISTRICTS.vt.code));
});

test('issue 5 routes: the districts query is validated and names the parameter', async () => {
  const malformed = await t.fetch('/api/places/districts?province=Vientiane');
  assert.equal(malformed.status, 400);
  assert.equal(await errorOf(malformed), 'query.province: must be a province code such as LA-VT');
  const unknown = await t.fetch('/api/places/districts?province=LA-ZZ');
  assert.equal(unknown.status, 400);
  assert.match(await errorOf(unknown), /^query\.province: no province LA-ZZ/);
  const extra = await t.fetch('/api/places/districts?provnce=LA-VT');
  assert.equal(extra.status, 400);
  assert.equal(await errorOf(extra), 'query.provnce: not a field of this request');
  const twice = await t.fetch('/api/places/districts?province=LA-VT&province=LA-KH');
  assert.equal(twice.status, 400);
  assert.equal(await errorOf(twice), 'query.province: given more than once');
});
