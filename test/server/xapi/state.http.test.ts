import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startTarget, uid, type Target } from '../../support/target.js';
import { basicHeader, type CredentialName } from '../../support/credentials.js';

// State Resource: xAPI 1.0.3 Communication §2.2–2.3, §3.1; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.4, §4.1.6.2.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const PATH = '/xapi/activities/state';
const V1 = { 'X-Experience-API-Version': '1.0.3' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

interface Ctx { activityId: string; agent: Record<string, unknown>; registration?: string; stateId?: string; since?: string; [k: string]: unknown }

function fresh(extra: Partial<Ctx> = {}): Ctx {
  return {
    activityId: `https://champa.test/activities/${uid()}`,
    agent: { objectType: 'Agent', account: { homePage: 'https://champa.test', name: uid() } },
    stateId: `bookmark-${uid()}`,
    ...extra,
  };
}

function url(p: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return `${PATH}?${q}`;
}

const sha1 = (data: string | Uint8Array) => createHash('sha1').update(data).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function send(method: string, p: Record<string, unknown>, body?: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, who: CredentialName = 'all') {
  return t.as(who, url(p), { method, body, headers });
}
const put = (p: Ctx, doc: unknown, headers: Record<string, string> = {}) => send('PUT', { ...p }, JSON.stringify(doc), { ...JSON_TYPE, ...headers });
const post = (p: Ctx, doc: unknown, headers: Record<string, string> = {}) => send('POST', { ...p }, JSON.stringify(doc), { ...JSON_TYPE, ...headers });
const get = (p: Record<string, unknown>, headers: Record<string, string> = {}) => send('GET', p, undefined, headers);

async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

async function expect400(res: Response, mentions: RegExp): Promise<void> {
  assert.equal(res.status, 400);
  assert.match(await errorOf(res), mentions);
}

// ---------------------------------------------------------------------------------------
// Single document

test('xAPI 2.0.0 §4.1.6.2 / 1.0.3 §2.3: PUT stores a state document (204) and GET returns it with its Content-Type', async () => {
  const p = fresh();
  const doc = { bookmark: 'lesson-3', answers: [1, 2] };
  const res = await put(p, doc);
  assert.equal(res.status, 204);
  const got = await get(p);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('Content-Type'), 'application/json');
  assert.deepEqual(await got.json(), doc);
});

test('xAPI 1.0.3 §3.1.s4.b1–b4: GET carries an ETag that is the quoted lower-case SHA-1 of the content, and the PUT response carries the same', async () => {
  const p = fresh();
  const body = JSON.stringify({ x: 'ຂໍ້ມູນ' });
  const res = await send('PUT', { ...p }, body, JSON_TYPE);
  assert.equal(res.headers.get('ETag'), `"${sha1(body)}"`);
  const got = await get(p);
  assert.equal(got.headers.get('ETag'), `"${sha1(body)}"`);
  assert.equal(await got.text(), body);
});

test('xAPI 2.0.0 §4.1.6.2: GET of a single document carries Last-Modified, and it moves forward when the document changes', async () => {
  const p = fresh();
  await post(p, { a: 1 });
  const first = Date.parse((await get(p)).headers.get('Last-Modified') ?? '');
  assert.ok(!Number.isNaN(first), 'Last-Modified is an HTTP date');
  assert.ok(Math.abs(first - Date.now()) < 120_000, 'Last-Modified is about now');
  await sleep(1100); // HTTP dates have one-second resolution
  await post(p, { b: 2 });
  const second = Date.parse((await get(p)).headers.get('Last-Modified') ?? '');
  assert.ok(second > first);
});

test('xAPI 1.0.3 §1.5.b1 / 2.0.0 §4.1.3: any content type is stored as bytes — a binary document round-trips exactly', async () => {
  const p = fresh();
  const bytes = new Uint8Array(randomBytes(4096));
  bytes[0] = 0; bytes[1] = 0xff; bytes[2] = 0xfe; // not UTF-8
  const res = await send('PUT', { ...p }, bytes, { 'Content-Type': 'application/octet-stream' });
  assert.equal(res.status, 204);
  const got = await get(p);
  assert.equal(got.headers.get('Content-Type'), 'application/octet-stream');
  assert.equal(got.headers.get('ETag'), `"${sha1(bytes)}"`);
  assert.deepEqual(new Uint8Array(await got.arrayBuffer()), bytes);
});

