// Certificates over HTTP on both runtimes (DESIGN §7, issue 5 part 6): issuance only from
// progress derived from recorded statements, the JWS and the JWKS, verification (valid,
// tampered, wrong key, unknown key, revoked), the printable and verify pages, revocation,
// who may read which certificate, and every route's refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { startTarget, uid, type Target } from '../../support/target.js';
import { body, send } from '../../support/people.js';
import { ORGS, type PersonaName } from '../../support/credentials.js';
import { CERT_COURSE, claim, compiled, courseStatements, headerOf, payloadOf, record, resign, tamper } from '../../support/certificates.js';
import { newLearner } from '../../support/people.js';

interface Cert {
  id: string;
  learnerId: string;
  learnerName?: string;
  status: string;
  jws?: string;
  url: string;
  verifyUrl?: string;
  issued: string;
  expires: string | null;
  course: { slug: string; version: string; title: { lo: string; en: string } };
  revoked?: { at: string; reason: string };
}
interface Verdict {
  id: string;
  status: string;
  reason?: string;
  certificate?: { name: string; course: { title: { lo: string } }; expires: string | null };
}

let t: Target;
const course = compiled(CERT_COURSE);

/** A new learner of `org` who has recorded a whole certification course (final passed), and their claimed certificate. */
async function certified(org: string = ORGS.A.id, name = `ສົມພອນ ${uid().slice(0, 6)}`) {
  const l = await newLearner(t, { name, organisationId: org });
  await record(t, l.bearer, courseStatements(course, l.learner.actor, { modules: true, final: 0.9 }));
  const res = await claim(t, l.bearer);
  assert.equal(res.status, 201, await res.clone().text());
  return { ...l, name, cert: await body<Cert>(res) };
}

before(async () => {
  t = await startTarget();
});
after(() => t.close());

