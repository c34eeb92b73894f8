// Champa on Node: the embedded default. Opens the SQLite file named by CHAMPA_DB (applying
// migrations), builds the app and serves it on PORT (default 8787).
import { serve } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createApp } from './app.js';
import { nodeSigningKey } from './certificates/key-file.js';
import { fsBlobStore } from './blobs-fs.js';
import { openNodeDatabase } from './db/node.js';
import { settingsFromEnv } from './deps.js';

export function databasePath(env = process.env): string {
  return resolve(env.CHAMPA_DB ?? 'data/champa.sqlite');
}

export function startNode(env = process.env) {
  const file = databasePath(env);
  mkdirSync(dirname(file), { recursive: true });
  const { db, atomic } = openNodeDatabase(file);
  const settings = settingsFromEnv(env);
  const signingKey = nodeSigningKey(file, env);
  // Loaded now, so that an unreadable key stops the server at start rather than at the first certificate.
  signingKey().catch((err: unknown) => {
    console.error('Certificate signing key:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
  const app = createApp({
    db,
    atomic,
    clock: () => new Date(),
    blobs: fsBlobStore(`${file}.blobs`),
    settings,
    signingKey,
    compressResponses: true,
  });
  const port = Number(env.PORT ?? 8787);
  const server = serve({ fetch: app.fetch, port }, (info) => {
    console.log(`Champa listening on http://localhost:${info.port} (database ${file}); demo page at /`);
  });
  return { app, server };
}

if (import.meta.url === `file://${process.argv[1]}`) startNode();
