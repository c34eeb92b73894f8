import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTarget, uid, type Target } from '../../support/target.js';
import type { CredentialName } from '../../support/credentials.js';

// Agents Resource: xAPI 1.0.3 Communication §2.4; xAPI 2.0.0 (IEEE 9274.1.1) §4.1.6.3.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const JSON_TYPE = { 'Content-Type': 'application/json' };
const get = (agent: unknown, who: CredentialName = 'all', init: RequestInit = {}) =>
  t.as(who, `/xapi/agents?agent=${encodeURIComponent(typeof agent === 'string' ? agent : JSON.stringify(agent))}`, init);

async function postStatement(actor: Record<string, unknown>): Promise<void> {
  const statement = {
    actor,
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { id: `https://champa.test/activities/${uid()}` },
  };
  const res = await t.as('all', '/xapi/statements', { method: 'POST', body: JSON.stringify([statement]), headers: JSON_TYPE });
  assert.equal(res.status, 200, await res.text());
}

test('xAPI 1.0.3 §2.4.s3.b3: an agent the LRS has never seen still gets a Person holding just what the request gave', async () => {
  const mbox = `mailto:${uid()}@champa.test`;
  const res = await get({ objectType: 'Agent', name: 'Noy', mbox });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Content-Type'), 'application/json');
  assert.deepEqual(await res.json(), { objectType: 'Person', name: ['Noy'], mbox: [mbox] });
});

test('xAPI 1.0.3 §2.4.s5: the Person of an agent seen in statements has array properties: name and account', async () => {
  const account = { homePage: 'https://champa.test', name: uid() };
  await postStatement({ objectType: 'Agent', name: 'Khamla', account });
  const res = await get({ account });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { objectType: 'Person', name: ['Khamla'], account: [account] });
});

test('xAPI 1.0.3 §2.4.s5.table1.row3–row5: mbox, mbox_sha1sum and openid come back as arrays of the stored values', async () => {
  const mbox = `mailto:Vilay.${uid()}@Champa.test`;
  await postStatement({ name: 'Vilay', mbox });
  assert.deepEqual(await (await get({ mbox: mbox.toLowerCase() })).json(), { objectType: 'Person', name: ['Vilay'], mbox: [mbox] });
  const sha = createHash('sha1').update(`mailto:${uid()}@champa.test`).digest('hex');
  await postStatement({ mbox_sha1sum: sha });
  assert.deepEqual(await (await get({ mbox_sha1sum: sha })).json(), { objectType: 'Person', mbox_sha1sum: [sha] });
  const openid = `https://openid.champa.test/${uid()}`;
  await postStatement({ openid, name: 'Bounmy' });
  assert.deepEqual(await (await get({ openid })).json(), { objectType: 'Person', name: ['Bounmy'], openid: [openid] });
});

test('xAPI 1.0.3 §2.4.s2: the agent parameter is an Agent — not a Group, not a Person — and must be valid (400 naming it)', async () => {
  const cases: unknown[] = [
    { objectType: 'Group', mbox: `mailto:${uid()}@champa.test` },
    { objectType: 'Person', mbox: [`mailto:${uid()}@champa.test`] },
    { name: 'nobody' },
    { mbox: 'mailto:a@champa.test', openid: 'https://champa.test/a' },
    'not JSON',
    true,
  ];
  for (const agent of cases) {
    const res = await get(agent);
    assert.equal(res.status, 400, JSON.stringify(agent));
    assert.match(((await res.json()) as { error: string }).error, /agent/);
  }
  const missing = await t.as('all', '/xapi/agents');
  assert.equal(missing.status, 400);
});

test('xAPI 1.0.3 §3.2.s3.b7: unknown and miscased parameters are 400', async () => {
  const agent = encodeURIComponent(JSON.stringify({ mbox: 'mailto:a@champa.test' }));
  assert.equal((await t.as('all', `/xapi/agents?agent=${agent}&profileId=x`)).status, 400);
  assert.equal((await t.as('all', `/xapi/agents?Agent=${agent}`)).status, 400);
});

test('xAPI 1.0.3 §1.1: HEAD of an agent answers like GET without a body', async () => {
  const res = await get({ mbox: `mailto:${uid()}@champa.test` }, 'all', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
});

test('xAPI 1.0.3 §2.4.s3.b2, §4.2 scopes: read credentials may GET a Person; "state", "profile" and "statements/write" get 403', async () => {
  const agent = { mbox: `mailto:${uid()}@champa.test` };
  for (const who of ['all', 'allRead', 'read'] as const) assert.equal((await get(agent, who)).status, 200, who);
  for (const who of ['state', 'profile', 'write'] as const) assert.equal((await get(agent, who)).status, 403, who);
});

test('xAPI 1.0.3 §4: GET /xapi/agents without credentials is 401', async () => {
  const res = await t.fetch(`/xapi/agents?agent=${encodeURIComponent('{"mbox":"mailto:a@champa.test"}')}`, { headers: { 'X-Experience-API-Version': '2.0.0' } });
  assert.equal(res.status, 401);
});
