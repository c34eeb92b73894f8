// Who may not read /api/progress/me (DESIGN §9), and that it is only ever the caller's own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectRefused } from '../../support/people.js';
import { startTarget, type Target } from '../../support/target.js';
import { compiledCourse, learnerPosting, player } from '../progress/statements.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(() => t.close());

test('DESIGN §9 roles: progress/me admits learners only — staff, LRS clients and anonymous callers are refused', async () => {
  await expectRefused(t, 'GET', '/api/progress/me?course=workers-rights', undefined, { anonymous: 401, all: 401, admin: 403, trainerA: 403, viewer: 403 });
});

test('DESIGN §9: progress/me is always the caller\'s own — another learner\'s statements never show', async () => {
  const course = compiledCourse('workers-rights');
  const other = await learnerPosting(t);
  const me = await learnerPosting(t);
  await other.send(player(course, other.actor).allModules(0));
  const { body } = await me.get(`?course=${course.slug}`);
  assert.equal(body.state, 'not-started');
  assert.deepEqual((await me.get()).body.courses, []);
  assert.equal((await other.get(`?course=${course.slug}`)).body.state, 'completed');
});
