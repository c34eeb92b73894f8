// Certificates in process (Node only), where a test needs what a remote server cannot give:
// an injected clock (expiry), several signing keys over one database (rotation), no key at
// all, the Node key file, and direct edits to the database (a tampered record or key).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JSONWebKeySet } from 'jose';
import { encode } from 'uqr';
import { createApp } from '../../../server/app.js';
import { fsBlobStore } from '../../../server/blobs-fs.js';
import { nodeSigningKey, signingKeyPath } from '../../../server/certificates/key-file.js';
import { ephemeralSigningKey, generateSigningKeyJwk, importSigningKey, missingSigningKey, signingKeyFromJwk, type SigningKeySource } from '../../../server/certificates/keys.js';
import { formatDate } from '../../../server/certificates/pages.js';
import { qrSvg } from '../../../server/certificates/qr.js';
import { addMonths, newCertificateId, normaliseCertificateId, signCertificate, type CertificatePayload } from '../../../server/certificates/signed.js';
import { openNodeDatabase, type NodeDatabase } from '../../../server/db/node.js';
import { settingsFromEnv } from '../../../server/deps.js';
import { authHeaders, ORGS, seedSql } from '../../support/credentials.js';
import { CERT_COURSE, compiled, courseStatements, headerOf, payloadOf, record } from '../../support/certificates.js';

const course = compiled(CERT_COURSE);
const BASE = 'http://champa.test';

let dir: string;
let local: NodeDatabase;
/** The clock every app below reads; tests move it. */
let now = new Date('2026-03-31T10:00:00.000Z');

function app(signingKey?: SigningKeySource, env: Record<string, string> = {}) {
  const a = createApp({
    db: local.db,
    atomic: local.atomic,
    clock: () => now,
    blobs: fsBlobStore(join(dir, 'blobs')),
    settings: settingsFromEnv({ CHAMPA_PUBLIC_URL: BASE, ...env }),
    ...(signingKey ? { signingKey } : {}),
  });
  return (path: string, init: RequestInit = {}) => a.request(BASE + path, init);
}
type Fetch = ReturnType<typeof app>;