test('xAPI 1.0.3 §1.5.b1: a text document keeps its Content-Type, parameters included', async () => {
  const p = fresh();
  await send('PUT', { ...p }, 'ສະບາຍດີ', { 'Content-Type': 'text/plain; charset=utf-8' });
  const got = await get(p);
  assert.equal(got.headers.get('Content-Type'), 'text/plain; charset=utf-8');
  assert.equal(await got.text(), 'ສະບາຍດີ');
});

test('xAPI 1.0.3 §3.2.s2.b4: GET of a state document that does not exist is 404', async () => {
  const res = await get(fresh());
  assert.equal(res.status, 404);
  assert.match(await errorOf(res), /stateId/);
});

test('xAPI 1.0.3 §2.3.s3: DELETE removes the single document (204), and GET then answers 404', async () => {
  const p = fresh();
  const other = { ...p, stateId: `other-${uid()}` };
  await put(p, { a: 1 });
  await put(other, { b: 1 });
  const res = await send('DELETE', { ...p });
  assert.equal(res.status, 204);
  assert.equal((await get(p)).status, 404);
  assert.equal((await get(other)).status, 200, 'a sibling document is untouched');
});

test('xAPI 1.0.3 §2.3.s3: DELETE of a document that does not exist is still 204', async () => {
  assert.equal((await send('DELETE', { ...fresh() })).status, 204);
});

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

// ---------------------------------------------------------------------------------------
// HEAD

test('xAPI 1.0.3 §1.1 / 2.0.0 §4.1.2: HEAD answers like GET without a body — single document', async () => {
  const p = fresh();
  const body = JSON.stringify({ a: 1 });
  await send('PUT', { ...p }, body, JSON_TYPE);
  const res = await send('HEAD', { ...p });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('ETag'), `"${sha1(body)}"`);
  assert.equal(res.headers.get('Content-Type'), 'application/json');
  assert.ok(res.headers.get('Last-Modified'));
  assert.equal(await res.text(), '');
  assert.equal((await send('HEAD', { ...fresh() })).status, 404);
});

test('xAPI 1.0.3 §1.1: HEAD answers like GET without a body — list of ids', async () => {
  const p = fresh();
  await put(p, { a: 1 });
  const { stateId: _, ...list } = p;
  const res = await send('HEAD', list);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Content-Type'), 'application/json');
  assert.equal(await res.text(), '');
});

// ---------------------------------------------------------------------------------------
// JSON merge (1.0.3 §2.2.s7–s8, 2.0.0 §4.1.6)

test('xAPI 1.0.3 §2.2.s7: POST of a document that does not exist stores it as a PUT would', async () => {
  const p = fresh();
  assert.equal((await post(p, { car: 'Honda' })).status, 204);
  assert.deepEqual(await (await get(p)).json(), { car: 'Honda' });
});

test('xAPI 1.0.3 §2.2.s7.b1–b3: POST merges top-level properties into the stored JSON document; nested objects are replaced whole', async () => {
  const p = fresh();
  await post(p, { x: 'foo', y: 'bar', nested: { a: 1, b: 2 } });
  const res = await post(p, { x: 'bash', z: 'faz', nested: { c: 3 } });
  assert.equal(res.status, 204);
  assert.deepEqual(await (await get(p)).json(), { x: 'bash', y: 'bar', z: 'faz', nested: { c: 3 } });
});

test('xAPI 1.0.3 §2.2.s8.b1: POST of non-JSON content onto a stored JSON document is 400 and changes nothing', async () => {
  const p = fresh();
  await post(p, { keep: true });
  const res = await send('POST', { ...p }, 'abcdefg', { 'Content-Type': 'text/plain' });
  await expect400(res, /Content-Type|application\/json/);
  assert.deepEqual(await (await get(p)).json(), { keep: true });
});

test('xAPI 1.0.3 §2.2.s8.b1: POST of JSON onto a stored non-JSON document is 400 and changes nothing', async () => {
  const p = fresh();
  await send('PUT', { ...p }, '/ asdf / undefined', { 'Content-Type': 'application/octet-stream' });
  const res = await post(p, { merge: 'me' });
  await expect400(res, /application\/octet-stream/);
  const got = await get(p);
  assert.equal(got.headers.get('Content-Type'), 'application/octet-stream');
  assert.equal(await got.text(), '/ asdf / undefined');
});

