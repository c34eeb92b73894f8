import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uid } from '../../support/target.js';
import { documentApiCases, documentClient, expect400, JSON_TYPE, V1, type Params } from './document-api.js';

// State Resource: xAPI 1.0.3 Communication §2.2–2.3, §3.1; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.4, §4.1.6.2.
// The cases every document resource shares are in document-api.ts; here, registrations, the
// activity and agent parameters, DELETE of every document, and 1.0.3's blind PUT.

const api = documentClient({
  path: '/xapi/activities/state',
  noun: 'state document',
  id: 'stateId',
  owner: 'activity and agent',
  v1: '§2.3',
  v2: '§4.1.6.2',
  sinceCite: '§2.3.s4.table1.row4',
  fresh: () => ({
    activityId: `https://champa.test/activities/${uid()}`,
    agent: { objectType: 'Agent', account: { homePage: 'https://champa.test', name: uid() } },
    stateId: `bookmark-${uid()}`,
  }),
  neighbours: (p) => [
    { ...p, agent: { mbox: `mailto:${uid()}@champa.test` }, stateId: 'someone-else' },
    { ...p, activityId: `${p.activityId as string}/other`, stateId: 'other-activity' },
  ],
  scope: 'state',
  refused: ['profile', 'read', 'write', 'define'],
  blindPutIn103: true,
});
documentApiCases(api);

const { send, put, get, listOf } = api;
const fresh = (extra: Params = {}): Params => ({ ...api.resource.fresh(), ...extra });

test('xAPI 1.0.3 §2.3.s3.table1.row3: a registration scopes the document — with and without it are different documents', async () => {
  const p = fresh();
  const registration = uid();
  await put(p, { where: 'none' });
  await put({ ...p, registration }, { where: 'registered' });
  assert.deepEqual(await (await get(p)).json(), { where: 'none' });
  assert.deepEqual(await (await get({ ...p, registration })).json(), { where: 'registered' });
  assert.equal((await get({ ...p, registration: uid() })).status, 404);
  // UUIDs compare without regard to case.
  assert.deepEqual(await (await get({ ...p, registration: registration.toUpperCase() })).json(), { where: 'registered' });
});

test('xAPI 1.0.3 §2.3: the agent is matched by its identifier, not by its other properties', async () => {
  const mbox = `mailto:${uid()}@champa.test`;
  const p = fresh({ agent: { mbox, name: 'Khamla' } });
  await put(p, { a: 1 });
  const same = { ...p, agent: { objectType: 'Agent', mbox: mbox.toUpperCase().replace('MAILTO:', 'mailto:') } };
  assert.deepEqual(await (await get(same)).json(), { a: 1 });
});

test('xAPI 1.0.3 §2.3.s4: with a registration, only that registration\'s ids; without, every registration\'s', async () => {
  const p = fresh();
  const registration = uid();
  await put({ ...p, stateId: 'plain' }, {});
  await put({ ...p, stateId: 'registered', registration }, {});
  const list = listOf(p);
  assert.deepEqual(await (await get({ ...list, registration })).json(), ['registered']);
  assert.deepEqual(((await (await get(list)).json()) as string[]).sort(), ['plain', 'registered']);
});

test('xAPI 1.0.3 §2.3.s5: DELETE without stateId removes every state document of the activity and agent (all registrations)', async () => {
  const p = fresh();
  await put({ ...p, stateId: 'one' }, {});
  await put({ ...p, stateId: 'two', registration: uid() }, {});
  const keep = { ...p, agent: { mbox: `mailto:${uid()}@champa.test` }, stateId: 'keep' };
  await put(keep, {});
  const list = listOf(p);
  assert.equal((await send('DELETE', list)).status, 204);
  assert.deepEqual(await (await get(list)).json(), []);
  assert.equal((await get(keep)).status, 200, 'another agent\'s state is untouched');
});

test('xAPI 1.0.3 §2.3.s5: DELETE without stateId but with a registration removes only that registration\'s documents', async () => {
  const p = fresh();
  const registration = uid();
  await put({ ...p, stateId: 'plain' }, {});
  await put({ ...p, stateId: 'registered', registration }, {});
  const list = listOf(p);
  assert.equal((await send('DELETE', { ...list, registration })).status, 204);
  assert.deepEqual(await (await get(list)).json(), ['plain']);
});

// ---------------------------------------------------------------------------------------
// Parameter validation (1.0.3 §2.3 tables)

for (const method of ['PUT', 'POST', 'GET', 'DELETE'] as const) {
  const body = method === 'PUT' || method === 'POST' ? '{"a":1}' : undefined;
  const headers = body ? JSON_TYPE : {};

  test(`xAPI 1.0.3 §2.3.s3.table1.row1: ${method} without activityId is 400 naming it`, async () => {
    const { activityId: _, ...p } = fresh();
    await expect400(await send(method, p, body, headers), /activityId/);
  });

  test(`xAPI 1.0.3 §2.3.s3.table1.row1: ${method} with an activityId that is not an IRI is 400`, async () => {
    await expect400(await send(method, { ...fresh(), activityId: 'not an iri' }, body, headers), /activityId.*IRI/);
    await expect400(await send(method, { ...fresh(), activityId: 'true' }, body, headers), /activityId/);
  });

  test(`xAPI 1.0.3 §2.3.s3.table1.row2: ${method} without agent, or with an agent that is not a JSON Agent, is 400 naming it`, async () => {
    const { agent: _, ...p } = fresh();
    await expect400(await send(method, p, body, headers), /agent/);
    await expect400(await send(method, { ...p, agent: 'not JSON' }, body, headers), /agent/);
    await expect400(await send(method, { ...p, agent: true }, body, headers), /agent/);
    await expect400(await send(method, { ...p, agent: { name: 'no identifier' } }, body, headers), /agent/);
    await expect400(await send(method, { ...p, agent: { mbox: 'mailto:a@b.test', openid: 'https://b.test/a' } }, body, headers), /agent/);
    await expect400(await send(method, { ...p, agent: { mbox: 'a@b.test' } }, body, headers), /agent\.mbox/);
    await expect400(await send(method, { ...p, agent: { mbox: 'mailto:a@b.test', colour: 'red' } }, body, headers), /agent\.colour/);
  });

  test(`xAPI 1.0.3 §2.3.s3.table1.row3: ${method} with a registration that is not a UUID is 400 naming it`, async () => {
    await expect400(await send(method, { ...fresh(), registration: 'true' }, body, headers), /registration.*UUID/);
    await expect400(await send(method, { ...fresh(), registration: `${uid()}x` }, body, headers), /registration/);
  });
}

for (const method of ['PUT', 'POST'] as const) {
  test(`xAPI 1.0.3 §2.3.s3.table1.row4: ${method} without stateId is 400 naming it`, async () => {
    await expect400(await send(method, listOf(fresh()), '{}', JSON_TYPE), /stateId/);
  });
}

test('xAPI 2.0.0 §4.1.5: a rejected write changes nothing — an invalid registration on PUT stores no document anywhere', async () => {
  const p = fresh();
  await expect400(await put({ ...p, registration: 'nope' }, { a: 1 }), /registration/);
  assert.deepEqual(await (await get(listOf(p))).json(), []);
});

test('xAPI 1.0.3 §3.1.s3: in 1.0.3 the State Resource permits a PUT without concurrency headers over an existing document', async () => {
  const p = fresh();
  await put(p, { v: 1 }, V1);
  const res = await put(p, { v: 2 }, V1);
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('X-Experience-API-Version'), '1.0.3');
  assert.deepEqual(await (await get(p)).json(), { v: 2 });
});