/** A learner of organisation A who has recorded the whole course with the final passed. */
async function eligibleLearner(f: Fetch, name = 'ບຸນມີ ທົດສອບ') {
  const res = await f('/api/learners', {
    method: 'POST',
    headers: { ...authHeaders('admin'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, sex: 'male', organisationId: ORGS.A.id }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const learner = (await res.json()) as { id: string; actor: { objectType: 'Agent'; account: { homePage: string; name: string } } };
  const tok = await f(`/api/learners/${learner.id}/tokens`, { method: 'POST', headers: { ...authHeaders('admin'), 'Content-Type': 'application/json' }, body: '{}' });
  const bearer = { Authorization: `Bearer ${((await tok.json()) as { token: string }).token}` };
  // The final exam through /api/exams (graded by the server), the rest through the LRS.
  await record(f, bearer, courseStatements(course, learner.actor, { modules: true, final: 0.9 }, new Date(now.getTime() - 3600_000)));
  return { learner, bearer };
}

async function claim(f: Fetch, bearer: { Authorization: string }) {
  return f('/api/certificates/claim', { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body: JSON.stringify({ course: CERT_COURSE }) });
}

async function issue(f: Fetch, name?: string) {
  const l = await eligibleLearner(f, name);
  const res = await claim(f, l.bearer);
  assert.equal(res.status, 201, await res.clone().text());
  return { ...l, cert: (await res.json()) as { id: string; jws: string; issued: string; expires: string; status: string } };
}

const verdict = async (f: Fetch, id: string) => ((await (await f(`/api/certificates/${id}/verify`)).json()) as { status: string; reason?: string }).status;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'champa-certs-'));
  local = openNodeDatabase(join(dir, 'test.sqlite'));
  local.sqlite.exec(seedSql());
});
after(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('expiry against the injected clock (DESIGN §7: expiry checked online)', () => {
  test('§7 a certificate is valid until issued + certificateValidMonths, expired from that instant on', async () => {
    now = new Date('2026-01-31T08:00:00.000Z');
    const f = app();
    const { cert, learner } = await issue(f);
    assert.equal(cert.issued, '2026-01-31T08:00:00.000Z');
    // 24 months after 31 January 2026.
    assert.equal(cert.expires, '2028-01-31T08:00:00.000Z');

    now = new Date('2028-01-31T07:59:59.000Z');
    assert.equal(await verdict(f, cert.id), 'valid');
    now = new Date('2028-01-31T08:00:00.000Z');
    assert.equal(await verdict(f, cert.id), 'expired');
    const page = await (await f(`/verify?c=${cert.jws}`)).text();
    assert.match(page, /data-status="expired"/);
    assert.ok(page.includes('ໃບຢັ້ງຢືນນີ້ໝົດອາຍຸແລ້ວ') && page.includes('This certificate has expired'));
    // The printable page still prints, marked as expired.
    const sheet = await (await f(`/certificates/${cert.id}`)).text();
    assert.match(sheet, /class="sheet"/);
    assert.match(sheet, /class="notice"/);
    // (The learner's year-long device token has expired by now too; staff still read it.)
    const read = (await (await f(`/api/certificates/${cert.id}`, { headers: authHeaders('trainerA') })).json()) as { status: string };
    assert.equal(read.status, 'expired');
    const listed = (await (await f(`/api/certificates?status=expired&limit=200`, { headers: authHeaders('admin') })).json()) as { certificates: { id: string }[] };
    assert.ok(listed.certificates.some((c) => c.id === cert.id));
    // A refresher: claiming now says so, until a final exam is passed again.
    const token = await f(`/api/learners/${learner.id}/tokens`, { method: 'POST', headers: { ...authHeaders('admin'), 'Content-Type': 'application/json' }, body: '{}' });
    const bearer = { Authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
    let res = await claim(f, bearer);
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { error: string }).error, new RegExp(`${cert.id} has expired; pass the final exam again`));
    await record(f, bearer, courseStatements(course, learner.actor, { final: 0.85 }, now));
    res = await claim(f, bearer);
    assert.equal(res.status, 201, await res.clone().text());
    const renewed = (await res.json()) as { id: string; issued: string; expires: string; status: string };
    assert.notEqual(renewed.id, cert.id);
    assert.equal(renewed.issued, '2028-01-31T08:00:00.000Z');
    assert.equal(renewed.expires, '2030-01-31T08:00:00.000Z');
    assert.equal(await verdict(f, cert.id), 'expired');
    assert.equal(await verdict(f, renewed.id), 'valid');
    res = await claim(f, bearer);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { id: string }).id, renewed.id);
    // A revoked certificate says revoked even after its expiry.
    await f(`/api/certificates/${cert.id}/revoke`, { method: 'POST', headers: { ...authHeaders('admin'), 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'test' }) });
    assert.equal(await verdict(f, cert.id), 'revoked');
  });

  test('addMonths clamps to the end of a shorter month and keeps the time', () => {
    assert.equal(addMonths(new Date('2024-01-31T23:30:00.000Z'), 1).toISOString(), '2024-02-29T23:30:00.000Z');
    assert.equal(addMonths(new Date('2026-08-31T00:00:00.000Z'), 24).toISOString(), '2028-08-31T00:00:00.000Z');
    assert.equal(addMonths(new Date('2026-12-15T12:00:00.000Z'), 13).toISOString(), '2028-01-15T12:00:00.000Z');
  });
});