test('xAPI 1.0.3 §2.2.s8.b1: POST whose application/json content does not parse is 400 and changes nothing', async () => {
  const p = fresh();
  await post(p, { keep: 1 });
  const res = await send('POST', { ...p }, '{"broken": ', JSON_TYPE);
  await expect400(res, /content.*JSON/);
  assert.deepEqual(await (await get(p)).json(), { keep: 1 });
});

test('xAPI 1.0.3 §2.2.s8.b1: POST of a JSON value that is not an object (array, number) is 400', async () => {
  const p = fresh();
  await post(p, { keep: 1 });
  await expect400(await send('POST', { ...p }, '[1,2]', JSON_TYPE), /JSON object/);
  await expect400(await send('POST', { ...p }, '42', JSON_TYPE), /JSON object/);
  assert.deepEqual(await (await get(p)).json(), { keep: 1 });
});

test('xAPI 1.0.3 §2.2.s8.b1: POST onto a stored JSON document that is not an object (an array) is 400', async () => {
  const p = fresh();
  await send('PUT', { ...p }, '[1,2,3]', JSON_TYPE);
  await expect400(await post(p, { a: 1 }), /not an object/);
  assert.deepEqual(await (await get(p)).json(), [1, 2, 3]);
});

test('xAPI 1.0.3 §2.2.s4.b2: a POST creating a new non-JSON document is accepted (the LRS does not judge document contents)', async () => {
  const p = fresh();
  const res = await send('POST', { ...p }, 'true', { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(res.status, 204);
  assert.equal(await (await get(p)).text(), 'true');
});

test('xAPI 1.0.3 §2.2.s7: merged documents keep property names such as __proto__ as data', async () => {
  const p = fresh();
  await post(p, { a: 1 });
  await send('POST', { ...p }, '{"__proto__": {"polluted": true}, "b": 2}', JSON_TYPE);
  const merged = JSON.parse(await (await get(p)).text()) as Record<string, unknown>;
  assert.equal(merged.a, 1);
  assert.equal(merged.b, 2);
  assert.deepEqual(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value, { polluted: true });
});

test('xAPI 1.0.3 §2.2.s7: a merge never loses an update — concurrent POSTs with different keys all land', async () => {
  const p = fresh();
  await post(p, { start: true });
  const keys = Array.from({ length: 6 }, (_, i) => `k${i}`);
  const results = await Promise.all(keys.map((k) => post(p, { [k]: k })));
  assert.deepEqual(results.map((r) => r.status), keys.map(() => 204));
  const doc = (await (await get(p)).json()) as Record<string, unknown>;
  for (const k of keys) assert.equal(doc[k], k);
  assert.equal(doc.start, true);
});

// ---------------------------------------------------------------------------------------
// Multiple documents

test('xAPI 1.0.3 §2.3.s4: GET without stateId returns the array of state ids for the activity and agent', async () => {
  const p = fresh();
  const ids = [`a-${uid()}`, `b-${uid()}`];
  for (const stateId of ids) await put({ ...p, stateId }, { stateId });
  await put({ ...p, agent: { mbox: `mailto:${uid()}@champa.test` }, stateId: 'someone-else' }, {});
  await put({ ...p, activityId: `${p.activityId}/other`, stateId: 'other-activity' }, {});
  const { stateId: _, ...list } = p;
  const res = await get(list);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Content-Type'), 'application/json');
  assert.ok(res.headers.get('ETag'));
  assert.ok(res.headers.get('Last-Modified'), 'Last-Modified of the most recent document (1.0.3 §2.2.s6.b2)');
  assert.deepEqual(((await res.json()) as string[]).sort(), ids.sort());
});

test('xAPI 1.0.3 §2.3.s4: the ids of an unknown activity and agent are an empty array', async () => {
  const { stateId: _, ...list } = fresh();
  const res = await get(list);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), []);
});

test('xAPI 1.0.3 §2.3.s4: with a registration, only that registration\'s ids; without, every registration\'s', async () => {
  const p = fresh();
  const registration = uid();
  await put({ ...p, stateId: 'plain' }, {});
  await put({ ...p, stateId: 'registered', registration }, {});
  const { stateId: _, ...list } = p;
  assert.deepEqual(await (await get({ ...list, registration })).json(), ['registered']);
  assert.deepEqual(((await (await get(list)).json()) as string[]).sort(), ['plain', 'registered']);
});

