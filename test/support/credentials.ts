// The LRS credentials every HTTP test may use, one per scope set. In process they are
// inserted into the test database; for workerd the runner seeds them into local D1 with
// seedSql(), so the same test files run against both runtimes.
import { createHash } from 'node:crypto';

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

export function seedSql(): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return credentialRows()
    .map((r) => `INSERT OR REPLACE INTO lrs_clients (key, name, secret_hash, scopes, created) VALUES (${q(r.key)}, ${q(r.name)}, ${q(r.secret_hash)}, ${q(r.scopes)}, ${q(r.created)});`)
    .join('\n');
}