describe('issuance from derived progress (DESIGN §7: never from a client claim)', () => {
  test('§7 claim is refused (409) until recorded progress meets the rule, then issues once (201, then 200 with the same certificate)', async () => {
    const l = await newLearner(t, { name: 'ແກ້ວ ທົດສອບ', organisationId: ORGS.A.id });
    let res = await claim(t, l.bearer);
    assert.equal(res.status, 409);
    assert.match((await body<{ error: string }>(res)).error, /no progress recorded/);

    // Every module done, final exam failed: not eligible.
    await record(t, l.bearer, courseStatements(course, l.learner.actor, { modules: true, final: 0.5 }));
    res = await claim(t, l.bearer);
    assert.equal(res.status, 409);
    assert.match((await body<{ error: string }>(res)).error, /final exam not passed/);

    // Final exam passed later: eligible.
    await record(t, l.bearer, courseStatements(course, l.learner.actor, { final: 0.8 }, new Date(Date.now() - 60_000)));
    res = await claim(t, l.bearer);
    assert.equal(res.status, 201, await res.clone().text());
    const cert = await body<Cert>(res);
    assert.match(cert.id, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.equal(cert.status, 'valid');
    assert.equal(cert.learnerName, 'ແກ້ວ ທົດສອບ');
    assert.deepEqual(cert.course, { slug: CERT_COURSE, version: course.version, title: course.title });
    // certificateValidMonths after the issue date.
    const months = course.rules.certificateValidMonths!;
    const issued = new Date(cert.issued);
    const expected = new Date(issued);
    expected.setUTCMonth(expected.getUTCMonth() + months);
    assert.equal(cert.expires, expected.toISOString());
    const payload = payloadOf(cert.jws!);
    assert.equal(payload.jti, cert.id);
    assert.equal(payload.name, 'ແກ້ວ ທົດສອບ');
    assert.deepEqual(payload.course, { slug: CERT_COURSE, version: course.version, title: course.title });
    assert.equal(payload.iat, issued.getTime() / 1000);
    assert.equal(payload.exp, expected.getTime() / 1000);
    assert.ok((payload.issuer as { lo: string; en: string }).lo.length > 0);
    assert.equal(headerOf(cert.jws!).alg, 'ES256');

    const again = await claim(t, l.bearer);
    assert.equal(again.status, 200);
    assert.equal((await body<Cert>(again)).id, cert.id);
    const mine = await body<{ certificates: Cert[] }>(await t.fetch('/api/certificates/me', { headers: l.bearer }));
    assert.deepEqual(mine.certificates.map((c) => c.id), [cert.id]);
  });

  test('§7 concurrent claims for one eligibility issue one certificate', async () => {
    const l = await newLearner(t, { organisationId: ORGS.A.id });
    await record(t, l.bearer, courseStatements(course, l.learner.actor, { modules: true, final: 1 }));
    const results = await Promise.all([claim(t, l.bearer), claim(t, l.bearer), claim(t, l.bearer)]);
    const certs = await Promise.all(results.map((r) => body<Cert>(r)));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 201]);
    assert.equal(new Set(certs.map((c) => c.id)).size, 1);
  });

  test('§7 claim: a course without certification is 409, an unknown course 404, a malformed body 400', async () => {
    const l = await newLearner(t, { organisationId: ORGS.A.id });
    let res = await claim(t, l.bearer, 'workers-rights');
    assert.equal(res.status, 409);
    assert.match((await body<{ error: string }>(res)).error, /does not lead to a certificate/);
    res = await claim(t, l.bearer, `no-such-course-${uid().slice(0, 8)}`);
    assert.equal(res.status, 404);
    res = await t.fetch('/api/certificates/claim', { method: 'POST', headers: { ...l.bearer, 'Content-Type': 'application/json' }, body: JSON.stringify({ course: 'Not A Slug' }) });
    assert.equal(res.status, 400);
    assert.match((await body<{ error: string }>(res)).error, /^body\.course: /);
    res = await t.fetch('/api/certificates/claim', { method: 'POST', headers: { ...l.bearer, 'Content-Type': 'application/json' }, body: JSON.stringify({ course: CERT_COURSE, learnerId: 'x' }) });
    assert.equal(res.status, 400);
    assert.match((await body<{ error: string }>(res)).error, /^body\.learnerId: not a field/);
  });

  test('§7 a statement claiming a pass below the mastery score does not certify', async () => {
    const l = await newLearner(t, { organisationId: ORGS.A.id });
    const statements = courseStatements(course, l.learner.actor, { modules: true, final: 0.9 });
    // The client says "passed", but the score is under masteryScore: progress follows the rule.
    const final = statements.at(-1)!;
    (final.result as { score: { scaled: number; raw: number } }).score = { scaled: 0.5, raw: 12, min: 0, max: 24 } as never;
    await record(t, l.bearer, statements);
    assert.equal((await claim(t, l.bearer)).status, 409);
  });
});

