import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { LEARNERS, ORGS, TEST_DISTRICTS, learnerTokenOf } from '../../support/credentials.js';
import { body, errorOf, randomIp, send } from '../../support/people.js';
import { COURSE, COURSE2, details, getJoin, joinCohort, newCohort, participantsOf, postJoin, type Joined, type TestCohort } from '../../support/cohorts.js';

// The public join flow (DESIGN §5 way in 1, §9 rate limits; issue 5 item 3): look a code
// up, send it with the participant's details, get a learner token and actor.

let t: Target;
let cohort: TestCohort;
before(async () => {
  t = await startTarget();
  cohort = await newCohort(t, { courses: [COURSE, COURSE2], provinceCode: 'LA-VT', name: 'ຝຶກອົບຮົມ ວຽງຈັນ' });
});
after(async () => { await t.close(); });

interface JoinIssue {
  field: string;
  label: { lo: string; en: string };
  message: { lo: string; en: string };
}

test('DESIGN §5 join code: looking a code up shows the cohort, its courses in Lao and English, and the form choices', async () => {
  const res = await getJoin(t, cohort.joinCode);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('access-control-allow-origin'), '*', 'host sites read it');
  const info = await body<{
    code: string;
    cohort: Record<string, unknown> & { organisation: { id: string; nameEn: string } };
    courses: { slug: string; title: { lo: string; en: string }; certification: boolean }[];
    choices: { provinces: { code: string }[]; districts: { code: string; provinceCode: string }[]; organisations: { id: string }[]; sex: { value: string; lo: string }[] };
    labels: Record<string, { lo: string; en: string }>;
  }>(res);
  assert.equal(info.code, cohort.joinCode);
  assert.equal(info.cohort.name, 'ຝຶກອົບຮົມ ວຽງຈັນ');
  assert.equal(info.cohort.organisation.id, ORGS.A.id);
  assert.equal(info.cohort.organisation.nameEn, ORGS.A.name_en);
  assert.equal(info.cohort.provinceCode, 'LA-VT');
  assert.equal(info.cohort.id, undefined, 'the cohort id stays with staff');
  assert.deepEqual(info.courses.map((c) => c.slug), [COURSE, COURSE2]);
  for (const c of info.courses) assert.match(c.title.lo, /[\u0E80-\u0EFF]/, 'a Lao title');
  assert.equal(info.choices.provinces.length, 18);
  assert.ok(info.choices.districts.some((d) => d.code === TEST_DISTRICTS.vt.code && d.provinceCode === 'LA-VT'));
  assert.ok(info.choices.organisations.some((o) => o.id === ORGS.A.id));
  assert.deepEqual(info.choices.sex.map((s) => s.value), ['female', 'male', 'other', 'not-stated']);
  assert.equal(info.choices.sex[0]!.lo, 'ຍິງ');
  assert.equal(info.labels.sex!.lo, 'ເພດ');
});

test('DESIGN §5 join code: a code is found however it was typed — lower case, spaces, hyphen, Lao digits', async () => {
  const code = cohort.joinCode;
  const lao = code.replace(/[0-9]/g, (d) => '໐໑໒໓໔໕໖໗໘໙'[Number(d)]!);
  for (const typed of [code.toLowerCase(), ` ${code.slice(0, 3)} ${code.slice(3)} `, `${code.slice(0, 3)}-${code.slice(3)}`, lao]) {
    const res = await getJoin(t, typed);
    assert.equal(res.status, 200, `${JSON.stringify(typed)}: ${await res.clone().text()}`);
  }
});

