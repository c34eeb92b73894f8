// PBKDF2 password hashing (DESIGN §9: a slow KDF available on both runtimes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { PASSWORD_ITERATIONS, constantTimeEqual, hashPassword, needsRehash, passwordProblem, verifyPassword } from '../../../server/identity/passwords.js';

test('DESIGN §9 passwords: the hash records algorithm and iterations, uses a fresh salt, and verifies only the right password', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.match(a, /^\$pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b, 'a per-hash salt');
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterY', a), false);
  assert.equal(await verifyPassword('', a), false);
});

test('DESIGN §9 passwords: the format is standard PBKDF2-HMAC-SHA-256 (Node\'s own pbkdf2 agrees), with 100,000 iterations — Workers\' limit', async () => {
  assert.equal(PASSWORD_ITERATIONS, 100_000);
  const stored = await hashPassword('ລະຫັດຜ່ານ-lao-password');
  const [, , iterations, salt, hash] = stored.split('$') as [string, string, string, string, string];
  const expected = pbkdf2Sync(Buffer.from('ລະຫັດຜ່ານ-lao-password'.normalize('NFC')), Buffer.from(salt, 'base64url'), Number(iterations), 32, 'sha256');
  assert.equal(expected.toString('base64url'), hash);
});

test('DESIGN §9 passwords: fewer iterations still verify and ask for a rehash; out-of-range or malformed hashes never match', async () => {
  const weak = await hashPassword('some password here', 1000);
  assert.equal(await verifyPassword('some password here', weak), true);
  assert.equal(needsRehash(weak), true);
  assert.equal(needsRehash(await hashPassword('x-password-long')), false);
  const tooMany = weak.replace('$1000$', '$200000$');
  const tooFew = weak.replace('$1000$', '$10$');
  for (const bad of [tooMany, tooFew, '', 'plain-text', '$bcrypt$10$abc', weak.slice(0, -2), `${weak}$extra`, null, undefined]) {
    assert.equal(await verifyPassword('some password here', bad), false, String(bad));
  }
});

test('DESIGN §9 passwords: the comparison is over whole arrays, and new passwords need 10 to 256 characters', () => {
  assert.equal(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])), true);
  assert.equal(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])), false);
  assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3])), false);
  assert.equal(passwordProblem('short'), 'must be at least 10 characters');
  assert.equal(passwordProblem('x'.repeat(257)), 'must be at most 256 characters');
  assert.equal(passwordProblem(' '.repeat(12)), 'must not be only spaces');
  assert.equal(passwordProblem('long enough one'), null);
});