describe('verification (DESIGN §7: valid, expired, revoked, forged)', () => {
  let c: Awaited<ReturnType<typeof certified>>;
  before(async () => {
    c = await certified();
  });

  test('§7 a genuine certificate verifies as valid, by code and by its JWS', async () => {
    let res = await t.fetch(`/api/certificates/${c.cert.id}/verify`);
    assert.equal(res.status, 200);
    let v = await body<Verdict>(res);
    assert.equal(v.status, 'valid');
    assert.equal(v.certificate!.name, c.name);
    assert.equal(v.certificate!.course.title.lo, course.title.lo);
    res = await t.fetch(`/api/certificates/${c.cert.id}/verify?c=${c.cert.jws}`);
    v = await body<Verdict>(res);
    assert.equal(v.status, 'valid');
  });

  test('§7 a tampered payload is forged (bad signature), and its content is not shown', async () => {
    const forged = tamper(c.cert.jws!, (p) => (p.name = 'Someone Else'));
    const v = await body<Verdict>(await t.fetch(`/api/certificates/${c.cert.id}/verify?c=${forged}`));
    assert.equal(v.status, 'forged');
    assert.equal(v.reason, 'bad-signature');
    assert.equal(v.certificate, undefined);
    // Extending the expiry is tampering too.
    const later = tamper(c.cert.jws!, (p) => (p.exp = (p.exp as number) + 10 * 365 * 86400));
    assert.equal((await body<Verdict>(await t.fetch(`/api/certificates/${c.cert.id}/verify?c=${later}`))).reason, 'bad-signature');
  });

  test('§7 signed with a wrong key under our kid: forged (bad signature); under its own kid: forged (unknown key)', async () => {
    const wrongKey = await resign(c.cert.jws!, headerOf(c.cert.jws!).kid);
    let v = await body<Verdict>(await t.fetch(`/api/certificates/${c.cert.id}/verify?c=${wrongKey}`));
    assert.equal(v.status, 'forged');
    assert.equal(v.reason, 'bad-signature');
    const unknownKid = await resign(c.cert.jws!, 'own');
    v = await body<Verdict>(await t.fetch(`/api/certificates/${c.cert.id}/verify?c=${unknownKid}`));
    assert.equal(v.status, 'forged');
    assert.equal(v.reason, 'unknown-key');
  });

  test('§7 a genuine JWS presented under another code is forged; an unknown code is 404; garbage is forged (malformed)', async () => {
    const other = await certified();
    let v = await body<Verdict>(await t.fetch(`/api/certificates/${c.cert.id}/verify?c=${other.cert.jws}`));
    assert.equal(v.status, 'forged');
    const res = await t.fetch('/api/certificates/ZZZZ-ZZZZ-ZZZZ/verify');
    assert.equal(res.status, 404);
    assert.equal((await body<Verdict>(res)).status, 'not-found');
    v = await body<Verdict>(await t.fetch(`/api/certificates/${c.cert.id}/verify?c=not.a.jws`));
    assert.equal(v.status, 'forged');
    assert.equal(v.reason, 'malformed');
  });

  test('§7 the JWKS at /.well-known/jwks.json verifies the certificate offline', async () => {
    const res = await t.fetch('/.well-known/jwks.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /jwk-set\+json/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const set = (await res.json()) as JSONWebKeySet;
    const kid = headerOf(c.cert.jws!).kid;
    const key = set.keys.find((k) => k.kid === kid);
    assert.ok(key, `JWKS lists kid ${kid}`);
    assert.equal(key.d, undefined, 'no private member is published');
    const { payload } = await compactVerify(c.cert.jws!, createLocalJWKSet(set));
    assert.equal(JSON.parse(new TextDecoder().decode(payload)).jti, c.cert.id);
    // The QR code's link carries the same JWS.
    assert.equal(new URL(c.cert.verifyUrl!).searchParams.get('c'), c.cert.jws);
    assert.equal(new URL(c.cert.verifyUrl!).pathname, '/verify');
  });

  test('§7 an admin revokes with a reason: verify says revoked (by code and by JWS); a second revoke is 409', async () => {
    const r = await certified();
    let res = await send(t, 'admin', 'POST', `/api/certificates/${r.cert.id}/revoke`, {});
    assert.equal(res.status, 400);
    assert.match((await body<{ error: string }>(res)).error, /^body\.reason: required/);
    res = await send(t, 'admin', 'POST', `/api/certificates/${r.cert.id}/revoke`, { reason: 'Issued in error' });
    assert.equal(res.status, 200, await res.clone().text());
    const revoked = await body<Cert>(res);
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.revoked!.reason, 'Issued in error');
    const v = await body<Verdict & { revoked?: { reason: string } }>(await t.fetch(`/api/certificates/${r.cert.id}/verify?c=${r.cert.jws}`));
    assert.equal(v.status, 'revoked');
    assert.equal(v.revoked!.reason, 'Issued in error');
    assert.equal((await body<Verdict>(await t.fetch(`/api/certificates/${r.cert.id}/verify`))).status, 'revoked');
    res = await send(t, 'admin', 'POST', `/api/certificates/${r.cert.id}/revoke`, { reason: 'again' });
    assert.equal(res.status, 409);
    // The learner sees it revoked too, and claiming again does not issue a new one...
    const mine = await body<{ certificates: Cert[] }>(await t.fetch('/api/certificates/me', { headers: r.bearer }));
    assert.equal(mine.certificates[0]!.status, 'revoked');
    const again = await claim(t, r.bearer);
    assert.equal(again.status, 409);
    assert.match((await body<{ error: string }>(again)).error, new RegExp(`${r.cert.id} was revoked; pass the final exam again`));
    // ...until a final exam passed after the revoked certificate was issued.
    await record(t, r.bearer, courseStatements(course, r.learner.actor, { final: 0.95 }, new Date()));
    const renewed = await claim(t, r.bearer);
    assert.equal(renewed.status, 201, await renewed.clone().text());
    const fresh = await body<Cert>(renewed);
    assert.notEqual(fresh.id, r.cert.id);
    assert.equal(fresh.status, 'valid');
    assert.equal((await body<Verdict>(await t.fetch(`/api/certificates/${r.cert.id}/verify`))).status, 'revoked');
  });
});

