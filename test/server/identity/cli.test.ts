// `npm run champa -- admin ...` and `places import-districts` as an operator runs them: a real
// process on a real SQLite file, whose results the app on that file then serves (issue 5 item 2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../../server/app.js';
import { fsBlobStore } from '../../../server/blobs-fs.js';
import { openNodeDatabase } from '../../../server/db/node.js';
import { settingsFromEnv } from '../../../server/deps.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;
let dbFile: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'champa-identity-cli-'));
  dbFile = join(dir, 'champa.sqlite');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function champa(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', ...args],
      { cwd: root, env: { ...process.env, CHAMPA_DB: dbFile }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

async function withApp<T>(fn: (request: (path: string, init?: RequestInit) => Promise<Response>, nd: ReturnType<typeof openNodeDatabase>) => Promise<T>): Promise<T> {
  const nd = openNodeDatabase(dbFile);
  try {
    const app = createApp({ db: nd.db, atomic: nd.atomic, clock: () => new Date(), blobs: fsBlobStore(join(dir, 'blobs')), settings: settingsFromEnv({ CHAMPA_PUBLIC_URL: 'http://champa.test' }) });
    return await fn((path, init) => Promise.resolve(app.request(`http://champa.test${path}`, init)), nd);
  } finally {
    await nd.close();
  }
}

const login = (request: (path: string, init?: RequestInit) => Promise<Response>, email: string, password: string) =>
  request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `10.9.${Math.floor(Math.random() * 255)}.1` }, body: JSON.stringify({ email, password }) });