test('xAPI 1.0.3 §2.3.s4.table1.row4: since returns only ids stored or updated after it (exclusive)', async () => {
  const p = fresh();
  await put({ ...p, stateId: 'old' }, { v: 1 });
  await put({ ...p, stateId: 'updated' }, { v: 1 });
  await sleep(50);
  const since = new Date().toISOString();
  await sleep(50);
  await put({ ...p, stateId: 'new' }, { v: 1 });
  await post({ ...p, stateId: 'updated' }, { v: 2 });
  const { stateId: _, ...list } = p;
  const ids = (await (await get({ ...list, since })).json()) as string[];
  assert.deepEqual(ids.sort(), ['new', 'updated']);
  const earlier = new Date(Date.parse(since) - 60_000).toISOString();
  assert.deepEqual(((await (await get({ ...list, since: earlier })).json()) as string[]).sort(), ['new', 'old', 'updated']);
  const later = new Date(Date.now() + 60_000).toISOString();
  assert.deepEqual(await (await get({ ...list, since: later })).json(), []);
});

test('xAPI 1.0.3 §2.3.s4: since with a time zone offset names the same instant', async () => {
  const p = fresh();
  await put(p, {});
  const { stateId: _, ...list } = p;
  const hourAgo = new Date(Date.now() - 3_600_000);
  // The same instant written at UTC+07:00 (Vientiane).
  const local = new Date(hourAgo.getTime() + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
  assert.deepEqual(await (await get({ ...list, since: local })).json(), [p.stateId]);
  const hourAhead = new Date(Date.now() + 3_600_000 + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
  assert.deepEqual(await (await get({ ...list, since: hourAhead })).json(), []);
});

test('xAPI 1.0.3 §2.3.s5: DELETE without stateId removes every state document of the activity and agent (all registrations)', async () => {
  const p = fresh();
  await put({ ...p, stateId: 'one' }, {});
  await put({ ...p, stateId: 'two', registration: uid() }, {});
  const keep = { ...p, agent: { mbox: `mailto:${uid()}@champa.test` }, stateId: 'keep' };
  await put(keep, {});
  const { stateId: _, ...list } = p;
  assert.equal((await send('DELETE', list)).status, 204);
  assert.deepEqual(await (await get(list)).json(), []);
  assert.equal((await get(keep)).status, 200, 'another agent\'s state is untouched');
});

test('xAPI 1.0.3 §2.3.s5: DELETE without stateId but with a registration removes only that registration\'s documents', async () => {
  const p = fresh();
  const registration = uid();
  await put({ ...p, stateId: 'plain' }, {});
  await put({ ...p, stateId: 'registered', registration }, {});
  const { stateId: _, ...list } = p;
  assert.equal((await send('DELETE', { ...list, registration })).status, 204);
  assert.deepEqual(await (await get(list)).json(), ['plain']);
});

// ---------------------------------------------------------------------------------------
// Parameter validation (1.0.3 §2.3 tables, §3.2.s3.b7–b8)

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

  test(`xAPI 1.0.3 §3.2.s3.b7–b8: ${method} with an unknown parameter, or one miscased, is 400 naming it`, async () => {
    await expect400(await send(method, { ...fresh(), color: 'red' }, body, headers), /color/);
    const { stateId, ...p } = fresh();
    await expect400(await send(method, { ...p, StateId: stateId }, body, headers), /StateId.*case/);
    await expect400(await send(method, { ...p, stateid: stateId }, body, headers), /stateid/);
  });

  test(`xAPI 1.0.3 §3.2.s3.b7: ${method} with a parameter given twice is 400`, async () => {
    const p = fresh();
    const res = await t.as('all', `${url(p)}&stateId=${uid()}`, { method, body, headers });
    await expect400(res, /stateId.*more than once/);
  });
}

for (const method of ['PUT', 'POST'] as const) {
  test(`xAPI 1.0.3 §2.3.s3.table1.row4: ${method} without stateId is 400 naming it`, async () => {
    const { stateId: _, ...p } = fresh();
    await expect400(await send(method, p, '{}', JSON_TYPE), /stateId/);
  });

  test(`xAPI 1.0.3 §3.2.s3.b7: since is not a parameter of ${method}`, async () => {
    await expect400(await send(method, { ...fresh(), since: new Date().toISOString() }, '{}', JSON_TYPE), /since/);
  });
}

test('xAPI 1.0.3 §2.3.s4.table1.row4: GET with a since that is not a timestamp is 400 naming it', async () => {
  const { stateId: _, ...p } = fresh();
  for (const since of ['not a timestamp', 'true', '2026-02-30T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01']) {
    await expect400(await get({ ...p, since }), /since/);
  }
});

test('xAPI 2.0.0 §4.2.7: since without a time zone is 400 in 2.0.0 and read as UTC in 1.0.3', async () => {
  const p = fresh();
  await put(p, {});
  const { stateId: _, ...list } = p;
  const naive = new Date(Date.now() - 60_000).toISOString().replace('Z', '');
  await expect400(await get({ ...list, since: naive }), /since/);
  const res = await get({ ...list, since: naive }, V1);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), [p.stateId]);
});

