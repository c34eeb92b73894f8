import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { ORGS } from '../../support/credentials.js';
import { body, errorOf, newLearner, newOrganisation, newUser, login, send, withSession } from '../../support/people.js';

// /api/organisations: admins manage organisations; trainers list theirs (issue 5 item 2).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

type Org = { id: string; nameLo: string | null; nameEn: string | null; kind: string; provinceCode: string | null };

test('issue 5 item 1: an admin creates, reads, renames and deletes an organisation', async () => {
  const created = await send(t, 'admin', 'POST', '/api/organisations', { nameLo: '  ສະຫະພັນກຳມະບານລາວ ', nameEn: 'Lao Federation of Trade Unions', kind: 'lftu', provinceCode: 'LA-VT' });
  assert.equal(created.status, 201);
  const org = await body<Org>(created);
  assert.equal(created.headers.get('location'), `/api/organisations/${org.id}`);
  assert.equal(org.nameLo, 'ສະຫະພັນກຳມະບານລາວ', 'trimmed');
  assert.equal(org.provinceCode, 'LA-VT');
  assert.deepEqual(await body(await send(t, 'admin', 'GET', `/api/organisations/${org.id}`)), await body(await send(t, 'viewer', 'GET', `/api/organisations/${org.id}`)));

  const renamed = await send(t, 'admin', 'PATCH', `/api/organisations/${org.id}`, { nameEn: 'LFTU', provinceCode: null });
  assert.equal(renamed.status, 200);
  const after = await body<Org>(renamed);
  assert.equal(after.nameEn, 'LFTU');
  assert.equal(after.provinceCode, null);
  assert.equal(after.nameLo, org.nameLo, 'fields not sent are kept');

  assert.equal((await send(t, 'admin', 'DELETE', `/api/organisations/${org.id}`)).status, 204);
  assert.equal((await send(t, 'admin', 'GET', `/api/organisations/${org.id}`)).status, 404);
});

test('issue 5 item 2: a trainer lists only their organisations; admins and viewers list all', async () => {
  const extra = await newOrganisation(t);
  const mine = await body<Org[]>(await send(t, 'trainerA', 'GET', '/api/organisations'));
  assert.deepEqual(mine.map((o) => o.id), [ORGS.A.id]);
  for (const who of ['admin', 'viewer'] as const) {
    const all = await body<Org[]>(await send(t, who, 'GET', '/api/organisations'));
    for (const id of [ORGS.A.id, ORGS.B.id, extra.id]) assert.ok(all.some((o) => o.id === id), `${who} sees ${id}`);
  }
  assert.equal((await send(t, 'trainerA', 'GET', `/api/organisations/${ORGS.A.id}`)).status, 200);
});

test('issue 5 routes: organisation bodies are validated, naming the field; a rejected write changes nothing', async () => {
  const cases: [unknown, string][] = [
    [{ kind: 'ngo' }, 'body.nameLo: nameLo or nameEn is required'],
    [{ nameEn: 'X', kind: 'army' }, 'body.kind: must be one of police, prosecutor, court, molsw, lftu, lwu, committee, ngo, other'],
    [{ nameEn: 'X' }, 'body.kind: required'],
    [{ nameEn: '   ', kind: 'ngo' }, 'body.nameEn: must not be empty'],
    [{ nameEn: 'X', kind: 'ngo', provinceCode: 'Vientiane' }, 'body.provinceCode: must be a province code such as LA-VT'],
    [{ nameEn: 'X', kind: 'ngo', provinceCode: 'LA-ZZ' }, 'body.provinceCode: no province LA-ZZ (GET /api/places/provinces lists them)'],
    [{ nameEn: 'X', kind: 'ngo', id: 'chosen' }, 'body.id: not a field of this request'],
  ];
  const before = (await body<Org[]>(await send(t, 'admin', 'GET', '/api/organisations'))).length;
  for (const [json, message] of cases) {
    const res = await send(t, 'admin', 'POST', '/api/organisations', json);
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(await errorOf(res), message);
  }
  const org = await newOrganisation(t, { nameEn: 'Only English' });
  const unnamed = await send(t, 'admin', 'PATCH', `/api/organisations/${org.id}`, { nameEn: null });
  assert.equal(unnamed.status, 400);
  assert.match(await errorOf(unnamed), /^body\.nameLo: nameLo or nameEn is required/);
  assert.equal((await body<Org>(await send(t, 'admin', 'GET', `/api/organisations/${org.id}`))).nameEn, 'Only English');
  // Remote runs share the database with other files: only count what this test could have added.
  if (!t.remote) assert.equal((await body<Org[]>(await send(t, 'admin', 'GET', '/api/organisations'))).length, before + 1);
  assert.equal((await send(t, 'admin', 'PATCH', `/api/organisations/${uid()}`, { nameEn: 'X' })).status, 404);
});

test('issue 5 item 1: an organisation with learners cannot be deleted (409); trainers\' memberships go with a deleted one', async () => {
  const org = await newOrganisation(t);
  await newLearner(t, { organisationId: org.id });
  const refused = await send(t, 'admin', 'DELETE', `/api/organisations/${org.id}`);
  assert.equal(refused.status, 409);
  assert.match(await errorOf(refused), /still has 1 learner/);
  assert.equal((await send(t, 'admin', 'GET', `/api/organisations/${org.id}`)).status, 200);

  const empty = await newOrganisation(t);
  const { user, email, password } = await newUser(t, 'trainer', [empty.id]);
  assert.equal((await send(t, 'admin', 'DELETE', `/api/organisations/${empty.id}`)).status, 204);
  const u = await body<{ organisations: string[] }>(await send(t, 'admin', 'GET', `/api/users/${user.id}`));
  assert.deepEqual(u.organisations, []);
  const s = await login(t, email, password);
  assert.deepEqual(await body(await withSession(t, s, 'GET', '/api/organisations')), []);
});
