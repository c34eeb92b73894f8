// The cases the three xAPI document resources share — State, Activity Profile, Agent Profile
// (xAPI 1.0.3 Communication §2.2, §3.1–3.3; 2.0.0 §4.1.4, §4.1.6): one document's bytes, ETag and
// Last-Modified, HEAD, JSON merge on POST, id lists and since, the size limit, preconditions
// (If-Match, If-None-Match, 409, 412, 304) and scopes. Each resource's *.http.test.ts describes
// itself, calls documentApiCases() and keeps only the cases of its own parameters. Not a test
// file: importing it registers nothing; documentClient() and documentApiCases() do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startTarget, uid, type Target } from '../../support/target.js';
import { basicHeader, CREDENTIALS, type CredentialName } from '../../support/credentials.js';

export type Params = Record<string, unknown>;
type Headers = Record<string, string>;

export interface DocumentResource {
  /** e.g. /xapi/activities/state */
  path: string;
  /** The resource's document in test names: "state document", "activity profile". */
  noun: string;
  /** The parameter naming one document. */
  id: 'stateId' | 'profileId';
  /** Whose documents one id list holds: "activity and agent", "activity", "agent". */
  owner: string;
  /** The resource's section in xAPI 1.0.3 Communication (§2.3, §2.7, §2.6) and in 2.0.0 (§4.1.6.x). */
  v1: string;
  v2: string;
  /** Where 1.0.3 defines the since parameter of the resource's id list. */
  sinceCite: string;
  /** Parameters of one document no other test uses. */
  fresh(): Params;
  /** Documents next to `p` (another activity, another agent) that p's id list must not name. */
  neighbours(p: Params): Params[];
  /** The scope that reads and writes these documents, and the credentials it refuses. */
  scope: CredentialName;
  refused: readonly CredentialName[];
  /** xAPI 1.0.3 §3.1: only the State Resource permits a PUT without concurrency headers over a document. */
  blindPutIn103?: boolean;
}

export const V1 = { 'X-Experience-API-Version': '1.0.3' };
export const JSON_TYPE = { 'Content-Type': 'application/json' };
export const sha1 = (data: string | Uint8Array) => createHash('sha1').update(data).digest('hex');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

export async function expect400(res: Response, mentions: RegExp): Promise<void> {
  assert.equal(res.status, 400);
  assert.match(await errorOf(res), mentions);
}

export type DocumentClient = ReturnType<typeof documentClient>;

/** A target for the file (started before its tests, closed after) and request helpers for one resource. */
export function documentClient(resource: DocumentResource) {
  let target: Target | undefined;
  before(async () => { target = await startTarget(); });
  after(async () => { await target?.close(); });
  const t = () => target!;

  function url(p: Params): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) if (v !== undefined) q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    return `${resource.path}?${q}`;
  }
  function send(method: string, p: Params, body?: string | Uint8Array<ArrayBuffer>, headers: Headers = {}, who: CredentialName = 'all') {
    return t().as(who, url(p), { method, body, headers });
  }
  const put = (p: Params, doc: unknown, headers: Headers = {}) => send('PUT', p, JSON.stringify(doc), { ...JSON_TYPE, ...headers });
  const post = (p: Params, doc: unknown, headers: Headers = {}) => send('POST', p, JSON.stringify(doc), { ...JSON_TYPE, ...headers });
  const get = (p: Params, headers: Headers = {}) => send('GET', p, undefined, headers);
  /** The parameters of p's id list: p without its document id. */
  const listOf = (p: Params): Params => Object.fromEntries(Object.entries(p).filter(([k]) => k !== resource.id));
  async function etagOf(p: Params): Promise<string> {
    const etag = (await get(p)).headers.get('ETag');
    assert.ok(etag);
    return etag;
  }
  return { resource, t, url, send, put, post, get, listOf, etagOf };
}