test('DESIGN §5 join: a participant joins with the code and details and gets a learner token, their actor and enrolments', async () => {
  const res = await postJoin(t, {
    code: cohort.joinCode.toLowerCase(),
    name: ' ນາງ ແກ້ວ ສີສຸວັນ ',
    sex: 'female',
    birthYear: 1990,
    organisationId: ORGS.A.id,
    position: 'ຮອງຫົວໜ້າ',
    provinceCode: 'LA-VT',
    districtCode: TEST_DISTRICTS.vt.code,
    preferredLanguage: 'lo',
  });
  assert.equal(res.status, 201, await res.clone().text());
  const j = await body<Joined & { cohort: { name: string } }>(res);
  assert.match(j.token, /^clt_/);
  assert.ok(Date.parse(j.expires) > Date.now() + 300 * 24 * 3600_000, 'a device token lasts about a year');
  assert.equal(j.learner.name, 'ນາງ ແກ້ວ ສີສຸວັນ');
  assert.equal(j.learner.birthYear, 1990);
  assert.equal(j.learner.districtCode, TEST_DISTRICTS.vt.code);
  assert.deepEqual(j.actor, { objectType: 'Agent', account: { homePage: j.actor.account.homePage, name: j.learner.id } });
  assert.ok(j.actor.account.homePage.endsWith('/learners'));
  assert.ok(!JSON.stringify(j.actor).includes('ແກ້ວ'), 'no name in the actor');
  assert.equal(j.cohort.name, 'ຝຶກອົບຮົມ ວຽງຈັນ');
  assert.deepEqual(j.courses.map((c) => c.slug), [COURSE, COURSE2]);

  // The token is the learner's: it reads their own profile and writes their statements.
  const me = await t.fetch('/api/learners/me', { headers: { Authorization: `Bearer ${j.token}` } });
  assert.equal(me.status, 200);
  assert.equal((await body<{ id: string }>(me)).id, j.learner.id);
  const st = await t.fetch('/xapi/statements', {
    method: 'POST',
    headers: { Authorization: `Bearer ${j.token}`, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
    body: JSON.stringify({ actor: j.actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: `https://champa.test/activities/${uid()}` } }),
  });
  assert.equal(st.status, 200, await st.clone().text());

  const p = await participantsOf(t, (await body<TestCohort>(await send(t, 'admin', 'GET', `/api/cohorts/${cohort.id}`))).id);
  const row = p.participants.find((x) => x.id === j.learner.id)!;
  assert.deepEqual(row.courses.map((c) => [c.slug, c.source]), [[COURSE, 'join'], [COURSE2, 'join']]);
});

test("DESIGN §5 join: the organisation defaults to the cohort's; language to Lao; age band instead of a year", async () => {
  const j = await joinCohort(t, cohort.joinCode, { ageBand: '25-34' });
  assert.equal(j.learner.organisationId, ORGS.A.id);
  assert.equal(j.learner.preferredLanguage, 'lo');
  assert.equal(j.learner.ageBand, '25-34');
  assert.equal(j.learner.birthYear, null);
  const other = await joinCohort(t, cohort.joinCode, { organisationId: ORGS.B.id, preferredLanguage: 'en' });
  assert.equal(other.learner.organisationId, ORGS.B.id, 'a participant from another agency says so');
  assert.equal(other.learner.preferredLanguage, 'en');
});

test('domain-research §5.3: ethnicity and disability are kept only with consent', async () => {
  const j = await joinCohort(t, cohort.joinCode, { consent: true, ethnicity: 'ຂະມຸ', disability: 'no' });
  assert.equal(j.learner.consent, true);
  assert.equal(j.learner.ethnicity, 'ຂະມຸ');
  assert.equal(j.learner.disability, 'no');
  assert.ok(j.learner.consentAt);
  const none = await joinCohort(t, cohort.joinCode, { consent: false });
  assert.equal(none.learner.ethnicity, null);
  assert.equal(none.learner.consentAt, null);
});

