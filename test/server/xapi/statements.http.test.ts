// The statements resource, requirement by requirement, through the real app (and, with
// CHAMPA_TEST_URL, through workerd + D1). Every test uses its own IRIs and ids.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTarget, uid, type Target } from '../../support/target.js';

let t: Target;
before(async () => {
  t = await startTarget();
});
after(async () => {
  await t.close();
});

const act = (name = uid()) => `https://champa.test/activities/${name}`;
const verb = (name = uid()) => `https://champa.test/verbs/${name}`;
const agent = (name = uid()) => ({ objectType: 'Agent', account: { homePage: 'https://champa.test', name } });

function statement(over: Record<string, unknown> = {}): Record<string, any> {
  return {
    actor: agent(),
    verb: { id: verb(), display: { 'en-US': 'did', lo: 'ເຮັດ' } },
    object: { objectType: 'Activity', id: act(), definition: { name: { 'en-US': 'Lesson', lo: 'ບົດຮຽນ' } } },
    ...over,
  };
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function post(body: unknown, who: Parameters<Target['as']>[0] = 'all', headers: Record<string, string> = {}) {
  return t.as(who, '/xapi/statements', json(body, headers));
}

async function get(query: Record<string, string>, who: Parameters<Target['as']>[0] = 'all', headers: Record<string, string> = {}) {
  return t.as(who, `/xapi/statements?${new URLSearchParams(query)}`, { headers });
}

type Result = { statements: Record<string, any>[]; more: string };

describe('POST and PUT', () => {
  test('xAPI Communication §2.1.2 POST: stores a statement and returns its id; the LRS sets stored, authority, version and timestamp', async () => {
    const res = await post(statement());
    assert.equal(res.status, 200);
    const ids = (await res.json()) as string[];
    assert.equal(ids.length, 1);
    assert.match(ids[0]!, /^[0-9a-f-]{36}$/);
    const got = await get({ statementId: ids[0]! });
    assert.equal(got.status, 200);
    const s = (await got.json()) as Record<string, any>;
    assert.equal(s.id, ids[0]);
    assert.ok(s.stored && !Number.isNaN(Date.parse(s.stored)));
    assert.equal(s.timestamp, s.stored);
    assert.equal(s.version, '2.0.0');
    assert.equal(s.authority.account.name, 'test-all');
  });

  test('xAPI Data §2.4.9 authority: the LRS overwrites an authority sent by the client with its credential', async () => {
    const s = statement({ id: uid(), authority: { objectType: 'Agent', mbox: 'mailto:forger@example.com' } });
    assert.equal((await post(s)).status, 200);
    const back = (await (await get({ statementId: s.id as string })).json()) as Record<string, any>;
    assert.equal(back.authority.account.name, 'test-all');
    assert.equal(back.authority.mbox, undefined);
  });

  test('xAPI Communication §2.1.2 POST: a batch returns the ids in request order', async () => {
    const a = statement({ id: uid() });
    const b = statement();
    const res = await post([a, b]);
    assert.equal(res.status, 200);
    const ids = (await res.json()) as string[];
    assert.equal(ids[0], a.id);
    assert.equal(ids.length, 2);
  });

  test('xAPI Communication §2.1.1 PUT: stores under statementId and answers 204', async () => {
    const id = uid();
    const res = await t.as('all', `/xapi/statements?statementId=${id}`, { ...json(statement()), method: 'PUT' });
    assert.equal(res.status, 204);
    assert.equal((await get({ statementId: id })).status, 200);
  });

  test('xAPI Communication §2.1.1 PUT: without statementId is a 400', async () => {
    const res = await t.as('all', '/xapi/statements', { ...json(statement()), method: 'PUT' });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /statementId/);
  });

  test('xAPI Communication §2.1.1 PUT: a body id that differs from statementId is a 400', async () => {
    const res = await t.as('all', `/xapi/statements?statementId=${uid()}`, { ...json(statement({ id: uid() })), method: 'PUT' });
    assert.equal(res.status, 400);
  });

  test('xAPI Communication §2.1.1/2.1.2: the same statement sent again is accepted and stored once (idempotent replay)', async () => {
    const s = statement({ id: uid(), timestamp: '2026-05-01T10:00:00.000Z' });
    assert.equal((await post(s)).status, 200);
    const again = await post(s);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), [s.id]);
    const put = await t.as('all', `/xapi/statements?statementId=${s.id}`, { ...json(s), method: 'PUT' });
    assert.equal(put.status, 204);
    const list = (await (await get({ activity: (s.object as { id: string }).id })).json()) as Result;
    assert.equal(list.statements.length, 1);
  });

  test('xAPI Communication §2.1.2: a different statement under a stored id is a 409 Conflict', async () => {
    const s = statement({ id: uid() });
    assert.equal((await post(s)).status, 200);
    const res = await post({ ...s, verb: { id: verb() } });
    assert.equal(res.status, 409);
  });

  test('xAPI Communication §2.1.2: a batch with the same id twice is a 400 and stores nothing', async () => {
    const id = uid();
    const other = statement({ id: uid() });
    const res = await post([other, statement({ id }), statement({ id })]);
    assert.equal(res.status, 400);
    assert.equal((await get({ statementId: other.id as string })).status, 404);
  });

  test('xAPI Communication §1.5 / Data §2.2: one invalid statement rejects the batch with its path, and nothing is stored', async () => {
    const good = statement({ id: uid() });
    const bad = statement({ actor: { objectType: 'Agent', mbox: 'not-an-email' } });
    const res = await post([good, bad]);
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /statements\[1\]\.actor\.mbox/);
    assert.equal((await get({ statementId: good.id as string })).status, 404);
  });

  test('xAPI Communication §2.1.2 POST: query parameters are refused with 400', async () => {
    const res = await t.as('all', `/xapi/statements?statementId=${uid()}`, json(statement()));
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /statementId/);
  });

  test('xAPI Communication §2.1.2: malformed JSON is a 400', async () => {
    const res = await t.as('all', '/xapi/statements', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"actor":' });
    assert.equal(res.status, 400);
  });

  test('xAPI 1.0.3 Data §2.4.10 version: a 1.0.3 request without version is stored as 1.0.0', async () => {
    const s = statement({ id: uid() });
    assert.equal((await post(s, 'all', { 'X-Experience-API-Version': '1.0.3' })).status, 200);
    const back = (await (await get({ statementId: s.id as string })).json()) as Record<string, any>;
    assert.equal(back.version, '1.0.0');
  });

  test('xAPI Communication §2.1: every statements response carries X-Experience-API-Consistent-Through', async () => {
    const p = await post(statement());
    const g = await get({ verb: verb() });
    for (const res of [p, g]) {
      const h = res.headers.get('X-Experience-API-Consistent-Through');
      assert.ok(h && !Number.isNaN(Date.parse(h)), 'header is a timestamp');
    }
  });

  test('xAPI Communication §2.1.2: concurrent POSTs of the same statement store it once', async () => {
    const s = statement({ id: uid() });
    const results = await Promise.all([post(s), post(s), post(s)]);
    for (const r of results) assert.ok(r.status === 200 || r.status === 409, `status ${r.status}`);
    assert.ok(results.some((r) => r.status === 200));
    const list = (await (await get({ activity: (s.object as { id: string }).id })).json()) as Result;
    assert.equal(list.statements.length, 1);
  });
});

