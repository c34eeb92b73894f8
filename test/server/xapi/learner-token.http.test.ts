import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { EXPIRED_LEARNER_TOKEN, LEARNERS, type PersonaName } from '../../support/credentials.js';

// Learner bearer tokens in the LRS (DESIGN §3: "learner bearer tokens that may only write
// statements about themselves and read their own"; §5: the actor is an opaque account).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const actorOf = (name: keyof typeof LEARNERS) => ({ objectType: 'Agent', account: { homePage: `${t.baseUrl}/learners`, name: LEARNERS[name].id } });
const JSON_TYPE = { 'Content-Type': 'application/json' };

function statement(actor: unknown, activity = `https://champa.test/activities/${uid()}`, extra: Record<string, unknown> = {}) {
  return { id: uid(), actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { en: 'experienced' } }, object: { id: activity, objectType: 'Activity' }, ...extra };
}

const post = (who: PersonaName, body: unknown) => t.as(who, '/xapi/statements', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
const getJson = async (who: PersonaName, path: string) => {
  const res = await t.as(who, path);
  return { res, json: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined };
};
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;
const stored = async (id: string) => (await t.as('all', `/xapi/statements?statementId=${id}`)).status === 200;

test('DESIGN §3 learner tokens: a learner writes statements about their own account; the LRS sets a Champa authority', async () => {
  const s = statement(actorOf('learnerA'));
  const res = await post('learnerA', s);
  assert.equal(res.status, 200, await res.clone().text());
  const { json } = await getJson('all', `/xapi/statements?statementId=${s.id}`);
  assert.deepEqual(json!.actor, actorOf('learnerA'));
  assert.deepEqual(json!.authority, {
    objectType: 'Agent',
    name: 'Champa learner token',
    account: { homePage: `${t.baseUrl}/xapi/clients`, name: 'champa-learner-token' },
  });
  assert.ok(!JSON.stringify(json).includes(LEARNERS.learnerA.name), 'no personal data in the statement');

  const put = await t.as('learnerA', `/xapi/statements?statementId=${uid()}`, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ ...statement(actorOf('learnerA')), id: undefined }) });
  assert.equal(put.status, 204);
});

test('DESIGN §3 learner tokens: a statement about anyone else is refused with 403 naming the path, and nothing of the batch is stored', async () => {
  const other = statement(actorOf('learnerA2'));
  const single = await post('learnerA', other);
  assert.equal(single.status, 403);
  assert.match(await errorOf(single), /^statement\.actor: a learner token may only write statements whose actor is its own account/);
  assert.equal(await stored(other.id), false);

  const own = statement(actorOf('learnerA'));
  const mixed = await post('learnerA', [own, statement(actorOf('learnerB'))]);
  assert.equal(mixed.status, 403);
  assert.match(await errorOf(mixed), /^statements\[1\]\.actor:/);
  assert.equal(await stored(own.id), false, 'the whole batch is refused');

  const email = await post('learnerA', statement({ objectType: 'Agent', mbox: 'mailto:someone@champa.test' }));
  assert.equal(email.status, 403);
  const group = await post('learnerA', statement({ objectType: 'Group', member: [actorOf('learnerA')] }));
  assert.equal(group.status, 403);
  assert.match(await errorOf(group), /^statement\.actor:/);

  const put = await t.as('learnerA', `/xapi/statements?statementId=${uid()}`, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ ...statement(actorOf('learnerB')), id: undefined }) });
  assert.equal(put.status, 403);
  assert.match(await errorOf(put), /^statement\.actor:/);
});

test('DESIGN §5 pseudonymous statements: a learner token cannot put a name into its actor', async () => {
  const named = statement({ ...actorOf('learnerA'), name: 'Real Name' });
  const res = await post('learnerA', named);
  assert.equal(res.status, 403);
  assert.equal(await errorOf(res), "statement.actor.name: a learner's statements carry no name, only the account");
  assert.equal(await stored(named.id), false);
});

