import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsQRModule from 'jsqr';
import { startTarget, uid, type Target } from '../../support/target.js';
import { ORGS, TEST_DISTRICTS, USERS, learnerTokenOf } from '../../support/credentials.js';
import { body, errorOf, send } from '../../support/people.js';
import { COURSE, COURSE2, getJoin, joinCohort, newCohort, participantsOf, type TestCohort } from '../../support/cohorts.js';
import { JOIN_CODE_RE } from '../../../server/cohorts/join-code.js';

// /api/cohorts: training events with courses, trainers, join code and QR code (DESIGN §8;
// issue 5 item 3). Refusals per role are in cohorts.security.http.test.ts.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const base = () => ({ name: `Cohort ${uid()}`, courses: [COURSE], organisationId: ORGS.A.id, startsOn: '2026-03-02', mode: 'in-person' });

test('DESIGN §8 cohorts: a trainer creates a cohort of their organisation and gets a short join code, join URL and QR link', async () => {
  const res = await send(t, 'trainerA', 'POST', '/api/cohorts', {
    ...base(),
    name: '  ຝຶກອົບຮົມ ຄັ້ງທີ 1  ',
    courses: [COURSE2, COURSE],
    provinceCode: 'LA-VT',
    districtCode: TEST_DISTRICTS.vt.code,
    endsOn: '2026-03-04',
    mode: 'blended',
  });
  assert.equal(res.status, 201, await res.clone().text());
  const c = await body<TestCohort & Record<string, unknown>>(res);
  assert.equal(res.headers.get('location'), `/api/cohorts/${c.id}`);
  assert.equal(c.name, 'ຝຶກອົບຮົມ ຄັ້ງທີ 1', 'trimmed');
  assert.match(c.joinCode, JOIN_CODE_RE);
  assert.match(c.joinCode, /^[2-9A-HJKMNP-Z]{6}$/, 'six characters without 0/O/1/I/L');
  assert.ok(c.joinUrl.endsWith(`/join?code=${c.joinCode}`), c.joinUrl);
  assert.equal(c.qrCode, `/api/cohorts/${c.id}/qr.svg`);
  assert.equal(c.joinOpen, true);
  assert.deepEqual(c.courses.map((x) => x.slug), [COURSE2, COURSE], "the trainer's order");
  assert.ok(c.courses.every((x) => x.title.lo && x.title.en), 'course titles in Lao and English');
  assert.deepEqual(c.trainers.map((x) => x.id), [USERS.trainerA.id], 'the creating trainer runs it');
  assert.deepEqual(c.organisation.id, ORGS.A.id);
  assert.equal(c.provinceCode, 'LA-VT');
  assert.equal(c.districtCode, TEST_DISTRICTS.vt.code);
  assert.equal(c.startsOn, '2026-03-02');
  assert.equal(c.endsOn, '2026-03-04');
  assert.equal(c.mode, 'blended');
  assert.equal(c.createdBy, USERS.trainerA.id);
  assert.deepEqual(c.participants, { total: 0, female: 0, male: 0, other: 0, notStated: 0 });

  const again = await body<TestCohort>(await send(t, 'trainerA', 'GET', `/api/cohorts/${c.id}`));
  assert.equal(again.joinCode, c.joinCode);
});

test('DESIGN §8 cohorts: join codes differ between cohorts', async () => {
  const codes = new Set<string>();
  for (let i = 0; i < 8; i++) codes.add((await newCohort(t)).joinCode);
  assert.equal(codes.size, 8);
});

test('DESIGN §8 cohorts: an admin creates a cohort for any organisation, with trainers of their choosing', async () => {
  const c = await newCohort(t, { organisationId: ORGS.B.id, trainers: [USERS.trainerB.id, USERS.trainerA.id] }, 'admin');
  assert.deepEqual(c.trainers.map((x) => x.id).sort(), [USERS.trainerA.id, USERS.trainerB.id].sort());
  const none = await newCohort(t, {}, 'admin');
  assert.deepEqual(none.trainers, [], 'an admin is not made a trainer');
});

