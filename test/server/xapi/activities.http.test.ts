import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import type { CredentialName } from '../../support/credentials.js';

// Activities Resource: xAPI 1.0.3 Communication §2.5; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.6.4.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const JSON_TYPE = { 'Content-Type': 'application/json' };
const iri = () => `https://champa.test/courses/workers-rights/lessons/${uid()}`;
const get = (activityId: string, who: CredentialName = 'all', init: RequestInit = {}) =>
  t.as(who, `/xapi/activities?activityId=${encodeURIComponent(activityId)}`, init);

async function postStatement(object: Record<string, unknown>, who: CredentialName = 'all'): Promise<void> {
  const statement = {
    actor: { objectType: 'Agent', account: { homePage: 'https://champa.test', name: uid() } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object,
  };
  const res = await t.as(who, '/xapi/statements', { method: 'POST', body: JSON.stringify([statement]), headers: JSON_TYPE });
  assert.equal(res.status, 200, await res.text());
}

test('xAPI 1.0.3 §2.5.s2.b1 / 2.0.0 §4.1.6.4: an Activity the LRS has never seen still comes back as an Activity Object', async () => {
  const id = iri();
  const res = await get(id);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Content-Type'), 'application/json');
  assert.deepEqual(await res.json(), { objectType: 'Activity', id });
});

test('xAPI 1.0.3 §2.5.s1: GET returns the Activity with the canonical definition taken from stored statements', async () => {
  const id = iri();
  const definition = {
    name: { 'en-US': 'Safe migration', lo: 'ການເຄື່ອນຍ້າຍທີ່ປອດໄພ' },
    description: { 'en-US': 'Lesson 1' },
    type: 'http://adlnet.gov/expapi/activities/lesson',
  };
  await postStatement({ objectType: 'Activity', id, definition });
  const res = await get(id);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { objectType: 'Activity', id, definition });
  assert.ok(res.headers.get('ETag'));
});

test('xAPI 1.0.3 §2.5: an activity seen without a definition comes back without one', async () => {
  const id = iri();
  await postStatement({ id });
  assert.deepEqual(await (await get(id)).json(), { objectType: 'Activity', id });
});

test('xAPI 1.0.3 §2.5: a later definition from a credential with "define" updates the canonical one', async () => {
  const id = iri();
  await postStatement({ id, definition: { name: { 'en-US': 'Old name' } } });
  await postStatement({ id, definition: { name: { 'en-US': 'New name' }, type: 'http://adlnet.gov/expapi/activities/module' } }, 'writeDefine');
  const body = (await (await get(id)).json()) as { definition: Record<string, unknown> };
  assert.deepEqual(body.definition, { name: { 'en-US': 'New name' }, type: 'http://adlnet.gov/expapi/activities/module' });
});

test('xAPI 1.0.3 §1.1: HEAD of an activity answers like GET without a body', async () => {
  const res = await get(iri(), 'all', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Content-Type'), 'application/json');
  assert.equal(await res.text(), '');
});

test('xAPI 1.0.3 §2.5.s1.table1.row1: activityId is required and must be an IRI (400 naming it)', async () => {
  for (const path of ['/xapi/activities', '/xapi/activities?activityId=', `/xapi/activities?activityId=${encodeURIComponent('not an iri')}`]) {
    const res = await t.as('all', path);
    assert.equal(res.status, 400, path);
    assert.match(((await res.json()) as { error: string }).error, /activityId/);
  }
});

test('xAPI 1.0.3 §3.2.s3.b7–b8: unknown, miscased and repeated parameters are 400', async () => {
  const id = encodeURIComponent(iri());
  for (const path of [`/xapi/activities?activityId=${id}&agent=x`, `/xapi/activities?ActivityId=${id}`, `/xapi/activities?activityId=${id}&activityId=${id}`]) {
    assert.equal((await t.as('all', path)).status, 400, path);
  }
});

test('xAPI 1.0.3 §4.2 scopes: read credentials may GET activities; "state", "profile" and "statements/write" get 403', async () => {
  const id = iri();
  for (const who of ['all', 'allRead', 'read'] as const) assert.equal((await get(id, who)).status, 200, who);
  for (const who of ['state', 'profile', 'write'] as const) assert.equal((await get(id, who)).status, 403, who);
});

test('xAPI 1.0.3 §4: GET /xapi/activities without credentials is 401', async () => {
  const res = await t.fetch(`/xapi/activities?activityId=${encodeURIComponent(iri())}`, { headers: { 'X-Experience-API-Version': '1.0.3' } });
  assert.equal(res.status, 401);
});
