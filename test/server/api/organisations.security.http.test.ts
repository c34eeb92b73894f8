import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../support/target.js';
import { ORGS } from '../../support/credentials.js';
import { body, expectRefused, newOrganisation, send } from '../../support/people.js';

// Who may not use /api/organisations (DESIGN §9: every route states its roles; tests prove the refusals).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

test('DESIGN §9 roles: listing organisations admits admin, trainer and viewer only', async () => {
  await expectRefused(t, 'GET', '/api/organisations', undefined, { anonymous: 401, all: 401, learnerA: 403 });
});

test('DESIGN §9 roles: reading an organisation refuses learners and trainers of other organisations', async () => {
  await expectRefused(t, 'GET', `/api/organisations/${ORGS.A.id}`, undefined, { anonymous: 401, all: 401, learnerA: 403, trainerB: 404 });
});

test('DESIGN §9 roles: only an admin creates organisations; refused attempts create nothing', async () => {
  const name = `Refused ${crypto.randomUUID()}`;
  await expectRefused(t, 'POST', '/api/organisations', { nameEn: name, kind: 'ngo' }, { anonymous: 401, all: 401, learnerA: 403, trainerA: 403, viewer: 403 });
  const all = await body<{ nameEn: string }[]>(await send(t, 'admin', 'GET', '/api/organisations'));
  assert.ok(!all.some((o) => o.nameEn === name));
});

test('DESIGN §9 roles: only an admin changes or deletes an organisation, even the trainer\'s own; refused attempts change nothing', async () => {
  const org = await newOrganisation(t, { nameEn: 'Unchanged' });
  const who = { anonymous: 401, all: 401, learnerA: 403, trainerA: 403, trainerB: 403, viewer: 403 } as const;
  await expectRefused(t, 'PATCH', `/api/organisations/${org.id}`, { nameEn: 'Changed' }, who);
  await expectRefused(t, 'PATCH', `/api/organisations/${ORGS.A.id}`, { nameEn: 'Changed' }, { trainerA: 403 });
  await expectRefused(t, 'DELETE', `/api/organisations/${org.id}`, undefined, who);
  const now = await body<{ nameEn: string }>(await send(t, 'admin', 'GET', `/api/organisations/${org.id}`));
  assert.equal(now.nameEn, 'Unchanged');
});
