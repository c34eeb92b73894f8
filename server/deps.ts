// What the app is built from: injected once by the runtime entry (node.ts, worker.ts or a
// test) and set on every request's context. Not for runtime detection: nothing here
// knows which runtime it is on.
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { SigningKeySource } from './certificates/keys.js';
import type { Atomic } from './db/atomic.js';
import type { DB } from './db/schema.js';

export type XapiVersion = '1.0.3' | '2.0.0';

export interface Settings {
  /** The xAPI version assumed when a request sends no X-Experience-API-Version header. */
  xapiDefaultVersion: XapiVersion;
  /** Base URL the deployment is reached at; names the LRS in authorities. */
  publicUrl: string;
  /**
   * A request header a trusted reverse proxy sets to the client's address (e.g.
   * X-Forwarded-For; its last value is used). Unset: the socket's peer on Node,
   * CF-Connecting-IP on Workers. Used by rate limiting.
   */
  clientIpHeader?: string;
  /** Who certificates name as their issuer (CHAMPA_CERTIFICATE_ISSUER_LO / _EN); unset: the programme's default name. */
  certificateIssuer?: { lo: string; en: string };
  /**
   * Exported report cells counting fewer people than this are suppressed (CHAMPA_SUPPRESS_BELOW,
   * default 5, domain-research §5.3); 0 or 1 suppresses nothing. See server/reports/suppress.ts.
   */
  suppressBelow: number;
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
  /**
   * The key certificates are signed with (server/certificates/keys.ts). Unset: the app makes
   * one in memory, which suits tests; node.ts and worker.ts always pass one.
   */
  signingKey?: SigningKeySource;
  /** Gzip course JSON and pages in the app: true on Node; false on Workers, whose runtime compresses. */
  compressResponses?: boolean;
}

/** An LRS client authenticated with Basic auth. */
export interface ClientPrincipal {
  kind: 'client';
  key: string;
  name: string;
  scopes: ReadonlySet<string>;
  authority: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } };
}

/** The xAPI Agent a learner is in statements: an opaque account, never a name or email. */
export interface LearnerAgent {
  objectType: 'Agent';
  account: { homePage: string; name: string };
}

/**
 * A learner holding a bearer token (device, host launch or cmi5). key, scopes and authority
 * let the LRS treat it like a client: key is what statements record as their storer.
 */
export interface LearnerPrincipal {
  kind: 'learner';
  learnerId: string;
  tokenKind: string;
  key: string;
  scopes: ReadonlySet<string>;
  authority: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } };
  actor: LearnerAgent;
  /** The agent key (ifi.ts) of `actor`: what the LRS index tables hold for this learner. */
  agentKey: string;
}

export type StaffRole = 'admin' | 'trainer' | 'viewer';

/** A staff member signed in with a session cookie. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  role: StaffRole;
  email: string;
  name: string;
  /** Organisation ids the user is a member of (what a trainer may see). */
  organisations: readonly string[];
  /** SHA-256 of the session token, to end this session. */
  sessionHash: string;
}

/** A registered host site's backend (host launch). */
export interface SitePrincipal {
  kind: 'site';
  siteId: string;
}

/** Who may call the LRS at /xapi. */
export type LrsPrincipal = ClientPrincipal | LearnerPrincipal;

/** Whoever a request authenticated as; set by the LRS (Basic/Bearer) or /api (cookie/Bearer). */
export type Principal = ClientPrincipal | LearnerPrincipal | UserPrincipal | SitePrincipal;

export type Env = {
  Variables: Deps & {
    principal: Principal;
    xapiVersion: XapiVersion;
    /** Why a presented credential was not accepted (e.g. a CSRF failure), for requireRole's answer. */
    authProblem?: { status: 401 | 403; message: string };
    /** The caller as the route's admits() narrowed it (server/identity/principal.ts). */
    me?: Principal;
  };
};

/**
 * What request helpers (sessions, rate limits, roles) need of a Hono context. Narrower than
 * Context<Env> so that a route's context, which admits() extends with a narrowed `me`, can
 * be passed to them.
 */
export type RequestContext = Pick<Context<Env>, 'var' | 'req' | 'header' | 'env'>;

export function settingsFromEnv(env: Record<string, string | undefined>): Settings {
  const v = env.CHAMPA_XAPI_DEFAULT_VERSION ?? '2.0.0';
  if (v !== '1.0.3' && v !== '2.0.0') {
    throw new Error(`CHAMPA_XAPI_DEFAULT_VERSION must be 1.0.3 or 2.0.0, not ${JSON.stringify(v)}`);
  }
  const suppress = (env.CHAMPA_SUPPRESS_BELOW ?? '5').trim();
  if (!/^\d{1,3}$/.test(suppress)) {
    throw new Error(`CHAMPA_SUPPRESS_BELOW must be a whole number of people from 0 to 999, not ${JSON.stringify(env.CHAMPA_SUPPRESS_BELOW)}`);
  }
  const issuerLo = env.CHAMPA_CERTIFICATE_ISSUER_LO?.trim();
  const issuerEn = env.CHAMPA_CERTIFICATE_ISSUER_EN?.trim();
  return {
    xapiDefaultVersion: v,
    suppressBelow: Number(suppress),
    publicUrl: (env.CHAMPA_PUBLIC_URL ?? `http://localhost:${env.PORT ?? '8787'}`).replace(/\/+$/, ''),
    ...(env.CHAMPA_CLIENT_IP_HEADER ? { clientIpHeader: env.CHAMPA_CLIENT_IP_HEADER.toLowerCase() } : {}),
    ...(issuerLo || issuerEn ? { certificateIssuer: { lo: issuerLo || issuerEn!, en: issuerEn || issuerLo! } } : {}),
  };
}
