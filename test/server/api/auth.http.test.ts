import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, uid, type Target } from '../../support/target.js';
import { EXPIRED_LEARNER_TOKEN, LEARNERS, USERS, learnerTokenOf, passwordOf } from '../../support/credentials.js';
import { JSON_HEADERS, body, errorOf, login, newUser, randomIp, send, withSession } from '../../support/people.js';

// /api/auth: sign-in, sessions, CSRF, rate limiting (DESIGN §9; issue 5 item 2).

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const loginRaw = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.fetch('/api/auth/login', { method: 'POST', headers: { ...JSON_HEADERS, 'CF-Connecting-IP': randomIp(), ...headers }, body: JSON.stringify({ email, password }) });

test('DESIGN §9 sessions: login answers the user and a CSRF token, and sets an HttpOnly SameSite=Lax session cookie', async () => {
  const s = await login(t, USERS.trainerA.email, passwordOf('trainerA'));
  const user = s.body.user as Record<string, unknown>;
  assert.equal(user.email, USERS.trainerA.email);
  assert.equal(user.role, 'trainer');
  assert.deepEqual(user.organisations, USERS.trainerA.orgs);
  assert.equal(typeof s.body.csrfToken, 'string');
  assert.ok(!JSON.stringify(s.body).includes(passwordOf('trainerA')));
  assert.match(s.setCookie, /^champa_session=[A-Za-z0-9_-]{40,};/);
  assert.match(s.setCookie, /HttpOnly/i);
  assert.match(s.setCookie, /SameSite=Lax/i);
  assert.match(s.setCookie, /Path=\//);
  assert.doesNotMatch(s.setCookie, /Secure/i, 'plain http cannot keep a Secure cookie');

  const me = await t.fetch('/api/auth/me', { headers: { Cookie: s.cookie } });
  assert.equal(me.status, 200);
  const m = await body(me);
  assert.equal(m.kind, 'user');
  assert.equal((m.user as Record<string, unknown>).id, USERS.trainerA.id);
  assert.equal(m.csrfToken, s.csrf, 'GET /me gives the same CSRF token back (for a reloaded page)');
});

test('DESIGN §9 sessions: over https the cookie is Secure and __Host- prefixed', { skip: !!process.env.CHAMPA_TEST_URL }, async () => {
  const res = await t.fetchFn('https://champa.test/api/auth/login', {
    method: 'POST',
    headers: { ...JSON_HEADERS, 'CF-Connecting-IP': randomIp() },
    body: JSON.stringify({ email: USERS.viewer.email, password: passwordOf('viewer') }),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers.get('set-cookie') ?? '';
  assert.match(cookie, /^__Host-champa_session=/);
  assert.match(cookie, /; Secure/i);
  assert.doesNotMatch(cookie, /Domain=/i);
  const me = await t.fetchFn('https://champa.test/api/auth/me', { headers: { Cookie: cookie.split(';')[0]! } });
  assert.equal(me.status, 200);
  // The unprefixed name is not read over https, so a cookie planted by a sibling site is ignored.
  const planted = await t.fetchFn('https://champa.test/api/auth/me', { headers: { Cookie: cookie.split(';')[0]!.replace('__Host-', '') } });
  assert.equal(planted.status, 401);
});

test('DESIGN §9 passwords: a wrong password and an unknown email get the same 401 and no cookie', async () => {
  const { email } = await newUser(t, 'viewer');
  const wrong = await loginRaw(email, 'not-the-password');
  const unknown = await loginRaw(`nobody-${uid()}@champa.test`, 'whatever-password');
  for (const res of [wrong, unknown]) {
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal(await errorOf(res), 'email or password is wrong');
  }
});

test('issue 5 routes: login validates its body and names the field; email is case-insensitive', async () => {
  const missing = await t.fetch('/api/auth/login', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ password: 'x' }) });
  assert.equal(missing.status, 400);
  assert.equal(await errorOf(missing), 'body.email: required');
  const bad = await t.fetch('/api/auth/login', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email: 'not-an-email', password: 'x' }) });
  assert.equal(bad.status, 400);
  assert.match(await errorOf(bad), /^body\.email: must be an email address/);
  const extra = await t.fetch('/api/auth/login', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email: 'a@b.test', password: 'x', remember: true }) });
  assert.equal(extra.status, 400);
  assert.equal(await errorOf(extra), 'body.remember: not a field of this request');
  const form = await t.fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a@b.test&password=x' });
  assert.equal(form.status, 415);
  assert.match(await errorOf(form), /^Content-Type: must be application\/json/);
  const notJson = await t.fetch('/api/auth/login', { method: 'POST', headers: JSON_HEADERS, body: '{"email":' });
  assert.equal(notJson.status, 400);
  assert.equal(await errorOf(notJson), 'body: not valid JSON');

  const upper = await loginRaw(USERS.viewer.email.toUpperCase(), passwordOf('viewer'));
  assert.equal(upper.status, 200);
});

