import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../support/target.js';
import { ORGS, USERS } from '../../support/credentials.js';
import { body, expectRefused, newUser, send } from '../../support/people.js';

// /api/users admits admins only (DESIGN §9).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const NOT_ADMIN = { anonymous: 401, all: 401, learnerA: 403, trainerA: 403, viewer: 403 } as const;

test('DESIGN §9 roles: listing and reading users admits admins only', async () => {
  await expectRefused(t, 'GET', '/api/users', undefined, NOT_ADMIN);
  await expectRefused(t, 'GET', `/api/users/${USERS.trainerA.id}`, undefined, NOT_ADMIN);
});

test('DESIGN §9 roles: only admins create users; a trainer cannot create an admin (or anyone); nothing is created', async () => {
  const email = `escalate-${crypto.randomUUID()}@champa.test`;
  await expectRefused(t, 'POST', '/api/users', { email, name: 'X', role: 'admin', password: 'long-enough-password' }, NOT_ADMIN);
  const list = await body<{ email: string }[]>(await send(t, 'admin', 'GET', '/api/users'));
  assert.ok(!list.some((u) => u.email === email));
});

test('DESIGN §9 roles: only admins change users — a trainer cannot promote themselves or join another organisation', async () => {
  const { user } = await newUser(t, 'trainer', [ORGS.A.id]);
  await expectRefused(t, 'PATCH', `/api/users/${user.id}`, { role: 'admin', organisations: [] }, NOT_ADMIN);
  await expectRefused(t, 'PATCH', `/api/users/${USERS.trainerA.id}`, { role: 'admin', organisations: [ORGS.A.id, ORGS.B.id] }, { trainerA: 403 });
  const after = await body<{ role: string; organisations: string[] }>(await send(t, 'admin', 'GET', `/api/users/${user.id}`));
  assert.equal(after.role, 'trainer');
  assert.deepEqual(after.organisations, [ORGS.A.id]);
  const me = await body<{ user: { role: string; organisations: string[] } }>(await send(t, 'trainerA', 'GET', '/api/auth/me'));
  assert.equal(me.user.role, 'trainer');
  assert.deepEqual(me.user.organisations, [ORGS.A.id]);
});