test('issue 5 routes: creating a cohort validates every field and names it', async () => {
  const cases: [Record<string, unknown>, number, RegExp][] = [
    [{ name: undefined }, 400, /^body\.name: required$/],
    [{ name: '   ' }, 400, /^body\.name: must not be empty$/],
    [{ name: 'x'.repeat(201) }, 400, /^body\.name: must be at most 200 characters$/],
    [{ courses: [] }, 400, /^body\.courses: must name at least one course$/],
    [{ courses: 'workers-rights' }, 400, /^body\.courses: must be a list of course slugs$/],
    [{ courses: [COURSE, 'no-such-course'] }, 400, /^body\.courses\[1\]: no course "no-such-course"/],
    [{ courses: [COURSE, COURSE] }, 400, /^body\.courses\[1\]: "workers-rights" is listed twice$/],
    [{ organisationId: undefined }, 400, /^body\.organisationId: required$/],
    [{ organisationId: `no-org-${uid()}` }, 400, /^body\.organisationId: no organisation /],
    [{ organisationId: ORGS.B.id }, 403, /^body\.organisationId: test-org-b is not one of your organisations$/],
    [{ startsOn: undefined }, 400, /^body\.startsOn: required$/],
    [{ startsOn: '2/3/2026' }, 400, /^body\.startsOn: must be a date such as 2026-03-15$/],
    [{ startsOn: '2026-02-30' }, 400, /^body\.startsOn: is not a date in the calendar$/],
    [{ endsOn: '2026-03-01' }, 400, /^body\.endsOn: 2026-03-01 is before startsOn 2026-03-02$/],
    [{ mode: 'hybrid' }, 400, /^body\.mode: must be one of in-person, online, blended$/],
    [{ provinceCode: 'LA-ZZ' }, 400, /^body\.provinceCode: no province LA-ZZ/],
    [{ provinceCode: 'Vientiane' }, 400, /^body\.provinceCode: must be a province code such as LA-VT$/],
    [{ districtCode: TEST_DISTRICTS.vt.code }, 400, /^body\.provinceCode: required when districtCode is given$/],
    [{ provinceCode: 'LA-KH', districtCode: TEST_DISTRICTS.vt.code }, 400, /^body\.districtCode: district TEST-VT1 is in LA-VT, not LA-KH$/],
    [{ provinceCode: 'LA-VT', districtCode: 'NOPE1' }, 400, /^body\.districtCode: no district NOPE1/],
    [{ trainers: [USERS.viewer.id] }, 400, /^body\.trainers\[0\]: no trainer test-user-viewer/],
    [{ trainers: [USERS.trainerA.id, USERS.trainerA.id] }, 400, /^body\.trainers\[1\]: test-user-trainer-a is listed twice$/],
    [{ joinOpen: 'yes' }, 400, /^body\.joinOpen: must be true or false$/],
    [{ joinCode: 'ABCDEF' }, 400, /^body\.joinCode: not a field of this request$/],
  ];
  for (const [change, status, message] of cases) {
    const json = { ...base(), ...change };
    const res = await send(t, 'trainerA', 'POST', '/api/cohorts', json);
    assert.equal(res.status, status, `${JSON.stringify(change)}: ${await res.clone().text()}`);
    assert.match(await errorOf(res), message, JSON.stringify(change));
  }
  const list = await body<{ cohorts: TestCohort[] }>(await send(t, 'trainerA', 'GET', '/api/cohorts?q=no-such-cohort-name'));
  assert.equal(list.cohorts.length, 0);
});

