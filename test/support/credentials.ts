// The credentials every HTTP test may use: LRS clients (one per scope set), staff users with
// fixed sessions (admin, a trainer of organisation A, one of B, a viewer) and learners with
// fixed tokens. seedSql() is the one seed: startTarget() runs it on the in-process database,
// and scripts/test-workers.ts runs it on local D1, so the same test files run on both runtimes.
// Tests should use these read-only; a test that changes a person creates its own.
import { createHash, pbkdf2Sync } from 'node:crypto';

export const CREDENTIALS = {
  all: ['all'],
  allRead: ['all/read'],
  write: ['statements/write'],
  read: ['statements/read'],
  writeReadMine: ['statements/write', 'statements/read/mine'],
  writeReadMine2: ['statements/write', 'statements/read/mine'],
  writeDefine: ['statements/write', 'define'],
  state: ['state'],
  profile: ['profile'],
  define: ['define'],
} as const satisfies Record<string, readonly string[]>;

export type CredentialName = keyof typeof CREDENTIALS;

export const keyOf = (name: CredentialName) => `test-${name}`;
export const secretOf = (name: CredentialName) => `secret-for-${name}-0123456789`;

export function basicHeader(name: CredentialName): string {
  return 'Basic ' + Buffer.from(`${keyOf(name)}:${secretOf(name)}`).toString('base64');
}

export function credentialRows(created = '2026-01-01T00:00:00.000Z') {
  return (Object.keys(CREDENTIALS) as CredentialName[]).map((name) => ({
    key: keyOf(name),
    name: `Test client ${name}`,
    secret_hash: createHash('sha256').update(secretOf(name)).digest('hex'),
    scopes: JSON.stringify(CREDENTIALS[name]),
    created,
  }));
}

// ---------------------------------------------------------------------------------------
// People: organisations, staff users with sessions, learners with tokens.

export const ORGS = {
  A: { id: 'test-org-a', name_en: 'Test organisation A', kind: 'police' },
  B: { id: 'test-org-b', name_en: 'Test organisation B', kind: 'lftu' },
} as const;

export const USERS = {
  admin: { id: 'test-user-admin', email: 'admin@champa.test', role: 'admin', orgs: [] },
  trainerA: { id: 'test-user-trainer-a', email: 'trainer-a@champa.test', role: 'trainer', orgs: [ORGS.A.id] },
  trainerB: { id: 'test-user-trainer-b', email: 'trainer-b@champa.test', role: 'trainer', orgs: [ORGS.B.id] },
  viewer: { id: 'test-user-viewer', email: 'viewer@champa.test', role: 'viewer', orgs: [] },
} as const satisfies Record<string, { id: string; email: string; role: string; orgs: readonly string[] }>;
export type UserName = keyof typeof USERS;

export const LEARNERS = {
  learnerA: { id: '00000000-0000-4000-8000-00000000a001', name: 'Test learner A', sex: 'female', org: ORGS.A.id },
  learnerA2: { id: '00000000-0000-4000-8000-00000000a002', name: 'Test learner A2', sex: 'male', org: ORGS.A.id },
  learnerB: { id: '00000000-0000-4000-8000-00000000b001', name: 'Test learner B', sex: 'female', org: ORGS.B.id },
} as const;
export type LearnerName = keyof typeof LEARNERS;

/** Anyone a test can send a request as. */
export type PersonaName = CredentialName | UserName | LearnerName;

export const passwordOf = (name: UserName) => `password-for-${name}-0123`;
export const sessionTokenOf = (name: UserName) => `test-session-${name}-0123456789abcdef`;
export const csrfTokenOf = (name: UserName) => `test-csrf-${name}-0123456789`;
export const learnerTokenOf = (name: LearnerName) => `clt_test-${name}-0123456789abcdef`;
/** A token of learnerA that expired in 2000. */
export const EXPIRED_LEARNER_TOKEN = 'clt_test-expired-0123456789abcdef';

/** Made-up districts for tests only (Champa ships none: see places import-districts). */
export const TEST_DISTRICTS = {
  vt: { code: 'TEST-VT1', province: 'LA-VT', name_lo: 'ເມືອງທົດສອບ', name_en: 'Test district VT' },
  kh: { code: 'TEST-KH1', province: 'LA-KH', name_lo: 'ເມືອງທົດສອບ ຂ', name_en: 'Test district KH' },
} as const;

