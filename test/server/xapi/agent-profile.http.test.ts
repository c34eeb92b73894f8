import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTarget, uid, type Target } from '../../support/target.js';
import type { CredentialName } from '../../support/credentials.js';

// Agent Profile Resource: xAPI 1.0.3 Communication §2.2, §2.6, §3.1; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.4, §4.1.6.5.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const PATH = '/xapi/agents/profile';
const V1 = { 'X-Experience-API-Version': '1.0.3' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

interface Ctx { agent: Record<string, unknown>; profileId?: string; since?: string; [k: string]: unknown }

const fresh = (): Ctx => ({
  agent: { objectType: 'Agent', account: { homePage: 'https://champa.test', name: uid() } },
  profileId: `profile-${uid()}`,
});

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

test('xAPI 1.0.3 §2.6.s3 / 2.0.0 §4.1.6.5: PUT stores an agent profile (204); GET returns it with Content-Type, quoted SHA-1 ETag and Last-Modified', async () => {
  const p = fresh();
  const body = JSON.stringify({ preferredLanguage: 'lo' });
  assert.equal((await send('PUT', p, body, { ...JSON_TYPE, 'If-None-Match': '*' })).status, 204);
  const got = await get(p);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('Content-Type'), 'application/json');
  assert.equal(got.headers.get('ETag'), `"${sha1(body)}"`);
  assert.ok(!Number.isNaN(Date.parse(got.headers.get('Last-Modified') ?? '')));
  assert.equal(await got.text(), body);
});

test('xAPI 1.0.3 §2.6: the profile belongs to the agent\'s identifier — another form of the same mbox finds it, another agent does not', async () => {
  const mbox = `mailto:Somsak.${uid()}@Champa.test`;
  const p: Ctx = { agent: { mbox, name: 'Somsak' }, profileId: 'prefs' };
  await post(p, { theme: 'dark' });
  assert.deepEqual(await (await get({ ...p, agent: { objectType: 'Agent', mbox: mbox.toLowerCase() } })).json(), { theme: 'dark' });
  assert.equal((await get({ ...p, agent: { mbox: `mailto:${uid()}@champa.test` } })).status, 404);
});

test('xAPI 2.0.0 §4.1.6.5: an identified Group may own an agent profile; an anonymous Group may not', async () => {
  const group = { objectType: 'Group', name: 'Savannakhet cohort', account: { homePage: 'https://champa.test/cohorts', name: uid() } };
  const p: Ctx = { agent: group, profileId: 'roster' };
  assert.equal((await post(p, { size: 60 })).status, 204);
  assert.deepEqual(await (await get(p)).json(), { size: 60 });
  await expect400(await post({ ...p, agent: { objectType: 'Group', member: [{ mbox: 'mailto:a@champa.test' }] } }, {}), /agent/);
});

test('xAPI 1.0.3 §2.6.s3: GET of a profile that does not exist is 404; DELETE removes one (204)', async () => {
  const p = fresh();
  assert.equal((await get(p)).status, 404);
  await post(p, {});
  assert.equal((await send('DELETE', p)).status, 204);
  assert.equal((await get(p)).status, 404);
});

test('xAPI 1.0.3 §1.1: HEAD of an agent profile answers like GET without a body', async () => {
  const p = fresh();
  await post(p, { a: 1 });
  const res = await send('HEAD', p);
  assert.equal(res.status, 200);
  assert.ok(res.headers.get('ETag'));
  assert.equal(await res.text(), '');
});

test('xAPI 1.0.3 §2.2.s7: POST merges JSON agent profiles at the top level', async () => {
  const p = fresh();
  await post(p, { car: 'Honda', seats: { front: 2 } });
  await post(p, { type: 'Civic', seats: { back: 3 } });
  assert.deepEqual(await (await get(p)).json(), { car: 'Honda', type: 'Civic', seats: { back: 3 } });
});

test('xAPI 1.0.3 §2.2.s8.b1: POST of invalid JSON, or of non-JSON onto a JSON profile, is 400 and changes nothing', async () => {
  const p = fresh();
  await post(p, { keep: 1 });
  await expect400(await send('POST', p, '{"a":1}{', JSON_TYPE), /JSON/);
  await expect400(await send('POST', p, 'abcdefg', { 'Content-Type': 'not/json' }), /application\/json/);
  assert.deepEqual(await (await get(p)).json(), { keep: 1 });
});

