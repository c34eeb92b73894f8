// The keys certificates are signed with: ES256 (ECDSA P-256) from WebCrypto, so the same code
// signs on Node and Workers and any browser can verify. A private key arrives as a JWK (a file
// beside the SQLite database on Node, the CHAMPA_SIGNING_KEY secret on Workers); public keys
// live in the signing_keys table and are published at /.well-known/jwks.json. Not for
// reading files or secrets: the runtime entries hand a SigningKeySource in.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export const SIGNING_ALG = 'ES256';

/** The deployment's current signing key. kid is the RFC 7638 thumbprint of the public key. */
export interface SigningKey {
  kid: string;
  alg: typeof SIGNING_ALG;
  privateKey: CryptoKey;
  /** Public members only (kty, crv, x, y) plus kid, alg and use. */
  publicJwk: JWK;
}

/** Resolves the current key; rejects with a message saying how to configure one when there is none. */
export type SigningKeySource = () => Promise<SigningKey>;

function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/**
 * A fresh private key as a JWK string: what goes into the Node key file or the Workers secret.
 * Its kid is the thumbprint, so the same key always has the same kid wherever it is loaded.
 */
export async function generateSigningKeyJwk(): Promise<string> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicPart(jwk));
  return JSON.stringify({ ...jwk, alg: SIGNING_ALG, use: 'sig', kid });
}

/**
 * Imports a private P-256 JWK (as generateSigningKeyJwk writes it). `where` names the source
 * in errors (e.g. "CHAMPA_SIGNING_KEY"). The kid is recomputed from the key, never trusted.
 */
export async function importSigningKey(json: string, where: string): Promise<SigningKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(json) as JWK;
  } catch {
    throw new Error(`${where}: not JSON; expected a private EC P-256 JWK (generate one with \`npx tsx scripts/signing-key.ts\`)`);
  }
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || !jwk.x || !jwk.y) {
    throw new Error(`${where}: expected a private EC P-256 JWK with kty "EC", crv "P-256", x, y and d`);
  }
  const pub = publicPart(jwk);
  const kid = await calculateJwkThumbprint(pub);
  const privateKey = (await importJWK({ ...pub, d: jwk.d }, SIGNING_ALG)) as CryptoKey;
  return { kid, alg: SIGNING_ALG, privateKey, publicJwk: { ...pub, kid, alg: SIGNING_ALG, use: 'sig' } };
}

/** A source that imports the JWK once and then returns the same key. */
export function signingKeyFromJwk(json: string, where: string): SigningKeySource {
  let key: Promise<SigningKey> | undefined;
  return () => (key ??= importSigningKey(json, where));
}

/**
 * A key made in memory for an app built without one (tests, benchmarks). Certificates it
 * signed still verify after a restart, because every certificate's public key is stored in
 * signing_keys with it; only new signatures need the next process's key.
 */
export function ephemeralSigningKey(): SigningKeySource {
  let key: Promise<SigningKey> | undefined;
  return () => (key ??= generateSigningKeyJwk().then((json) => importSigningKey(json, 'generated key')));
}

/** A source for a deployment without a key: issuing fails with how to set one up; verifying still works. */
export function missingSigningKey(message: string): SigningKeySource {
  return () => Promise.reject(new Error(message));
}

/** The INSERT that records a key's public half (idempotent); runs in the same atomic write as the certificate it signs. */
export function registerKeyQuery(db: Kysely<DB>, key: SigningKey, now: Date) {
  return db
    .insertInto('signing_keys')
    .values({ kid: key.kid, alg: key.alg, public_jwk: JSON.stringify(key.publicJwk), created: now.toISOString() })
    .onConflict((oc) => oc.column('kid').doNothing())
    .compile();
}

// Keys are addressed by thumbprint, so an imported public key can be cached for the life of
// the process: a kid can never come to mean another key.
const imported = new Map<string, Promise<CryptoKey>>();

/** The public key a kid names, from signing_keys, or null when this deployment never had it. */
export async function publicKeyFor(db: Kysely<DB>, kid: string): Promise<CryptoKey | null> {
  const cached = imported.get(kid);
  if (cached) return cached;
  const row = await db.selectFrom('signing_keys').select(['public_jwk', 'alg']).where('kid', '=', kid).executeTakeFirst();
  if (!row) return null;
  const jwk = JSON.parse(row.public_jwk) as JWK;
  // The stored JWK must still hash to its kid: a row edited in the database is no key of ours.
  if ((await calculateJwkThumbprint(publicPart(jwk))) !== kid) return null;
  const key = importJWK(publicPart(jwk), row.alg) as Promise<CryptoKey>;
  imported.set(kid, key);
  return key;
}

/** Every public key this deployment has signed with, and the current one: the JWKS document. */
export async function jwks(db: Kysely<DB>, current: SigningKey | null): Promise<{ keys: JWK[] }> {
  const rows = await db.selectFrom('signing_keys').select(['kid', 'public_jwk']).orderBy('created').orderBy('kid').execute();
  const keys = rows.map((r) => JSON.parse(r.public_jwk) as JWK);
  if (current && !rows.some((r) => r.kid === current.kid)) keys.push(current.publicJwk);
  return { keys };
}
