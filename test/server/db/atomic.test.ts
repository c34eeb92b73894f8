// The Node atomic helper (server/db/node.ts) and chunkRows: all-or-nothing batches of
// compiled Kysely queries, their results, and chunks that fit D1's parameter limit.
// Not for D1: the HTTP tests exercise the D1 helper under `npm run test:workers`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MAX_PARAMS, chunkRows } from '../../../server/db/atomic.js';
import { openNodeDatabase, type NodeDatabase } from '../../../server/db/node.js';

let dir: string;
let nd: NodeDatabase;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'champa-atomic-'));
  nd = openNodeDatabase(join(dir, 'atomic.sqlite'));
});
after(async () => {
  await nd.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (key: string) => ({ key, name: `client ${key}`, secret_hash: 'x', scopes: '["all"]', created: '2026-01-01T00:00:00.000Z' });
const insertClient = (key: string) => nd.db.insertInto('lrs_clients').values(client(key)).compile();
const countClients = async (keys: string[]) =>
  Number((await nd.db.selectFrom('lrs_clients').select((eb) => eb.fn.countAll().as('n')).where('key', 'in', keys).executeTakeFirstOrThrow()).n);

test('DESIGN §2 atomic: a batch whose third query violates a constraint leaves no trace of the first two', async () => {
  const [a, b] = [randomUUID(), randomUUID()];
  await nd.atomic([insertClient(a)]);
  const c = randomUUID();
  await assert.rejects(
    nd.atomic([
      insertClient(b),
      nd.db.updateTable('lrs_clients').set({ revoked: 1 }).where('key', '=', a).compile(),
      insertClient(a), // primary key taken
      insertClient(c),
    ]),
    /UNIQUE constraint failed: lrs_clients.key/,
  );
  assert.equal(await countClients([b, c]), 0, 'the insert before the failure was kept');
  const row = await nd.db.selectFrom('lrs_clients').select('revoked').where('key', '=', a).executeTakeFirstOrThrow();
  assert.equal(row.revoked, 0, 'the update before the failure was kept');

  // The connection is usable afterwards: no transaction was left open.
  await nd.atomic([insertClient(b)]);
  assert.equal(await countClients([b]), 1);
});

test('DESIGN §2 atomic: results carry rows for SELECT and RETURNING, changes for writes, in query order', async () => {
  const keys = [randomUUID(), randomUUID(), randomUUID()];
  const results = await nd.atomic([
    nd.db.insertInto('lrs_clients').values(keys.map(client)).compile(),
    nd.db.updateTable('lrs_clients').set({ revoked: 1 }).where('key', 'in', keys.slice(0, 2)).compile(),
    nd.db.selectFrom('lrs_clients').select(['key', 'revoked']).where('key', 'in', keys).orderBy('key').compile(),
    nd.db.deleteFrom('lrs_clients').where('key', '=', keys[2]!).returning(['key', 'name']).compile(),
    nd.db.deleteFrom('lrs_clients').where('key', '=', 'no such key').compile(),
  ]);
  assert.equal(results.length, 5);
  assert.deepEqual(results.map((r) => r.changes).slice(0, 2), [3, 2]);
  assert.deepEqual(results[0]!.rows, []);
  assert.deepEqual(
    results[2]!.rows,
    [...keys].sort().map((key) => ({ key, revoked: keys.indexOf(key) < 2 ? 1 : 0 })),
    'a SELECT sees the writes made earlier in the same batch',
  );
  assert.deepEqual(results[3]!.rows, [{ key: keys[2], name: `client ${keys[2]}` }]);
  assert.deepEqual(results[4], { rows: [], changes: 0 });
  assert.equal(await countClients(keys), 2);
});

test('DESIGN §2 atomic: an empty batch does nothing and returns no results', async () => {
  assert.deepEqual(await nd.atomic([]), []);
});

test('DESIGN §2 D1 limits: chunkRows keeps each chunk within MAX_PARAMS bound parameters, in order, losing nothing', () => {
  assert.equal(MAX_PARAMS, 100, 'D1 allows 100 bound parameters per query');
  const rows = Array.from({ length: 257 }, (_, i) => i);
  for (const perRow of [1, 2, 3, 7, 33, 50, 99, 100, 101, 250]) {
    const chunks = chunkRows(rows, perRow);
    assert.deepEqual(chunks.flat(), rows, `rows lost or reordered with ${perRow} params per row`);
    const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
    // Every chunk but the last is as full as the limit allows; a row wider than the limit stands alone.
    for (const [i, chunk] of chunks.entries()) {
      assert.ok(chunk.length * perRow <= MAX_PARAMS || chunk.length === 1, `chunk ${i} has ${chunk.length * perRow} params`);
      if (i < chunks.length - 1) assert.equal(chunk.length, size);
    }
  }
  assert.deepEqual(chunkRows([], 4), []);
});

test('DESIGN §2 D1 limits: a multi-row insert chunked by chunkRows compiles to queries of at most MAX_PARAMS parameters and applies whole', async () => {
  const verb = `http://example.com/verbs/${randomUUID()}`;
  // statement_verbs references statements; foreign keys are on, so the parents go first.
  const parents = Array.from({ length: 130 }, (_, i) => ({
    seq: i + 1 + 1_000_000,
    id: randomUUID(),
    stored: '2026-01-01T00:00:00.000Z',
    client_key: 'test',
    statement: '{}',
  }));
  const rows = parents.map((p) => ({ verb_iri: verb, statement_seq: p.seq }));
  const queries = [
    ...chunkRows(parents, 5).map((chunk) => nd.db.insertInto('statements').values(chunk).compile()),
    ...chunkRows(rows, 2).map((chunk) => nd.db.insertInto('statement_verbs').values(chunk).compile()),
  ];
  for (const q of queries) assert.ok(q.parameters.length <= MAX_PARAMS, `a query carries ${q.parameters.length} parameters`);
  assert.equal(queries.length, Math.ceil(130 / 20) + Math.ceil(130 / 50));
  const results = await nd.atomic(queries);
  assert.equal(results.reduce((n, r) => n + r.changes, 0), 260);
  const stored = await nd.db.selectFrom('statement_verbs').select((eb) => eb.fn.countAll().as('n')).where('verb_iri', '=', verb).executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), 130);
});
