import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../support/target.js';

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

test('xAPI 2.0.0 Part 3 §4.3 About: GET /xapi/about lists supported versions without credentials', async () => {
  const res = await t.fetch('/xapi/about');
  assert.equal(res.status, 200);
  const body = await res.json() as { version: string[] };
  assert.deepEqual(body.version.sort(), ['1.0.3', '2.0.0']);
  assert.equal(res.headers.get('X-Experience-API-Version'), '2.0.0');
});

test('xAPI 1.0.3 Communication §3.3 Versioning: a 1.0.x request is answered as 1.0.3', async () => {
  const res = await t.fetch('/xapi/about', { headers: { 'X-Experience-API-Version': '1.0.1' } });
  assert.equal(res.headers.get('X-Experience-API-Version'), '1.0.3');
});

test('xAPI 2.0.0 Part 3 §1.1 Versioning: an unsupported version header is refused with 400', async () => {
  const res = await t.as('all', '/xapi/statements', { headers: { 'X-Experience-API-Version': '0.95' } });
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { error: string }).error, /X-Experience-API-Version/);
});

test('xAPI Communication §4 Security: a request without credentials is refused with 401', async () => {
  const res = await t.fetch('/xapi/statements', { headers: { 'X-Experience-API-Version': '2.0.0' } });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('X-Experience-API-Version'), '2.0.0');
});

test('xAPI Communication §4 Security: a wrong secret is refused with 401', async () => {
  const res = await t.fetch('/xapi/statements', {
    headers: { 'X-Experience-API-Version': '2.0.0', Authorization: 'Basic ' + btoa('test-all:wrong') },
  });
  assert.equal(res.status, 401);
});

test('xAPI Communication §1.3 CORS: a preflight is answered without credentials', async () => {
  const res = await t.fetch('/xapi/statements', {
    method: 'OPTIONS',
    headers: { Origin: 'https://union.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization,x-experience-api-version' },
  });
  assert.ok(res.status === 204 || res.status === 200);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
});