test('DESIGN §9 trainer scope: a trainer lists the cohorts of their organisations and those they train; viewers see all without join codes', async () => {
  const mine = await newCohort(t);
  const theirs = await newCohort(t, { organisationId: ORGS.B.id }, 'trainerB');
  const shared = await newCohort(t, { organisationId: ORGS.B.id, trainers: [USERS.trainerB.id, USERS.trainerA.id] }, 'trainerB');
  const ids = async (who: 'trainerA' | 'trainerB' | 'viewer' | 'admin') => {
    const all: string[] = [];
    for (let offset = 0; ; ) {
      const page = await body<{ cohorts: (TestCohort & { joinCode?: string })[]; next: number | null }>(await send(t, who, 'GET', `/api/cohorts?limit=50&offset=${offset}`));
      all.push(...page.cohorts.map((c) => c.id));
      if (who === 'viewer') assert.ok(page.cohorts.every((c) => c.joinCode === undefined), 'viewers never see join codes');
      if (page.next === null) break;
      offset = page.next;
    }
    return new Set(all);
  };
  const a = await ids('trainerA');
  assert.ok(a.has(mine.id) && a.has(shared.id) && !a.has(theirs.id));
  const b = await ids('trainerB');
  assert.ok(!b.has(mine.id) && b.has(shared.id) && b.has(theirs.id));
  for (const who of ['viewer', 'admin'] as const) {
    const all = await ids(who);
    assert.ok(all.has(mine.id) && all.has(shared.id) && all.has(theirs.id), who);
  }
  assert.equal((await send(t, 'trainerA', 'GET', `/api/cohorts/${theirs.id}`)).status, 404);
  assert.equal((await send(t, 'trainerA', 'GET', `/api/cohorts/${shared.id}`)).status, 200, 'a listed co-trainer reads it');
  const v = await body<Record<string, unknown>>(await send(t, 'viewer', 'GET', `/api/cohorts/${mine.id}`));
  assert.equal(v.id, mine.id);
  assert.equal(v.joinCode, undefined);
  assert.equal(v.joinUrl, undefined);
});

test('DESIGN §8 cohorts: list filters by organisation, province, open and name, and pages', async () => {
  const tag = uid().slice(0, 8);
  const a = await newCohort(t, { name: `Filter ${tag} one`, provinceCode: 'LA-KH' }, 'admin');
  const b = await newCohort(t, { name: `Filter ${tag} two`, organisationId: ORGS.B.id, joinOpen: false }, 'admin');
  const names = async (query: string) =>
    (await body<{ cohorts: TestCohort[] }>(await send(t, 'admin', 'GET', `/api/cohorts?q=${tag}&${query}`))).cohorts.map((c) => c.id).sort();
  assert.deepEqual(await names(''), [a.id, b.id].sort());
  assert.deepEqual(await names(`organisation=${ORGS.B.id}`), [b.id]);
  assert.deepEqual(await names('province=LA-KH'), [a.id]);
  assert.deepEqual(await names('open=false'), [b.id]);
  assert.deepEqual(await names('open=true'), [a.id]);
  const page = await body<{ cohorts: TestCohort[]; next: number | null }>(await send(t, 'admin', 'GET', `/api/cohorts?q=${tag}&limit=1`));
  assert.equal(page.cohorts.length, 1);
  assert.equal(page.next, 1);
  const bad = await send(t, 'admin', 'GET', '/api/cohorts?limit=51');
  assert.equal(bad.status, 400);
  assert.equal(await errorOf(bad), 'query.limit: must be at most 50');
  const badOpen = await send(t, 'admin', 'GET', '/api/cohorts?open=maybe');
  assert.equal(await errorOf(badOpen), 'query.open: must be true or false');
});