/** Registers the shared document-API cases for the client's resource. */
export function documentApiCases(api: DocumentClient): void {
  const { resource: r, t, url, send, put, post, get, listOf, etagOf } = api;
  const { noun, id } = r;
  const fresh = () => r.fresh();
  const nouns = `${noun}s`;

  // -------------------------------------------------------------------------------------
  // Single document

  test(`xAPI 1.0.3 ${r.v1}.s3 / 2.0.0 ${r.v2}: PUT with If-None-Match: * stores a ${noun} (204); GET returns it with Content-Type, quoted SHA-1 ETag and Last-Modified`, async () => {
    const p = fresh();
    const doc = { bookmark: 'lesson-3', answers: [1, 2] };
    const body = JSON.stringify(doc);
    const res = await send('PUT', p, body, { ...JSON_TYPE, 'If-None-Match': '*' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('ETag'), `"${sha1(body)}"`);
    const got = await get(p);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('Content-Type'), 'application/json');
    assert.equal(got.headers.get('ETag'), `"${sha1(body)}"`);
    assert.ok(!Number.isNaN(Date.parse(got.headers.get('Last-Modified') ?? '')));
    const text = await got.text();
    assert.equal(text, body);
    assert.deepEqual(JSON.parse(text), doc);
  });

  test(`xAPI 1.0.3 ${r.v1}.s3: a PUT creating a new ${noun} needs no concurrency header`, async () => {
    const p = fresh();
    assert.equal((await put(p, { a: 1 })).status, 204);
    assert.deepEqual(await (await get(p)).json(), { a: 1 });
  });

  test('xAPI 1.0.3 §3.1.s4.b1–b4: GET carries an ETag that is the quoted lower-case SHA-1 of the content, and the PUT response carries the same', async () => {
    const p = fresh();
    const body = JSON.stringify({ x: 'ຂໍ້ມູນ' });
    const res = await send('PUT', p, body, JSON_TYPE);
    assert.equal(res.headers.get('ETag'), `"${sha1(body)}"`);
    const got = await get(p);
    assert.equal(got.headers.get('ETag'), `"${sha1(body)}"`);
    assert.equal(await got.text(), body);
  });

  test(`xAPI 2.0.0 ${r.v2}: GET of a single document carries Last-Modified, and it moves forward when the document changes`, async () => {
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
    const res = await send('PUT', p, bytes, { 'Content-Type': 'application/octet-stream' });
    assert.equal(res.status, 204);
    const got = await get(p);
    assert.equal(got.headers.get('Content-Type'), 'application/octet-stream');
    assert.equal(got.headers.get('ETag'), `"${sha1(bytes)}"`);
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), bytes);
  });

  test('xAPI 1.0.3 §1.5.b1: a text document keeps its Content-Type, parameters included', async () => {
    const p = fresh();
    await send('PUT', p, 'ສະບາຍດີ', { 'Content-Type': 'text/plain; charset=utf-8' });
    const got = await get(p);
    assert.equal(got.headers.get('Content-Type'), 'text/plain; charset=utf-8');
    assert.equal(await got.text(), 'ສະບາຍດີ');
  });

  test(`xAPI 1.0.3 §3.2.s2.b4 / ${r.v1}.s3: GET of a ${noun} that does not exist is 404`, async () => {
    const res = await get(fresh());
    assert.equal(res.status, 404);
    assert.match(await errorOf(res), new RegExp(id));
  });

  test(`xAPI 1.0.3 ${r.v1}.s3: DELETE removes the single document (204), and GET then answers 404`, async () => {
    const p = fresh();
    const other = { ...p, [id]: `other-${uid()}` };
    await put(p, { a: 1 });
    await put(other, { b: 1 });
    const res = await send('DELETE', p);
    assert.equal(res.status, 204);
    assert.equal((await get(p)).status, 404);
    assert.equal((await get(other)).status, 200, 'a sibling document is untouched');
  });

  test(`xAPI 1.0.3 ${r.v1}.s3: DELETE of a document that does not exist is still 204`, async () => {
    assert.equal((await send('DELETE', fresh())).status, 204);
  });

  // -------------------------------------------------------------------------------------
  // HEAD

  test('xAPI 1.0.3 §1.1 / 2.0.0 §4.1.2: HEAD answers like GET without a body — single document', async () => {
    const p = fresh();
    const body = JSON.stringify({ a: 1 });
    await send('PUT', p, body, JSON_TYPE);
    const res = await send('HEAD', p);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('ETag'), `"${sha1(body)}"`);
    assert.equal(res.headers.get('Content-Type'), 'application/json');
    assert.ok(res.headers.get('Last-Modified'));
    assert.equal(await res.text(), '');
    assert.equal((await send('HEAD', fresh())).status, 404);
  });

  test('xAPI 1.0.3 §1.1: HEAD answers like GET without a body — list of ids', async () => {
    const p = fresh();
    await put(p, { a: 1 });
    const res = await send('HEAD', listOf(p));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Content-Type'), 'application/json');
    assert.equal(await res.text(), '');
  });

  // -------------------------------------------------------------------------------------
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
    await expect400(await send('POST', p, 'abcdefg', { 'Content-Type': 'text/plain' }), /Content-Type|application\/json/);
    await expect400(await send('POST', p, 'abc', { 'Content-Type': 'not/json' }), /application\/json/);
    assert.deepEqual(await (await get(p)).json(), { keep: true });
  });

  test('xAPI 1.0.3 §2.2.s8.b1: POST of JSON onto a stored non-JSON document is 400 and changes nothing', async () => {
    const p = fresh();
    await send('PUT', p, '/ asdf / undefined', { 'Content-Type': 'application/octet-stream' });
    await expect400(await post(p, { merge: 'me' }), /application\/octet-stream/);
    const got = await get(p);
    assert.equal(got.headers.get('Content-Type'), 'application/octet-stream');
    assert.equal(await got.text(), '/ asdf / undefined');
    const q = fresh();
    await send('PUT', q, 'plain', { 'Content-Type': 'text/plain' });
    await expect400(await post(q, { a: 1 }), /text\/plain/);
    assert.equal(await (await get(q)).text(), 'plain');
  });

  test('xAPI 1.0.3 §2.2.s8.b1: POST whose application/json content does not parse is 400 and changes nothing', async () => {
    const p = fresh();
    await post(p, { keep: 1 });
    await expect400(await send('POST', p, '{"broken": ', JSON_TYPE), /content.*JSON/);
    await expect400(await send('POST', p, '{"a":1}{', JSON_TYPE), /JSON/);
    assert.deepEqual(await (await get(p)).json(), { keep: 1 });
  });

  test('xAPI 1.0.3 §2.2.s8.b1: POST of a JSON value that is not an object (array, number) is 400', async () => {
    const p = fresh();
    await post(p, { keep: 1 });
    await expect400(await send('POST', p, '[1,2]', JSON_TYPE), /JSON object/);
    await expect400(await send('POST', p, '42', JSON_TYPE), /JSON object/);
    assert.deepEqual(await (await get(p)).json(), { keep: 1 });
  });

  test('xAPI 1.0.3 §2.2.s8.b1: POST onto a stored JSON document that is not an object (an array) is 400', async () => {
    const p = fresh();
    await send('PUT', p, '[1,2,3]', JSON_TYPE);
    await expect400(await post(p, { a: 1 }), /not an object/);
    assert.deepEqual(await (await get(p)).json(), [1, 2, 3]);
  });

  test('xAPI 1.0.3 §2.2.s4.b2: a POST creating a new non-JSON document is accepted (the LRS does not judge document contents)', async () => {
    const p = fresh();
    const res = await send('POST', p, 'true', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 204);
    assert.equal(await (await get(p)).text(), 'true');
  });

  test('xAPI 1.0.3 §2.2.s7: merged documents keep property names such as __proto__ as data', async () => {
    const p = fresh();
    await post(p, { a: 1 });
    await send('POST', p, '{"__proto__": {"polluted": true}, "b": 2}', JSON_TYPE);
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
    assert.deepEqual(results.map((res) => res.status), keys.map(() => 204));
    const doc = (await (await get(p)).json()) as Record<string, unknown>;
    for (const k of keys) assert.equal(doc[k], k);
    assert.equal(doc.start, true);
  });

  // -------------------------------------------------------------------------------------
  // Lists of ids

  test(`xAPI 1.0.3 ${r.v1}.s4: GET without ${id} returns the array of ${noun} ids for the ${r.owner}`, async () => {
    const p = fresh();
    const ids = [`a-${uid()}`, `b-${uid()}`];
    for (const each of ids) await put({ ...p, [id]: each }, { each });
    for (const neighbour of r.neighbours(p)) await put(neighbour, {});
    const res = await get(listOf(p));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Content-Type'), 'application/json');
    assert.ok(res.headers.get('ETag'));
    assert.ok(res.headers.get('Last-Modified'), 'Last-Modified of the most recent document (1.0.3 §2.2.s6.b2)');
    assert.deepEqual(((await res.json()) as string[]).sort(), ids.sort());
  });

  test(`xAPI 1.0.3 ${r.v1}.s4: the ids of an unknown ${r.owner} are an empty array`, async () => {
    const res = await get(listOf(fresh()));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), []);
  });

  test(`xAPI 1.0.3 ${r.sinceCite}: since returns only ids stored or updated after it (exclusive)`, async () => {
    const p = fresh();
    await put({ ...p, [id]: 'old' }, { v: 1 });
    await put({ ...p, [id]: 'updated' }, { v: 1 });
    await sleep(50);
    const since = new Date().toISOString();
    await sleep(50);
    await put({ ...p, [id]: 'new' }, { v: 1 });
    await post({ ...p, [id]: 'updated' }, { v: 2 });
    const list = listOf(p);
    const ids = (await (await get({ ...list, since })).json()) as string[];
    assert.deepEqual(ids.sort(), ['new', 'updated']);
    const earlier = new Date(Date.parse(since) - 60_000).toISOString();
    assert.deepEqual(((await (await get({ ...list, since: earlier })).json()) as string[]).sort(), ['new', 'old', 'updated']);
    const later = new Date(Date.now() + 60_000).toISOString();
    assert.deepEqual(await (await get({ ...list, since: later })).json(), []);
  });

  test(`xAPI 1.0.3 ${r.v1}.s4: since with a time zone offset names the same instant`, async () => {
    const p = fresh();
    await put(p, {});
    const list = listOf(p);
    const hourAgo = new Date(Date.now() - 3_600_000);
    // The same instant written at UTC+07:00 (Vientiane).
    const local = new Date(hourAgo.getTime() + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
    assert.deepEqual(await (await get({ ...list, since: local })).json(), [p[id]]);
    const hourAhead = new Date(Date.now() + 3_600_000 + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
    assert.deepEqual(await (await get({ ...list, since: hourAhead })).json(), []);
  });

  test(`xAPI 1.0.3 ${r.sinceCite}: GET with a since that is not a timestamp is 400 naming it`, async () => {
    const list = listOf(fresh());
    for (const since of ['not a timestamp', 'yesterday', 'true', '2026-02-30T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01']) {
      await expect400(await get({ ...list, since }), /since/);
    }
  });

  test('xAPI 2.0.0 §4.2.7: since without a time zone is 400 in 2.0.0 and read as UTC in 1.0.3', async () => {
    const p = fresh();
    await put(p, {});
    const list = listOf(p);
    const naive = new Date(Date.now() - 60_000).toISOString().replace('Z', '');
    await expect400(await get({ ...list, since: naive }), /since/);
    const res = await get({ ...list, since: naive }, V1);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), [p[id]]);
  });

  // -------------------------------------------------------------------------------------
  // Parameters and bodies refused (1.0.3 §3.2.s3.b6–b8)

  for (const method of ['PUT', 'POST', 'GET', 'DELETE'] as const) {
    const body = method === 'PUT' || method === 'POST' ? '{"a":1}' : undefined;
    const headers = body ? JSON_TYPE : {};
    const miscased = id.charAt(0).toUpperCase() + id.slice(1);

    test(`xAPI 1.0.3 §3.2.s3.b7–b8: ${method} with an unknown parameter, or one miscased, is 400 naming it`, async () => {
      await expect400(await send(method, { ...fresh(), color: 'red' }, body, headers), /color/);
      const { [id]: value, ...p } = fresh();
      await expect400(await send(method, { ...p, [miscased]: value }, body, headers), new RegExp(`${miscased}.*case`));
      await expect400(await send(method, { ...p, [id.toLowerCase()]: value }, body, headers), new RegExp(id.toLowerCase()));
    });

    test(`xAPI 1.0.3 §3.2.s3.b7: ${method} with a parameter given twice is 400`, async () => {
      const res = await t().as('all', `${url(fresh())}&${id}=${uid()}`, { method, body, headers });
      await expect400(res, new RegExp(`${id}.*more than once`));
    });
  }

  for (const method of ['PUT', 'POST'] as const) {
    test(`xAPI 1.0.3 §3.2.s3.b7: since is not a parameter of ${method}`, async () => {
      await expect400(await send(method, { ...fresh(), since: new Date().toISOString() }, '{}', JSON_TYPE), /since/);
    });
  }

  test('xAPI 1.0.3 §2.2.s8.b1 / §3.2.s3.b6: PUT whose application/json content does not parse is 400 and stores nothing', async () => {
    const p = fresh();
    await expect400(await send('PUT', p, '{"a":', JSON_TYPE), /JSON/);
    assert.equal((await get(p)).status, 404);
  });

  test('xAPI 1.0.3 §3.2.s3.b11: a document larger than the limit (1 MB) is refused with 413 and not stored', async () => {
    const p = fresh();
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x61);
    const res = await send('PUT', p, big, { 'Content-Type': 'text/plain' });
    assert.equal(res.status, 413);
    assert.equal((await get(p)).status, 404);
    const ok = await send('PUT', p, big.subarray(0, 1024 * 1024), { 'Content-Type': 'text/plain' });
    assert.equal(ok.status, 204, 'exactly 1 MB is accepted');
    const q = fresh();
    assert.equal((await send('POST', q, big, { 'Content-Type': 'text/plain' })).status, 413);
    assert.equal((await get(q)).status, 404);
  });

  // -------------------------------------------------------------------------------------
  // Credentials (1.0.3 §3.2.s3.b10, §4.2 scopes)

  test('xAPI 1.0.3 §4: a request without credentials is 401', async () => {
    const p = fresh();
    const res = await t().fetch(url(p), { method: 'PUT', body: '{}', headers: { ...JSON_TYPE, 'X-Experience-API-Version': '2.0.0' } });
    assert.equal(res.status, 401);
    assert.equal((await t().fetch(url(p), { headers: { 'X-Experience-API-Version': '2.0.0' } })).status, 401);
    assert.equal((await t().fetch(url(p), { method: 'DELETE', headers: V1 })).status, 401);
  });

  const refused = r.refused.map((who) => `"${CREDENTIALS[who].join(' + ')}"`).join(', ');
  test(`xAPI 1.0.3 §4.2 scopes: "${r.scope}" may read and write ${nouns}; ${refused} get 403 and write nothing`, async () => {
    const p = fresh();
    assert.equal((await send('PUT', p, '{"a":1}', JSON_TYPE, r.scope)).status, 204);
    assert.equal((await send('GET', p, undefined, {}, r.scope)).status, 200);
    for (const who of r.refused) {
      const q = fresh();
      assert.equal((await send('PUT', q, '{}', JSON_TYPE, who)).status, 403, `${who} PUT`);
      assert.equal((await send('POST', q, '{}', JSON_TYPE, who)).status, 403, `${who} POST`);
      assert.equal((await send('GET', p, undefined, {}, who)).status, 403, `${who} GET`);
      assert.equal((await send('DELETE', p, undefined, {}, who)).status, 403, `${who} DELETE`);
      assert.equal((await get(q)).status, 404, `${who} wrote nothing`);
    }
    assert.equal((await get(p)).status, 200, 'nothing was deleted');
  });

  test(`xAPI 1.0.3 §4.2 scopes: "all/read" may GET ${nouns} but not write them`, async () => {
    const p = fresh();
    await put(p, { a: 1 });
    const list = listOf(p);
    assert.equal((await send('GET', p, undefined, {}, 'allRead')).status, 200);
    assert.equal((await send('GET', list, undefined, {}, 'allRead')).status, 200);
    const q = fresh();
    assert.equal((await send('PUT', p, '{}', JSON_TYPE, 'allRead')).status, 403);
    assert.equal((await send('PUT', q, '{}', JSON_TYPE, 'allRead')).status, 403);
    assert.equal((await send('POST', q, '{}', JSON_TYPE, 'allRead')).status, 403);
    assert.equal((await send('DELETE', p, undefined, {}, 'allRead')).status, 403);
    assert.equal((await send('DELETE', list, undefined, {}, 'allRead')).status, 403);
    assert.deepEqual(await (await get(p)).json(), { a: 1 });
    assert.equal((await get(q)).status, 404);
  });

  // -------------------------------------------------------------------------------------
  // Concurrency (1.0.3 §3.1, 2.0.0 §4.1.4)

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
    assert.equal((await send('DELETE', p, undefined, { 'If-Match': '"1234"' })).status, 412);
    assert.equal((await get(p)).status, 200);
    assert.equal((await send('DELETE', p, undefined, { 'If-Match': current })).status, 204);
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

  const conflictVersions = r.blindPutIn103 ? (['2.0.0'] as const) : (['1.0.3', '2.0.0'] as const);
  for (const version of conflictVersions) {
    const cite = version === '1.0.3' ? '1.0.3 §3.1.s4.b13–b15' : '2.0.0 §4.1.4';
    test(`xAPI ${cite}: in ${version} a PUT without If-Match or If-None-Match over an existing ${noun} is 409 with an explanation, and changes nothing`, async () => {
      const headers = { 'X-Experience-API-Version': version };
      const p = fresh();
      await put(p, { v: 1 }, headers);
      const res = await put(p, { v: 2 }, headers);
      assert.equal(res.status, 409);
      assert.equal(res.headers.get('X-Experience-API-Version'), version);
      assert.match(await res.text(), /If-Match.*ETag/s);
      assert.deepEqual(await (await get(p)).json(), { v: 1 });
      assert.equal((await put(p, { v: 2 }, { ...headers, 'If-Match': await etagOf(p) })).status, 204, 'with If-Match it goes through');
      assert.deepEqual(await (await get(p)).json(), { v: 2 });
    });
  }

  test('xAPI 2.0.0 §4.1.4: POST without concurrency headers is still accepted in 2.0.0 (merge)', async () => {
    const p = fresh();
    await post(p, { v: 1 });
    assert.equal((await post(p, { w: 2 })).status, 204);
  });

  test(`xAPI 2.0.0 §4.1.4: writers racing with the same If-Match on a ${noun} — exactly one wins, the others get 412; a stale DELETE is 412`, async () => {
    const p = fresh();
    await post(p, { v: 0 });
    const etag = await etagOf(p);
    const results = await Promise.all([
      put(p, { winner: 'A' }, { 'If-Match': etag }),
      put(p, { winner: 'B' }, { 'If-Match': etag }),
      put(p, { winner: 'C' }, { 'If-Match': etag }),
      post(p, { winner: 'D' }, { 'If-Match': etag }),
    ]);
    assert.deepEqual(results.map((res) => res.status).sort(), [204, 412, 412, 412]);
    const winner = ['A', 'B', 'C', 'D'][results.findIndex((res) => res.status === 204)];
    assert.equal(((await (await get(p)).json()) as { winner: string }).winner, winner);
    assert.equal((await send('DELETE', p, undefined, { 'If-Match': etag })).status, 412);
    assert.equal((await get(p)).status, 200);
  });

  test('xAPI 2.0.0 §4.1.4: two writers racing to create with If-None-Match: * — exactly one wins', async () => {
    const p = fresh();
    const results = await Promise.all([put(p, { w: 'A' }, { 'If-None-Match': '*' }), put(p, { w: 'B' }, { 'If-None-Match': '*' })]);
    assert.deepEqual(results.map((res) => res.status).sort(), [204, 412]);
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

  // -------------------------------------------------------------------------------------
  // Versions and the 1.0.3 alternate request syntax

  test(`xAPI 1.0.3 §3.3: ${noun} responses carry X-Experience-API-Version for the version asked`, async () => {
    const p = fresh();
    assert.equal((await put(p, {}, V1)).headers.get('X-Experience-API-Version'), '1.0.3');
    assert.equal((await get(p)).headers.get('X-Experience-API-Version'), '2.0.0');
  });

  test(`xAPI 1.0.3 §1.3: the alternate request syntax stores and reads a ${noun}`, async () => {
    const p = fresh();
    const form = new URLSearchParams({
      Authorization: basicHeader('all'),
      ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
      'Content-Type': 'application/json',
      'X-Experience-API-Version': '1.0.3',
      content: JSON.stringify({ via: 'form' }),
    });
    const res = await t().fetch(`${r.path}?method=PUT`, {
      method: 'POST',
      body: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...V1 },
    });
    assert.equal(res.status, 204);
    assert.deepEqual(await (await get(p, V1)).json(), { via: 'form' });
  });
}