describe('pages (DESIGN §7: printable HTML with a QR code; verify page)', () => {
  let c: Awaited<ReturnType<typeof certified>>;
  before(async () => {
    c = await certified();
  });

  test('§7 the printable certificate is Lao HTML (lang="lo", Noto Sans Lao, A4 landscape) with the name, titles, code and a QR code', async () => {
    const res = await t.fetch(`/certificates/${c.cert.id}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const page = await res.text();
    assert.match(page, /<html lang="lo">/);
    assert.match(page, /font-family: "Noto Sans Lao"/);
    assert.match(page, /@page \{ size: A4 landscape/);
    assert.ok(page.includes(c.name), 'learner name');
    assert.ok(page.includes(course.title.lo), 'Lao course title');
    assert.ok(page.includes(course.title.en.replace(/'/g, '&#39;')), 'English course title');
    assert.ok(page.includes(c.cert.id), 'verification code');
    // Dates as Lao and English readers write them, on the Lao calendar day: the server writes
    // them by hand (workerd has no Lao ICU data), checked here against Node's ICU.
    const day = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Vientiane' }).format(new Date(c.cert.issued));
    assert.ok(page.includes(day('lo-LA')), `Lao date ${day('lo-LA')}`);
    assert.ok(page.includes(day('en-GB')), `English date ${day('en-GB')}`);
    assert.match(page, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    assert.doesNotMatch(page, /word-break:\s*break-all/);
  });

  test('§7 a lower-case or hyphen-less code redirects to the canonical page', async () => {
    const res = await t.fetch(`/certificates/${c.cert.id.toLowerCase().replace(/-/g, '')}`, { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(new URL(res.headers.get('location')!, t.baseUrl).pathname, `/certificates/${c.cert.id}`);
  });

  test('§7 the verify page from the QR link says valid in Lao and English; tampered says forged; an unknown code 404', async () => {
    let res = await t.fetch(`/verify?c=${c.cert.jws}`);
    assert.equal(res.status, 200);
    let page = await res.text();
    assert.match(page, /data-status="valid"/);
    assert.ok(page.includes('ໃບຢັ້ງຢືນນີ້ຖືກຕ້ອງ'));
    assert.ok(page.includes('This certificate is valid'));
    assert.ok(page.includes(c.name));
    page = await (await t.fetch(`/verify?c=${tamper(c.cert.jws!, (p) => (p.name = 'Mallory'))}`)).text();
    assert.match(page, /data-status="forged"/);
    assert.ok(page.includes('ໃບຢັ້ງຢືນນີ້ປອມ ຫຼື ຖືກດັດແກ້'));
    assert.ok(page.includes('This certificate is forged or has been altered'));
    assert.ok(!page.includes('Mallory'), 'a forged payload is not displayed');
    res = await t.fetch('/verify/ZZZZ-ZZZZ-ZZZZ');
    assert.equal(res.status, 404);
    assert.match(await res.text(), /data-status="not-found"/);
  });

  test('§7 the verify form redirects a typed code to its page; a bad code is explained', async () => {
    let res = await t.fetch(`/verify?code=${encodeURIComponent(c.cert.id.toLowerCase())}`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(new URL(res.headers.get('location')!, t.baseUrl).pathname, `/verify/${c.cert.id}`);
    res = await t.fetch('/verify?code=hello');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /aria-invalid="true"/);
  });

  test('§7 a revoked certificate has no printable page; its verify page says revoked', async () => {
    const r = await certified();
    assert.equal((await send(t, 'admin', 'POST', `/api/certificates/${r.cert.id}/revoke`, { reason: 'ທົດສອບ' })).status, 200);
    const page = await (await t.fetch(`/certificates/${r.cert.id}`)).text();
    assert.match(page, /data-status="revoked"/);
    assert.doesNotMatch(page, /class="sheet"/);
    const v = await (await t.fetch(`/verify/${r.cert.id}`)).text();
    assert.match(v, /data-status="revoked"/);
    assert.ok(v.includes('ໃບຢັ້ງຢືນນີ້ຖືກຍົກເລີກແລ້ວ'));
  });
});

describe('who reads which certificate (DESIGN §9)', () => {
  let a: Awaited<ReturnType<typeof certified>>;
  let b: Awaited<ReturnType<typeof certified>>;
  before(async () => {
    a = await certified(ORGS.A.id);
    b = await certified(ORGS.B.id);
  });

  test('§9 a learner reads their own certificate, and gets 404 for another learner\'s (by id and in /me)', async () => {
    assert.equal((await t.fetch(`/api/certificates/${a.cert.id}`, { headers: a.bearer })).status, 200);
    const res = await t.fetch(`/api/certificates/${b.cert.id}`, { headers: a.bearer });
    assert.equal(res.status, 404);
    const text = await res.text();
    assert.ok(!text.includes(b.name));
    const mine = await body<{ certificates: Cert[] }>(await t.fetch('/api/certificates/me', { headers: a.bearer }));
    assert.deepEqual(mine.certificates.map((x) => x.learnerId), [a.learner.id]);
  });

  test('§9 a trainer reads the certificates of their organisations\' learners only', async () => {
    assert.equal((await t.as('trainerA', `/api/certificates/${a.cert.id}`)).status, 200);
    assert.equal((await t.as('trainerA', `/api/certificates/${b.cert.id}`)).status, 404);
    const list = await body<{ certificates: Cert[] }>(await t.as('trainerA', `/api/certificates?course=${CERT_COURSE}&limit=200`));
    const ids = list.certificates.map((x) => x.id);
    assert.ok(ids.includes(a.cert.id));
    assert.ok(!ids.includes(b.cert.id));
    assert.equal((await t.as('trainerA', `/api/certificates?organisation=${ORGS.B.id}`)).status, 403);
  });

  test('§9 an admin lists all and filters by learner; a viewer lists without names or JWS', async () => {
    const all = await body<{ certificates: Cert[] }>(await t.as('admin', `/api/certificates?learner=${b.learner.id}`));
    assert.deepEqual(all.certificates.map((x) => x.id), [b.cert.id]);
    assert.equal(all.certificates[0]!.learnerName, b.name);
    const viewed = await body<{ certificates: (Cert & { sex: string })[] }>(await t.as('viewer', `/api/certificates?learner=${a.learner.id}`));
    assert.equal(viewed.certificates.length, 1);
    assert.equal(viewed.certificates[0]!.learnerName, undefined);
    assert.equal(viewed.certificates[0]!.jws, undefined);
    assert.equal(viewed.certificates[0]!.sex, 'female');
    const byId = await body<Cert>(await t.as('viewer', `/api/certificates/${a.cert.id}`));
    assert.equal(byId.learnerName, undefined);
  });

  test('§9 list filters: status=valid includes it, status=revoked does not; a bad filter is 400 naming it', async () => {
    const valid = await body<{ certificates: Cert[] }>(await t.as('admin', `/api/certificates?learner=${a.learner.id}&status=valid`));
    assert.equal(valid.certificates.length, 1);
    const revoked = await body<{ certificates: Cert[] }>(await t.as('admin', `/api/certificates?learner=${a.learner.id}&status=revoked`));
    assert.equal(revoked.certificates.length, 0);
    const res = await t.as('admin', '/api/certificates?status=lost');
    assert.equal(res.status, 400);
    assert.match((await body<{ error: string }>(res)).error, /^query\.status: /);
  });
});

describe('refusals: every route × every role it does not admit (DESIGN §9)', () => {
  let id: string;
  before(async () => {
    id = (await certified()).cert.id;
  });

  const routes: { name: string; method: string; path: () => string; admits: PersonaName[]; body?: unknown }[] = [
    { name: 'GET /api/certificates/me', method: 'GET', path: () => '/api/certificates/me', admits: ['learnerA', 'learnerB'] },
    { name: 'POST /api/certificates/claim', method: 'POST', path: () => '/api/certificates/claim', admits: ['learnerA', 'learnerB'], body: { course: CERT_COURSE } },
    { name: 'GET /api/certificates', method: 'GET', path: () => '/api/certificates', admits: ['admin', 'trainerA', 'trainerB', 'viewer'] },
    { name: 'GET /api/certificates/:id', method: 'GET', path: () => `/api/certificates/${id}`, admits: ['admin', 'trainerA', 'trainerB', 'viewer', 'learnerA', 'learnerB'] },
    { name: 'POST /api/certificates/:id/revoke', method: 'POST', path: () => `/api/certificates/${id}/revoke`, admits: ['admin'], body: { reason: 'refusal test' } },
  ];
  const personas: PersonaName[] = ['admin', 'trainerA', 'trainerB', 'viewer', 'learnerA', 'learnerB'];

  for (const r of routes) {
    test(`§9 ${r.name}: anonymous is 401`, async () => {
      const res = await t.fetch(r.path(), { method: r.method, headers: { 'Content-Type': 'application/json' }, body: r.body ? JSON.stringify(r.body) : undefined });
      assert.equal(res.status, 401);
    });
    for (const who of personas.filter((p) => !r.admits.includes(p))) {
      test(`§9 ${r.name}: ${who} is 403`, async () => {
        const res = await send(t, who, r.method, r.path(), r.body);
        assert.equal(res.status, 403, await res.clone().text());
      });
    }
  }

  test('§9 GET /api/certificates/:id/verify and the pages admit anyone (no credentials)', async () => {
    assert.equal((await t.fetch(`/api/certificates/${id}/verify`)).status, 200);
    assert.equal((await t.fetch(`/certificates/${id}`)).status, 200);
    assert.equal((await t.fetch(`/verify/${id}`)).status, 200);
    assert.equal((await t.fetch('/verify')).status, 200);
    assert.equal((await t.fetch('/.well-known/jwks.json')).status, 200);
  });

  test('§9 revoke with the admin\'s cookie but without the CSRF token is 403 and changes nothing', async () => {
    const res = await t.as('admin', `/api/certificates/${id}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': '' },
      body: JSON.stringify({ reason: 'csrf' }),
    });
    assert.equal(res.status, 403);
    assert.equal((await body<Verdict>(await t.fetch(`/api/certificates/${id}/verify`))).status, 'valid');
  });
});