test('issue 5 join: every invalid detail is refused with its field named, in Lao and English, and nothing is created', async () => {
  const year = new Date().getUTCFullYear();
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ name: undefined }, 'name', /^required$/],
    [{ name: '  ' }, 'name', /^must not be empty$/],
    [{ name: 'x'.repeat(201) }, 'name', /^must be at most 200 characters$/],
    [{ name: 42 }, 'name', /^must be text$/],
    [{ sex: undefined }, 'sex', /^required$/],
    [{ sex: 'f' }, 'sex', /^must be one of female, male, other, not-stated$/],
    [{ birthYear: '1990' }, 'birthYear', /^must be a year such as 1990$/],
    [{ birthYear: 1850 }, 'birthYear', /^must be 1900 or later$/],
    [{ birthYear: year + 1 }, 'birthYear', /^must not be in the future$/],
    [{ birthYear: 1990, ageBand: '25-34' }, 'ageBand', /^give birthYear or ageBand, not both$/],
    [{ ageBand: '30-40' }, 'ageBand', /^must be one of under-18, 18-24/],
    [{ organisationId: `no-org-${uid()}` }, 'organisationId', /^no organisation no-org-/],
    [{ position: 'x'.repeat(121) }, 'position', /^must be at most 120 characters$/],
    [{ provinceCode: 'LA-ZZ' }, 'provinceCode', /^no province LA-ZZ$/],
    [{ provinceCode: 'Vientiane' }, 'provinceCode', /^must be a province code such as LA-VT$/],
    [{ districtCode: TEST_DISTRICTS.vt.code }, 'provinceCode', /^required when districtCode is given$/],
    [{ provinceCode: 'LA-VT', districtCode: 'NOPE1' }, 'districtCode', /^no district NOPE1$/],
    [{ provinceCode: 'LA-KH', districtCode: TEST_DISTRICTS.vt.code }, 'districtCode', /^district TEST-VT1 is in LA-VT, not LA-KH$/],
    [{ preferredLanguage: 'fr' }, 'preferredLanguage', /^must be lo or en$/],
    [{ consent: 'yes' }, 'consent', /^must be true or false$/],
    [{ ethnicity: 'ຂະມຸ' }, 'ethnicity', /^voluntary, and only with consent/],
    [{ consent: false, disability: 'yes' }, 'disability', /^voluntary, and only with consent/],
    [{ consent: true, disability: 'maybe' }, 'disability', /^must be one of yes, no, not-stated$/],
  ];
  for (const [change, field, message] of cases) {
    const json = { code: cohort.joinCode, ...details(), ...change };
    const res = await postJoin(t, json);
    const text = await res.clone().text();
    assert.equal(res.status, 400, `${JSON.stringify(change)}: ${text}`);
    const answer = await body<{ error: string; issues: JoinIssue[] }>(res);
    const issue = answer.issues.find((i) => i.field === field);
    assert.ok(issue, `${JSON.stringify(change)}: an issue for ${field} in ${text}`);
    assert.match(issue.message.en, message, JSON.stringify(change));
    assert.match(issue.message.lo, /[\u0E80-\u0EFF]/, `${field}: a Lao message`);
    assert.match(issue.label.lo, /[\u0E80-\u0EFF]/, `${field}: a Lao label`);
    assert.ok(issue.label.en.length > 0);
    assert.equal(answer.error, `body.${answer.issues[0]!.field}: ${answer.issues[0]!.message.en}`, 'error names the first field');
    if (typeof json.name === 'string' && json.name.trim() && json.name.length <= 100) {
      const found = await send(t, 'admin', 'GET', `/api/learners?q=${encodeURIComponent(json.name.trim())}`);
      assert.equal((await body<{ learners: unknown[] }>(found)).learners.length, 0, `${JSON.stringify(change)}: nobody created`);
    }
  }
});

test('issue 5 join: all problems come back at once, so the form can mark every field', async () => {
  const res = await postJoin(t, { code: cohort.joinCode, name: '', sex: 'x', birthYear: 'old', provinceCode: 'LA-ZZ' });
  assert.equal(res.status, 400);
  const { issues } = await body<{ issues: JoinIssue[] }>(res);
  assert.deepEqual(issues.map((i) => i.field).sort(), ['birthYear', 'name', 'provinceCode', 'sex']);
});