test('DESIGN §3 learner tokens: GET /statements returns only statements about the learner, even without an agent filter', async () => {
  const activity = `https://champa.test/activities/${uid()}`;
  const mine = statement(actorOf('learnerA'), activity);
  const theirs = statement(actorOf('learnerA2'), activity);
  // An LRS client (e.g. a trainer's tool) may write about either learner.
  const byClient = statement(actorOf('learnerA'), activity);
  assert.equal((await post('learnerA', mine)).status, 200);
  assert.equal((await post('all', [theirs, byClient])).status, 200);

  const { res, json } = await getJson('learnerA', `/xapi/statements?activity=${encodeURIComponent(activity)}`);
  assert.equal(res.status, 200);
  const ids = (json!.statements as { id: string }[]).map((s) => s.id).sort();
  assert.deepEqual(ids, [mine.id, byClient.id].sort());

  const explicit = await getJson('learnerA', `/xapi/statements?activity=${encodeURIComponent(activity)}&agent=${encodeURIComponent(JSON.stringify(actorOf('learnerA')))}`);
  assert.equal((explicit.json!.statements as unknown[]).length, 2);

  const other = await t.as('learnerA', `/xapi/statements?agent=${encodeURIComponent(JSON.stringify(actorOf('learnerA2')))}`);
  assert.equal(other.status, 403);
  assert.match(await errorOf(other), /^agent: a learner token may only read statements about its own account/);
  const related = await t.as('learnerA', `/xapi/statements?related_agents=true`);
  assert.equal(related.status, 403);
  assert.match(await errorOf(related), /^related_agents:/);
});

test('DESIGN §3 learner tokens: a single statement by id is found only when it is about the learner', async () => {
  const theirs = statement(actorOf('learnerA2'));
  const mine = statement(actorOf('learnerA'));
  assert.equal((await post('all', [theirs, mine])).status, 200);
  assert.equal((await t.as('learnerA', `/xapi/statements?statementId=${mine.id}`)).status, 200);
  const refused = await t.as('learnerA', `/xapi/statements?statementId=${theirs.id}`);
  assert.equal(refused.status, 404);
  assert.equal((await t.as('learnerA2', `/xapi/statements?statementId=${theirs.id}`)).status, 200);
});

test('DESIGN §3 learner tokens: paging stays within the learner\'s statements; a cursor of a broader query is refused', async () => {
  const activity = `https://champa.test/activities/${uid()}`;
  assert.equal((await post('learnerA', [statement(actorOf('learnerA'), activity), statement(actorOf('learnerA'), activity)])).status, 200);
  const first = await getJson('learnerA', `/xapi/statements?activity=${encodeURIComponent(activity)}&limit=1`);
  const more = first.json!.more as string;
  assert.match(more, /^\/xapi\/statements\?more=/);
  const second = await getJson('learnerA', more);
  assert.equal(second.res.status, 200);
  assert.equal((second.json!.statements as unknown[]).length, 1);

  assert.equal((await post('all', [statement(actorOf('learnerA2'), activity), statement(actorOf('learnerA2'), activity)])).status, 200);
  const broad = await getJson('all', `/xapi/statements?activity=${encodeURIComponent(activity)}&limit=1`);
  const stolen = await t.as('learnerA', broad.json!.more as string);
  assert.equal(stolen.status, 403);
  assert.match(await errorOf(stolen), /^more:/);
});

test('DESIGN §3 learner tokens: a learner may void their own statements only', async () => {
  const mine = statement(actorOf('learnerA'));
  const theirs = statement(actorOf('learnerA2'));
  assert.equal((await post('learnerA', mine)).status, 200);
  assert.equal((await post('learnerA2', theirs)).status, 200);
  const voiding = (target: string) => ({
    id: uid(),
    actor: actorOf('learnerA'),
    verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { en: 'voided' } },
    object: { objectType: 'StatementRef', id: target },
  });
  const refused = await post('learnerA', voiding(theirs.id));
  assert.equal(refused.status, 403);
  assert.match(await errorOf(refused), /^statement\.object\.id: a learner token may only void its own learner's statements/);
  assert.equal(await stored(theirs.id), true, 'still there, not voided');
  assert.equal((await post('learnerA', voiding(mine.id))).status, 200);
  assert.equal((await t.as('all', `/xapi/statements?voidedStatementId=${mine.id}`)).status, 200);
});