test('DESIGN §8 cohorts: a trainer changes name, dates, mode, place and trainers, and closes joining', async () => {
  const c = await newCohort(t, { provinceCode: 'LA-VT', districtCode: TEST_DISTRICTS.vt.code });
  const res = await send(t, 'trainerA', 'PATCH', `/api/cohorts/${c.id}`, {
    name: 'Renamed',
    startsOn: '2026-04-01',
    endsOn: null,
    mode: 'online',
    provinceCode: 'LA-KH',
    trainers: [USERS.trainerB.id],
    joinOpen: false,
  });
  assert.equal(res.status, 200, await res.clone().text());
  const next = await body<TestCohort & Record<string, unknown>>(res);
  assert.equal(next.name, 'Renamed');
  assert.equal(next.startsOn, '2026-04-01');
  assert.equal(next.endsOn, null);
  assert.equal(next.mode, 'online');
  assert.equal(next.provinceCode, 'LA-KH');
  assert.equal(next.districtCode, null, 'a new province clears the old district');
  assert.deepEqual(next.trainers.map((x) => x.id), [USERS.trainerB.id]);
  assert.equal(next.joinOpen, false);
  assert.equal(next.joinCode, c.joinCode, 'the code stays');
  // Trainer A still manages it through organisation A; trainer B through the list.
  assert.equal((await send(t, 'trainerB', 'PATCH', `/api/cohorts/${c.id}`, { joinOpen: true })).status, 200);
  const moved = await send(t, 'trainerB', 'PATCH', `/api/cohorts/${c.id}`, { organisationId: ORGS.B.id });
  assert.equal(moved.status, 200, 'a co-trainer may move it into their own organisation');
  const back = await send(t, 'trainerB', 'PATCH', `/api/cohorts/${c.id}`, { organisationId: ORGS.A.id });
  assert.equal(back.status, 403);
  assert.equal(await errorOf(back), 'body.organisationId: test-org-a is not one of your organisations');

  const bad = await send(t, 'trainerB', 'PATCH', `/api/cohorts/${c.id}`, { endsOn: '2026-03-01' });
  assert.equal(bad.status, 400);
  assert.equal(await errorOf(bad), 'body.endsOn: 2026-03-01 is before startsOn 2026-04-01');
  const unchanged = await body<TestCohort & Record<string, unknown>>(await send(t, 'admin', 'GET', `/api/cohorts/${c.id}`));
  assert.equal(unchanged.endsOn, null, 'a refused change changes nothing');
});

test('DESIGN §8 cohorts: adding a course enrols the participants in it; a course with enrolments cannot be removed', async () => {
  const c = await newCohort(t);
  const joined = await joinCohort(t, c.joinCode);
  const added = await send(t, 'trainerA', 'PATCH', `/api/cohorts/${c.id}`, { courses: [COURSE2, COURSE] });
  assert.equal(added.status, 200, await added.clone().text());
  assert.deepEqual((await body<TestCohort>(added)).courses.map((x) => x.slug), [COURSE2, COURSE]);
  const p = await participantsOf(t, c.id);
  const me = p.participants.find((x) => x.id === joined.learner.id)!;
  assert.deepEqual(me.courses.map((x) => [x.slug, x.source]), [[COURSE2, 'join'], [COURSE, 'join']]);

  const removed = await send(t, 'trainerA', 'PATCH', `/api/cohorts/${c.id}`, { courses: [COURSE2] });
  assert.equal(removed.status, 409);
  assert.match(await errorOf(removed), /^body\.courses: workers-rights has 1 enrolment\(s\) in this cohort/);
  const empty = await newCohort(t, { courses: [COURSE, COURSE2] });
  const ok = await send(t, 'trainerA', 'PATCH', `/api/cohorts/${empty.id}`, { courses: [COURSE2] });
  assert.equal(ok.status, 200);
  assert.deepEqual((await body<TestCohort>(ok)).courses.map((x) => x.slug), [COURSE2]);
});

test('DESIGN §8 cohorts: a cohort without participants can be deleted; one with participants cannot', async () => {
  const empty = await newCohort(t);
  assert.equal((await send(t, 'trainerA', 'DELETE', `/api/cohorts/${empty.id}`)).status, 204);
  assert.equal((await send(t, 'trainerA', 'GET', `/api/cohorts/${empty.id}`)).status, 404);
  const used = await newCohort(t);
  await joinCohort(t, used.joinCode);
  const res = await send(t, 'trainerA', 'DELETE', `/api/cohorts/${used.id}`);
  assert.equal(res.status, 409);
  assert.match(await errorOf(res), /has participants; close it/);
});

