import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { ORGS, USERS } from '../../support/credentials.js';
import { body, errorOf, login, newOrganisation, newUser, randomIp, send, withSession } from '../../support/people.js';

// /api/users: admins manage trainers, viewers and admins and assign trainers to organisations (issue 5 item 2).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

type User = { id: string; email: string; name: string; role: string; organisations: string[]; disabled: boolean };

test('issue 5 item 2: an admin creates a trainer in organisations; the trainer signs in and sees them; no password hash is ever returned', async () => {
  const org = await newOrganisation(t);
  const email = `Trainer-${uid()}@Champa.test`;
  const res = await send(t, 'admin', 'POST', '/api/users', { email, name: 'ທ່ານ ຄູຝຶກ', role: 'trainer', password: 'long-enough-password', organisations: [org.id, ORGS.A.id, org.id] });
  assert.equal(res.status, 201);
  const text = await res.clone().text();
  assert.doesNotMatch(text, /pbkdf2|password/i);
  const user = await body<User>(res);
  assert.equal(user.email, email.toLowerCase());
  assert.equal(user.role, 'trainer');
  assert.deepEqual([...user.organisations].sort(), [org.id, ORGS.A.id].sort());
  const s = await login(t, email, 'long-enough-password');
  const orgs = await body<{ id: string }[]>(await withSession(t, s, 'GET', '/api/organisations'));
  assert.deepEqual(orgs.map((o) => o.id).sort(), [org.id, ORGS.A.id].sort());

  const list = await body<User[]>(await send(t, 'admin', 'GET', '/api/users'));
  assert.ok(list.some((u) => u.id === user.id) && list.some((u) => u.id === USERS.admin.id));
  assert.doesNotMatch(JSON.stringify(list), /pbkdf2/);
});

test('issue 5 item 2: an admin reassigns organisations, resets a password and changes a role; the user is signed out everywhere', async () => {
  const org = await newOrganisation(t);
  const { user, email, password } = await newUser(t, 'trainer', [ORGS.A.id]);
  const s = await login(t, email, password);
  const moved = await send(t, 'admin', 'PATCH', `/api/users/${user.id}`, { organisations: [org.id] });
  assert.deepEqual((await body<User>(moved)).organisations, [org.id]);
  assert.equal((await withSession(t, s, 'GET', '/api/auth/me')).status, 200, 'reassignment alone keeps the session');

  const reset = await send(t, 'admin', 'PATCH', `/api/users/${user.id}`, { password: 'reset-password-123' });
  assert.equal(reset.status, 200);
  assert.equal((await withSession(t, s, 'GET', '/api/auth/me')).status, 401, 'a reset password ends open sessions');
  const s2 = await login(t, email, 'reset-password-123');

  const viewer = await send(t, 'admin', 'PATCH', `/api/users/${user.id}`, { role: 'viewer' });
  const v = await body<User>(viewer);
  assert.equal(v.role, 'viewer');
  assert.deepEqual(v.organisations, [], 'leaving the trainer role leaves its organisations');
  assert.equal((await withSession(t, s2, 'GET', '/api/auth/me')).status, 401, 'a changed role ends open sessions');
});

test('issue 5 routes: user bodies are validated, naming the field; a rejected write changes nothing', async () => {
  const email = `new-${uid()}@champa.test`;
  const ok = { email, name: 'N', role: 'trainer', password: 'long-enough-password' };
  const cases: [Record<string, unknown>, number, string | RegExp][] = [
    [{ ...ok, email: 'nope' }, 400, /^body\.email: must be an email address/],
    [{ ...ok, role: 'learner' }, 400, 'body.role: must be admin, trainer or viewer'],
    [{ ...ok, password: 'short' }, 400, 'body.password: must be at least 10 characters'],
    [{ ...ok, name: undefined }, 400, 'body.name: required'],
    [{ ...ok, organisations: [ORGS.A.id, 'no-such-org'] }, 400, 'body.organisations[1]: no organisation no-such-org'],
    [{ ...ok, role: 'viewer', organisations: [ORGS.A.id] }, 400, 'body.organisations: only trainers belong to organisations (this user is a viewer)'],
    [{ ...ok, email: USERS.viewer.email.toUpperCase() }, 409, `body.email: there is already a user with email ${USERS.viewer.email}`],
  ];
  for (const [json, status, message] of cases) {
    const res = await send(t, 'admin', 'POST', '/api/users', json);
    assert.equal(res.status, status, JSON.stringify(json));
    const error = await errorOf(res);
    if (typeof message === 'string') assert.equal(error, message);
    else assert.match(error, message);
  }
  const list = await body<User[]>(await send(t, 'admin', 'GET', '/api/users'));
  assert.ok(!list.some((u) => u.email === email), 'no refused user was created');
  const failed = await t.fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': randomIp() }, body: JSON.stringify({ email, password: ok.password }) });
  assert.equal(failed.status, 401);

  const { user } = await newUser(t, 'trainer', [ORGS.A.id]);
  const bad = await send(t, 'admin', 'PATCH', `/api/users/${user.id}`, { organisations: ['no-such-org'], name: 'Changed' });
  assert.equal(bad.status, 400);
  const still = await body<User>(await send(t, 'admin', 'GET', `/api/users/${user.id}`));
  assert.deepEqual(still.organisations, [ORGS.A.id]);
  assert.equal(still.name, 'User trainer');
});

test('issue 5 item 2: an admin cannot demote or disable themselves (no lock-out); another admin can', async () => {
  const { user, email, password } = await newUser(t, 'admin');
  const s = await login(t, email, password);
  const demote = await withSession(t, s, 'PATCH', `/api/users/${user.id}`, { role: 'viewer' });
  assert.equal(demote.status, 409);
  assert.equal(await errorOf(demote), 'body.role: you cannot change your own role');
  const disable = await withSession(t, s, 'PATCH', `/api/users/${user.id}`, { disabled: true });
  assert.equal(disable.status, 409);
  assert.equal((await send(t, 'admin', 'PATCH', `/api/users/${user.id}`, { disabled: true })).status, 200);
  assert.equal((await send(t, 'admin', 'GET', `/api/users/${uid()}`)).status, 404);
});
