// Node only: where the certificate signing key lives on one machine. CHAMPA_SIGNING_KEY (a
// private JWK, as on Workers) when set; otherwise a file beside the SQLite database,
// generated on first start with owner-only permissions. Kept out of the database so that a
// copy of the database (a backup, an export) cannot sign certificates. Never imported from
// worker.ts (node:fs).
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateSigningKeyJwk, importSigningKey, signingKeyFromJwk, type SigningKey, type SigningKeySource } from './keys.js';

/** The key file for a database file: <database>.signing-key.json. */
export const signingKeyPath = (databaseFile: string) => `${databaseFile}.signing-key.json`;

/**
 * The signing key source for a Node deployment; its first call creates the key file when
 * there is none (node.ts calls it at start-up, so that a broken key stops the server there).
 * Rotation: move the file aside (or set CHAMPA_SIGNING_KEY) and restart; every key that
 * signed a certificate stays published, because its public half is in signing_keys.
 */
export function nodeSigningKey(databaseFile: string, env: Record<string, string | undefined> = process.env): SigningKeySource {
  if (env.CHAMPA_SIGNING_KEY) return signingKeyFromJwk(env.CHAMPA_SIGNING_KEY, 'CHAMPA_SIGNING_KEY');
  const file = signingKeyPath(databaseFile);
  let loaded: Promise<SigningKey> | undefined;
  const load = async () => {
    if (!existsSync(file)) {
      // 'wx' fails if another process created it meanwhile; that one's key is then the key.
      try {
        writeFileSync(file, (await generateSigningKeyJwk()) + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    try {
      chmodSync(file, 0o600);
    } catch {
      // A read-only mount: the operator chose its permissions.
    }
    return importSigningKey(readFileSync(file, 'utf8'), file);
  };
  return () => (loaded ??= load());
}