describe('voiding', () => {
  test('xAPI Data §2.3.2 Voided: a voided statement is only returned by voidedStatementId; the voiding statement is queryable', async () => {
    const target = statement({ id: uid() });
    await post(target);
    const voiding = statement({ id: uid(), verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target.id } });
    assert.equal((await post(voiding)).status, 200);
    assert.equal((await get({ statementId: target.id as string })).status, 404);
    const voided = await get({ voidedStatementId: target.id as string });
    assert.equal(voided.status, 200);
    assert.equal(((await voided.json()) as { id: string }).id, target.id);
    assert.equal((await get({ voidedStatementId: voiding.id as string })).status, 404);
    // A filter on the voided statement's activity returns the voiding statement (it targets it), not the voided one.
    const list = (await (await get({ activity: (target.object as { id: string }).id })).json()) as Result;
    assert.deepEqual(list.statements.map((s) => s.id), [voiding.id]);
  });

  test('xAPI Data §2.3.2: a voiding statement cannot be voided (400)', async () => {
    const target = statement({ id: uid() });
    const voiding = statement({ id: uid(), verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target.id } });
    await post([target, voiding]);
    const res = await post(statement({ verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: voiding.id } }));
    assert.equal(res.status, 400);
  });
});

describe('GET queries', () => {
  test('xAPI Communication §2.1.3 agent: returns statements whose actor or object is the agent, newest first', async () => {
    const me = agent();
    const s1 = statement({ id: uid(), actor: me });
    const s2 = statement({ id: uid(), object: me, verb: { id: verb() } });
    const s3 = statement({ id: uid(), context: { instructor: me } });
    await post(s1);
    await post(s2);
    await post(s3);
    const res = await get({ agent: JSON.stringify(me) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Result;
    assert.deepEqual(body.statements.map((s) => s.id), [s2.id, s1.id]);
    const related = (await (await get({ agent: JSON.stringify(me), related_agents: 'true' })).json()) as Result;
    assert.deepEqual(related.statements.map((s) => s.id), [s3.id, s2.id, s1.id]);
  });

  test('xAPI Communication §2.1.3 verb + activity + related_activities', async () => {
    const v = verb();
    const a = act();
    const direct = statement({ id: uid(), verb: { id: v }, object: { id: a } });
    const inContext = statement({ id: uid(), verb: { id: v }, context: { contextActivities: { parent: [{ id: a }] } } });
    const otherVerb = statement({ id: uid(), object: { id: a } });
    await post([direct, inContext, otherVerb]);
    const byVerbAct = (await (await get({ verb: v, activity: a })).json()) as Result;
    assert.deepEqual(byVerbAct.statements.map((s) => s.id), [direct.id]);
    const related = (await (await get({ verb: v, activity: a, related_activities: 'true', ascending: 'true' })).json()) as Result;
    assert.deepEqual(related.statements.map((s) => s.id), [direct.id, inContext.id]);
  });

  test('xAPI Data §2.4.6.2 contextActivities: a single Activity is returned as an array of one', async () => {
    const parent = act();
    const s = statement({ id: uid(), context: { contextActivities: { parent: { id: parent } } } });
    await post(s);
    const back = (await (await get({ statementId: s.id as string })).json()) as Record<string, any>;
    assert.deepEqual(back.context.contextActivities.parent, [{ id: parent }]);
  });

  test('xAPI Communication §2.1.3 registration', async () => {
    const reg = uid();
    const s = statement({ id: uid(), context: { registration: reg } });
    await post([s, statement()]);
    const body = (await (await get({ registration: reg })).json()) as Result;
    assert.deepEqual(body.statements.map((x) => x.id), [s.id]);
  });

  test('xAPI Communication §2.1.3 since/until filter on stored', async () => {
    const a = act();
    await post(statement({ object: { id: a } }));
    const mid = new Date(Date.now() + 5).toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const later = statement({ id: uid(), object: { id: a } });
    await post(later);
    const since = (await (await get({ activity: a, since: mid })).json()) as Result;
    assert.deepEqual(since.statements.map((s) => s.id), [later.id]);
    const until = (await (await get({ activity: a, until: mid })).json()) as Result;
    assert.equal(until.statements.length, 1);
    assert.notEqual(until.statements[0]!.id, later.id);
    assert.equal((await get({ since: 'yesterday' })).status, 400);
  });

  test('xAPI Communication §2.1.3 limit and more: pages cover every statement once, in order', async () => {
    const a = act();
    const batch = Array.from({ length: 7 }, () => statement({ id: uid(), object: { id: a } }));
    await post(batch);
    const seen: string[] = [];
    let res = await get({ activity: a, limit: '3', ascending: 'true' });
    for (let page = 0; page < 5; page++) {
      const body = (await res.json()) as Result;
      seen.push(...body.statements.map((s) => s.id as string));
      if (!body.more) break;
      assert.match(body.more, /^\/xapi\/statements\?more=/);
      res = await t.as('all', body.more);
      assert.equal(res.status, 200);
    }
    assert.deepEqual(seen, batch.map((s) => s.id));
  });

  test('xAPI Communication §2.1.3 format=ids reduces agents, activities and verbs to their identifiers', async () => {
    const s = statement({ id: uid(), actor: { ...agent(), name: 'Somchai' } });
    await post(s);
    const body = (await (await get({ statementId: s.id as string, format: 'ids' })).json()) as Record<string, any>;
    assert.equal(body.actor.name, undefined);
    assert.deepEqual(Object.keys(body.object).sort(), ['id', 'objectType']);
    assert.deepEqual(body.verb, { id: (s.verb as { id: string }).id });
  });

  test('xAPI Communication §2.1.3 format=canonical returns one language per language map, by Accept-Language', async () => {
    const s = statement({ id: uid() });
    await post(s);
    const body = (await (await get({ statementId: s.id as string, format: 'canonical' }, 'all', { 'Accept-Language': 'lo' })).json()) as Record<string, any>;
    assert.deepEqual(body.verb.display, { lo: 'ເຮັດ' });
    assert.deepEqual(body.object.definition.name, { lo: 'ບົດຮຽນ' });
    assert.equal((await get({ verb: verb(), format: 'bogus' })).status, 400);
  });

  test('xAPI Communication §2.1.3: an unknown parameter is a 400, and statementId allows only format and attachments', async () => {
    assert.equal((await get({ colour: 'red' })).status, 400);
    assert.equal((await get({ statementId: uid(), verb: verb() })).status, 400);
    assert.equal((await get({ statementId: 'not-a-uuid' })).status, 400);
    assert.equal((await get({ agent: '{"name":"no ifi"}' })).status, 400);
  });

  test('xAPI Communication §2.1.3 filter conditions for StatementRefs: a statement targeting a match matches too', async () => {
    const v = verb();
    const target = statement({ id: uid(), verb: { id: v } });
    const ref = statement({ id: uid(), object: { objectType: 'StatementRef', id: target.id } });
    await post([target, ref]);
    const body = (await (await get({ verb: v })).json()) as Result;
    assert.deepEqual(body.statements.map((s) => s.id), [ref.id, target.id]);
  });

  test('xAPI Communication §1.1 HEAD: answers like GET without a body', async () => {
    const res = await t.as('all', `/xapi/statements?verb=${encodeURIComponent(verb())}`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal((await res.text()).length, 0);
  });
});

describe('scopes', () => {
  test('xAPI Communication §4.2 scopes: statements/write cannot read, statements/read cannot write', async () => {
    assert.equal((await get({ verb: verb() }, 'write')).status, 403);
    assert.equal((await post(statement(), 'read')).status, 403);
    assert.equal((await post(statement(), 'state')).status, 403);
    assert.equal((await get({ verb: verb() }, 'allRead')).status, 200);
  });

  test('xAPI Communication §4.2 statements/read/mine: a client reads only what it stored', async () => {
    const v = verb();
    const mine = statement({ id: uid(), verb: { id: v } });
    const theirs = statement({ id: uid(), verb: { id: v } });
    await post(mine, 'writeReadMine');
    await post(theirs, 'writeReadMine2');
    const body = (await (await get({ verb: v }, 'writeReadMine')).json()) as Result;
    assert.deepEqual(body.statements.map((s) => s.id), [mine.id]);
    assert.equal((await get({ statementId: theirs.id as string }, 'writeReadMine')).status, 404);
  });
});

describe('attachments', () => {
  const boundary = 'champa-test-boundary';
  function multipart(s: unknown, parts: { type: string; bytes: Buffer }[]) {
    const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(s)}\r\n`)];
    for (const p of parts) {
      const sha = createHash('sha256').update(p.bytes).digest('hex');
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${p.type}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha}\r\n\r\n`), p.bytes, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return Buffer.concat(chunks);
  }
  const certificate = Buffer.from('%PDF-1.4 fake certificate bytes \r\n--not-a-boundary\r\n\x00\x01\x02', 'binary');

  function withAttachment(bytes: Buffer, sha2 = createHash('sha256').update(bytes).digest('hex')) {
    return statement({
      id: uid(),
      attachments: [{ usageType: 'https://champa.test/attachments/certificate', display: { en: 'Certificate' }, contentType: 'application/pdf', length: bytes.length, sha2 }],
    });
  }

  test('xAPI Communication §1.5.2 attachments: multipart/mixed POST stores the bytes; GET attachments=true returns them', async () => {
    const s = withAttachment(certificate);
    const res = await t.as('all', '/xapi/statements', {
      method: 'POST',
      headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` },
      body: multipart(s, [{ type: 'application/pdf', bytes: certificate }]),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const back = await get({ statementId: s.id as string, attachments: 'true' });
    assert.equal(back.status, 200);
    assert.match(back.headers.get('Content-Type') ?? '', /^multipart\/mixed; *boundary=/);
    const raw = Buffer.from(await back.arrayBuffer());
    assert.ok(raw.includes(certificate), 'the attachment bytes come back unchanged');
    const plain = await get({ statementId: s.id as string });
    assert.match(plain.headers.get('Content-Type') ?? '', /^application\/json/);
  });

  test('xAPI Communication §1.5.2: an attachment whose hash does not match is a 400 and nothing is stored', async () => {
    const s = withAttachment(certificate);
    const res = await t.as('all', '/xapi/statements', {
      method: 'POST',
      headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` },
      body: multipart(s, [{ type: 'application/pdf', bytes: Buffer.from('other bytes') }]),
    });
    assert.equal(res.status, 400);
    assert.equal((await get({ statementId: s.id as string })).status, 404);
  });

  test('xAPI Communication §1.5.2: a statement attachment without fileUrl and without a part is a 400', async () => {
    const res = await post(withAttachment(certificate));
    assert.equal(res.status, 400);
  });
});