describe('signing keys (DESIGN §7: WebCrypto keys, JWKS, rotation)', () => {
  test('§7 after a key rotation both keys are in the JWKS and certificates of both verify', async () => {
    now = new Date();
    const k1 = signingKeyFromJwk(await generateSigningKeyJwk(), 'k1');
    const k2 = signingKeyFromJwk(await generateSigningKeyJwk(), 'k2');
    const first = await issue(app(k1));
    const f2 = app(k2);
    const second = await issue(f2);
    assert.equal(headerOf(first.cert.jws).kid, (await k1()).kid);
    assert.equal(headerOf(second.cert.jws).kid, (await k2()).kid);
    const set = (await (await f2('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    const kids = set.keys.map((k) => k.kid);
    assert.ok(kids.includes((await k1()).kid) && kids.includes((await k2()).kid));
    assert.equal(await verdict(f2, first.cert.id), 'valid');
    assert.equal(await verdict(f2, second.cert.id), 'valid');
  });

  test('§7 without a key, claiming answers 503 saying how to set one, while verifying and the JWKS keep working', async () => {
    const ok = await issue(app());
    const f = app(missingSigningKey('the CHAMPA_SIGNING_KEY secret is not set'));
    const l = await eligibleLearner(f);
    const res = await claim(f, l.bearer);
    assert.equal(res.status, 503);
    assert.match(((await res.json()) as { error: string }).error, /CHAMPA_SIGNING_KEY/);
    assert.equal(await verdict(f, ok.cert.id), 'valid');
    assert.equal((await f('/.well-known/jwks.json')).status, 200);
    const count = local.sqlite.prepare('SELECT count(*) AS n FROM certificates WHERE learner_id = ?').get(l.learner.id) as { n: number };
    assert.equal(count.n, 0, 'a refused claim writes nothing');
  });

  test('§7 a certificate record whose JWS was swapped in the database is forged (record mismatch)', async () => {
    const key = signingKeyFromJwk(await generateSigningKeyJwk(), 'k3');
    const f = app(key);
    const a = await issue(f);
    const b = await issue(f);
    // A certificate row whose JWS was swapped for another learner's: the record does not match the code.
    local.sqlite.prepare('UPDATE certificates SET jws = ? WHERE id = ?').run(b.cert.jws, a.cert.id);
    const res = (await (await f(`/api/certificates/${a.cert.id}/verify`)).json()) as { status: string; reason: string };
    assert.equal(res.status, 'forged');
    assert.equal(res.reason, 'record-mismatch');
  });

  test('§7 a public key swapped in the database does not let its owner sign: the kid must be the key\'s thumbprint', async () => {
    const key = signingKeyFromJwk(await generateSigningKeyJwk(), 'k4');
    const f = app(key);
    const { cert } = await issue(f);
    const kid = (await key()).kid;
    // Someone with write access to the database publishes their own key under our kid, and signs with it.
    const attacker = await importSigningKey(await generateSigningKeyJwk(), 'attacker');
    local.sqlite.prepare('UPDATE signing_keys SET public_jwk = ? WHERE kid = ?').run(JSON.stringify({ ...attacker.publicJwk, kid }), kid);
    const forged = await signCertificate({ ...(payloadOf(cert.jws) as unknown as CertificatePayload), name: 'Mallory' }, { ...attacker, kid });
    local.sqlite.prepare('UPDATE certificates SET jws = ? WHERE id = ?').run(forged, cert.id);
    const res = (await (await f(`/api/certificates/${cert.id}/verify`)).json()) as { status: string; reason: string };
    assert.equal(res.status, 'forged');
    assert.equal(res.reason, 'unknown-key');
  });

  test('importSigningKey takes only a private P-256 JWK, and computes the kid itself', async () => {
    const jwk = JSON.parse(await generateSigningKeyJwk()) as Record<string, string>;
    const key = await importSigningKey(JSON.stringify({ ...jwk, kid: 'chosen-by-someone' }), 'test');
    assert.equal(key.kid, await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! }));
    assert.equal(key.publicJwk.d, undefined);
    const { d: _d, ...pub } = jwk;
    await assert.rejects(importSigningKey(JSON.stringify(pub), 'CHAMPA_SIGNING_KEY'), /CHAMPA_SIGNING_KEY: expected a private EC P-256 JWK/);
    await assert.rejects(importSigningKey(JSON.stringify({ ...jwk, crv: 'P-384' }), 'CHAMPA_SIGNING_KEY'), /P-256/);
    await assert.rejects(importSigningKey('not json', 'CHAMPA_SIGNING_KEY'), /CHAMPA_SIGNING_KEY: not JSON/);
  });

  test('the Node key file is created once beside the database, owner-only, and CHAMPA_SIGNING_KEY overrides it', async () => {
    const db = join(dir, `keys-${Date.now()}.sqlite`);
    const first = await nodeSigningKey(db, {})();
    const file = signingKeyPath(db);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal((await nodeSigningKey(db, {})()).kid, first.kid, 'the same key after a restart');
    assert.ok(readFileSync(file, 'utf8').includes('"d"'));
    const envKey = await generateSigningKeyJwk();
    assert.equal((await nodeSigningKey(db, { CHAMPA_SIGNING_KEY: envKey })()).kid, JSON.parse(envKey).kid);
    writeFileSync(file, '{"kty":"EC"}');
    await assert.rejects(nodeSigningKey(db, {})(), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected a private EC P-256 JWK`));
  });

  test('an app without a key of its own signs with one made in memory', async () => {
    const source = ephemeralSigningKey();
    assert.equal((await source()).kid, (await source()).kid);
  });
});

describe('issuer and codes', () => {
  test('§5.4 the issuer comes from CHAMPA_CERTIFICATE_ISSUER_LO / _EN', async () => {
    now = new Date();
    const f = app(undefined, { CHAMPA_CERTIFICATE_ISSUER_LO: 'ກົມຕຳຫຼວດ ທົດສອບ', CHAMPA_CERTIFICATE_ISSUER_EN: 'Test Police Department' });
    const { cert } = await issue(f);
    const payload = JSON.parse(Buffer.from(cert.jws.split('.')[1]!, 'base64url').toString('utf8')) as { issuer: { lo: string; en: string } };
    assert.deepEqual(payload.issuer, { lo: 'ກົມຕຳຫຼວດ ທົດສອບ', en: 'Test Police Department' });
    const page = await (await f(`/certificates/${cert.id}`)).text();
    assert.ok(page.includes('ກົມຕຳຫຼວດ ທົດສອບ') && page.includes('Test Police Department'));
  });

  test('§4.4 dates are written as ICU writes them for lo-LA and en-GB, on the Asia/Vientiane day', () => {
    const icu = (locale: string, d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Vientiane' }).format(d);
    for (let m = 0; m < 12; m++) {
      // 18:00 UTC is already the next day in Laos.
      for (const d of [new Date(Date.UTC(2026, m, 1, 3)), new Date(Date.UTC(2027, m, 28, 18))]) {
        assert.equal(formatDate(d, 'lo'), icu('lo-LA', d));
        assert.equal(formatDate(d, 'en'), icu('en-GB', d));
      }
    }
  });

  test('verification codes are Crockford base32; typed codes are normalised (case, O/I/L, spaces)', () => {
    const id = newCertificateId();
    assert.match(id, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.notEqual(newCertificateId(), id);
    assert.equal(normaliseCertificateId('7kq2 m9dx pa3h'), '7KQ2-M9DX-PA3H');
    assert.equal(normaliseCertificateId('OIL2-M9DX-PA3H'), '0112-M9DX-PA3H');
    assert.equal(normaliseCertificateId('7KQ2-M9DX-PA3U'), null);
    assert.equal(normaliseCertificateId('short'), null);
  });

  test('the QR SVG covers exactly the dark modules of the code', () => {
    const text = `${BASE}/verify?c=${'x'.repeat(900)}`;
    const svg = qrSvg(text);
    const qr = encode(text, { ecc: 'L', border: 4 });
    assert.match(svg, new RegExp(`viewBox="0 0 ${qr.size} ${qr.size}"`));
    const dark = new Set<string>();
    for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let x = Number(m[1]); x < Number(m[1]) + Number(m[3]); x++) dark.add(`${x},${m[2]}`);
    }
    const expected = qr.data.flatMap((row, y) => row.flatMap((on, x) => (on ? [`${x},${y}`] : [])));
    assert.equal(dark.size, expected.length);
    for (const cell of expected) assert.ok(dark.has(cell), cell);
  });
});