const userCount = () => withApp(async (_, nd) => Number((await nd.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

test('issue 5 item 2: admin create reads the password from standard input, prints no secret, and that admin signs in and manages users', async () => {
  const res = await champa(['admin', 'create', '--email', 'First.Admin@Champa.test', '--name', 'ທ່ານ ຜູ້ບໍລິຫານ'], 'first-admin-password\n');
  assert.equal(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(out).sort(), ['email', 'id', 'name', 'role']);
  assert.equal(out.email, 'first.admin@champa.test');
  assert.equal(out.role, 'admin');
  assert.ok(!res.stdout.includes('first-admin-password') && !res.stderr.includes('first-admin-password'));

  await withApp(async (request, nd) => {
    const row = await nd.db.selectFrom('users').select('password_hash').where('email', '=', 'first.admin@champa.test').executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^\$pbkdf2-sha256\$100000\$/);
    const signedIn = await login(request, 'first.admin@champa.test', 'first-admin-password');
    assert.equal(signedIn.status, 200);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    assert.equal((await request('/api/users', { headers: { Cookie: cookie } })).status, 200);
  });
});

test('issue 5 item 2: admin create --password works too; a duplicate email, a short password or a missing flag writes nothing', async () => {
  const ok = await champa(['admin', 'create', '--email', 'second@champa.test', '--name', 'Second', '--password', 'second-admin-password']);
  assert.equal(ok.code, 0, ok.stderr);
  const before = await userCount();
  const dup = await champa(['admin', 'create', '--email', 'SECOND@champa.test', '--name', 'Again', '--password', 'another-password-1']);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /already a user with email second@champa\.test/);
  const short = await champa(['admin', 'create', '--email', 'third@champa.test', '--name', 'Third'], 'short\n');
  assert.equal(short.code, 2);
  assert.match(short.stderr, /the password must be at least 10 characters/);
  const noName = await champa(['admin', 'create', '--email', 'third@champa.test', '--password', 'third-admin-password']);
  assert.equal(noName.code, 2);
  assert.match(noName.stderr, /--name is required/);
  const badEmail = await champa(['admin', 'create', '--email', 'nope', '--name', 'X', '--password', 'third-admin-password']);
  assert.equal(badEmail.code, 2);
  assert.match(badEmail.stderr, /is not an email address/);
  const noPassword = await champa(['admin', 'create', '--email', 'third@champa.test', '--name', 'Third']);
  assert.equal(noPassword.code, 2, 'empty standard input is no password');
  assert.equal(await userCount(), before);
});

test('issue 5 item 2: admin set-password replaces the password and ends the user\'s sessions', async () => {
  await champa(['admin', 'create', '--email', 'forgot@champa.test', '--name', 'Forgetful', '--password', 'old-password-123']);
  const cookie = await withApp(async (request) => (await login(request, 'forgot@champa.test', 'old-password-123')).headers.get('set-cookie')!.split(';')[0]!);
  const res = await champa(['admin', 'set-password', '--email', 'forgot@champa.test'], 'new-password-456\n');
  assert.equal(res.code, 0, res.stderr);
  assert.ok(!res.stdout.includes('new-password-456'));
  await withApp(async (request) => {
    assert.equal((await request('/api/auth/me', { headers: { Cookie: cookie } })).status, 401);
    assert.equal((await login(request, 'forgot@champa.test', 'old-password-123')).status, 401);
    assert.equal((await login(request, 'forgot@champa.test', 'new-password-456')).status, 200);
  });
  const unknown = await champa(['admin', 'set-password', '--email', 'nobody@champa.test', '--password', 'whatever-password']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no user with email nobody@champa\.test/);
});

test('issue 5 item 1: places import-districts loads a checked CSV, which /api/places/districts then serves; re-importing renames and counts', async () => {
  const file = join(dir, 'districts.csv');
  writeFileSync(file, 'code,province,name_lo,name_en\nX-0101,LA-VT,ເມືອງ ທົດລອງ ໜຶ່ງ,Trial one\nX-0102,LA-VT,ເມືອງ ທົດລອງ ສອງ,Trial two\n');
  const res = await champa(['places', 'import-districts', file, '--source', 'CLI test fixture']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(JSON.parse(res.stdout), { inserted: 2, updated: 0, unchanged: 0 });
  await withApp(async (request) => {
    const list = (await (await request('/api/places/districts?province=LA-VT')).json()) as { code: string; nameEn: string; source: string }[];
    assert.deepEqual(list.map((d) => [d.code, d.nameEn, d.source]), [['X-0101', 'Trial one', 'CLI test fixture'], ['X-0102', 'Trial two', 'CLI test fixture']]);
  });
  writeFileSync(file, 'code,province,name_lo,name_en\nX-0101,LA-VT,ເມືອງ ທົດລອງ ໜຶ່ງ,Trial One (renamed)\nX-0102,LA-VT,ເມືອງ ທົດລອງ ສອງ,Trial two\nX-0201,LA-KH,ເມືອງ ທົດລອງ ສາມ,Trial three\n');
  const again = await champa(['places', 'import-districts', file, '--source', 'CLI test fixture v2']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), { inserted: 1, updated: 1, unchanged: 1 });
});

test('issue 5 item 1: a districts file with any bad row imports nothing and lists every problem', async () => {
  const count = () => withApp(async (_, nd) => Number((await nd.db.selectFrom('districts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
  const before = await count();
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'code,province,name_lo,name_en\nY-1,LA-VT,ເມືອງ ດີ,Good row\nY-2,LA-XX,ເມືອງ,Bad province\nY-3,LA-VT,,No Lao name\n');
  const res = await champa(['places', 'import-districts', file, '--source', 'bad']);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /nothing imported; 2 problem\(s\)/);
  assert.match(res.stderr, /line 3, province: "LA-XX" is not a province code/);
  assert.match(res.stderr, /line 4, name_lo: must not be empty/);
  assert.equal(await count(), before, 'the good row was not imported either');

  const move = join(dir, 'move.csv');
  writeFileSync(move, 'code,province,name_lo,name_en\nZ-1,LA-VT,ເມືອງ ໃໝ່,New one\nX-0101,LA-KH,ເມືອງ ທົດລອງ ໜຶ່ງ,Moved\n');
  const moved = await champa(['places', 'import-districts', move, '--source', 'move']);
  assert.equal(moved.code, 1);
  assert.match(moved.stderr, /line 3, province: district X-0101 is already in LA-VT; a district cannot move province/);
  assert.equal(await count(), before);

  const noSource = await champa(['places', 'import-districts', file]);
  assert.equal(noSource.code, 2);
  assert.match(noSource.stderr, /--source is required/);
  const missing = await champa(['places', 'import-districts', join(dir, 'absent.csv'), '--source', 'x']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read/);
});
