// Storage rules of server/xapi/statement-store.ts seen through the statements and activities
// resources: StatementRef filter inheritance across requests, voiding before the target
// arrives, canonical definitions untouched by bare context activities, and batches larger
// than one multi-row INSERT. Runs on Node and, with CHAMPA_TEST_URL, on workerd + D1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(async () => {
  await t.close();
});

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
const act = (name = uid()) => `https://champa.test/activities/${name}`;
const verb = (name = uid()) => `https://champa.test/verbs/${name}`;
const agent = (name = uid()) => ({ objectType: 'Agent', account: { homePage: 'https://champa.test', name } });
const statement = (over: Record<string, unknown> = {}): { id: string } & Record<string, any> => ({
  id: crypto.randomUUID(),
  actor: agent(),
  verb: { id: verb() },
  object: { objectType: 'Activity', id: act() },
  ...over,
});
const ref = (target: { id: string }, over: Record<string, unknown> = {}) => statement({ object: { objectType: 'StatementRef', id: target.id }, ...over });

async function post(body: unknown): Promise<Response> {
  return t.as('all', '/xapi/statements', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}
async function ids(query: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  let url = `/xapi/statements?${new URLSearchParams(query)}`;
  for (;;) {
    const res = await t.as('all', url);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { statements: { id: string }[]; more: string };
    out.push(...body.statements.map((s) => s.id));
    if (!body.more) return out;
    url = body.more;
  }
}

test('xAPI Communication §2.1.3 Filter Conditions for StatementRefs: "this rule applies recursively", across separate requests', async () => {
  const v = verb();
  const c = statement({ verb: { id: v } });
  const b = ref(c);
  const a = ref(b);
  for (const s of [c, b, a]) assert.equal((await post(s)).status, 200);
  assert.deepEqual(await ids({ verb: v }), [a.id, b.id, c.id]);
  // The target's agent and activity are inherited too; a statement merely sent later does not match.
  assert.deepEqual(await ids({ agent: JSON.stringify(c.actor) }), [a.id, b.id, c.id]);
  assert.deepEqual(await ids({ activity: c.object.id }), [a.id, b.id, c.id]);
  assert.deepEqual(await ids({ agent: JSON.stringify(a.actor) }), [a.id]);
});

test('xAPI Communication §2.1.3: a StatementRef with upper-case letters in its id still inherits the stored target', async () => {
  const v = verb();
  const target = statement({ verb: { id: v } });
  assert.equal((await post(target)).status, 200);
  const upper = statement({ object: { objectType: 'StatementRef', id: target.id.toUpperCase() } });
  assert.equal((await post(upper)).status, 200);
  assert.deepEqual(await ids({ verb: v }), [upper.id, target.id]);
});

test('xAPI Communication §2.1.2 replays: a batch sent again (no timestamp or version, so the LRS set them) is accepted and stored once', async () => {
  const v = verb();
  const batch = [statement({ verb: { id: v } }), statement({ verb: { id: v }, context: { contextActivities: { parent: [{ id: act() }] } } })];
  for (let i = 0; i < 3; i++) {
    const res = await post(batch);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), batch.map((s) => s.id));
  }
  assert.deepEqual(await ids({ verb: v, ascending: 'true' }), batch.map((s) => s.id));
});

test('xAPI Communication §2.1.2 replays: the same statement in another form (upper-case id, a single context Activity, another verb display, from another credential) is the same statement', async () => {
  const v = verb();
  const parent = act();
  const first = statement({ verb: { id: v, display: { en: 'did' } }, context: { contextActivities: { parent: { id: parent } } } });
  assert.equal((await post(first)).status, 200);
  const again = { ...first, id: first.id.toUpperCase(), verb: { id: v, display: { en: 'has done' } } };
  const res = await t.as('write', '/xapi/statements', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(again) });
  assert.equal(res.status, 200, await res.text());
  assert.deepEqual(await ids({ verb: v }), [first.id]);
});

