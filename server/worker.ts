// Champa on Cloudflare Workers: D1 through kysely-d1, attachments in R2. Nothing reachable
// from here may import node:* or better-sqlite3 (checked by test/server/invariants.test.ts).
import { createApp } from './app.js';
import { missingSigningKey, signingKeyFromJwk } from './certificates/keys.js';
import { openD1Database } from './db/d1.js';
import { settingsFromEnv, type BlobStore } from './deps.js';

export interface WorkerEnv {
  DB: D1Database;
  BLOBS: R2Bucket;
  CHAMPA_XAPI_DEFAULT_VERSION?: string;
  CHAMPA_PUBLIC_URL?: string;
  /** Secret: the private JWK certificates are signed with (`npx tsx scripts/signing-key.ts | npx wrangler secret put CHAMPA_SIGNING_KEY`). */
  CHAMPA_SIGNING_KEY?: string;
  CHAMPA_CERTIFICATE_ISSUER_LO?: string;
  CHAMPA_CERTIFICATE_ISSUER_EN?: string;
  /** Exported report cells below this many people are suppressed (default 5). */
  CHAMPA_SUPPRESS_BELOW?: string;
}

function r2BlobStore(bucket: R2Bucket): BlobStore {
  return {
    async put(key, bytes) {
      await bucket.put(key, bytes);
    },
    async get(key) {
      const obj = await bucket.get(key);
      return obj ? new Uint8Array(await obj.arrayBuffer()) : null;
    },
  };
}

let cached: { env: WorkerEnv; app: ReturnType<typeof createApp> } | undefined;

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    if (!cached || cached.env !== env) {
      const { db, atomic } = openD1Database(env.DB);
      const settings = settingsFromEnv({
        CHAMPA_XAPI_DEFAULT_VERSION: env.CHAMPA_XAPI_DEFAULT_VERSION,
        CHAMPA_PUBLIC_URL: env.CHAMPA_PUBLIC_URL ?? new URL(request.url).origin,
        CHAMPA_CERTIFICATE_ISSUER_LO: env.CHAMPA_CERTIFICATE_ISSUER_LO,
        CHAMPA_CERTIFICATE_ISSUER_EN: env.CHAMPA_CERTIFICATE_ISSUER_EN,
        CHAMPA_SUPPRESS_BELOW: env.CHAMPA_SUPPRESS_BELOW,
      });
      // Never a key made per isolate: each would be another key in the JWKS. Without the
      // secret, certificates still verify; issuing answers 503 with how to set it.
      const signingKey = env.CHAMPA_SIGNING_KEY
        ? signingKeyFromJwk(env.CHAMPA_SIGNING_KEY, 'CHAMPA_SIGNING_KEY')
        : missingSigningKey('the CHAMPA_SIGNING_KEY secret is not set (see README: npx tsx scripts/signing-key.ts | npx wrangler secret put CHAMPA_SIGNING_KEY)');
      cached = { env, app: createApp({ db, atomic, clock: () => new Date(), blobs: r2BlobStore(env.BLOBS), settings, signingKey }) };
    }
    return cached.app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WorkerEnv>;
