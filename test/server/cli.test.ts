// `npm run champa -- lrs-client ...` as an operator runs it: a real process on a real
// SQLite file, whose credentials then work (or stop working) against the app on that file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.js';
import { fsBlobStore } from '../../server/blobs-fs.js';
import { openNodeDatabase, type NodeDatabase } from '../../server/db/node.js';
import { settingsFromEnv } from '../../server/deps.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let dbFile: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'champa-cli-'));
  dbFile = join(dir, 'champa.sqlite');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function champa(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', ...args],
      { cwd: root, env: { ...process.env, CHAMPA_DB: dbFile }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `fn` against the app built on the CLI's database file, as `npm start` would build it. */
async function withApp<T>(fn: (app: ReturnType<typeof createApp>, nd: NodeDatabase) => Promise<T>): Promise<T> {
  const nd = openNodeDatabase(dbFile);
  try {
    const app = createApp({
      db: nd.db,
      atomic: nd.atomic,
      clock: () => new Date(),
      blobs: fsBlobStore(join(dir, 'blobs')),
      settings: settingsFromEnv({ CHAMPA_PUBLIC_URL: 'http://champa.test' }),
    });
    return await fn(app, nd);
  } finally {
    await nd.close();
  }
}

const getStatements = (app: ReturnType<typeof createApp>, key: string, secret: string) =>
  app.request('http://champa.test/xapi/statements', {
    headers: { Authorization: 'Basic ' + btoa(`${key}:${secret}`), 'X-Experience-API-Version': '2.0.0' },
  });

const credentialCount = () => withApp(async (_, nd) => Number((await nd.db.selectFrom('lrs_clients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

test('DESIGN §3 credentials: lrs-client create prints {"key","secret"} and that credential authenticates; revoke makes it answer 401', async () => {
  const created = await champa('lrs-client', 'create', '--name', 'Provincial LMS', '--scopes', 'all');
  assert.equal(created.code, 0, created.stderr);
  const cred = JSON.parse(created.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(cred).sort(), ['key', 'secret']);
  const { key, secret } = cred as { key: string; secret: string };
  assert.match(key, /^[0-9a-f]{16,}$/);
  assert.match(secret, /^[0-9a-f]{32,}$/);

  await withApp(async (app, nd) => {
    const ok = await getStatements(app, key, secret);
    assert.notEqual(ok.status, 401, 'the new credential was refused');
    assert.equal((await getStatements(app, key, secret + 'x')).status, 401, 'a wrong secret was accepted');
    const row = await nd.db.selectFrom('lrs_clients').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    assert.equal(row.name, 'Provincial LMS');
    assert.deepEqual(JSON.parse(row.scopes), ['all']);
    assert.ok(!row.secret_hash.includes(secret), 'the secret is stored in clear');

    const listed = await champa('lrs-client', 'list');
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(listed.stdout.includes(key) && !listed.stdout.includes(secret), 'list must show keys, never secrets');

    // Revoked by another process while this app is running: the next request already sees it.
    const revoked = await champa('lrs-client', 'revoke', '--key', key);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await getStatements(app, key, secret)).status, 401);
  });
});

test('DESIGN §3 credentials: an unknown scope is refused with exit code 2 and a message naming it; nothing is written', async () => {
  const before = await credentialCount();
  const res = await champa('lrs-client', 'create', '--name', 'X', '--scopes', 'statements/write,statments/read');
  assert.equal(res.code, 2);
  assert.match(res.stderr, /unknown scope\(s\): statments\/read/);
  assert.match(res.stderr, /statements\/read/, 'the message lists the known scopes');
  assert.equal(res.stdout, '');
  assert.equal(await credentialCount(), before);
});

test('DESIGN §3 credentials: a missing --name is refused with exit code 2 and says so; nothing is written', async () => {
  const before = await credentialCount();
  const res = await champa('lrs-client', 'create', '--scopes', 'all');
  assert.equal(res.code, 2);
  assert.match(res.stderr, /--name is required/);
  assert.equal(res.stdout, '');
  assert.equal(await credentialCount(), before);
});

test('DESIGN §3 credentials: revoking an unknown key fails and says which key', async () => {
  const res = await champa('lrs-client', 'revoke', '--key', 'no-such-key');
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /no credential with key no-such-key/);
});