export const isUser = (name: string): name is UserName => Object.hasOwn(USERS, name);
export const isLearner = (name: string): name is LearnerName => Object.hasOwn(LEARNERS, name);

/** Request headers that authenticate as the persona (and carry its CSRF token, for staff). */
export function authHeaders(name: PersonaName): Record<string, string> {
  if (isUser(name)) return { Cookie: `champa_session=${sessionTokenOf(name)}`, 'X-CSRF-Token': csrfTokenOf(name) };
  if (isLearner(name)) return { Authorization: `Bearer ${learnerTokenOf(name)}` };
  return { Authorization: basicHeader(name) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The server's hash format at 1,000 iterations (the least it accepts), so seeding and logins stay fast. */
function seedPasswordHash(password: string, salt: string): string {
  const b64 = (b: Buffer) => b.toString('base64url');
  const saltBytes = createHash('sha256').update(salt).digest().subarray(0, 16);
  return `$pbkdf2-sha256$1000$${b64(saltBytes)}$${b64(pbkdf2Sync(password, saltBytes, 1000, 32, 'sha256'))}`;
}

const CREATED = '2026-01-01T00:00:00.000Z';
const FAR = '2999-01-01T00:00:00.000Z';

export function seedSql(): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const lines = credentialRows().map(
    (r) => `INSERT OR REPLACE INTO lrs_clients (key, name, secret_hash, scopes, created) VALUES (${q(r.key)}, ${q(r.name)}, ${q(r.secret_hash)}, ${q(r.scopes)}, ${q(r.created)});`,
  );
  for (const o of Object.values(ORGS)) {
    lines.push(`INSERT OR IGNORE INTO organisations (id, name_en, kind, created, updated) VALUES (${q(o.id)}, ${q(o.name_en)}, ${q(o.kind)}, ${q(CREATED)}, ${q(CREATED)});`);
  }
  for (const [name, u] of Object.entries(USERS) as [UserName, (typeof USERS)[UserName]][]) {
    lines.push(
      `INSERT OR IGNORE INTO users (id, email, display_name, password_hash, role, created, updated) VALUES (${q(u.id)}, ${q(u.email)}, ${q(`Test ${name}`)}, ${q(seedPasswordHash(passwordOf(name), name))}, ${q(u.role)}, ${q(CREATED)}, ${q(CREATED)});`,
    );
    for (const org of u.orgs) lines.push(`INSERT OR IGNORE INTO user_organisations (user_id, organisation_id) VALUES (${q(u.id)}, ${q(org)});`);
    lines.push(
      `INSERT OR IGNORE INTO sessions (token_hash, user_id, csrf_token, created, expires) VALUES (${q(sha256(sessionTokenOf(name)))}, ${q(u.id)}, ${q(csrfTokenOf(name))}, ${q(CREATED)}, ${q(FAR)});`,
    );
  }
  for (const [name, l] of Object.entries(LEARNERS) as [LearnerName, (typeof LEARNERS)[LearnerName]][]) {
    lines.push(
      `INSERT OR IGNORE INTO learners (id, name, sex, organisation_id, created, updated) VALUES (${q(l.id)}, ${q(l.name)}, ${q(l.sex)}, ${q(l.org)}, ${q(CREATED)}, ${q(CREATED)});`,
    );
    lines.push(`INSERT OR IGNORE INTO learner_tokens (token_hash, learner_id, kind, created, expires) VALUES (${q(sha256(learnerTokenOf(name)))}, ${q(l.id)}, 'device', ${q(CREATED)}, ${q(FAR)});`);
  }
  for (const d of Object.values(TEST_DISTRICTS)) {
    lines.push(
      `INSERT OR IGNORE INTO districts (code, province_code, name_lo, name_en, source, imported) VALUES (${q(d.code)}, ${q(d.province)}, ${q(d.name_lo)}, ${q(d.name_en)}, 'test fixture', ${q(CREATED)});`,
    );
  }
  lines.push(
    `INSERT OR IGNORE INTO learner_tokens (token_hash, learner_id, kind, created, expires) VALUES (${q(sha256(EXPIRED_LEARNER_TOKEN))}, ${q(LEARNERS.learnerA.id)}, 'device', '1999-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z');`,
  );
  return lines.join('\n');
}