test('DESIGN §8 join code: a new code replaces the old one, which stops working', async () => {
  const c = await newCohort(t);
  const res = await send(t, 'trainerA', 'POST', `/api/cohorts/${c.id}/join-code`);
  assert.equal(res.status, 200);
  const next = await body<TestCohort>(res);
  assert.match(next.joinCode, JOIN_CODE_RE);
  assert.notEqual(next.joinCode, c.joinCode);
  assert.equal((await getJoin(t, c.joinCode)).status, 404);
  assert.equal((await getJoin(t, next.joinCode)).status, 200);
});

/** Draws uqr's SVG (unit squares on a grid) into pixels and decodes it as a phone would. */
function decodeQrSvg(svg: string): string | null {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  assert.ok(box, 'an SVG with a viewBox');
  const size = Number(box[1]);
  const scale = 2;
  const w = (size / 10) * 10 * scale;
  const pixels = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const m of svg.matchAll(/M(\d+),(\d+)h(\d+)v(\d+)h-\d+z/g)) {
    const [x, y, dw, dh] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    for (let yy = y * scale; yy < (y + dh) * scale; yy++) {
      for (let xx = x * scale; xx < (x + dw) * scale; xx++) {
        const i = (yy * w + xx) * 4;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
      }
    }
  }
  // jsqr is CommonJS: under NodeNext its default export sits one level down.
  return jsQRModule.default(pixels, w, w)?.data ?? null;
}

