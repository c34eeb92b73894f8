// The identity commands of `npm run champa`: `admin create` (the first admin), `admin
// set-password` (recovery), and `places import-districts`. Node only (server/cli.ts runs
// them against CHAMPA_DB); passwords are read from --password or standard input and never
// printed. Not for LRS credentials: those are cli.ts's own lrs-client commands.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { NodeDatabase } from '../db/node.js';
import { importDistricts } from './districts-import.js';
import { hashPassword, passwordProblem } from './passwords.js';

export const IDENTITY_USAGE = `  admin create --email EMAIL --name NAME [--password PASSWORD]
                                                          create an admin; the password is read from
                                                          standard input (prompted on a terminal)
                                                          unless --password is given; prints {"id","email","name","role"}
  admin set-password --email EMAIL [--password PASSWORD]  set a user's password (and end their sessions)
  places import-districts FILE.csv --source SOURCE        load districts: columns code, province
                                                          (e.g. LA-VT), name_lo, name_en; every row is
                                                          checked and a file with any problem writes nothing`;

export interface CliIo {
  /** Reads the password when --password is not given. */
  readSecret(prompt: string): Promise<string>;
}

export type CliResult = { code: number; out: string };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads a password from a terminal without echo, or all of a piped standard input (one trailing newline dropped). */
export function stdinSecret(): CliIo {
  return {
    async readSecret(prompt) {
      const stdin = process.stdin;
      if (stdin.isTTY) {
        process.stderr.write(prompt);
        stdin.setRawMode(true);
        stdin.resume();
        stdin.setEncoding('utf8');
        return new Promise((resolve, reject) => {
          let value = '';
          const onData = (chunk: string) => {
            for (const ch of chunk) {
              if (ch === '\r' || ch === '\n') {
                stdin.setRawMode(false);
                stdin.pause();
                stdin.off('data', onData);
                process.stderr.write('\n');
                return resolve(value);
              }
              if (ch === '\u0003') {
                stdin.setRawMode(false);
                return reject(new Error('cancelled'));
              }
              if (ch === '\u007f') value = value.slice(0, -1);
              else value += ch;
            }
          };
          stdin.on('data', onData);
        });
      }
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    },
  };
}

async function password(values: { password?: string | undefined }, io: CliIo, what: string): Promise<string | CliResult> {
  const pw = values.password ?? (await io.readSecret('Password: '));
  const problem = passwordProblem(pw);
  if (problem) return { code: 2, out: `${what}: the password ${problem}` };
  return pw;
}

export async function adminCommand(action: string | undefined, args: string[], nd: NodeDatabase, io: CliIo): Promise<CliResult> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } }, strict: true });
  const email = values.email?.trim().toLowerCase();
  const what = `admin ${action}`;
  if (!email) return { code: 2, out: `${what}: --email is required` };
  if (!EMAIL_RE.test(email)) return { code: 2, out: `${what}: --email ${JSON.stringify(values.email)} is not an email address` };
  const { db, atomic } = nd;
  const now = new Date().toISOString();
  if (action === 'create') {
    const name = values.name?.normalize('NFC').trim();
    if (!name) return { code: 2, out: `${what}: --name is required` };
    if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
      return { code: 1, out: `${what}: there is already a user with email ${email} (admin set-password changes a password)` };
    }
    const pw = await password(values, io, what);
    if (typeof pw !== 'string') return pw;
    const id = crypto.randomUUID();
    await atomic([
      db.insertInto('users').values({ id, email, display_name: name, password_hash: await hashPassword(pw), role: 'admin', created: now, updated: now }).compile(),
    ]);
    return { code: 0, out: JSON.stringify({ id, email, name, role: 'admin' }) };
  }
  if (action === 'set-password') {
    const user = await db.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirst();
    if (!user) return { code: 1, out: `${what}: no user with email ${email}` };
    const pw = await password(values, io, what);
    if (typeof pw !== 'string') return pw;
    await atomic([
      db.updateTable('users').set({ password_hash: await hashPassword(pw), updated: now }).where('id', '=', user.id).compile(),
      db.deleteFrom('sessions').where('user_id', '=', user.id).compile(),
    ]);
    return { code: 0, out: JSON.stringify({ id: user.id, email, passwordSet: true }) };
  }
  return { code: 2, out: `admin: unknown command ${JSON.stringify(action ?? '')}` };
}

export async function placesCommand(action: string | undefined, args: string[], nd: NodeDatabase): Promise<CliResult> {
  if (action !== 'import-districts') return { code: 2, out: `places: unknown command ${JSON.stringify(action ?? '')}` };
  const { values, positionals } = parseArgs({ args, options: { source: { type: 'string' } }, allowPositionals: true, strict: true });
  const [file, ...more] = positionals;
  if (!file || more.length) return { code: 2, out: 'places import-districts: give exactly one FILE.csv' };
  const source = values.source?.trim();
  if (!source) return { code: 2, out: 'places import-districts: --source is required, e.g. --source "Lao Statistics Bureau, 2015 census codes"' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { code: 1, out: `places import-districts: cannot read ${file}: ${(err as Error).message}` };
  }
  const result = await importDistricts(nd, text, source, new Date());
  if (!result.ok) {
    return { code: 1, out: `places import-districts: nothing imported; ${result.errors.length} problem(s) in ${file}:\n${result.errors.map((e) => `  ${e}`).join('\n')}` };
  }
  return { code: 0, out: JSON.stringify(result.summary) };
}
