// The dashboard's API client (components/shared/staff-api.ts) against the real server: sign-in
// sets a session, the CSRF token rides on writes, errors carry the server's message, a 401
// tells the dashboard the session ended.
import { api, ApiError, currentUser, SIGNED_OUT_EVENT, signIn, signOut } from '../../../components/shared/staff-api.js';
import { assert, equal } from '../support.js';
import { EMAILS, signInAs } from '../staff.js';

describe('shared/staff-api', () => {
  afterEach(async () => {
    if (await currentUser()) await signOut();
  });

  it('signs in with the right password and knows the user afterwards (GET /api/auth/me)', async () => {
    const user = await signInAs('trainerA');
    equal([user.role, user.email, user.organisations], ['trainer', EMAILS.trainerA, ['test-org-a']], 'the trainer');
    const again = await currentUser();
    equal(again?.id, user.id, 'the session cookie identifies the same user');
  });

  it('a wrong password is an ApiError 401 with the server\'s words, and no session', async () => {
    let err: unknown;
    try {
      await signIn(EMAILS.viewer, 'not-the-password');
    } catch (e) {
      err = e;
    }
    assert(err instanceof ApiError, 'an ApiError');
    equal(err.status, 401, 'status');
    assert(/email or password/.test(err.message), `message names the problem: ${err.message}`);
    equal(await currentUser(), null, 'not signed in');
  });

  it('writes carry the CSRF token (POST /api/auth/logout succeeds) and end the session', async () => {
    await signInAs('viewer');
    await signOut();
    equal(await currentUser(), null, 'signed out');
  });

  it('a 401 from any route dispatches champa-signed-out on window', async () => {
    let heard = 0;
    const on = () => heard++;
    window.addEventListener(SIGNED_OUT_EVENT, on);
    try {
      await api('/api/reports').catch((e: unknown) => {
        assert(e instanceof ApiError && e.status === 401, `refused without a session: ${String(e)}`);
      });
      equal(heard, 1, 'heard once');
    } finally {
      window.removeEventListener(SIGNED_OUT_EVENT, on);
    }
  });

  it('a refused role gets an ApiError 403 naming the refusal (viewer cannot create a cohort)', async () => {
    await signInAs('viewer');
    let err: unknown;
    try {
      await api('/api/cohorts', { method: 'POST', body: JSON.stringify({}) });
    } catch (e) {
      err = e;
    }
    assert(err instanceof ApiError && err.status === 403, `403: ${String(err)}`);
  });
});
