import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../support/target.js';
import { expectRefused, sendAs, type Who } from '../../support/people.js';

// Who may not use /api/auth routes (DESIGN §9). Login itself admits anyone (it is how one signs in).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

test('DESIGN §9 roles: logout admits signed-in staff only; an LRS credential is nobody on /api', async () => {
  await expectRefused(t, 'POST', '/api/auth/logout', undefined, { anonymous: 401, all: 401, learnerA: 403 });
});

test('DESIGN §9 roles: GET /api/auth/me admits staff and learners, no one else', async () => {
  await expectRefused(t, 'GET', '/api/auth/me', undefined, { anonymous: 401, all: 401 });
  for (const who of ['admin', 'trainerA', 'viewer', 'learnerA'] as Who[]) assert.equal((await sendAs(t, who, 'GET', '/api/auth/me')).status, 200, who);
});

test('DESIGN §9 roles: changing a password admits signed-in staff only', async () => {
  await expectRefused(t, 'POST', '/api/auth/password', { currentPassword: 'x', newPassword: 'long-enough-password' }, { anonymous: 401, all: 401, learnerA: 403 });
});

test('DESIGN §9: a session cookie without its CSRF token does not authorise a state change, whatever the role', async () => {
  const res = await t.fetch('/api/organisations', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: 'champa_session=test-session-admin-0123456789abcdef' },
    body: JSON.stringify({ nameEn: 'CSRF', kind: 'ngo' }),
  });
  assert.equal(res.status, 403);
  assert.match(((await res.json()) as { error: string }).error, /^X-CSRF-Token: required/);
});