describe('alternate request syntax and versions', () => {
  test('xAPI 1.0.3 Communication §1.3 alternate request syntax: a form POST with ?method=GET is a GET', async () => {
    const s = statement({ id: uid() });
    await post(s);
    const form = new URLSearchParams({
      Authorization: (await import('../../support/credentials.js')).basicHeader('all'),
      'X-Experience-API-Version': '1.0.3',
      statementId: s.id as string,
    });
    const res = await t.fetch('/xapi/statements?method=GET', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { id: string }).id, s.id);
  });

  test('xAPI 1.0.3 Communication §1.3 alternate request syntax: Authorization and version may stay real headers', async () => {
    const s = statement({ id: uid() });
    await post(s);
    const res = await t.as('all', '/xapi/statements?method=GET', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Experience-API-Version': '1.0.3' },
      body: new URLSearchParams({ statementId: s.id as string }).toString(),
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { id: string }).id, s.id);
  });

  test('xAPI 1.0.3 Communication §1.3 alternate request syntax: PUT with content in the form', async () => {
    const id = uid();
    const form = new URLSearchParams({
      Authorization: (await import('../../support/credentials.js')).basicHeader('all'),
      'X-Experience-API-Version': '1.0.3',
      'Content-Type': 'application/json',
      statementId: id,
      content: JSON.stringify(statement()),
    });
    const res = await t.fetch('/xapi/statements?method=PUT', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    assert.equal(res.status, 204);
    assert.equal((await get({ statementId: id })).status, 200);
  });

  test('xAPI 1.0.3 Communication §1.3: extra query parameters with ?method are a 400; 2.0.0 has no alternate syntax', async () => {
    const auth = (await import('../../support/credentials.js')).basicHeader('all');
    const extra = await t.fetch('/xapi/statements?method=GET&verb=x', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Authorization: auth, 'X-Experience-API-Version': '1.0.3' }).toString() });
    assert.equal(extra.status, 400);
    const v2 = await t.fetch('/xapi/statements?method=GET', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Authorization: auth, 'X-Experience-API-Version': '2.0.0' }).toString() });
    assert.equal(v2.status, 400);
  });
});