test('xAPI 1.0.3 §2.2.s8.b1 / §3.2.s3.b6: PUT whose application/json content does not parse is 400 and stores nothing', async () => {
  const p = fresh();
  await expect400(await send('PUT', { ...p }, '{"a":', JSON_TYPE), /JSON/);
  assert.equal((await get(p)).status, 404);
});

test('xAPI 2.0.0 §4.1.5: a rejected write changes nothing — an invalid registration on PUT stores no document anywhere', async () => {
  const p = fresh();
  await expect400(await put({ ...p, registration: 'nope' }, { a: 1 }), /registration/);
  const { stateId: _, ...list } = p;
  assert.deepEqual(await (await get(list)).json(), []);
});

// ---------------------------------------------------------------------------------------
// Size limit (1.0.3 §3.2.s3.b11)

test('xAPI 1.0.3 §3.2.s3.b11: a document larger than the limit (1 MB) is refused with 413 and not stored', async () => {
  const p = fresh();
  const big = new Uint8Array(1024 * 1024 + 1).fill(0x61);
  const res = await send('PUT', { ...p }, big, { 'Content-Type': 'text/plain' });
  assert.equal(res.status, 413);
  assert.equal((await get(p)).status, 404);
  const ok = await send('PUT', { ...p }, big.subarray(0, 1024 * 1024), { 'Content-Type': 'text/plain' });
  assert.equal(ok.status, 204, 'exactly 1 MB is accepted');
  assert.equal((await send('POST', { ...p, stateId: uid() }, big, { 'Content-Type': 'text/plain' })).status, 413);
});

// ---------------------------------------------------------------------------------------
// Credentials (1.0.3 §3.2.s3.b10, §4.2 scopes)

test('xAPI 1.0.3 §4: a request without credentials is 401', async () => {
  const p = fresh();
  const res = await t.fetch(url(p), { method: 'PUT', body: '{}', headers: { ...JSON_TYPE, 'X-Experience-API-Version': '2.0.0' } });
  assert.equal(res.status, 401);
});

test('xAPI 1.0.3 §4.2 scopes: "state" may read and write state; "profile" and "statements/write" get 403 and write nothing', async () => {
  const p = fresh();
  assert.equal((await send('PUT', { ...p }, '{"a":1}', JSON_TYPE, 'state')).status, 204);
  assert.equal((await send('GET', { ...p }, undefined, {}, 'state')).status, 200);
  for (const who of ['profile', 'write', 'define'] as const) {
    const q = fresh();
    assert.equal((await send('PUT', { ...q }, '{}', JSON_TYPE, who)).status, 403, `${who} PUT`);
    assert.equal((await send('POST', { ...q }, '{}', JSON_TYPE, who)).status, 403, `${who} POST`);
    assert.equal((await send('GET', { ...p }, undefined, {}, who)).status, 403, `${who} GET`);
    assert.equal((await send('DELETE', { ...p }, undefined, {}, who)).status, 403, `${who} DELETE`);
    assert.equal((await get(q)).status, 404, `${who} wrote nothing`);
  }
  assert.equal((await get(p)).status, 200, 'nothing was deleted');
});

