import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTarget, uid, type Target } from '../../support/target.js';
import type { CredentialName } from '../../support/credentials.js';

// Activity Profile Resource: xAPI 1.0.3 Communication §2.2, §2.7, §3.1; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.4, §4.1.6.6.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const PATH = '/xapi/activities/profile';
const V1 = { 'X-Experience-API-Version': '1.0.3' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

interface Ctx { activityId: string; profileId?: string; since?: string; [k: string]: unknown }

const fresh = (): Ctx => ({ activityId: `https://champa.test/activities/${uid()}`, profileId: `profile-${uid()}` });

function url(p: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return `${PATH}?${q}`;
}

const sha1 = (data: string) => createHash('sha1').update(data).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function send(method: string, p: Record<string, unknown>, body?: string, headers: Record<string, string> = {}, who: CredentialName = 'all') {
  return t.as(who, url(p), { method, body, headers });
}
const put = (p: Ctx, doc: unknown, headers: Record<string, string> = {}) => send('PUT', p, JSON.stringify(doc), { ...JSON_TYPE, ...headers });
const post = (p: Ctx, doc: unknown, headers: Record<string, string> = {}) => send('POST', p, JSON.stringify(doc), { ...JSON_TYPE, ...headers });
const get = (p: Record<string, unknown>, headers: Record<string, string> = {}) => send('GET', p, undefined, headers);
const listOf = ({ profileId: _, ...rest }: Ctx) => rest;

async function expect400(res: Response, mentions: RegExp): Promise<void> {
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { error: string }).error, mentions);
}

test('xAPI 1.0.3 §2.7.s3 / 2.0.0 §4.1.6.6: PUT with If-None-Match: * stores a profile (204); GET returns it with Content-Type, ETag and Last-Modified', async () => {
  const p = fresh();
  const body = JSON.stringify({ passingScore: 0.8 });
  const res = await send('PUT', p, body, { ...JSON_TYPE, 'If-None-Match': '*' });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('ETag'), `"${sha1(body)}"`);
  const got = await get(p);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('Content-Type'), 'application/json');
  assert.equal(got.headers.get('ETag'), `"${sha1(body)}"`);
  assert.ok(!Number.isNaN(Date.parse(got.headers.get('Last-Modified') ?? '')));
  assert.equal(await got.text(), body);
});

test('xAPI 1.0.3 §2.7.s3: a PUT creating a new profile needs no concurrency header', async () => {
  const p = fresh();
  assert.equal((await put(p, { a: 1 })).status, 204);
});

test('xAPI 1.0.3 §2.7.s3: GET of a profile that does not exist is 404', async () => {
  assert.equal((await get(fresh())).status, 404);
});

test('xAPI 1.0.3 §2.7.s3: DELETE removes the profile (204)', async () => {
  const p = fresh();
  await post(p, { a: 1 });
  assert.equal((await send('DELETE', p, undefined, { 'If-Match': (await get(p)).headers.get('ETag')! })).status, 204);
  assert.equal((await get(p)).status, 404);
});

test('xAPI 1.0.3 §1.1: HEAD of a profile answers like GET without a body', async () => {
  const p = fresh();
  await post(p, { a: 1 });
  const res = await send('HEAD', p);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('ETag'), `"${sha1('{"a":1}')}"`);
  assert.equal(await res.text(), '');
});

test('xAPI 1.0.3 §2.2.s7: POST merges JSON profiles; POST of a new profile stores it', async () => {
  const p = fresh();
  assert.equal((await post(p, { car: 'Honda' })).status, 204);
  assert.equal((await post(p, { type: 'Civic' })).status, 204);
  assert.deepEqual(await (await get(p)).json(), { car: 'Honda', type: 'Civic' });
});

test('xAPI 1.0.3 §2.2.s8.b1: POST of non-JSON onto a JSON profile, or JSON onto a non-JSON profile, is 400 and changes nothing', async () => {
  const p = fresh();
  await post(p, { keep: 1 });
  await expect400(await send('POST', p, 'abc', { 'Content-Type': 'application/octet-stream' }), /application\/json/);
  assert.deepEqual(await (await get(p)).json(), { keep: 1 });
  const q = fresh();
  await send('PUT', q, 'plain', { 'Content-Type': 'text/plain' });
  await expect400(await post(q, { a: 1 }), /text\/plain/);
  assert.equal(await (await get(q)).text(), 'plain');
});

test('xAPI 1.0.3 §2.7.s4: GET without profileId returns the array of profile ids of the activity', async () => {
  const p = fresh();
  const ids = [`a-${uid()}`, `b-${uid()}`];
  for (const profileId of ids) await post({ ...p, profileId }, {});
  await post({ activityId: `${p.activityId}/other`, profileId: 'elsewhere' }, {});
  const res = await get(listOf(p));
  assert.equal(res.status, 200);
  assert.deepEqual(((await res.json()) as string[]).sort(), ids.sort());
});