test('DESIGN §9 sessions: logout ends the session server-side and clears the cookie; other sessions stay', async () => {
  const { email, password } = await newUser(t, 'viewer');
  const one = await login(t, email, password);
  const two = await login(t, email, password);
  const out = await withSession(t, one, 'POST', '/api/auth/logout');
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie') ?? '', /champa_session=;.*Max-Age=0/i);
  // The old cookie, replayed, no longer works: the row is gone, not just the browser's copy.
  const replay = await t.fetch('/api/auth/me', { headers: { Cookie: one.cookie } });
  assert.equal(replay.status, 401);
  assert.match(await errorOf(replay), /session has ended/);
  assert.equal((await t.fetch('/api/auth/me', { headers: { Cookie: two.cookie } })).status, 200);
});

test('DESIGN §9 CSRF: a cookie-authenticated state change needs the session\'s X-CSRF-Token and a same-site origin', async () => {
  const { email, password } = await newUser(t, 'viewer');
  const s = await login(t, email, password);
  const post = (headers: Record<string, string>) => t.fetch('/api/auth/logout', { method: 'POST', headers: { Cookie: s.cookie, ...headers } });

  const none = await post({});
  assert.equal(none.status, 403);
  assert.match(await errorOf(none), /^X-CSRF-Token: required/);
  const wrong = await post({ 'X-CSRF-Token': 'x'.repeat(s.csrf.length) });
  assert.equal(wrong.status, 403);
  assert.equal(await errorOf(wrong), 'X-CSRF-Token: does not match this session');
  const other = await login(t, email, password);
  const otherToken = await post({ 'X-CSRF-Token': other.csrf });
  assert.equal(otherToken.status, 403, "another session's token is not this session's");
  const evil = await post({ 'X-CSRF-Token': s.csrf, Origin: 'https://evil.example' });
  assert.equal(evil.status, 403);
  assert.match(await errorOf(evil), /^Origin: https:\/\/evil\.example is another site/);
  const crossSite = await post({ 'X-CSRF-Token': s.csrf, 'Sec-Fetch-Site': 'cross-site' });
  assert.equal(crossSite.status, 403);
  assert.match(await errorOf(crossSite), /^Sec-Fetch-Site: cross-site/);

  // Reads need no token; nothing above ended the session.
  assert.equal((await t.fetch('/api/auth/me', { headers: { Cookie: s.cookie } })).status, 200);
  const ok = await post({ 'X-CSRF-Token': s.csrf, Origin: t.baseUrl, 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(ok.status, 204);
});

test('DESIGN §9 CSRF: a sign-in posted from another site is refused (login CSRF)', async () => {
  const res = await loginRaw(USERS.viewer.email, passwordOf('viewer'), { Origin: 'https://evil.example' });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('set-cookie'), null);
});

test('DESIGN §9 rate limiting: 5 failed sign-ins for one account in 15 minutes answer 429 with Retry-After, even from new addresses and with the right password', async () => {
  const { email, password } = await newUser(t, 'viewer');
  for (let i = 0; i < 5; i++) assert.equal((await loginRaw(email, `wrong-${i}`)).status, 401, `attempt ${i + 1}`);
  const locked = await loginRaw(email, password);
  assert.equal(locked.status, 429);
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 900, `Retry-After ${retry} within the 15-minute window`);
  assert.match(await errorOf(locked), /failed sign-in attempts for this account: try again in \d+ seconds/);
  assert.equal(locked.headers.get('set-cookie'), null);
  // Another account is not affected.
  const other = await newUser(t, 'viewer');
  assert.equal((await loginRaw(other.email, other.password)).status, 200);
});

test('DESIGN §9 rate limiting: 20 failed sign-ins from one address answer 429 for any account from it', async () => {
  const ip = randomIp();
  for (let i = 0; i < 20; i++) {
    const res = await loginRaw(`spray-${i}-${uid()}@champa.test`, 'guess-password', { 'CF-Connecting-IP': ip });
    assert.equal(res.status, 401, `attempt ${i + 1}`);
  }
  const { email, password } = await newUser(t, 'viewer');
  const locked = await loginRaw(email, password, { 'CF-Connecting-IP': ip });
  assert.equal(locked.status, 429);
  assert.match(await errorOf(locked), /from this address/);
  assert.ok(Number(locked.headers.get('retry-after')) >= 1);
  assert.equal((await loginRaw(email, password)).status, 200, 'the same account from another address still signs in');
});