test('xAPI 1.0.3 §2.6.s4: GET without profileId returns the agent\'s profile ids; since limits them', async () => {
  const p = fresh();
  await post({ ...p, profileId: 'before' }, {});
  await sleep(50);
  const since = new Date().toISOString();
  await sleep(50);
  await post({ ...p, profileId: 'after' }, {});
  await post({ agent: { mbox: `mailto:${uid()}@champa.test` }, profileId: 'other-agent' }, {});
  assert.deepEqual(((await (await get(listOf(p))).json()) as string[]).sort(), ['after', 'before']);
  assert.deepEqual(await (await get({ ...listOf(p), since })).json(), ['after']);
  await expect400(await get({ ...listOf(p), since: 'true' }), /since/);
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

for (const [version, headers] of [['1.0.3', V1], ['2.0.0', {}]] as const) {
  test(`xAPI ${version === '1.0.3' ? '1.0.3 §3.1.s4.b13–b15' : '2.0.0 §4.1.4'}: PUT without If-Match/If-None-Match over an existing agent profile is 409 (${version}) and changes nothing`, async () => {
    const p = fresh();
    await post(p, { v: 1 }, headers);
    const res = await put(p, { v: 2 }, headers);
    assert.equal(res.status, 409);
    assert.match(await res.text(), /If-Match/);
    assert.deepEqual(await (await get(p)).json(), { v: 1 });
    const etag = (await get(p)).headers.get('ETag')!;
    assert.equal((await put(p, { v: 2 }, { ...headers, 'If-Match': etag })).status, 204, 'with If-Match it goes through');
    assert.deepEqual(await (await get(p)).json(), { v: 2 });
  });
}

test('xAPI 2.0.0 §4.1.4: two writers racing with the same If-Match on an agent profile — exactly one wins; a stale DELETE is 412', async () => {
  const p = fresh();
  await post(p, { v: 0 });
  const etag = (await get(p)).headers.get('ETag')!;
  const results = await Promise.all([post(p, { a: 1 }, { 'If-Match': etag }), put(p, { b: 1 }, { 'If-Match': etag })]);
  assert.deepEqual(results.map((r) => r.status).sort(), [204, 412]);
  assert.equal((await send('DELETE', p, undefined, { 'If-Match': etag })).status, 412);
  assert.equal((await get(p)).status, 200);
});

test('xAPI 1.0.3 §4.2 scopes: "profile" may read and write agent profiles; "state" and "statements/write" get 403; "all/read" may only read', async () => {
  const p = fresh();
  assert.equal((await send('PUT', p, '{}', JSON_TYPE, 'profile')).status, 204);
  assert.equal((await send('GET', p, undefined, {}, 'profile')).status, 200);
  assert.equal((await send('GET', p, undefined, {}, 'allRead')).status, 200);
  for (const who of ['state', 'write', 'allRead'] as const) {
    const q = fresh();
    assert.equal((await send('POST', q, '{}', JSON_TYPE, who)).status, 403, `${who} POST`);
    assert.equal((await send('DELETE', p, undefined, {}, who)).status, 403, `${who} DELETE`);
    assert.equal((await get(q)).status, 404);
  }
  assert.equal((await send('GET', p, undefined, {}, 'state')).status, 403);
  assert.equal((await get(p)).status, 200);
});

test('xAPI 1.0.3 §3.2.s3.b11: an agent profile larger than 1 MB is 413', async () => {
  const p = fresh();
  assert.equal((await send('POST', p, 'x'.repeat(1024 * 1024 + 1), { 'Content-Type': 'text/plain' })).status, 413);
  assert.equal((await get(p)).status, 404);
});

test('xAPI 1.0.3 §4: a request without credentials is 401', async () => {
  const res = await t.fetch(url(fresh()), { method: 'DELETE', headers: { 'X-Experience-API-Version': '1.0.3' } });
  assert.equal(res.status, 401);
});
