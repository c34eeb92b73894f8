// `npm run champa -- <command>`: administration against the same SQLite file `npm start`
// uses (CHAMPA_DB). Not for Workers: D1 deployments seed credentials with wrangler d1.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { openNodeDatabase } from './db/node.js';
import { databasePath } from './node.js';
import { SCOPES, randomToken, sha256Hex, type Scope } from './xapi/auth.js';
import { IDENTITY_USAGE, adminCommand, placesCommand, stdinSecret, type CliIo } from './identity/cli.js';
import { PROGRESS_USAGE, progressCommand } from './progress/cli.js';

const USAGE = `Usage: npm run champa -- <command>

Commands:
  lrs-client create --name NAME --scopes SCOPE[,SCOPE...]   create an LRS credential; prints {"key","secret"}
  lrs-client list                                          list credentials (no secrets)
  lrs-client revoke --key KEY                              revoke a credential
${IDENTITY_USAGE}
${PROGRESS_USAGE}

Scopes: ${SCOPES.join(', ')}
Database: CHAMPA_DB (default data/champa.sqlite)`;

export async function runCli(argv: string[], env = process.env, io: CliIo = stdinSecret()): Promise<{ code: number; out: string }> {
  const [group, action, ...rest] = argv;
  if (group === 'admin' || group === 'places' || group === 'progress') {
    const file = databasePath(env);
    mkdirSync(dirname(file), { recursive: true });
    const nd = openNodeDatabase(file);
    try {
      if (group === 'progress') return await progressCommand(action, rest, nd);
      return group === 'admin' ? await adminCommand(action, rest, nd, io) : await placesCommand(action, rest, nd);
    } finally {
      await nd.close();
    }
  }
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, key: { type: 'string' } },
    strict: true,
  });
  if (group !== 'lrs-client' || !action) return { code: 2, out: USAGE };
  const file = databasePath(env);
  mkdirSync(dirname(file), { recursive: true });
  const { db, close } = openNodeDatabase(file);
  try {
    if (action === 'create') {
      const name = values.name?.trim();
      if (!name) return { code: 2, out: 'lrs-client create: --name is required\n\n' + USAGE };
      const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (scopes.length === 0) return { code: 2, out: 'lrs-client create: --scopes is required\n\n' + USAGE };
      const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (unknown.length) return { code: 2, out: `lrs-client create: unknown scope(s): ${unknown.join(', ')}. Known: ${SCOPES.join(', ')}` };
      const key = randomToken(12);
      const secret = randomToken(24);
      await db
        .insertInto('lrs_clients')
        .values({ key, name, secret_hash: await sha256Hex(secret), scopes: JSON.stringify(scopes as Scope[]), created: new Date().toISOString() })
        .execute();
      return { code: 0, out: JSON.stringify({ key, secret }) };
    }
    if (action === 'list') {
      const rows = await db.selectFrom('lrs_clients').select(['key', 'name', 'scopes', 'created', 'revoked']).orderBy('created').execute();
      return { code: 0, out: JSON.stringify(rows.map((r) => ({ ...r, scopes: JSON.parse(r.scopes), revoked: !!r.revoked })), null, 2) };
    }
    if (action === 'revoke') {
      if (!values.key) return { code: 2, out: 'lrs-client revoke: --key is required' };
      const res = await db.updateTable('lrs_clients').set({ revoked: 1 }).where('key', '=', values.key).executeTakeFirst();
      if (!res.numUpdatedRows) return { code: 1, out: `lrs-client revoke: no credential with key ${values.key}` };
      return { code: 0, out: JSON.stringify({ key: values.key, revoked: true }) };
    }
    return { code: 2, out: USAGE };
  } finally {
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    ({ code, out }) => {
      (code === 0 ? process.stdout : process.stderr).write(out + '\n');
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
