// Password hashing for staff accounts: PBKDF2-HMAC-SHA-256 through WebCrypto, the one slow
// KDF that both Node and Workers provide. Not for tokens: random tokens use a plain SHA-256.
//
// Cost: 100,000 iterations. Workers' PBKDF2 refuses more than 100,000 (workerd's
// checkPbkdfLimits, cloudflare/workerd#1346), so that is the highest count that runs on
// both runtimes; OWASP asks for more (600,000), which is why logins are also rate-limited.
// One hash costs ~30-100 ms of CPU, more than the Workers Free plan's 10 ms per request:
// a Workers deployment with staff logins needs the Paid plan's CPU allowance.
// The stored string records the parameters, so the count can be raised later: a login
// whose hash used fewer iterations than PASSWORD_ITERATIONS is re-hashed (needsRehash).

export const PASSWORD_ITERATIONS = 100_000;
/** Refused when verifying: beyond Workers' cap, or too weak to be one of ours. */
const MAX_ITERATIONS = 100_000;
const MIN_ITERATIONS = 1_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PREFIX = '$pbkdf2-sha256$';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** Compares in time that depends only on the length, not on where the bytes differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** "$pbkdf2-sha256$<iterations>$<salt>$<hash>", salt and hash in unpadded base64url. */
export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${PREFIX}${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

interface Parsed {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

function parse(stored: string): Parsed | null {
  if (!stored.startsWith(PREFIX)) return null;
  const [iter, saltText, hashText, ...rest] = stored.slice(PREFIX.length).split('$');
  if (rest.length || !iter || !/^\d{1,7}$/.test(iter) || saltText === undefined || hashText === undefined) return null;
  const iterations = Number(iter);
  const salt = fromBase64Url(saltText);
  const hash = fromBase64Url(hashText);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || !salt || salt.length < 8 || !hash || hash.length !== HASH_BYTES) return null;
  return { iterations, salt, hash };
}

// Spent on unknown accounts too, so that response time does not tell which emails exist.
const DUMMY: Parsed = { iterations: PASSWORD_ITERATIONS, salt: new Uint8Array(SALT_BYTES), hash: new Uint8Array(HASH_BYTES) };

/** True when the password matches the stored hash. A malformed or absent hash never matches, after the same work. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = (stored && parse(stored)) || null;
  const p = parsed ?? DUMMY;
  const derived = await derive(password, p.salt, p.iterations);
  return constantTimeEqual(derived, p.hash) && parsed !== null;
}

/** Whether a (verified) stored hash should be replaced by one with today's parameters. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.iterations < PASSWORD_ITERATIONS;
}

/** The problem with a new password, or null. Only length: rate limiting and the slow hash do the rest. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  return null;
}