test('issue 5 join: a request with an unknown field, or not JSON, is refused', async () => {
  const extra = await postJoin(t, { code: cohort.joinCode, ...details(), nationalId: '123' });
  assert.equal(extra.status, 400);
  assert.equal(await errorOf(extra), 'body.nationalId: not a field of this request');
  const form = await t.fetch('/api/join', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': randomIp() }, body: 'code=x' });
  assert.equal(form.status, 415);
  const list = await postJoin(t, [cohort.joinCode]);
  assert.equal(list.status, 400);
  assert.match(await errorOf(list), /^body: /);
});

test('DESIGN §5 join: an unknown code is 404 and a closed cohort 403, each explained in Lao and English', async () => {
  for (const code of ['ZZZZZZ', 'abc', '']) {
    const looked = await getJoin(t, code || '%20');
    assert.equal(looked.status, 404, code);
    const a = await body<{ error: string; issues: JoinIssue[] }>(looked);
    assert.match(a.error, /^code: no cohort has this join code/);
    assert.match(a.issues[0]!.message.lo, /[\u0E80-\u0EFF]/);
  }
  const unknown = await postJoin(t, { code: 'ZZZZZ2', ...details() });
  assert.equal(unknown.status, 404);
  assert.match(await errorOf(unknown), /^body\.code: no cohort has this join code/);
  const missing = await postJoin(t, details());
  assert.equal(missing.status, 404);

  const closed = await newCohort(t, { joinOpen: false });
  const g = await getJoin(t, closed.joinCode);
  assert.equal(g.status, 403);
  assert.match(await errorOf(g), /^code: this cohort is closed to new participants$/);
  const name = `Closed ${uid()}`;
  const p = await postJoin(t, { code: closed.joinCode, ...details({ name }) });
  assert.equal(p.status, 403);
  const { issues } = await body<{ issues: JoinIssue[] }>(p);
  assert.equal(issues[0]!.field, 'code');
  assert.equal(issues[0]!.message.lo, 'ຊຸດຝຶກອົບຮົມນີ້ປິດຮັບຜູ້ເຂົ້າຮ່ວມໃໝ່ແລ້ວ');
  assert.equal((await participantsOf(t, closed.id)).participants.length, 0);
  const found = await body<{ learners: unknown[] }>(await send(t, 'admin', 'GET', `/api/learners?q=${encodeURIComponent(name)}`));
  assert.equal(found.learners.length, 0);
  // Reopened, the same code works.
  await send(t, 'admin', 'PATCH', `/api/cohorts/${closed.id}`, { joinOpen: true });
  assert.equal((await getJoin(t, closed.joinCode)).status, 200);
});

test('DESIGN §9 rate limits: 30 failed code attempts from one address lock it out for a while, even with the right code; other addresses are not affected', async () => {
  const ip = randomIp();
  for (let i = 0; i < 30; i++) {
    const res = i % 2 ? await getJoin(t, `ZZZZ${String.fromCharCode(65 + (i % 20))}2`, ip) : await postJoin(t, { code: 'ZZZZZZ', ...details() }, ip);
    assert.equal(res.status, 404, `attempt ${i + 1}`);
  }
  const locked = await getJoin(t, cohort.joinCode, ip);
  assert.equal(locked.status, 429);
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(retry > 0 && retry <= 15 * 60, `Retry-After ${retry}`);
  assert.match(await errorOf(locked), /^Too many join code attempts from this address: try again in \d+ seconds$/);
  assert.equal((await postJoin(t, { code: cohort.joinCode, ...details() }, ip)).status, 429);
  assert.equal((await getJoin(t, cohort.joinCode, randomIp())).status, 200, 'another address');
});

test('DESIGN §9 rate limits: successful look-ups and joins do not count, so a whole training room behind one address can join', async () => {
  const ip = randomIp();
  for (let i = 0; i < 35; i++) {
    const res = await getJoin(t, cohort.joinCode, ip);
    assert.equal(res.status, 200, `look-up ${i + 1}`);
  }
  for (let i = 0; i < 3; i++) assert.equal((await postJoin(t, { code: cohort.joinCode, ...details() }, ip)).status, 201);
});

test('DESIGN §9 rate limits: new participants per address are bounded', { skip: !!process.env.CHAMPA_TEST_URL }, async () => {
  // 300 real joins would be slow; the bucket is filled directly (in process only).
  const ip = randomIp();
  const at = new Date().toISOString();
  t.local!.sqlite.prepare(`INSERT INTO rate_events (bucket, at) SELECT ?, ? FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) SELECT i FROM n)`).run(`join:new:ip:${ip}`, at);
  const name = `Bounded ${uid()}`;
  const res = await postJoin(t, { code: cohort.joinCode, ...details({ name }) }, ip);
  assert.equal(res.status, 429);
  assert.match(await errorOf(res), /^Too many new participants from this address/);
  const found = await body<{ learners: unknown[] }>(await send(t, 'admin', 'GET', `/api/learners?q=${encodeURIComponent(name)}`));
  assert.equal(found.learners.length, 0);
});

test('DESIGN §5 join: a device that already holds a learner token joins another cohort as the same learner', async () => {
  const first = await joinCohort(t, cohort.joinCode);
  const second = await newCohort(t, { courses: [COURSE2] });
  const res = await t.fetch('/api/join/me', {
    method: 'POST',
    headers: { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/json', 'CF-Connecting-IP': randomIp() },
    body: JSON.stringify({ code: second.joinCode }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const j = await body<{ learner: { id: string }; actor: unknown; courses: { slug: string }[] }>(res);
  assert.equal(j.learner.id, first.learner.id);
  assert.deepEqual(j.actor, first.actor);
  assert.deepEqual(j.courses.map((c) => c.slug), [COURSE2]);
  const p = await participantsOf(t, second.id);
  assert.deepEqual(p.participants.map((x) => x.id), [first.learner.id]);
  const joinMe = (token: string) =>
    t.fetch('/api/join/me', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'CF-Connecting-IP': randomIp() },
      body: JSON.stringify({ code: second.joinCode }),
    });
  // Joining again changes nothing; another learner's token enrols that learner.
  assert.equal((await joinMe(first.token)).status, 200);
  assert.equal((await participantsOf(t, second.id)).participants.length, 1);
  assert.equal((await joinMe(learnerTokenOf('learnerB'))).status, 200);
  const both = (await participantsOf(t, second.id)).participants.map((x) => x.id).sort();
  assert.deepEqual(both, [first.learner.id, LEARNERS.learnerB.id].sort());
});
