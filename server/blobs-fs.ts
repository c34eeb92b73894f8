// Attachment bytes on Node: one file per sha2 under a folder beside the database.
import { mkdirSync, readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore } from './deps.js';

export function fsBlobStore(dir: string): BlobStore {
  mkdirSync(dir, { recursive: true });
  const path = (key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`blob key must be sha256 hex: ${key}`);
    return join(dir, key);
  };
  return {
    async put(key, bytes) {
      const file = path(key);
      if (existsSync(file)) return; // content-addressed: same key, same bytes
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    },
    async get(key) {
      try {
        return new Uint8Array(readFileSync(path(key)));
      } catch {
        return null;
      }
    },
  };
}
