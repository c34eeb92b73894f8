import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uid } from '../../support/target.js';
import { documentApiCases, documentClient, expect400, JSON_TYPE, type Params } from './document-api.js';

// Activity Profile Resource: xAPI 1.0.3 Communication §2.2, §2.7, §3.1; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.4, §4.1.6.6.
// The cases every document resource shares are in document-api.ts; here, the activity's own parameters.

const api = documentClient({
  path: '/xapi/activities/profile',
  noun: 'activity profile',
  id: 'profileId',
  owner: 'activity',
  v1: '§2.7',
  v2: '§4.1.6.6',
  sinceCite: '§2.7.s4.table1.row2',
  fresh: () => ({ activityId: `https://champa.test/activities/${uid()}`, profileId: `profile-${uid()}` }),
  neighbours: (p) => [{ activityId: `${p.activityId as string}/other`, profileId: 'elsewhere' }],
  scope: 'profile',
  refused: ['state', 'read', 'write', 'define'],
});
documentApiCases(api);

const { send, put, get, listOf } = api;
const fresh = (): Params => api.resource.fresh();

test('xAPI 1.0.3 §2.7.s3.table1: activityId is required and must be an IRI; profileId is required for PUT, POST and DELETE', async () => {
  const p = fresh();
  for (const method of ['PUT', 'POST', 'GET', 'DELETE']) {
    const body = method === 'PUT' || method === 'POST' ? '{}' : undefined;
    await expect400(await send(method, { profileId: p.profileId }, body, JSON_TYPE), /activityId/);
    await expect400(await send(method, { ...p, activityId: 'not an IRI' }, body, JSON_TYPE), /activityId/);
    if (method !== 'GET') await expect400(await send(method, listOf(p), body, JSON_TYPE), /profileId/);
  }
});

test('xAPI 1.0.3 §3.2.s3.b7: agent, registration and miscased names are not parameters of the Activity Profile Resource', async () => {
  const p = fresh();
  await expect400(await put({ ...p, agent: { mbox: 'mailto:a@champa.test' } }, {}), /agent/);
  await expect400(await put({ ...p, registration: uid() }, {}), /registration/);
  await expect400(await get({ activityId: p.activityId, ProfileId: p.profileId }), /ProfileId.*case/);
  await expect400(await get({ ...p, stateId: 'x' }), /stateId/);
  assert.equal((await get(p)).status, 404, 'nothing was stored');
});