test('xAPI Communication §2.1.2 replays: a different statement under a stored id is a 409, and the rest of its batch is not stored', async () => {
  const v = verb();
  const first = statement({ verb: { id: v }, result: { success: true } });
  assert.equal((await post(first)).status, 200);
  const other = statement({ verb: { id: v } });
  const res = await post([other, { ...first, result: { success: false } }]);
  assert.equal(res.status, 409);
  assert.match(await res.text(), /statements\[1\]\.id: .*differs at result\.success/);
  assert.deepEqual(await ids({ verb: v }), [first.id]);
});

test('xAPI Data §2.3.2 Voided: a statement that arrives after the statement voiding it is stored voided', async () => {
  const target = statement();
  const voiding = ref(target, { verb: { id: VOIDED } });
  assert.equal((await post(voiding)).status, 200);
  assert.equal((await post(target)).status, 200);
  assert.equal((await t.as('all', `/xapi/statements?statementId=${target.id}`)).status, 404);
  assert.equal((await t.as('all', `/xapi/statements?voidedStatementId=${target.id}`)).status, 200);
  assert.deepEqual(await ids({ verb: target.verb.id }), []);
});

test('xAPI Data §2.3.2: voiding a stored voiding statement is a 400 and stores nothing, also when the voiding statement came in an earlier batch', async () => {
  const target = statement();
  const voiding = ref(target, { verb: { id: VOIDED } });
  assert.equal((await post([target, voiding])).status, 200);
  const again = ref(voiding, { verb: { id: VOIDED } });
  const res = await post([statement({ verb: { id: verb() } }), again]);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /statements\[1\]\.object\.id: .* is a voiding statement/);
  assert.equal((await t.as('all', `/xapi/statements?statementId=${again.id}`)).status, 404);
});

test('xAPI 1.0.3 §2.5: an activity used later without a definition (a bare context activity) keeps its canonical definition', async () => {
  const id = act();
  const definition = { name: { en: 'Module one', lo: 'ໂມດູນໜຶ່ງ' }, type: 'http://adlnet.gov/expapi/activities/module' };
  assert.equal((await post(statement({ object: { objectType: 'Activity', id, definition } }))).status, 200);
  assert.equal((await post(statement({ context: { contextActivities: { parent: [{ id }], grouping: { id } } } }))).status, 200);
  assert.equal((await post(statement({ object: { objectType: 'Activity', id } }))).status, 200);
  const res = await t.as('all', `/xapi/activities?activityId=${encodeURIComponent(id)}`);
  assert.equal(res.status, 200);
  assert.deepEqual(((await res.json()) as { definition: unknown }).definition, definition);
});

test('xAPI Data §2.4.4.1 / §4.1 extensions: a definition sent again unchanged keeps its null-valued extension (merging it onto itself would delete it)', async () => {
  const id = act();
  const definition = { name: { en: 'Scenario' }, extensions: { 'https://champa.test/ext/branch': null, 'https://champa.test/ext/level': 2 } };
  for (let i = 0; i < 2; i++) assert.equal((await post(statement({ object: { objectType: 'Activity', id, definition } }))).status, 200);
  const res = await t.as('all', `/xapi/activities?activityId=${encodeURIComponent(id)}`);
  assert.deepEqual(((await res.json()) as { definition: unknown }).definition, definition);
});

test('DESIGN §2 D1 limits: a batch of 250 statements (many multi-row INSERTs of at most 100 parameters) is stored whole and in order', async () => {
  const v = verb();
  const course = act();
  const batch = Array.from({ length: 250 }, (_, i) =>
    statement({
      verb: { id: v },
      object: { objectType: 'Activity', id: act(), definition: { name: { en: `Question ${i}` } } },
      context: { registration: crypto.randomUUID(), contextActivities: { grouping: [{ id: course }] } },
    }),
  );
  const res = await post(batch);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), batch.map((s) => s.id));
  assert.deepEqual(await ids({ verb: v, ascending: 'true' }), batch.map((s) => s.id));
  assert.deepEqual(await ids({ activity: course, related_activities: 'true', ascending: 'true' }), batch.map((s) => s.id));
  assert.deepEqual(await ids({ registration: batch[249]!.context.registration }), [batch[249]!.id]);
});
