// What the app is built from: injected once by the runtime entry (node.ts, worker.ts or a
// test) and set on every request's context. Not for runtime detection: nothing here
// knows which runtime it is on.
import type { Kysely } from 'kysely';
import type { Atomic } from './db/atomic.js';
import type { DB } from './db/schema.js';

export type XapiVersion = '1.0.3' | '2.0.0';

export interface Settings {
  /** The xAPI version assumed when a request sends no X-Experience-API-Version header. */
  xapiDefaultVersion: XapiVersion;
  /** Base URL the deployment is reached at; names the LRS in authorities. */
  publicUrl: string;
}

/** Where attachment bytes live: the filesystem on Node, R2 on Workers. Keys are sha2 hex. */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
}

export interface Deps {
  db: Kysely<DB>;
  atomic: Atomic;
  clock: () => Date;
  blobs: BlobStore;
  settings: Settings;
}

/** An LRS client authenticated with Basic auth. */
export interface Principal {
  kind: 'client';
  key: string;
  name: string;
  scopes: ReadonlySet<string>;
  authority: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } };
}

export type Env = {
  Variables: Deps & { principal: Principal; xapiVersion: XapiVersion };
};

export function settingsFromEnv(env: Record<string, string | undefined>): Settings {
  const v = env.CHAMPA_XAPI_DEFAULT_VERSION ?? '2.0.0';
  if (v !== '1.0.3' && v !== '2.0.0') {
    throw new Error(`CHAMPA_XAPI_DEFAULT_VERSION must be 1.0.3 or 2.0.0, not ${JSON.stringify(v)}`);
  }
  return {
    xapiDefaultVersion: v,
    publicUrl: (env.CHAMPA_PUBLIC_URL ?? `http://localhost:${env.PORT ?? '8787'}`).replace(/\/+$/, ''),
  };
}