test('DESIGN §9 rate limiting: a successful sign-in clears the account\'s failures', async () => {
  const { email, password } = await newUser(t, 'viewer');
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 4; i++) assert.equal((await loginRaw(email, 'wrong-password')).status, 401);
    assert.equal((await loginRaw(email, password)).status, 200, `round ${round + 1}`);
  }
});

test('DESIGN §9: a disabled account cannot sign in, and its open sessions end', async () => {
  const { user, email, password } = await newUser(t, 'viewer');
  const s = await login(t, email, password);
  const res = await send(t, 'admin', 'PATCH', `/api/users/${user.id}`, { disabled: true });
  assert.equal(res.status, 200);
  assert.equal((await t.fetch('/api/auth/me', { headers: { Cookie: s.cookie } })).status, 401);
  const again = await loginRaw(email, password);
  assert.equal(again.status, 401);
  assert.equal(await errorOf(again), 'email or password is wrong');
});

test('DESIGN §9 passwords: changing one\'s password needs the current one, ends other sessions and keeps this one', async () => {
  const { email, password } = await newUser(t, 'trainer');
  const s = await login(t, email, password);
  const elsewhere = await login(t, email, password);
  const wrong = await withSession(t, s, 'POST', '/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-password-1' });
  assert.equal(wrong.status, 403);
  assert.equal(await errorOf(wrong), 'body.currentPassword: wrong password');
  const short = await withSession(t, s, 'POST', '/api/auth/password', { currentPassword: password, newPassword: 'short' });
  assert.equal(short.status, 400);
  assert.equal(await errorOf(short), 'body.newPassword: must be at least 10 characters');
  const ok = await withSession(t, s, 'POST', '/api/auth/password', { currentPassword: password, newPassword: 'a-new-password-1' });
  assert.equal(ok.status, 204);
  assert.equal((await t.fetch('/api/auth/me', { headers: { Cookie: s.cookie } })).status, 200);
  assert.equal((await t.fetch('/api/auth/me', { headers: { Cookie: elsewhere.cookie } })).status, 401);
  assert.equal((await loginRaw(email, password)).status, 401);
  assert.equal((await loginRaw(email, 'a-new-password-1')).status, 200);
});

test('DESIGN §9 passwords: a hash made with fewer iterations is upgraded to today\'s parameters at sign-in', { skip: !!process.env.CHAMPA_TEST_URL }, async () => {
  const before = await t.local!.db.selectFrom('users').select('password_hash').where('id', '=', USERS.admin.id).executeTakeFirstOrThrow();
  assert.match(before.password_hash, /^\$pbkdf2-sha256\$(1000|100000)\$/);
  await login(t, USERS.admin.email, passwordOf('admin'));
  const afterRow = await t.local!.db.selectFrom('users').select('password_hash').where('id', '=', USERS.admin.id).executeTakeFirstOrThrow();
  assert.match(afterRow.password_hash, /^\$pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  await login(t, USERS.admin.email, passwordOf('admin'));
});

test('DESIGN §5 learner identity: GET /api/auth/me with a learner token names the learner only by id and xAPI account', async () => {
  const res = await t.as('learnerA', '/api/auth/me');
  assert.equal(res.status, 200);
  const m = await body(res);
  assert.equal(m.kind, 'learner');
  assert.deepEqual(m.learner, { id: LEARNERS.learnerA.id });
  assert.deepEqual(m.actor, { objectType: 'Agent', account: { homePage: `${t.baseUrl}/learners`, name: LEARNERS.learnerA.id } });
  assert.ok(!JSON.stringify(m).includes(LEARNERS.learnerA.name), 'no name in the identity answer');

  const expired = await t.fetch('/api/auth/me', { headers: { Authorization: `Bearer ${EXPIRED_LEARNER_TOKEN}` } });
  assert.equal(expired.status, 401);
  assert.equal(await errorOf(expired), 'Authorization: this learner token has expired');
  const unknown = await t.fetch('/api/auth/me', { headers: { Authorization: `Bearer ${learnerTokenOf('learnerA')}x` } });
  assert.equal(unknown.status, 401);
  assert.match(unknown.headers.get('www-authenticate') ?? '', /Bearer/);
});