test('xAPI 1.0.3 §4.2 scopes: "all/read" may GET state but not write it', async () => {
  const p = fresh();
  await put(p, { a: 1 });
  assert.equal((await send('GET', { ...p }, undefined, {}, 'allRead')).status, 200);
  const { stateId: _, ...list } = p;
  assert.equal((await send('GET', list, undefined, {}, 'allRead')).status, 200);
  assert.equal((await send('PUT', { ...p }, '{}', JSON_TYPE, 'allRead')).status, 403);
  assert.equal((await send('DELETE', list, undefined, {}, 'allRead')).status, 403);
  assert.deepEqual(await (await get(p)).json(), { a: 1 });
});

// ---------------------------------------------------------------------------------------
// Concurrency (1.0.3 §3.1, 2.0.0 §4.1.4)

async function etagOf(p: Ctx): Promise<string> {
  const etag = (await get(p)).headers.get('ETag');
  assert.ok(etag);
  return etag;
}

test('xAPI 2.0.0 §4.1.4: PUT with If-Match holding the current ETag replaces the document', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const res = await put(p, { v: 2 }, { 'If-Match': await etagOf(p) });
  assert.equal(res.status, 204);
  assert.deepEqual(await (await get(p)).json(), { v: 2 });
});

test('xAPI 2.0.0 §4.1.4 / 1.0.3 §3.1.s4.b9–b10: PUT with a stale If-Match is 412 and changes nothing', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const stale = await etagOf(p);
  await post(p, { v: 2 });
  assert.equal((await put(p, { v: 3 }, { 'If-Match': stale })).status, 412);
  assert.equal((await put(p, { v: 3 }, { 'If-Match': '"1111111111111111111111111111111111111111"' })).status, 412);
  assert.equal((await put(p, { v: 3 }, { 'If-Match': '1234' })).status, 412);
  assert.deepEqual(await (await get(p)).json(), { v: 2 });
});

test('xAPI 2.0.0 §4.1.4: If-Match on a document that does not exist is 412 and stores nothing', async () => {
  const p = fresh();
  assert.equal((await put(p, { v: 1 }, { 'If-Match': '"1111111111111111111111111111111111111111"' })).status, 412);
  assert.equal((await put(p, { v: 1 }, { 'If-Match': '*' })).status, 412);
  assert.equal((await get(p)).status, 404);
});

test('xAPI 1.0.3 §3.1.s4.b6: PUT with If-None-Match: * creates a new document but is 412 when one exists', async () => {
  const p = fresh();
  assert.equal((await put(p, { v: 1 }, { 'If-None-Match': '*' })).status, 204);
  assert.equal((await put(p, { v: 2 }, { 'If-None-Match': '*' })).status, 412);
  assert.deepEqual(await (await get(p)).json(), { v: 1 });
});

test('xAPI 2.0.0 §4.1.4: POST with a stale If-Match is 412 and does not merge; with the current one it merges', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const current = await etagOf(p);
  assert.equal((await post(p, { w: 1 }, { 'If-Match': '"0000000000000000000000000000000000000000"' })).status, 412);
  assert.deepEqual(await (await get(p)).json(), { v: 1 });
  assert.equal((await post(p, { w: 1 }, { 'If-Match': current })).status, 204);
  assert.deepEqual(await (await get(p)).json(), { v: 1, w: 1 });
});

test('xAPI 1.0.3 §3.1.s4.b8: POST with If-None-Match: * is 412 when the document exists', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  assert.equal((await post(p, { w: 1 }, { 'If-None-Match': '*' })).status, 412);
  assert.deepEqual(await (await get(p)).json(), { v: 1 });
});

test('xAPI 2.0.0 §4.1.4: DELETE with a stale If-Match is 412 and keeps the document; with the current one it deletes', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const current = await etagOf(p);
  assert.equal((await send('DELETE', { ...p }, undefined, { 'If-Match': '"1234"' })).status, 412);
  assert.equal((await get(p)).status, 200);
  assert.equal((await send('DELETE', { ...p }, undefined, { 'If-Match': current })).status, 204);
  assert.equal((await get(p)).status, 404);
});

