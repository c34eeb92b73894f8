import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uid } from '../../support/target.js';
import { documentApiCases, documentClient, expect400, JSON_TYPE, type Params } from './document-api.js';

// Agent Profile Resource: xAPI 1.0.3 Communication §2.2, §2.6, §3.1; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.4, §4.1.6.5.
// The cases every document resource shares are in document-api.ts; here, the agent's own parameters.

const api = documentClient({
  path: '/xapi/agents/profile',
  noun: 'agent profile',
  id: 'profileId',
  owner: 'agent',
  v1: '§2.6',
  v2: '§4.1.6.5',
  sinceCite: '§2.6.s4',
  fresh: () => ({ agent: { objectType: 'Agent', account: { homePage: 'https://champa.test', name: uid() } }, profileId: `profile-${uid()}` }),
  neighbours: () => [{ agent: { mbox: `mailto:${uid()}@champa.test` }, profileId: 'other-agent' }],
  scope: 'profile',
  refused: ['state', 'read', 'write', 'define'],
});
documentApiCases(api);

const { send, post, put, get, listOf } = api;
const fresh = (): Params => api.resource.fresh();

test('xAPI 1.0.3 §2.6: the profile belongs to the agent\'s identifier — another form of the same mbox finds it, another agent does not', async () => {
  const mbox = `mailto:Somsak.${uid()}@Champa.test`;
  const p = { agent: { mbox, name: 'Somsak' }, profileId: 'prefs' };
  await post(p, { theme: 'dark' });
  assert.deepEqual(await (await get({ ...p, agent: { objectType: 'Agent', mbox: mbox.toLowerCase() } })).json(), { theme: 'dark' });
  assert.equal((await get({ ...p, agent: { mbox: `mailto:${uid()}@champa.test` } })).status, 404);
});

test('xAPI 2.0.0 §4.1.6.5: an identified Group may own an agent profile; an anonymous Group may not', async () => {
  const group = { objectType: 'Group', name: 'Savannakhet cohort', account: { homePage: 'https://champa.test/cohorts', name: uid() } };
  const p = { agent: group, profileId: 'roster' };
  assert.equal((await post(p, { size: 60 })).status, 204);
  assert.deepEqual(await (await get(p)).json(), { size: 60 });
  await expect400(await post({ ...p, agent: { objectType: 'Group', member: [{ mbox: 'mailto:a@champa.test' }] } }, {}), /agent/);
});

test('xAPI 1.0.3 §2.6.s3.table1: agent is required and must be an Agent with one identifier; profileId is required for PUT, POST and DELETE', async () => {
  const p = fresh();
  for (const method of ['PUT', 'POST', 'GET', 'DELETE']) {
    const body = method === 'PUT' || method === 'POST' ? '{}' : undefined;
    await expect400(await send(method, { profileId: p.profileId }, body, JSON_TYPE), /agent/);
    await expect400(await send(method, { ...p, agent: true }, body, JSON_TYPE), /agent/);
    await expect400(await send(method, { ...p, agent: { objectType: 'Agent' } }, body, JSON_TYPE), /agent/);
    await expect400(await send(method, { ...p, agent: { account: { homePage: 'champa', name: 'x' } } }, body, JSON_TYPE), /agent\.account\.homePage/);
    if (method !== 'GET') await expect400(await send(method, listOf(p), body, JSON_TYPE), /profileId/);
  }
});

test('xAPI 1.0.3 §3.2.s3.b7: activityId, registration and miscased names are not parameters of the Agent Profile Resource', async () => {
  const p = fresh();
  await expect400(await put({ ...p, activityId: 'https://champa.test/a' }, {}), /activityId/);
  await expect400(await put({ ...p, registration: uid() }, {}), /registration/);
  await expect400(await get({ Agent: p.agent, profileId: p.profileId }), /Agent.*case/);
  assert.equal((await get(p)).status, 404, 'nothing was stored');
});