test('DESIGN §6 resume: a learner reads and writes their own state documents, and no one else\'s', async () => {
  const activityId = `https://champa.test/activities/${uid()}`;
  const url = (who: keyof typeof LEARNERS) => `/xapi/activities/state?${new URLSearchParams({ activityId, agent: JSON.stringify(actorOf(who)), stateId: 'bookmark' })}`;
  const put = await t.as('learnerA', url('learnerA'), { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ lesson: 3 }) });
  assert.equal(put.status, 204);
  const get = await t.as('learnerA', url('learnerA'));
  assert.equal(get.status, 200);
  assert.deepEqual(await get.json(), { lesson: 3 });

  assert.equal((await t.as('learnerA2', url('learnerA2'), { method: 'PUT', headers: JSON_TYPE, body: '{"lesson":1}' })).status, 204);
  for (const method of ['GET', 'PUT', 'POST', 'DELETE']) {
    const res = await t.as('learnerA', url('learnerA2'), { method, headers: JSON_TYPE, body: method === 'PUT' || method === 'POST' ? '{"lesson":9}' : undefined });
    assert.equal(res.status, 403, method);
    assert.match(await errorOf(res), /^agent: a learner token may only use its own agent/);
  }
  const list = await t.as('learnerA', `/xapi/activities/state?${new URLSearchParams({ activityId, agent: JSON.stringify(actorOf('learnerA2')) })}`);
  assert.equal(list.status, 403);
  assert.deepEqual(await (await t.as('learnerA2', url('learnerA2'))).json(), { lesson: 1 }, 'the other learner\'s state is untouched');
});

test('DESIGN §3 learner tokens: no profile, activity or agent resources — those belong to LRS clients', async () => {
  const activityId = `https://champa.test/activities/${uid()}`;
  const agent = JSON.stringify(actorOf('learnerA'));
  for (const path of [
    `/xapi/activities/profile?${new URLSearchParams({ activityId, profileId: 'p' })}`,
    `/xapi/agents/profile?${new URLSearchParams({ agent, profileId: 'p' })}`,
    `/xapi/activities?${new URLSearchParams({ activityId })}`,
    `/xapi/agents?${new URLSearchParams({ agent })}`,
  ]) {
    assert.equal((await t.as('learnerA', path)).status, 403, path);
  }
  const put = await t.as('learnerA', `/xapi/agents/profile?${new URLSearchParams({ agent, profileId: 'p' })}`, { method: 'PUT', headers: JSON_TYPE, body: '{}' });
  assert.equal(put.status, 403);
});

test('DESIGN §3 learner tokens: an expired or unknown token is a 401 with a Bearer challenge', async () => {
  for (const token of [EXPIRED_LEARNER_TOKEN, 'clt_no-such-token', 'not-even-ours']) {
    const res = await t.fetch('/xapi/statements', { headers: { Authorization: `Bearer ${token}`, 'X-Experience-API-Version': '2.0.0' } });
    assert.equal(res.status, 401, token);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="Champa LRS", error="invalid_token"/);
  }
  const expired = await t.fetch('/xapi/statements', { headers: { Authorization: `Bearer ${EXPIRED_LEARNER_TOKEN}`, 'X-Experience-API-Version': '2.0.0' } });
  assert.equal(await errorOf(expired), 'Authorization: this learner token has expired');
});

test('DESIGN §3: a staff session cookie is no LRS credential', async () => {
  const res = await t.as('admin', '/xapi/statements');
  assert.equal(res.status, 401);
});