test('xAPI 1.0.3 §3.1.s4.b5: If-Match accepts a list of ETags and a weak or unquoted form of the current one', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const current = await etagOf(p);
  assert.equal((await put(p, { v: 2 }, { 'If-Match': `"abc", ${current}` })).status, 204);
  const next = (await etagOf(p)).replaceAll('"', '');
  assert.equal((await put(p, { v: 3 }, { 'If-Match': next })).status, 204);
  assert.equal((await put(p, { v: 4 }, { 'If-Match': `W/${await etagOf(p)}` })).status, 204);
  assert.deepEqual(await (await get(p)).json(), { v: 4 });
});

test('xAPI 1.0.3 §3.1.s3: in 1.0.3 the State Resource permits a PUT without concurrency headers over an existing document', async () => {
  const p = fresh();
  await put(p, { v: 1 }, V1);
  const res = await put(p, { v: 2 }, V1);
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('X-Experience-API-Version'), '1.0.3');
  assert.deepEqual(await (await get(p)).json(), { v: 2 });
});

test('xAPI 2.0.0 §4.1.4: in 2.0.0 a PUT without If-Match or If-None-Match over an existing state document is 409 with an explanation, and changes nothing', async () => {
  const p = fresh();
  await put(p, { v: 1 });
  const res = await put(p, { v: 2 });
  assert.equal(res.status, 409);
  const text = await res.text();
  assert.match(text, /If-Match/);
  assert.match(text, /ETag/);
  assert.deepEqual(await (await get(p)).json(), { v: 1 });
});

test('xAPI 2.0.0 §4.1.4: POST without concurrency headers is still accepted in 2.0.0 (merge)', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  assert.equal((await post(p, { w: 2 })).status, 204);
});

test('xAPI 2.0.0 §4.1.4: two writers racing with the same If-Match — exactly one wins, the other gets 412', async () => {
  const p = fresh();
  await post(p, { v: 0 });
  const etag = await etagOf(p);
  const results = await Promise.all([
    put(p, { winner: 'A' }, { 'If-Match': etag }),
    put(p, { winner: 'B' }, { 'If-Match': etag }),
    post(p, { winner: 'C' }, { 'If-Match': etag }),
  ]);
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [204, 412, 412]);
  const winner = ['A', 'B', 'C'][results.findIndex((r) => r.status === 204)];
  assert.equal(((await (await get(p)).json()) as { winner: string }).winner, winner);
});

test('xAPI 2.0.0 §4.1.4: two writers racing to create with If-None-Match: * — exactly one wins', async () => {
  const p = fresh();
  const results = await Promise.all([put(p, { w: 'A' }, { 'If-None-Match': '*' }), put(p, { w: 'B' }, { 'If-None-Match': '*' })]);
  assert.deepEqual(results.map((r) => r.status).sort(), [204, 412]);
});

test('RFC 7232 §3.2: GET with If-None-Match holding the current ETag is 304 without a body', async () => {
  const p = fresh();
  await post(p, { v: 1 });
  const etag = await etagOf(p);
  const res = await get(p, { 'If-None-Match': etag });
  assert.equal(res.status, 304);
  assert.equal(res.headers.get('ETag'), etag);
  assert.equal(await res.text(), '');
  assert.equal((await get(p, { 'If-None-Match': '"other"' })).status, 200);
});

// ---------------------------------------------------------------------------------------
// Versions and the 1.0.3 alternate request syntax

test('xAPI 1.0.3 §3.3: state responses carry X-Experience-API-Version for the version asked', async () => {
  const p = fresh();
  assert.equal((await put(p, {}, V1)).headers.get('X-Experience-API-Version'), '1.0.3');
  assert.equal((await get(p)).headers.get('X-Experience-API-Version'), '2.0.0');
});

test('xAPI 1.0.3 §1.3: the alternate request syntax stores and reads a state document', async () => {
  const p = fresh();
  const form = new URLSearchParams({
    Authorization: basicHeader('all'),
    activityId: p.activityId,
    agent: JSON.stringify(p.agent),
    stateId: p.stateId!,
    'Content-Type': 'application/json',
    'X-Experience-API-Version': '1.0.3',
    content: JSON.stringify({ via: 'form' }),
  });
  const res = await t.fetch(`${PATH}?method=PUT`, {
    method: 'POST',
    body: form.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...V1 },
  });
  assert.equal(res.status, 204);
  assert.deepEqual(await (await get(p, V1)).json(), { via: 'form' });
});