test('DESIGN §8 join code: the QR code is an SVG that decodes to the join URL with the code', async () => {
  const c = await newCohort(t);
  const res = await send(t, 'trainerA', 'GET', `/api/cohorts/${c.id}/qr.svg`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const svg = await res.text();
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.equal(decodeQrSvg(svg), c.joinUrl);
  assert.ok(c.joinUrl.startsWith(`${t.remote ? '' : 'http://champa.test'}`));
  assert.ok(c.joinUrl.endsWith(`/join?code=${c.joinCode}`));
});

test('DESIGN §8 cohorts: participants list with enrolments, counts split by sex, and live progress from the LRS', async () => {
  const c = await newCohort(t, { courses: [COURSE, COURSE2] });
  const f = await joinCohort(t, c.joinCode, { sex: 'female' });
  const m = await joinCohort(t, c.joinCode, { sex: 'male' });
  await joinCohort(t, c.joinCode, { sex: 'not-stated' });
  const counts = (await body<TestCohort>(await send(t, 'trainerA', 'GET', `/api/cohorts/${c.id}`))).participants;
  assert.deepEqual(counts, { total: 3, female: 1, male: 1, other: 0, notStated: 1 });

  const p = await participantsOf(t, c.id, 'trainerA');
  assert.equal(p.participants.length, 3);
  const mine = p.participants.find((x) => x.id === f.learner.id)!;
  assert.equal(mine.name, f.learner.name);
  assert.deepEqual(mine.actor, f.actor);
  assert.deepEqual(mine.courses.map((x) => [x.slug, x.source, x.progress.state, x.certificate]), [
    [COURSE, 'join', 'not-started', null],
    [COURSE2, 'join', 'not-started', null],
  ]);

  // The learner starts the course: progress is derived on ingest and shows at once.
  const course = await body<{ iri: string; modules: { slug: string; iri: string; lessons: { iri: string }[] }[] }>(await t.fetch(`/api/courses/${COURSE}`));
  const lesson = course.modules[0]!.lessons[0]!.iri;
  const statement = {
    actor: m.actor,
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { en: 'experienced' } },
    object: { objectType: 'Activity', id: lesson },
    context: { contextActivities: { parent: [{ id: course.modules[0]!.iri }], grouping: [{ id: course.iri }] } },
    timestamp: new Date().toISOString(),
  };
  const sent = await t.fetch('/xapi/statements', {
    method: 'POST',
    headers: { Authorization: `Bearer ${m.token}`, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
    body: JSON.stringify(statement),
  });
  assert.equal(sent.status, 200, await sent.clone().text());
  const after = await participantsOf(t, c.id, 'trainerA');
  const his = after.participants.find((x) => x.id === m.learner.id)!;
  const progress = his.courses.find((x) => x.slug === COURSE)!.progress;
  assert.equal(progress.state, 'in-progress');
  assert.equal(progress.modulesCompleted, 0);
  assert.equal(typeof progress.modulesTotal, 'number');
  assert.equal(his.courses.find((x) => x.slug === COURSE2)!.progress.state, 'not-started');
});

test('DESIGN §8 cohorts: participants page by limit and offset, ordered by name', async () => {
  const c = await newCohort(t);
  for (const name of ['C', 'A', 'B']) await joinCohort(t, c.joinCode, { name: `${name} ${uid().slice(0, 4)}` });
  const first = await body<{ participants: { name: string }[]; next: number | null }>(await send(t, 'trainerA', 'GET', `/api/cohorts/${c.id}/participants?limit=2`));
  assert.deepEqual(first.participants.map((x) => x.name[0]), ['A', 'B']);
  assert.equal(first.next, 2);
  const second = await body<{ participants: { name: string }[]; next: number | null }>(await send(t, 'trainerA', 'GET', `/api/cohorts/${c.id}/participants?limit=2&offset=2`));
  assert.deepEqual(second.participants.map((x) => x.name[0]), ['C']);
  assert.equal(second.next, null);
});

test('DESIGN §9 trainer scope: a listed co-trainer from another organisation sees the participants; a trainer of neither does not', async () => {
  const c = await newCohort(t, { trainers: [USERS.trainerA.id, USERS.trainerB.id] });
  await joinCohort(t, c.joinCode);
  assert.equal((await participantsOf(t, c.id, 'trainerB')).participants.length, 1);
  const c2 = await newCohort(t);
  assert.equal((await send(t, 'trainerB', 'GET', `/api/cohorts/${c2.id}/participants`)).status, 404);
  // A learner token is no way in, even the participant's own.
  assert.equal((await t.fetch(`/api/cohorts/${c.id}/participants`, { headers: { Authorization: `Bearer ${learnerTokenOf('learnerA')}` } })).status, 403);
});

test('RFC 9110 §13.1.2 If-None-Match: the participants list carries an ETag; an unchanged list answers 304 without a body, a changed one 200 with a new ETag', async () => {
  const c = await newCohort(t);
  await joinCohort(t, c.joinCode);
  const path = `/api/cohorts/${c.id}/participants`;
  const first = await send(t, 'trainerA', 'GET', path);
  assert.equal(first.status, 200);
  const tag = first.headers.get('etag');
  assert.match(tag ?? '', /^(W\/)?"[^"]+"$/, 'an entity tag');
  assert.equal((await first.json() as { participants: unknown[] }).participants.length, 1);

  const same = await t.as('trainerA', path, { headers: { 'If-None-Match': tag! } });
  assert.equal(same.status, 304);
  assert.equal(await same.text(), '', 'no body');
  assert.equal(same.headers.get('etag'), tag);

  await joinCohort(t, c.joinCode);
  const changed = await t.as('trainerA', path, { headers: { 'If-None-Match': tag! } });
  assert.equal(changed.status, 200, 'a new participant changes the list');
  assert.notEqual(changed.headers.get('etag'), tag);
  assert.equal((await changed.json() as { participants: unknown[] }).participants.length, 2);

  // Another trainer's tag does not open another organisation's cohort.
  assert.equal((await t.as('trainerB', path, { headers: { 'If-None-Match': tag! } })).status, 404);
});
