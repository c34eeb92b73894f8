// A real third-party client, @xapi/xapi over real HTTP, drives the LRS: send, query, more,
// void, and state documents. It speaks xAPI 1.0.3, so this is also the 1.0.3 path end to end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import xapiPackage from '@xapi/xapi';
import { startTarget, uid, type Target } from '../../support/target.js';
import { keyOf, secretOf } from '../../support/credentials.js';

// The package is CommonJS with an ES default export: its class is the module's .default.
const XAPI = xapiPackage.default;

let t: Target;
let xapi: InstanceType<typeof XAPI>;
before(async () => {
  t = await startTarget();
  const base = await t.listen();
  xapi = new XAPI({ endpoint: `${base}/xapi/`, auth: XAPI.toBasicAuth(keyOf('all'), secretOf('all')), version: '1.0.3', adapter: 'fetch' });
});
after(async () => {
  await t.close();
});

const learner = () => ({ objectType: 'Agent' as const, account: { homePage: 'https://champa.la/learners', name: uid() } });

test('@xapi/xapi sendStatement, getStatement and getStatements by agent (xAPI Communication §2.1)', async () => {
  const actor = learner();
  const activity = `https://champa.la/xapi/activities/course/workers-rights/${uid()}`;
  const sent = await xapi.sendStatement({
    statement: { actor, verb: XAPI.Verbs.COMPLETED, object: { objectType: 'Activity', id: activity }, result: { completion: true, duration: 'PT5M' } },
  });
  const [id] = sent.data;
  assert.ok(id);
  const one = await xapi.getStatement({ statementId: id });
  assert.equal(one.data.id, id);
  assert.equal(one.data.verb.id, XAPI.Verbs.COMPLETED.id);
  const list = await xapi.getStatements({ agent: actor, activity });
  assert.deepEqual(list.data.statements.map((s) => s.id), [id]);
});

test('@xapi/xapi getMoreStatements follows the more link (xAPI Communication §2.1.3 more)', async () => {
  const actor = learner();
  const activity = `https://champa.la/xapi/activities/course/child-protection/${uid()}`;
  const statements = Array.from({ length: 5 }, () => ({ actor, verb: XAPI.Verbs.PROGRESSED, object: { objectType: 'Activity' as const, id: activity } }));
  await xapi.sendStatements({ statements });
  const first = await xapi.getStatements({ activity, limit: 2 });
  assert.equal(first.data.statements.length, 2);
  assert.ok(first.data.more);
  const second = (await xapi.getMoreStatements({ more: first.data.more })) as typeof first;
  assert.equal(second.data.statements.length, 2);
  const ids = new Set([...first.data.statements, ...second.data.statements].map((s) => s.id));
  assert.equal(ids.size, 4);
});

test('@xapi/xapi voidStatement then getVoidedStatement (xAPI Data §2.3.2)', async () => {
  const actor = learner();
  const [id] = (await xapi.sendStatement({ statement: { actor, verb: XAPI.Verbs.ANSWERED, object: { objectType: 'Activity', id: `https://champa.la/q/${uid()}` } } })).data;
  await xapi.voidStatement({ actor, statementId: id! });
  await assert.rejects(xapi.getStatement({ statementId: id! }));
  const voided = await xapi.getVoidedStatement({ voidedStatementId: id! });
  assert.equal(voided.data.id, id);
});

test('@xapi/xapi setState, getState, getStates and deleteState (xAPI Communication §2.3)', async () => {
  const agent = learner();
  const activityId = `https://champa.la/xapi/activities/course/digital-evidence/${uid()}`;
  await xapi.setState({ agent, activityId, stateId: 'bookmark', state: { lesson: 3, answers: { q1: 'b' } } });
  const state = await xapi.getState({ agent, activityId, stateId: 'bookmark' });
  assert.deepEqual(state.data, { lesson: 3, answers: { q1: 'b' } });
  const ids = await xapi.getStates({ agent, activityId });
  assert.deepEqual(ids.data, ['bookmark']);
  await xapi.deleteState({ agent, activityId, stateId: 'bookmark' });
  await assert.rejects(xapi.getState({ agent, activityId, stateId: 'bookmark' }));
});