test('xAPI 1.0.3 §2.7.s4.table1.row2: since limits the ids to profiles stored or updated after it', async () => {
  const p = fresh();
  await post({ ...p, profileId: 'before' }, {});
  await sleep(50);
  const since = new Date().toISOString();
  await sleep(50);
  await post({ ...p, profileId: 'after' }, {});
  assert.deepEqual(await (await get({ ...listOf(p), since })).json(), ['after']);
  await expect400(await get({ ...listOf(p), since: 'yesterday' }), /since/);
});

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

test('xAPI 1.0.3 §3.2.s3.b11: a profile larger than 1 MB is 413', async () => {
  const p = fresh();
  const res = await send('PUT', p, 'a'.repeat(1024 * 1024 + 10), { 'Content-Type': 'text/plain' });
  assert.equal(res.status, 413);
  assert.equal((await get(p)).status, 404);
});

for (const [version, headers] of [['1.0.3', V1], ['2.0.0', {}]] as const) {
  test(`xAPI ${version === '1.0.3' ? '1.0.3 §3.1.s4.b13–b15' : '2.0.0 §4.1.4'}: PUT without If-Match/If-None-Match over an existing profile is 409 with an explanation (${version}), and changes nothing`, async () => {
    const p = fresh();
    await post(p, { v: 1 }, headers);
    const res = await put(p, { v: 2 }, headers);
    assert.equal(res.status, 409);
    assert.equal(res.headers.get('X-Experience-API-Version'), version);
    assert.match(await res.text(), /If-Match.*ETag/s);
    assert.deepEqual(await (await get(p)).json(), { v: 1 });
  });
}

test('xAPI 1.0.3 §3.1.s4.b5, b9–b10: PUT with the current If-Match replaces the profile; a stale one is 412 and changes nothing', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const first = (await get(p)).headers.get('ETag')!;
  assert.equal((await put(p, { v: 2 }, { 'If-Match': first })).status, 204);
  assert.equal((await put(p, { v: 3 }, { 'If-Match': first })).status, 412);
  assert.deepEqual(await (await get(p)).json(), { v: 2 });
});

test('xAPI 1.0.3 §3.1.s4.b6: PUT with If-None-Match: * over an existing profile is 412', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  assert.equal((await put(p, { v: 2 }, { 'If-None-Match': '*' })).status, 412);
  assert.deepEqual(await (await get(p)).json(), { v: 1 });
});

test('xAPI 2.0.0 §4.1.4: POST and DELETE with a stale If-Match are 412 and change nothing', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const stale = '"0123456789abcdef0123456789abcdef01234567"';
  assert.equal((await post(p, { w: 1 }, { 'If-Match': stale })).status, 412);
  assert.equal((await send('DELETE', p, undefined, { 'If-Match': stale })).status, 412);
  assert.deepEqual(await (await get(p)).json(), { v: 1 });
});

test('xAPI 2.0.0 §4.1.4: two writers racing with the same If-Match on a profile — exactly one wins', async () => {
  const p = fresh();
  await post(p, { v: 0 });
  const etag = (await get(p)).headers.get('ETag')!;
  const results = await Promise.all(['A', 'B', 'C', 'D'].map((w) => put(p, { w }, { 'If-Match': etag })));
  assert.deepEqual(results.map((r) => r.status).sort(), [204, 412, 412, 412]);
});

test('xAPI 1.0.3 §4.2 scopes: "profile" may read and write activity profiles; "state" and "statements/read" get 403; "all/read" may only read', async () => {
  const p = fresh();
  assert.equal((await send('PUT', p, '{}', JSON_TYPE, 'profile')).status, 204);
  assert.equal((await send('GET', p, undefined, {}, 'profile')).status, 200);
  assert.equal((await send('GET', p, undefined, {}, 'allRead')).status, 200);
  assert.equal((await send('GET', listOf(p), undefined, {}, 'allRead')).status, 200);
  for (const who of ['state', 'read', 'allRead'] as const) {
    const q = fresh();
    assert.equal((await send('PUT', q, '{}', JSON_TYPE, who)).status, 403, `${who} PUT`);
    assert.equal((await send('DELETE', p, undefined, {}, who)).status, 403, `${who} DELETE`);
    assert.equal((await get(q)).status, 404);
  }
  for (const who of ['state', 'read'] as const) assert.equal((await send('GET', p, undefined, {}, who)).status, 403, `${who} GET`);
  assert.equal((await get(p)).status, 200, 'nothing was deleted');
});

test('xAPI 1.0.3 §4: a request without credentials is 401', async () => {
  const res = await t.fetch(url(fresh()), { headers: { 'X-Experience-API-Version': '2.0.0' } });
  assert.equal(res.status, 401);
});
